import CLibdw

/// Small helpers over libdw's C API. DW_TAG_*/DW_AT_* import as Int while
/// the functions take and return 32-bit values, hence the conversions here.
enum DwarfSupport {
    static func tag(_ die: inout Dwarf_Die) -> Int { Int(dwarf_tag(&die)) }

    /// Calls `body` with each [start, end) range of the DIE (DWARF addresses).
    static func forEachRange(_ die: inout Dwarf_Die, _ body: (UInt64, UInt64) -> Void) {
        var base: Dwarf_Addr = 0, start: Dwarf_Addr = 0, end: Dwarf_Addr = 0
        var offset = 0
        while true {
            offset = dwarf_ranges(&die, offset, &base, &start, &end)
            if offset <= 0 { break }
            if end > start { body(start, end) }
        }
    }

    static func firstChild(_ die: inout Dwarf_Die) -> Dwarf_Die? {
        var child = Dwarf_Die()
        return dwarf_child(&die, &child) == 0 ? child : nil
    }

    /// The next sibling (a temporary: `dwarf_siblingof(&d, &d)` would violate exclusivity).
    static func nextSibling(_ die: inout Dwarf_Die) -> Dwarf_Die? {
        var next = Dwarf_Die()
        return dwarf_siblingof(&die, &next) == 0 ? next : nil
    }

    /// A string attribute, following DW_AT_abstract_origin and DW_AT_specification.
    static func string(_ die: inout Dwarf_Die, _ name: Int) -> UnsafePointer<CChar>? {
        var attr = Dwarf_Attribute()
        guard dwarf_attr_integrate(&die, UInt32(name), &attr) != nil else { return nil }
        return dwarf_formstring(&attr)
    }

    static func unsigned(_ die: inout Dwarf_Die, _ name: Int) -> UInt64? {
        var attr = Dwarf_Attribute()
        guard dwarf_attr(&die, UInt32(name), &attr) != nil else { return nil }
        var value: Dwarf_Word = 0
        return dwarf_formudata(&attr, &value) == 0 ? value : nil
    }

    /// The DIE a reference attribute points to (also into a dwz alt file).
    static func reference(_ die: inout Dwarf_Die, _ name: Int) -> Dwarf_Die? {
        var attr = Dwarf_Attribute()
        guard dwarf_attr(&die, UInt32(name), &attr) != nil else { return nil }
        var target = Dwarf_Die()
        return dwarf_formref_die(&attr, &target) != nil ? target : nil
    }

    /// The linkage (mangled) name, else the plain name.
    static func functionName(_ die: inout Dwarf_Die) -> (name: UnsafePointer<CChar>, mangled: Bool)? {
        if let s = string(&die, DW_AT_linkage_name) ?? string(&die, DW_AT_MIPS_linkage_name) { return (s, true) }
        if let s = string(&die, DW_AT_name) { return (s, false) }
        return nil
    }
}
