import CLibdw
import FlameModel

/// Go runtime functions where a CFI unwind must stop or change course.
enum RuntimeFunctionKind {
    /// A goroutine's or thread's outermost frame.
    case root
    /// Switches stacks without CFI describing it: what lies past it is
    /// another stack's stale data.
    case stackSwitch
    /// Switches to the g0 stack conditionally (`nanotime1`, `walltime`): the
    /// callers are found along Go's frame-pointer chain.
    case clock

    static func of(_ name: String) -> RuntimeFunctionKind? {
        switch name {
        case "runtime.goexit", "runtime.goexit.abi0", "runtime.mstart", "runtime.mstart.abi0", "runtime.rt0_go",
             "runtime.rt0_go.abi0":
            return .root
        case "runtime.systemstack", "runtime.systemstack.abi0", "runtime.mcall", "runtime.mcall.abi0", "runtime.morestack",
             "runtime.morestack.abi0", "runtime.asmcgocall", "runtime.asmcgocall.abi0", "runtime.sigtramp",
             "runtime.sigtramp.abi0", "runtime.systemstack_switch", "runtime.systemstack_switch.abi0":
            return .stackSwitch
        case "runtime.nanotime1", "runtime.nanotime1.abi0", "runtime.walltime", "runtime.walltime.abi0",
             "runtime.walltime1", "runtime.walltime1.abi0":
            return .clock
        default:
            return nil
        }
    }
}

/// Each file's special runtime functions (file addresses), found once by a
/// scan of its symbol table and reused by every session of the worker.
final class RuntimeFunctionIndex {
    private var byPath: [String: [(start: UInt64, end: UInt64, kind: RuntimeFunctionKind)]] = [:]

    /// The ranges in `module` at its reported bias (runtime addresses).
    func ranges(module: OpaquePointer, path: String) -> [(start: UInt64, end: UInt64, kind: RuntimeFunctionKind)] {
        var start: Dwarf_Addr = 0
        _ = dwfl_module_info(module, nil, &start, nil, nil, nil, nil, nil)
        var bias: Dwarf_Addr = 0
        _ = dwfl_module_getelf(module, &bias)
        let fileRanges: [(start: UInt64, end: UInt64, kind: RuntimeFunctionKind)]
        if let known = byPath[path] {
            fileRanges = known
        } else {
            var found: [(start: UInt64, end: UInt64, kind: RuntimeFunctionKind)] = []
            let count = dwfl_module_getsymtab(module)
            // Only Go binaries have these; a quick test of one symbol name
            // would miss stripped ones, so scan (once per file).
            if count > 0 {
                for i in 1 ..< count {
                    var sym = GElf_Sym()
                    var address: GElf_Addr = 0
                    guard let cName = dwfl_module_getsym_info(module, i, &sym, &address, nil, nil, nil),
                          cName[0] == 0x72, cName[1] == 0x75 else { continue }  // "ru"
                    if let kind = RuntimeFunctionKind.of(String(cString: cName)) {
                        found.append((address &- bias, address &- bias &+ max(sym.st_size, 1), kind))
                    }
                }
            }
            byPath[path] = found
            fileRanges = found
        }
        return fileRanges.map { ($0.start &+ bias, $0.end &+ bias, $0.kind) }
    }
}
