import CLibdw

/// Name-table entries for libdw's C strings, made once per distinct pointer:
/// libdw hands out pointers into `.debug_str` and the line tables, which stay
/// put for the session and repeat across functions and addresses.
final class StringCache {
    /// How names are demangled; nil: they are kept as they are.
    let style: NameStyle?
    let names = NameTable()
    @exclusivity(unchecked) private var plainNames: [UnsafeRawPointer: Int32] = [:]
    @exclusivity(unchecked) private var linkageNames: [UnsafeRawPointer: Int32] = [:]
    @exclusivity(unchecked) private var paths: [UnsafeRawPointer: Int32] = [:]
    /// Function names by the DIE an instance names through DW_AT_abstract_origin
    /// (its address in the section data): the instances of an inlined function
    /// all share one.
    @exclusivity(unchecked) private var originNames: [UnsafeMutableRawPointer: Int32] = [:]

    init(style: NameStyle?) { self.style = style }

    /// A source path from unit `cu`'s line table; relative ones are joined to
    /// the unit's DW_AT_comp_dir, as eu-addr2line and llvm-symbolizer print
    /// them. Pseudo names such as swiftc's `<compiler-generated>` are no
    /// files: they stay as they are, whatever directory libdw joined them to
    /// (`//<compiler-generated>` for swiftc's directory entry `/`).
    func path(_ p: UnsafePointer<CChar>, unit cu: inout Dwarf_Die) -> Int32 {
        let key = UnsafeRawPointer(p)
        if let known = paths[key] { return known }
        var value = String(cString: p)
        if let pseudo = Self.pseudoName(value) {
            value = pseudo
        } else if p.pointee != CChar(UInt8(ascii: "/")) {
            var attr = Dwarf_Attribute()
            if dwarf_attr(&cu, UInt32(DW_AT_comp_dir), &attr) != nil, let dir = dwarf_formstring(&attr) {
                let base = String(cString: dir)
                if !base.isEmpty, !value.isEmpty { value = base.hasSuffix("/") ? base + value : base + "/" + value }
            }
        }
        let id = names.add(value)
        paths[key] = id
        return id
    }

    /// `<name>` when the path's last component is one (`/<compiler-generated>`).
    static func pseudoName(_ path: String) -> String? {
        guard path.utf8.last == UInt8(ascii: ">") else { return nil }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        return name.utf8.first == UInt8(ascii: "<") ? String(name) : nil
    }

    /// The DIE's function name (a `names` entry, -1 when it has none): its
    /// linkage name demangled, else its name. An instance without a name of
    /// its own takes its abstract origin's, looked up once per origin.
    func functionName(_ die: inout Dwarf_Die) -> Int32 {
        if dwarf_hasattr(&die, UInt32(DW_AT_linkage_name)) == 0, dwarf_hasattr(&die, UInt32(DW_AT_MIPS_linkage_name)) == 0,
           dwarf_hasattr(&die, UInt32(DW_AT_name)) == 0, var origin = DwarfSupport.reference(&die, DW_AT_abstract_origin),
           let key = origin.addr {
            if let known = originNames[key] { return known }
            let id = ownFunctionName(&origin)
            originNames[key] = id
            return id
        }
        return ownFunctionName(&die)
    }

    private func ownFunctionName(_ die: inout Dwarf_Die) -> Int32 {
        guard let (p, mangled) = DwarfSupport.functionName(&die) else { return -1 }
        let key = UnsafeRawPointer(p)
        guard mangled else {
            if let known = plainNames[key] { return known }
            let id = names.add(p)
            plainNames[key] = id
            return id
        }
        if let known = linkageNames[key] { return known }
        let id = style.map { Self.demangle(p, $0, into: names) } ?? names.add(p, linkage: true)
        linkageNames[key] = id
        return id
    }

    /// An ELF symbol's name, demangled.
    func symbolName(_ raw: String) -> Int32 {
        guard let style else { return names.add(raw, linkage: true) }
        return raw.withCString { Self.demangle($0, style, into: names) }
    }

    private static func demangle(_ p: UnsafePointer<CChar>, _ style: NameStyle, into names: NameTable) -> Int32 {
        guard let text = Demangler.demangleOrNil(p, style: style) else { return names.add(p, linkage: true) }
        return names.add(text, swift: Demangler.isSwift(p), linkage: true)
    }

    /// The line table files of the unit holding `die`, for `fileName`.
    func unitFiles(of die: inout Dwarf_Die) -> UnitFiles? {
        var cu = Dwarf_Die()
        guard dwarf_diecu(&die, &cu, nil, nil) != nil else { return nil }
        var files: OpaquePointer? = nil
        var count = 0
        guard dwarf_getsrcfiles(&cu, &files, &count) == 0, let files else { return nil }
        return UnitFiles(unit: cu, files: files, count: count)
    }

    /// File `index` of a unit's line table.
    func fileName(_ unit: inout UnitFiles, index: UInt64) -> Int32 {
        guard index < UInt64(unit.count), let name = dwarf_filesrc(unit.files, Int(index), nil, nil) else { return -1 }
        return path(name, unit: &unit.unit)
    }
}

/// A unit and its line table's file list.
struct UnitFiles {
    var unit: Dwarf_Die
    let files: OpaquePointer
    let count: Int
}
