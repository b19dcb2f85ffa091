import CLibdw

/// Swift strings for libdw's C strings, made once per distinct pointer:
/// libdw hands out pointers into `.debug_str` and the line tables, which stay
/// put for the session and repeat across functions and addresses.
final class StringCache {
    let demangle: Bool
    private var plain: [UnsafeRawPointer: String] = [:]
    private var functions: [UnsafeRawPointer: String] = [:]

    init(demangle: Bool) { self.demangle = demangle }

    func string(_ p: UnsafePointer<CChar>) -> String {
        let key = UnsafeRawPointer(p)
        if let known = plain[key] { return known }
        let value = String(cString: p)
        plain[key] = value
        return value
    }

    /// A source path from unit `cu`'s line table; relative ones are joined to
    /// the unit's DW_AT_comp_dir, as eu-addr2line and llvm-symbolizer print them.
    func path(_ p: UnsafePointer<CChar>, unit cu: inout Dwarf_Die) -> String {
        let key = UnsafeRawPointer(p)
        if let known = plain[key] { return known }
        var value = String(cString: p)
        if p.pointee != CChar(UInt8(ascii: "/")) {
            var attr = Dwarf_Attribute()
            if dwarf_attr(&cu, UInt32(DW_AT_comp_dir), &attr) != nil, let dir = dwarf_formstring(&attr) {
                let base = String(cString: dir)
                if !base.isEmpty { value = base.hasSuffix("/") ? base + value : base + "/" + value }
            }
        }
        plain[key] = value
        return value
    }

    /// The DIE's function name: its linkage name demangled, else its name.
    func functionName(_ die: inout Dwarf_Die) -> String? {
        guard let (p, mangled) = DwarfSupport.functionName(&die) else { return nil }
        guard mangled, demangle else { return string(p) }
        let key = UnsafeRawPointer(p)
        if let known = functions[key] { return known }
        let value = Demangler.demangle(p)
        functions[key] = value
        return value
    }

    /// File `index` of the line table of the unit holding `die`.
    func fileName(of die: inout Dwarf_Die, index: UInt64) -> String? {
        var cu = Dwarf_Die()
        guard dwarf_diecu(&die, &cu, nil, nil) != nil else { return nil }
        var files: OpaquePointer? = nil
        var count = 0
        guard dwarf_getsrcfiles(&cu, &files, &count) == 0, let files, index < UInt64(count),
              let name = dwarf_filesrc(files, Int(index), nil, nil) else { return nil }
        return path(name, unit: &cu)
    }
}
