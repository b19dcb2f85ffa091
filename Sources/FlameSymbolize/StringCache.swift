import CLibdw

/// Swift strings for libdw's C strings, made once per distinct pointer:
/// libdw hands out pointers into `.debug_str` and the line tables, which stay
/// put for the session and repeat across functions and addresses.
final class StringCache {
    /// How names are demangled; nil: they are kept as they are.
    let style: NameStyle?
    private var plain: [UnsafeRawPointer: String] = [:]
    private var functions: [UnsafeRawPointer: FunctionName] = [:]
    private var symbols: [String: FunctionName] = [:]

    init(style: NameStyle?) { self.style = style }

    func string(_ p: UnsafePointer<CChar>) -> String {
        let key = UnsafeRawPointer(p)
        if let known = plain[key] { return known }
        let value = String(cString: p)
        plain[key] = value
        return value
    }

    /// A source path from unit `cu`'s line table; relative ones are joined to
    /// the unit's DW_AT_comp_dir, as eu-addr2line and llvm-symbolizer print
    /// them. Pseudo names such as swiftc's `<compiler-generated>` are no
    /// files: they stay as they are, whatever directory libdw joined them to
    /// (`//<compiler-generated>` for swiftc's directory entry `/`).
    func path(_ p: UnsafePointer<CChar>, unit cu: inout Dwarf_Die) -> String {
        let key = UnsafeRawPointer(p)
        if let known = plain[key] { return known }
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
        plain[key] = value
        return value
    }

    /// `<name>` when the path's last component is one (`/<compiler-generated>`).
    static func pseudoName(_ path: String) -> String? {
        guard path.utf8.last == UInt8(ascii: ">") else { return nil }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        return name.utf8.first == UInt8(ascii: "<") ? String(name) : nil
    }

    /// The DIE's function name: its linkage name demangled, else its name.
    func functionName(_ die: inout Dwarf_Die) -> FunctionName? {
        guard let (p, mangled) = DwarfSupport.functionName(&die) else { return nil }
        guard mangled, let style else { return FunctionName(text: string(p), swift: false, linkage: mangled) }
        let key = UnsafeRawPointer(p)
        if let known = functions[key] { return known }
        let value = Self.demangle(p, style)
        functions[key] = value
        return value
    }

    /// An ELF symbol's name, demangled.
    func symbolName(_ raw: String) -> FunctionName {
        guard let style else { return FunctionName(text: raw, swift: false, linkage: true) }
        if let known = symbols[raw] { return known }
        let value = raw.withCString { Self.demangle($0, style) }
        symbols[raw] = value
        return value
    }

    private static func demangle(_ p: UnsafePointer<CChar>, _ style: NameStyle) -> FunctionName {
        guard let text = Demangler.demangleOrNil(p, style: style) else {
            return FunctionName(text: String(cString: p), swift: false, linkage: true)
        }
        return FunctionName(text: text, swift: Demangler.isSwift(p), linkage: true)
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

/// A function's name as shown, and whether flame demangled it from a Swift
/// symbol (its parentheses are then argument labels, part of its identity).
struct FunctionName {
    var text: String
    var swift: Bool
    /// From a linkage (symbol) name; false for a DIE's plain DW_AT_name,
    /// which GCC gives unqualified (`traverse<…>`) when it omits the linkage
    /// name, as for functions specialized on lambdas.
    var linkage: Bool
}
