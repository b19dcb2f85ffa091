import Foundation
import Testing

/// scripts/install.sh into a temporary prefix, from the build the tests run
/// (`--no-build`: SwiftPM holds the build folder while tests run).
@Suite struct InstallTests {
    @Test func installsBinaryLibraryCompletionsAndManPages() throws {
        let prefix = try TemporaryFolder()
        let binDir = URL(fileURLWithPath: Tools.flame).deletingLastPathComponent().path
        let run = try Tools.run(Tools.root + "/scripts/install.sh",
                                ["--prefix", prefix.path, "--configuration", "debug", "--no-build", "--bin-dir", binDir])
        #expect(run.status == 0, "install.sh failed: \(run.stderr)")
        let version = try Tools.run(prefix.path("bin/flame"), ["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: prefix.path("lib/flame/libflame-sampler-preload.so")))
        for (file, marker) in [("share/bash-completion/completions/flame", "record"),
                               ("share/zsh/site-functions/_flame", "export"),
                               ("share/fish/vendor_completions.d/flame.fish", "speedscope")] {
            let text = try String(contentsOfFile: prefix.path(file), encoding: .utf8)
            #expect(text.contains(marker), "\(file) does not mention \(marker)")
        }
        // Man pages need swift-argument-parser's generate-manual tool, which
        // `swift package generate-manual` (or install.sh without --no-build) builds.
        if FileManager.default.isExecutableFile(atPath: binDir + "/generate-manual-tool") {
            for page in ["flame.1", "flame.record.1", "flame.export.1"] {
                #expect(FileManager.default.fileExists(atPath: prefix.path("share/man/man1/" + page)), "\(page) missing")
            }
            let record = try String(contentsOfFile: prefix.path("share/man/man1/flame.record.1"), encoding: .utf8)
            #expect(record.contains("call-graph"))
        } else {
            #expect(run.stderr.contains("man pages skipped"), "install.sh says when it skips man pages")
            print("InstallTests: generate-manual-tool is not built; man pages not checked (run swift package generate-manual once)")
        }
    }
}
