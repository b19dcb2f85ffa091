import FlameModel

/// How a perf.data file is read. Frame naming options (`--pid`, `--kernel`,
/// `--skip-after`...) are the perf script reader's (`PerfScriptOptions`).
public struct PerfDataOptions: Sendable {
    /// Names code locations (FlameSymbolize's, wired in by the command line);
    /// without one, user frames are `[module]` placeholders as perf prints
    /// code it cannot name.
    public var resolvers: (any AddressResolverFactory)?
    /// Unwinds `--call-graph dwarf` samples; without one such samples keep
    /// only their sampled address.
    public var unwinders: (any StackUnwinderFactory)?
    /// perf's build-id cache (`perf --buildid-dir`); nil: `$PERF_BUILDID_DIR`,
    /// else `~/.debug`.
    public var buildIDDirectory: String?
    /// Recorded paths are looked up under this root (perf's `--symfs`).
    public var symfs = "/"
    /// Kernel symbols from this file instead of the cache or /proc/kallsyms.
    public var kallsyms: String?
    /// Show inlined functions as frames (perf script's default).
    public var inline = true
    /// Mark inlined frames `_[i]` (stackcollapse-perf.pl's `--inline` output).
    public var annotateInline = false
    /// Called now and then with the bytes read and samples seen so far.
    public var progress: (@Sendable (_ bytes: Int, _ samples: Int) -> Void)?

    public init() {}
}
