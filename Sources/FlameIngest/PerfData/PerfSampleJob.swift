import FlameModel

/// One sample ready to be turned into a stack on any worker: its record (kept
/// alive with its storage), the parsed fields, and the process as it was when
/// the sample was taken.
struct PerfSampleJob: @unchecked Sendable {
    var record: PerfRecord
    var sample: PerfSample
    var comm: String
    var process: PerfProcesses.Process
    /// Unwind the recorded user stack (a `--call-graph dwarf` sample).
    var unwind: Bool
}

/// Counts a worker keeps, summed at the end.
struct PerfStackCounts {
    var samples = 0
    var unwound = 0
    var truncated = 0
    var stopped = 0
    var failed = 0

    mutating func add(_ other: PerfStackCounts) {
        samples += other.samples
        unwound += other.unwound
        truncated += other.truncated
        stopped += other.stopped
        failed += other.failed
    }
}
