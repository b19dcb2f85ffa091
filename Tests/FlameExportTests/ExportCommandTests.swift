import Foundation
import Testing

/// `flame export`'s command-line behaviour: the format from -o's name, one
/// error line for bad input with nothing left at the output path.
@Suite struct ExportCommandTests {
    @Test func formatComesFromTheOutputName() throws {
        let folder = try TemporaryFolder()
        let input = Tools.fixture("pprof/cpu.folded")
        try Tools.flame(["export", input, "-o", folder.path("a.pb.gz")])
        try Tools.flame(["export", input, "-o", folder.path("a.speedscope.json")])
        try Tools.flame(["export", input, "-o", folder.path("a.folded")])
        let gzip = try #require(FileManager.default.contents(atPath: folder.path("a.pb.gz")))
        #expect(gzip.starts(with: [0x1F, 0x8B]))
        let json = try String(contentsOfFile: folder.path("a.speedscope.json"), encoding: .utf8)
        #expect(json.hasPrefix("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\""))
        #expect(try String(contentsOfFile: folder.path("a.folded"), encoding: .utf8)
            == String(contentsOfFile: input, encoding: .utf8))
    }

    @Test func withoutAFormatItAsks() throws {
        let run = try Tools.run(Tools.flame, ["export", Tools.fixture("pprof/cpu.folded"), "-o", "/tmp/x.txt"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--format is required"))
    }

    @Test func badInputIsOneErrorAndNoFile() throws {
        let folder = try TemporaryFolder()
        try Data([0x0A, 0xFF, 0xFF, 0xFF, 0x00, 0x01]).write(to: URL(fileURLWithPath: folder.path("bad.pb")))
        let run = try Tools.run(Tools.flame, ["export", folder.path("bad.pb"), "-o", folder.path("out.pb.gz")])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("flame: error: \(folder.path("bad.pb")): "))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.pb.gz")))
    }
}
