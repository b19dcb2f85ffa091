import CLibdw
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Unwinds recorded user stacks (perf's `--call-graph dwarf` samples) with
/// libdwfl's CFI unwinder: one Dwfl per process, kept across samples and
/// rebuilt when the process's executable mappings change. Not thread-safe:
/// each worker makes its own (`DwflUnwinderFactory`).
public final class DwflUnwinder: StackUnwinder {
    private var sessions: [Int32: DwflProcessSession] = [:]
    private var order: [Int32] = []
    private let diagnostics: Diagnostics
    private let runtimeFunctions = RuntimeFunctionIndex()
    /// Processes kept at once (system-wide recordings have many).
    private static let sessionLimit = 64

    public init(diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
        if getenv("DEBUGINFOD_URLS") != nil { unsetenv("DEBUGINFOD_URLS") }
    }

    public func unwind(pid: Int32, space: AddressSpace, stack: RecordedUserStack, into addresses: inout [UInt64]) -> UnwindEnd {
        addresses.removeAll(keepingCapacity: true)
        let executable = space.mappings.filter { $0.executable && $0.path.hasPrefix("/") }
        var session = sessions[pid]
        if session == nil || session!.mappings != executable {
            session = DwflProcessSession(pid: pid, mappings: executable, functions: runtimeFunctions)
            if sessions[pid] == nil {
                order.append(pid)
                if order.count > Self.sessionLimit { sessions[order.removeFirst()] = nil }
            }
            sessions[pid] = session
        }
        guard let session = session!.ready ? session : nil else {
            if let pc = stack.registers.count > 16 ? stack.registers[16] : nil { addresses.append(pc) }
            return .failed
        }
        return session.unwind(stack, space: space, into: &addresses)
    }
}

public struct DwflUnwinderFactory: StackUnwinderFactory {
    public init() {}
    public func makeUnwinder(diagnostics: Diagnostics) -> StackUnwinder { DwflUnwinder(diagnostics: diagnostics) }
}
