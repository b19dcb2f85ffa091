/// How `perf script` text becomes folded stacks; the names and meanings are
/// stackcollapse-perf.pl's (and inferno's for `skipAfter`).
public struct PerfScriptOptions: Sendable {
    /// Append the process id to the process name (`comm-PID`).
    public var includePID = false
    /// Append process and thread ids (`comm-PID/TID`).
    public var includeTID = false
    /// Mark kernel frames with `_[k]`.
    public var annotateKernel = false
    /// Mark JIT frames (from `/tmp/perf-PID.map`) with `_[j]`.
    public var annotateJIT = false
    /// Show the raw address of frames without a symbol: `[module <addr>]`.
    public var includeAddresses = false
    /// Keep only samples of this event; by default the first event seen.
    public var eventFilter: [UInt8]? = nil
    /// Drop every frame above (callers of) a frame with one of these names.
    public var skipAfter: [[UInt8]] = []
    /// Re-resolve user-space frames from DSO and address, expanding inlined
    /// functions (stackcollapse-perf.pl's `--inline`); nil: use perf's names.
    public var inline: InlineOptions? = nil
    /// The input is `perf script -F+srcline`: each frame line is followed by
    /// its source location, appended to the frame (stackcollapse-perf.pl's
    /// `--srcline`). Lines are consumed in order, so this reads on one thread.
    public var sourceLines = false

    public init() {}
}
