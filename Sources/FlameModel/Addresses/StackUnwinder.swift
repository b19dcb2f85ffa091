/// A user-space stack as a sampler recorded it: registers at the interrupt
/// and a copy of the stack memory from the stack pointer up.
public struct RecordedUserStack {
    /// Register values by DWARF register number (x86_64: 0 RAX ... 7 RSP,
    /// 16 RIP); nil where the recording did not carry the register.
    public var registers: [UInt64?]
    /// The copied bytes, starting at `stackPointer`; only these may be read.
    public var stack: UnsafeRawBufferPointer
    public var stackPointer: UInt64

    public init(registers: [UInt64?], stack: UnsafeRawBufferPointer, stackPointer: UInt64) {
        self.registers = registers
        self.stack = stack
        self.stackPointer = stackPointer
    }
}

/// How an unwind ended.
public enum UnwindEnd: Sendable, Equatable {
    /// At the outermost frame (a thread's or goroutine's root).
    case complete
    /// A return address or saved register lay outside the copied stack.
    case truncated
    /// The unwinder stopped on purpose (a stack switch it cannot follow).
    case stopped
    /// No frame could be unwound past the first.
    case failed
}

/// The unwinding seam: registers plus stack bytes into return addresses.
/// Defined here, without libdw; FlameSymbolize implements it (one session per
/// process per worker), the perf.data reader calls it.
public protocol StackUnwinder: AnyObject {
    /// The program counter first, then each caller's call site, into
    /// `addresses` (cleared first), for a thread of `pid` whose code is mapped
    /// as `space` says. A call site is its return address minus one (so that
    /// it names the calling function and inline chain, as perf does); a frame
    /// interrupted by a signal gives its exact address.
    func unwind(pid: Int32, space: AddressSpace, stack: RecordedUserStack, into addresses: inout [UInt64]) -> UnwindEnd
}

/// Makes one unwinder per worker thread (unwinder sessions must not be
/// shared between threads).
public protocol StackUnwinderFactory: Sendable {
    func makeUnwinder(diagnostics: Diagnostics) -> StackUnwinder
}
