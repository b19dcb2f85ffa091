import Foundation
import XCTest

/// The real pairs of Fixtures/skew (recorded by its record.sh): flame diff
/// names the frames docs/skew.md explains.
final class SkewFixtureTests: XCTestCase {
    private func diff(_ arguments: [String]) throws -> [String: Any] {
        let run = try runFlame(["diff", "--json"] + arguments, in: repositoryRoot.appendingPathComponent("Fixtures/skew"))
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    private func beyond(_ json: [String: Any]) -> [String] {
        ((json["frames"] as? [[String: Any]]) ?? []).filter { $0["beyond_noise"] as? Bool == true }.compactMap { $0["name"] as? String }
    }

    func testGoProfilerAgainstPerfFramePointers() throws {
        let keep = try diff(["go-fp.pb.gz", "go-fp.perf.txt.gz"])
        // Preemption frames only the signal-based profiler sees, and syscall
        // time it charges to the call site where perf shows the kernel.
        XCTAssertEqual(Array(beyond(keep).prefix(3)), ["runtime.asyncPreempt", "main.spin", "runtime/internal/syscall.Syscall6"])
        XCTAssertTrue(beyond(keep).contains("do_syscall_64"))
        let b = try XCTUnwrap(keep["b"] as? [String: Any])
        XCTAssertGreaterThan(b["kernel_share"] as? Double ?? 0, 0.1)
        // Charging kernel time to the caller brings the syscall back within noise.
        let charge = try diff(["go-fp.pb.gz", "go-fp.perf.txt.gz", "--kernel", "charge"])
        XCTAssertEqual(Array(beyond(charge).prefix(2)), ["runtime.asyncPreempt", "main.spin"])
        XCTAssertFalse(beyond(charge).contains("runtime/internal/syscall.Syscall6"))
    }

    func testSamplerAgainstPerfNeedsNameRules() throws {
        let base = ["--strip-root", "workload.sampler.folded", "workload.perf.txt.gz", "--kernel", "charge", "--physical"]
        let plain = try diff(base)
        XCTAssertTrue(beyond(plain).contains("__GI___getppid") && beyond(plain).contains("__GI_getppid"), "\(beyond(plain))")
        let mapped = try diff(base + ["--map", "^__GI_+=", "--map", "^(__)?libc_=", "--map", "^cfree@.*=free", "--map", "^__vdso_.*=[vdso]"])
        let before = try XCTUnwrap(plain["metrics"] as? [String: Any]), after = try XCTUnwrap(mapped["metrics"] as? [String: Any])
        XCTAssertLessThan(after["tvd"] as? Double ?? 1, (before["tvd"] as? Double ?? 0) / 2)
        XCTAssertEqual(after["top10_overlap"] as? Int, 10)
        XCTAssertLessThanOrEqual(beyond(mapped).count, 1)
    }
}
