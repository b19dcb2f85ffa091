/// How perf collects call stacks: by walking frame pointers in the kernel
/// (cheap, but needs code that keeps them) or by copying a slice of the
/// user stack with each sample for DWARF unwinding afterwards (works on any
/// code with unwind tables, costs the copy and `perf script` time).
public enum CallGraph: Equatable, CustomStringConvertible, Sendable {
    case framePointers
    case dwarf(stackBytes: Int)

    /// perf's default copy (8 KiB) cuts deep stacks short; 16 KiB holds
    /// most C and C++ programs.
    public static let defaultDwarfBytes = 16384
    /// perf's limit for the copy (a sample's size is 16 bits in the kernel).
    public static let maxDwarfBytes = 65528

    /// `fp`, `dwarf` or `dwarf,SIZE`, as perf's `--call-graph` takes them.
    public init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        switch parts.first {
        case "fp" where parts.count == 1:
            self = .framePointers
        case "dwarf" where parts.count == 1:
            self = .dwarf(stackBytes: Self.defaultDwarfBytes)
        case "dwarf" where parts.count == 2:
            guard let size = Int(parts[1]), size >= 8, size <= Self.maxDwarfBytes else { return nil }
            self = .dwarf(stackBytes: size / 8 * 8)
        default:
            return nil
        }
    }

    /// The value of perf record's `--call-graph`.
    public var perfArgument: String {
        switch self {
        case .framePointers: return "fp"
        case .dwarf(let bytes): return "dwarf,\(bytes)"
        }
    }

    public var description: String { perfArgument }

    /// The mode that suits `binary`, and why. A binary whose functions set up
    /// frame pointers (at least half of those sampled from its symbol table)
    /// gets `fp`. So does Go: its compiler keeps frame pointers on amd64 and
    /// arm64, and its binaries have no .eh_frame, so perf's DWARF unwinding
    /// stops at the sampled function (measured: every stack of a Go test
    /// program was `main.leaf` alone with `dwarf`, while `fp` reached
    /// `runtime.main`; docs/record.md). Everything else, and a binary flame
    /// cannot read, gets DWARF with a 16 KiB stack copy.
    public static func choose(for binary: ElfFile?) -> (mode: CallGraph, reason: String) {
        guard let binary else {
            return (.dwarf(stackBytes: defaultDwarfBytes), "target binary not readable as ELF")
        }
        if binary.isGo { return (.framePointers, "Go binary: Go keeps frame pointers, and has no .eh_frame for DWARF unwinding") }
        guard let share = binary.framePointerShare() else {
            return (.dwarf(stackBytes: defaultDwarfBytes), "no function symbols to inspect")
        }
        let percent = Int((share * 100).rounded())
        if share >= 0.5 { return (.framePointers, "\(percent)% of functions keep frame pointers") }
        return (.dwarf(stackBytes: defaultDwarfBytes), "\(percent)% of functions keep frame pointers")
    }
}
