import CFlameSampler
import FlameSampler
import Foundation
import Testing

/// The Swift API in this process: misuse is reported, not fatal.
@Suite(.serialized) struct SamplerAPITests {
    @Test func startTwiceStopTwiceAndBadSettings() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flame-api-\(UUID().uuidString).fsmp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: FlameSampler.Failure.self) { try FlameSampler.start(hz: 0, path: path) }
        #expect(throws: FlameSampler.Failure.self) { try FlameSampler.start(path: path, maxDepth: 5000) }
        #expect(throws: FlameSampler.Failure.self) { try FlameSampler.start(path: path, bufferSlots: 1000) }
        #expect(throws: FlameSampler.Failure.self) { try FlameSampler.start(path: "/nonexistent/dir/x.fsmp") }
        #expect(!FlameSampler.isRunning)
        try FlameSampler.start(hz: 100, mode: .thread, path: path)
        #expect(FlameSampler.isRunning)
        #expect(throws: FlameSampler.Failure(code: EBUSY, operation: "start")) { try FlameSampler.start(path: path) }
        var x: UInt64 = 1
        let until = Date().addingTimeInterval(0.1)
        while Date() < until { for i in 0 ..< 10000 { x = x &* 31 &+ UInt64(i) } }
        let stats = try FlameSampler.stop()
        #expect(x != 0)
        #expect(stats.dropped == 0)
        #expect(throws: FlameSampler.Failure(code: ENOENT, operation: "stop")) { try FlameSampler.stop() }
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
