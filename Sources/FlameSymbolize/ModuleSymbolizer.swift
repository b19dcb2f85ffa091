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
    /// Inline trees by subprogram index, built on first use.
    @exclusivity(unchecked) private var trees: [InlineTree?] = []
    /// Frames of resolved addresses, in chunks that never move (growing
    /// copies nothing); each address's frames are a run inside one chunk.
    @exclusivity(unchecked) private var chunks: [[FrameRecord]] = []
    private static let chunkSize = 1 << 14
    /// Address -> where its run is.
    @exclusivity(unchecked) private var cache: [UInt64: Run] = [:]
    /// The frames of the address being resolved.
    @exclusivity(unchecked) private var pending: [FrameRecord] = []
    private let cacheLimit: Int
    /// NameTable entries of ELF symbol names, by symbol name index (-1: not yet).
    @exclusivity(unchecked) private var symbolNames: [Int32] = []
    /// Whether each ELF symbol name is an Itanium (C++) one, by name index.
    private var itaniumSymbols: [Bool] = []

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
        let names = strings.names
        return frameRecords(at: address).map { r in
            SymbolFrame(function: r.name >= 0 ? names.string(r.name) : nil, file: r.file >= 0 ? names.string(r.file) : nil,
                        line: Int(r.line), column: Int(r.column), inlined: r.inlined,
                        symbolOffset: r.hasSymbolOffset ? r.symbolOffset : nil, swiftName: r.name >= 0 && names.isSwift(r.name))
        }
    }

    var names: NameTable { strings.names }

    /// The frames of `address`, innermost first, their strings in `names`.
    func frameRecords(at address: UInt64) -> ArraySlice<FrameRecord> {
        if let hit = cache[address] {
            let start = Int(hit.start)
            return chunks[Int(hit.chunk)][start ..< start + Int(hit.count)]
        }
        pending.removeAll(keepingCapacity: true)
        resolve(address)
        guard cache.count < cacheLimit else { return pending[...] }
        if chunks.isEmpty || chunks[chunks.count - 1].count + pending.count > Self.chunkSize {
            var chunk: [FrameRecord] = []
            chunk.reserveCapacity(max(Self.chunkSize, pending.count))
            chunks.append(chunk)
        }
        let c = chunks.count - 1
        let start = chunks[c].count
        chunks[c].append(contentsOf: pending)
        cache[address] = Run(chunk: Int32(c), start: Int32(start), count: Int32(pending.count))
        return chunks[c][start...]
    }

    private struct Run {
        var chunk: Int32
        var start: Int32
        var count: Int32
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
        symbolNames = Array(repeating: -1, count: table.nameCount)
        itaniumSymbols = (0 ..< table.nameCount).map { table.rawName(Int32($0)).hasPrefix("_Z") }
        return table
    }

    /// Appends the frames of `address` to `pending`.
    private func resolve(_ address: UInt64) {
        guard let index = loadDwarf(), address >= index.bias,
              let cu = index.unit(containing: address - index.bias) else { return appendSymbolFrame(address, file: -1, line: 0, column: 0) }
        let pc = address - index.bias
        var cuDie = index.unitDie(cu)
        var file: Int32 = -1
        var line: Int32 = 0, column: Int32 = 0
        if let entry = dwarf_getsrc_die(&cuDie, pc) {
            dwarf_lineno(entry, &line)
            dwarf_linecol(entry, &column)
            if let name = dwarf_linesrc(entry, nil, nil) { file = strings.path(name, unit: &cuDie) }
        }
        guard let subprogram = index.subprogram(containing: pc, unit: cu) else {
            return appendSymbolFrame(address, file: file, line: line, column: column)
        }
        let tree = inlineTree(subprogram, index)
        // The innermost scope is where the line table says; each outer scope is
        // where the scope inside it was called from.
        var node = tree.innermost(at: pc)
        while node >= 0 {
            let scope = tree.nodes[node]
            pending.append(FrameRecord(name: scope.name, file: file, line: line, column: column, inlined: scope.parent >= 0))
            file = scope.callFile
            line = scope.callLine
            column = scope.callColumn
            node = Int(scope.parent)
        }
        // The symbol names the outermost frame when DWARF has no name, or only
        // a plain one where the symbol is C++ (qualified, as perf names it).
        let outer = tree.nodes[0].name
        if outer < 0 || !strings.names.isLinkage(outer) {
            let table = symbolTable()
            if let symbol = table.lookupName(address), outer < 0 || itaniumSymbols[Int(symbol.name)] {
                pending[pending.count - 1].name = symbolName(symbol.name, table)
            }
        }
    }

    private func inlineTree(_ subprogram: Int, _ index: DwarfIndex) -> InlineTree {
        if subprogram < trees.count, let tree = trees[subprogram] { return tree }
        let tree = InlineTree(subprogram: index.subprogramDie(subprogram), strings: strings)
        if subprogram >= trees.count { trees += repeatElement(nil, count: subprogram + 1 - trees.count) }
        trees[subprogram] = tree
        return tree
    }

    private func symbolName(_ index: Int32, _ table: ElfSymbolTable) -> Int32 {
        let known = symbolNames[Int(index)]
        if known >= 0 { return known }
        let id = strings.symbolName(table.rawName(index))
        symbolNames[Int(index)] = id
        return id
    }

    private func appendSymbolFrame(_ address: UInt64, file: Int32, line: Int32, column: Int32) {
        let table = symbolTable()
        guard let symbol = table.lookupName(address) else {
            if file >= 0 { pending.append(FrameRecord(name: -1, file: file, line: line, column: column)) }
            return
        }
        pending.append(FrameRecord(name: symbolName(symbol.name, table), file: file, line: line, column: column,
                                   symbolOffset: symbol.offset, hasSymbolOffset: true))
    }
}

/// One frame of a resolved address, its strings by `NameTable` index (-1:
/// unknown).
struct FrameRecord {
    var name: Int32
    var file: Int32
    var line: Int32
    var column: Int32
    var symbolOffset: UInt64 = 0
    var inlined = false
    var hasSymbolOffset = false
}
