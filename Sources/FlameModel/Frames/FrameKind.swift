/// What a frame is, as far as the reader knew. Readers set it from what they
/// see (perf's module column, pprof's Lines, sampler mappings, perf.data
/// mappings); folded input gets it from the `_[k]`, `_[i]`, `_[j]` annotations.
public enum FrameKind: UInt8, Sendable, CaseIterable {
    /// User-space code with a name.
    case user = 0
    case kernel
    /// The kernel-provided vDSO: user-space code, even where perf's folded
    /// output annotates it like the kernel (`--kernel` marks `[vdso]` `_[k]`).
    case vdso
    /// A function inlined into its caller (the next frame up).
    case inlined
    /// JIT-compiled code (perf's `/tmp/perf-PID.map`).
    case jit
    /// Code that could not be named: `[unknown]`, `[libfoo.so]`, placeholders.
    case unknown
    /// Not code: roots readers add, such as the process or thread name.
    case label

    /// Whether samples whose leaf has this kind ran in user space.
    public var isUserSpace: Bool { self != .kernel }
}
