import CLibdw

/// Symbolizes addresses of one ELF file through its own libdwfl session and
/// indexes, built on first use, with a cache per address.
final class ModuleSymbolizer {
    let path: String
    private let session: DwflSession
    /// The module address a mapping with file offset 0 starts at.
    let firstLoadAddress: UInt64
    let segments: [LoadSegment]
    private let strings: StringCache
    private var dwarf: DwarfIndex?
    private var dwarfLoaded = false
    private var symbols: ElfSymbolTable?
    private var perfSymbols: PerfSymbolTable?
    private var trees: [Int: InlineTree] = [:]
    private var cache: [UInt64: [SymbolFrame]] = [:]
    private let cacheLimit: Int

    init(session: DwflSession, path: String, style: NameStyle?, cacheLimit: Int) {
        self.session = session
        self.path = path
        self.cacheLimit = cacheLimit
        strings = StringCache(style: style)
        segments = session.loadSegments
        // The page holding the first segment's start is what offset 0 maps to.
        firstLoadAddress = segments.first.map { ($0.address &- $0.offset) & ~UInt64(0xfff) } ?? 0
    }

    var files: (main: String?, debug: String?) { session.files }

    /// The virtual address of a file offset inside a loadable segment (none
    /// past the top of the address space: program headers come from the
    /// input and can say anything).
    func address(ofFileOffset offset: UInt64) -> UInt64? {
        for s in segments where s.offset <= offset && offset - s.offset < s.fileSize {
            let (address, overflow) = s.address.addingReportingOverflow(offset - s.offset)
            return overflow ? nil : address
        }
        return nil
    }

    func isLoadedAddress(_ address: UInt64) -> Bool {
        segments.contains { $0.address <= address && address - $0.address < $0.memorySize }
    }

    /// Frames for `address`, a module (file virtual) address, innermost first;
    /// empty when nothing is known about it.
    func frames(at address: UInt64) -> [SymbolFrame] {
        if let hit = cache[address] { return hit }
        let result = resolve(address)
        if cache.count < cacheLimit { cache[address] = result }
        return result
    }

    /// The function symbol at `address` as perf names it (see `PerfSymbolTable`).
    func perfSymbol(at address: UInt64) -> String? {
        if perfSymbols == nil { perfSymbols = PerfSymbolTable(module: session.module, demangle: strings.style != nil) }
        return perfSymbols!.name(at: address)
    }

    private func loadDwarf() -> DwarfIndex? {
        if !dwarfLoaded {
            dwarfLoaded = true
            if let (_, bias) = session.dwarf() {
                let index = DwarfIndex(module: session.module, bias: bias)
                if !index.isEmpty { dwarf = index }
            }
        }
        return dwarf
    }

    private func symbolTable() -> ElfSymbolTable {
        if let symbols { return symbols }
        // Raw names: `strings` demangles them, knowing which are Swift.
        let table = ElfSymbolTable(module: session.module, demangle: false)
        symbols = table
        return table
    }

    private func resolve(_ address: UInt64) -> [SymbolFrame] {
        guard let index = loadDwarf(), address >= index.bias,
              let cu = index.unit(containing: address - index.bias) else { return symbolFrames(address, file: nil, line: 0, column: 0) }
        let pc = address - index.bias
        var cuDie = index.unitDie(cu)
        var file: String? = nil
        var line: Int32 = 0, column: Int32 = 0
        if let entry = dwarf_getsrc_die(&cuDie, pc) {
            dwarf_lineno(entry, &line)
            dwarf_linecol(entry, &column)
            if let name = dwarf_linesrc(entry, nil, nil) { file = strings.path(name, unit: &cuDie) }
        }
        guard let subprogram = index.subprogram(containing: pc, unit: cu) else {
            return symbolFrames(address, file: file, line: Int(line), column: Int(column))
        }
        let tree = inlineTree(subprogram, index)
        // The innermost scope is where the line table says; each outer scope is
        // where the scope inside it was called from.
        var frames: [SymbolFrame] = []
        var node = tree.innermost(at: pc)
        while node >= 0 {
            let scope = tree.nodes[node]
            frames.append(SymbolFrame(function: scope.name?.text, file: file, line: Int(line), column: Int(column),
                                      inlined: scope.parent >= 0, swiftName: scope.name?.swift ?? false))
            file = scope.callFile
            line = scope.callLine
            column = scope.callColumn
            node = Int(scope.parent)
        }
        // The symbol names the outermost frame when DWARF has no name, or only
        // a plain one where the symbol is C++ (qualified, as perf names it).
        let outer = tree.nodes[0].name
        if outer == nil || !outer!.linkage, let symbol = symbolTable().lookup(address),
           outer == nil || symbol.name.hasPrefix("_Z") {
            let name = strings.symbolName(symbol.name)
            frames[frames.count - 1].function = name.text
            frames[frames.count - 1].swiftName = name.swift
        }
        return frames
    }

    private func inlineTree(_ subprogram: Int, _ index: DwarfIndex) -> InlineTree {
        if let tree = trees[subprogram] { return tree }
        let tree = InlineTree(subprogram: index.subprogramDie(subprogram), strings: strings)
        trees[subprogram] = tree
        return tree
    }

    private func symbolFrames(_ address: UInt64, file: String?, line: Int, column: Int) -> [SymbolFrame] {
        guard let symbol = symbolTable().lookup(address) else {
            if file != nil { return [SymbolFrame(function: nil, file: file, line: line, column: column)] }
            return []
        }
        let name = strings.symbolName(symbol.name)
        return [SymbolFrame(function: name.text, file: file, line: line, column: column, symbolOffset: symbol.offset,
                            swiftName: name.swift)]
    }
}
