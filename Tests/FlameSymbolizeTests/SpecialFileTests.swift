import Foundation
import Testing
@testable import FlameSymbolize

/// FIFOs and devices named by a profile (as a binary, a debuglink or a
/// build-id debug file) are refused with a warning instead of blocking the
/// run, and symbolizing leaves the process environment alone.
@Suite struct SpecialFileTests {
    /// Runs `body` on a thread; if it has not returned after `seconds`,
    /// records a hang and opens every FIFO in `fifos` for writing so that a
    /// reader blocked in `open` gets free (and the test ends).
    static func withoutHanging<T: Sendable>(_ fifos: [String], seconds: Double = 20, _ body: @escaping @Sendable () -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Thread { box.value = body(); done.signal() }.start()
        if done.wait(timeout: .now() + seconds) == .timedOut {
            Issue.record("hung on a FIFO")
            for fifo in fifos {
                let fd = open(fifo, O_WRONLY | O_NONBLOCK)
                if fd >= 0 { close(fd) }
            }
            done.wait()
        }
        return box.value
    }

    final class ResultBox<T>: @unchecked Sendable { var value: T? }

    final class Warnings: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ message: String) { lock.lock(); list.append(message); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
    }

    @Test func binaryThatIsAFIFOOrADevice() throws {
        let fixture = try Fixture("fifo-binary")
        try fixture.sh("mkfifo app.fifo")
        for path in [fixture.path("app.fifo"), "/dev/zero", fixture.dir] {
            let warnings = Warnings()
            let frames = Self.withoutHanging([path]) {
                Symbolizer(warningHandler: { warnings.add($0) }).symbolize(ModuleSpec(path: path), address: 0x1000)
            }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            #expect(frames == [SymbolFrame(function: "\(name)+0x1000")])
            #expect(warnings.all == ["\(path): not symbolized: not a regular file"])
        }
    }

    @Test func debugFilesThatAreFIFOs() throws {
        let fixture = try Fixture("fifo-debug")
        let address = try DebugFileTests.strippedApp(fixture)
        // A FIFO where the debuglink points, and the real file in .debug/ after it.
        try fixture.sh("mkfifo bin/app.debug && mkdir -p bin/.debug && cp store/app.debug bin/.debug/app.debug")
        let warnings = Warnings()
        let app = fixture.path("bin/app")
        let chain = Self.withoutHanging([fixture.path("bin/app.debug")]) {
            Symbolizer(warningHandler: { warnings.add($0) }).symbolize(ModuleSpec(path: app), address: address).short
        }
        #expect(chain == InlineSource.storeChain)
        #expect(warnings.all == ["\(fixture.path("bin/app.debug")): not a regular file, not read as debug information for \(app)"])

        // A FIFO at the build-id path of a debug root.
        try fixture.sh("rm -r bin/.debug bin/app.debug")
        let id = hexString(try fixture.buildID("bin/app"))
        let buildIDPath = fixture.path("root/.build-id/\(id.prefix(2))/\(id.dropFirst(2)).debug")
        try fixture.sh("mkdir -p $(dirname \(buildIDPath)) && mkfifo \(buildIDPath)")
        var options = SymbolizerOptions()
        options.debugDirectories = [fixture.path("root")]
        let rootOptions = options
        let frames = Self.withoutHanging([buildIDPath]) {
            Symbolizer(options: rootOptions).symbolize(ModuleSpec(path: app), address: address)
        }
        #expect(frames?.allSatisfy { $0.file == nil } ?? false)
    }

    @Test func environmentIsLeftAlone() {
        setenv("DEBUGINFOD_URLS", "http://127.0.0.1:9/", 1)
        defer { unsetenv("DEBUGINFOD_URLS") }
        _ = Symbolizer()
        #expect(getenv("DEBUGINFOD_URLS").map { String(cString: $0) } == "http://127.0.0.1:9/")
    }
}
