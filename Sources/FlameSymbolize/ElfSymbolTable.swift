import CLibdw

/// The module's function symbols sorted by address, built once: libdwfl's
/// own lookup (`dwfl_module_addrinfo`) scans the whole table on every call,
/// and code without DWARF (static libstdc++, hand-written assembly) makes
/// this fallback hot.
final class ElfSymbolTable {
    private struct Entry {
        var address: UInt64
        var size: UInt64
        var name: Int32
        var global: Bool
    }
    private var entries: [Entry] = []
    private var names: [String] = []
    private var shownNames: [String?] = []
    private let demangle: Bool
    /// Allocated sections [start, end), sorted: a symbol without a size ends
    /// with its section at the latest (as libdwfl's own lookup has it).
    private var sections: [(start: UInt64, end: UInt64)] = []

    init(module: OpaquePointer, demangle: Bool) {
        self.demangle = demangle
        defer { shownNames = Array(repeating: nil, count: names.count) }
        sections = Self.allocatedSections(module)
        let count = dwfl_module_getsymtab(module)
        guard count > 0 else { return }
        var nameIndex: [String: Int32] = [:]
        for i in 1 ..< count {
            var sym = GElf_Sym()
            var address: GElf_Addr = 0
            var shndx: GElf_Word = 0
            guard let cName = dwfl_module_getsym_info(module, i, &sym, &address, &shndx, nil, nil),
                  cName.pointee != 0 else { continue }
            let type = Int32(sym.st_info & 0xf)
            guard type == STT_FUNC || type == STT_GNU_IFUNC
                  || (type == STT_NOTYPE && shndx != SHN_UNDEF && shndx != SHN_ABS) else { continue }
            guard shndx != SHN_UNDEF, shndx != GElf_Word(bitPattern: -1) else { continue }
            let name = String(cString: cName)
            let id: Int32
            if let known = nameIndex[name] {
                id = known
            } else {
                id = Int32(names.count)
                names.append(name)
                nameIndex[name] = id
            }
            let binding = Int32(sym.st_info >> 4)
            entries.append(Entry(address: address, size: sym.st_size, name: id, global: binding != STB_LOCAL))
        }
        // At one address prefer sized, typed, global symbols: the last entry
        // of a run of equal addresses wins the binary search below.
        entries.sort { a, b in
            if a.address != b.address { return a.address < b.address }
            if (a.size > 0) != (b.size > 0) { return a.size == 0 }
            return !a.global && b.global
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// The symbol containing `address` and the distance into it. A symbol
    /// without a size covers everything up to the next symbol.
    func lookup(_ address: UInt64) -> (name: String, offset: UInt64)? {
        lookupName(address).map { (shownName(Int($0.name)), $0.offset) }
    }

    /// As `lookup`, with the name by index (`rawName`, `nameCount`).
    func lookupName(_ address: UInt64) -> (name: Int32, offset: UInt64)? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].address <= address { lo = mid + 1 } else { hi = mid }
        }
        var k = lo - 1
        // A sized symbol ending before `address` may still hide behind a larger
        // one starting earlier (nested symbols are rare); look back a little.
        var steps = 0
        while k >= 0, steps < 4 {
            let e = entries[k]
            if e.size == 0 || address < e.address &+ e.size {
                if e.size == 0, k + 1 < entries.count, entries[k + 1].address <= address { return nil }
                if e.size == 0, address >= sectionEnd(of: e.address) { return nil }
                return (e.name, address - e.address)
            }
            k -= 1
            steps += 1
        }
        return nil
    }

    var nameCount: Int { names.count }

    /// Name `index` as the symbol table has it (not demangled).
    func rawName(_ index: Int32) -> String { names[Int(index)] }

    /// The name as shown: demangled on first use.
    private func shownName(_ id: Int) -> String {
        if let known = shownNames[id] { return known }
        let value = demangle ? Demangler.demangle(names[id]) : names[id]
        shownNames[id] = value
        return value
    }

    private func sectionEnd(of address: UInt64) -> UInt64 {
        for section in sections where section.start <= address && address < section.end { return section.end }
        return .max
    }

    private static func allocatedSections(_ module: OpaquePointer) -> [(start: UInt64, end: UInt64)] {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return [] }
        var result: [(start: UInt64, end: UInt64)] = []
        var scn = elf_nextscn(elf, nil)
        while let section = scn {
            var header = GElf_Shdr()
            if gelf_getshdr(section, &header) != nil, header.sh_flags & UInt64(SHF_ALLOC) != 0, header.sh_size > 0 {
                result.append((header.sh_addr &+ bias, header.sh_addr &+ bias &+ header.sh_size))
            }
            scn = elf_nextscn(elf, section)
        }
        return result.sorted { $0.start < $1.start }
    }
}
