#if canImport(Glibc)
import Glibc
#endif

/// What this machine lets perf do, found without running a workload: where
/// perf is, whether the CPU exposes a hardware PMU, and whether this user may
/// open perf events. `problem` turns the facts into one message that says
/// what to do.
public struct PerfEnvironment: Sendable {
    /// perf's full path, or nil when it is not installed.
    public var perf: String?
    /// A hardware PMU (`/sys/bus/event_source/devices/cpu`, or `cpu_core` on
    /// hybrid CPUs); virtual machines often have none.
    public var hasHardwarePMU: Bool
    /// `kernel.perf_event_paranoid`, nil when unreadable.
    public var paranoid: Int?
    public var isRoot: Bool
    /// CAP_PERFMON (38) or CAP_SYS_ADMIN (21) in the effective set.
    public var hasPerfCapability: Bool

    public init(perf: String?, hasHardwarePMU: Bool, paranoid: Int?, isRoot: Bool, hasPerfCapability: Bool) {
        self.perf = perf
        self.hasHardwarePMU = hasHardwarePMU
        self.paranoid = paranoid
        self.isRoot = isRoot
        self.hasPerfCapability = hasPerfCapability
    }

    /// The facts of this machine and process.
    public static func current() -> PerfEnvironment {
        let devices = "/sys/bus/event_source/devices/"
        let pmu = access(devices + "cpu", F_OK) == 0 || access(devices + "cpu_core", F_OK) == 0
        let paranoid = readSmallFile("/proc/sys/kernel/perf_event_paranoid").flatMap { Int($0) }
        return PerfEnvironment(perf: Subprocess.find("perf"), hasHardwarePMU: pmu, paranoid: paranoid,
                               isRoot: geteuid() == 0, hasPerfCapability: effectiveCapabilities().map { $0 & (1 << 38 | 1 << 21) != 0 } ?? false)
    }

    /// The event to sample on: CPU cycles where the CPU counts them, else the
    /// kernel's `cpu-clock` timer (same meaning, CPU time, without a PMU).
    public var defaultEvent: String { hasHardwarePMU ? "cycles" : "cpu-clock" }

    /// Why perf cannot record here, as one message with the fix; nil if it can.
    /// `attaching`: recording another process (`-p`), which needs more.
    public func problem(attaching: Bool) -> String? {
        guard perf != nil else {
            return "perf is not installed: install linux-perf (Debian), linux-tools-$(uname -r) (Ubuntu) or perf (Fedora)"
        }
        if isRoot || hasPerfCapability { return nil }
        guard let paranoid else { return nil }
        // Level 2 allows profiling one's own processes in user space only;
        // 3 and above (Debian's and Android's patch) allow nothing.
        if paranoid >= 3 || (attaching && paranoid >= 2) {
            return "kernel.perf_event_paranoid is \(paranoid), which does not allow this user to record; run as root, or lower it: sudo sysctl kernel.perf_event_paranoid=1"
        }
        return nil
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n], as: UTF8.self).trimmed()
    }

    /// CapEff from /proc/self/status.
    private static func effectiveCapabilities() -> UInt64? {
        guard let status = readSmallFile("/proc/self/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst(7).trimmed(), radix: 16)
        }
        return nil
    }
}

extension StringProtocol {
    func trimmed(_ set: String = " \n\t") -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
