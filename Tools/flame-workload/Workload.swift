import ArgumentParser
import CFlameWorkload
import FlameSampler
#if canImport(Glibc)
import Glibc
#endif

/// A program to profile: CPU-bound work at several depths, system calls, lock
/// contention and allocation, optionally sampling itself with FlameSampler so
/// that one run can also be recorded by `perf record` (docs/sampler.md).
/// The scenarios other than `mix` are the sampler's robustness checks.
@main
struct Workload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flame-workload",
        abstract: "A workload to profile, optionally sampling itself with FlameSampler.")

    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        case mix, cpu, parallel, churn, fork, deep, cycles, malloc, fixed
        case stopInFlight = "stop-in-flight"
    }

    @Option(help: "Sample this process into FILE with FlameSampler.")
    var sample: String?

    @Option(help: "Sampling frequency.")
    var hz = 100

    @Option(help: "Sampler timer mode: process or thread.")
    var mode: String = "thread"

    @Option(help: "Frames kept per stack.")
    var depth = 128

    @Option(help: "What to run: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: Scenario = .mix

    @Option(help: "Seconds per phase (CPU seconds for CPU phases).")
    var seconds = 1.0

    @Option(help: "Threads for the lock, parallel and stop-in-flight scenarios.")
    var threads = 4

    @Option(help: "Work rounds per thread for the fixed scenario (about 0.1 ms each).")
    var rounds = 10_000

    @Option(help: "Recursion depth for the deep scenario.")
    var recursion = 300

    func validate() throws {
        guard FlameSampler.Mode(rawValue: mode) != nil else { throw ValidationError("--mode is process or thread") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let samplerMode = FlameSampler.Mode(rawValue: mode)!
        let start = wall()
        var sampling = false
        if let sample, scenario != .cycles {
            try FlameSampler.start(hz: hz, mode: samplerMode, path: sample, maxDepth: depth)
            sampling = true
        }
        var checksum: UInt64 = 0
        switch scenario {
        case .mix:
            checksum &+= fw_cpu_phase(seconds)
            checksum &+= fw_syscall_phase(seconds)
            checksum &+= fw_lock_phase(Int32(threads), seconds)
            checksum &+= fw_alloc_phase(seconds)
        case .cpu:
            checksum &+= fw_cpu_phase(seconds)
        case .fixed:
            checksum &+= fw_fixed_work(Int32(threads), UInt64(rounds))
        case .parallel:
            checksum &+= fw_parallel_cpu(Int32(threads), seconds)
        case .churn:
            checksum &+= fw_thread_churn(seconds, 0.02)
        case .deep:
            checksum &+= fw_deep_recursion(Int32(recursion), seconds)
        case .malloc:
            checksum &+= fw_alloc_phase(seconds)
        case .fork:
            checksum &+= try forkWhileSampling()
        case .cycles:
            try cycle(samplerMode)
        case .stopInFlight:
            checksum &+= try stopWhileBusy()
            sampling = false
        }
        var line = "checksum=\(checksum & 0xff) wall=\(rounded(wall() - start)) cpu=\(rounded(fw_process_cpu_seconds()))"
        if sampling {
            let stats = try FlameSampler.stop()
            line += " samples=\(stats.samples) dropped=\(stats.dropped) truncated=\(stats.truncated) unbounded=\(stats.unbounded)"
        }
        print(line)
    }

    /// The child of a fork works, finds no sampler of its own to stop, and
    /// exits; the parent's file must hold only the parent's samples.
    private func forkWhileSampling() throws -> UInt64 {
        var sum = fw_cpu_phase(seconds / 2)
        let child = Glibc.fork()
        if child == 0 {
            let work = fw_cpu_phase(seconds / 2)
            let stopped = (try? FlameSampler.stop()) != nil
            _exit(stopped || FlameSampler.isRunning || work == 0 ? 3 : 0)
        }
        guard child > 0 else { throw ValidationError("fork failed") }
        sum &+= fw_cpu_phase(seconds / 2)
        var status: Int32 = 0
        waitpid(child, &status, 0)
        guard status == 0 else { throw ValidationError("forked child failed (status \(status))") }
        print("child=\(child)")
        return sum
    }

    /// 100 start/stop cycles into the same file; the last one remains.
    private func cycle(_ mode: FlameSampler.Mode) throws {
        guard let sample else { throw ValidationError("--scenario cycles needs --sample") }
        var total: UInt64 = 0
        for _ in 0 ..< 100 {
            try FlameSampler.start(hz: hz, mode: mode, path: sample, maxDepth: depth)
            _ = fw_cpu_phase(seconds / 100)
            total += try FlameSampler.stop().samples
        }
        print("cycles=100 total=\(total)")
    }

    /// Stops at a high rate while threads keep burning CPU, so ticks arrive
    /// during and after stop().
    private func stopWhileBusy() throws -> UInt64 {
        var thread = pthread_t()
        let arguments = UnsafeMutablePointer<(Int32, Double)>.allocate(capacity: 1)
        arguments.pointee = (Int32(threads), seconds)
        pthread_create(&thread, nil, { raw in
            let pair = raw!.assumingMemoryBound(to: (Int32, Double).self).pointee
            return UnsafeMutableRawPointer(bitPattern: UInt(fw_parallel_cpu(pair.0, pair.1)) | 1)
        }, arguments)
        usleep(UInt32(seconds * 250_000))
        let stats = try FlameSampler.stop()
        var result: UnsafeMutableRawPointer? = nil
        pthread_join(thread, &result)
        arguments.deallocate()
        print("samples=\(stats.samples) dropped=\(stats.dropped) truncated=\(stats.truncated) unbounded=\(stats.unbounded)")
        return UInt64(UInt(bitPattern: result))
    }

    private func wall() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private func rounded(_ value: Double) -> String { String(Double(Int(value * 1000)) / 1000) }
}
