import CLibdw

/// Symbolizes addresses of one ELF file through its own libdwfl session and
/// indexes, built on first use, with a cache per address.
final class ModuleSymbolizer {
    let path: String
    let demangle: Bool
    private let session: DwflSession
    /// The module's first loadable address: module address of load base.
    let firstLoadAddress: UInt64
    private var dwarf: DwarfIndex?
    private var dwarfLoaded = false
    private var symbols: ElfSymbolTable?
    private var cache: [UInt64: [SymbolFrame]] = [:]
    private let cacheLimit: Int
    private var names: [UnsafeRawPointer: String] = [:]

    init(session: DwflSession, path: String, demangle: Bool, cacheLimit: Int) {
        self.session = session
        self.path = path
        self.demangle = demangle
        self.cacheLimit = cacheLimit
        firstLoadAddress = session.firstLoadAddress
    }

    var files: (main: String?, debug: String?) { session.files }

    /// Frames for `address`, a module (file virtual) address, innermost first;
    /// empty when nothing is known about it.
    func frames(at address: UInt64) -> [SymbolFrame] {
        if let hit = cache[address] { return hit }
        let result = resolve(address)
        if cache.count < cacheLimit { cache[address] = result }
        return result
    }

    private func loadDwarf() -> DwarfIndex? {
        if !dwarfLoaded {
            dwarfLoaded = true
            if let (handle, bias) = session.dwarf() {
                _ = handle
                let index = DwarfIndex(module: session.module, bias: bias)
                if !index.isEmpty { dwarf = index }
            }
        }
        return dwarf
    }

    private func symbolTable() -> ElfSymbolTable {
        if let symbols { return symbols }
        let table = ElfSymbolTable(module: session.module)
        symbols = table
        return table
    }

    private func resolve(_ address: UInt64) -> [SymbolFrame] {
        guard let index = loadDwarf(), address >= index.bias,
              let cu = index.unit(containing: address - index.bias) else { return symbolFrames(address, file: nil, line: 0, column: 0) }
        let pc = address - index.bias
        var cuDie = index.unitDie(cu)
        var location: (file: String?, line: Int, column: Int) = (nil, 0, 0)
        if let line = dwarf_getsrc_die(&cuDie, pc) {
            var lineNumber: Int32 = 0, column: Int32 = 0
            dwarf_lineno(line, &lineNumber)
            dwarf_linecol(line, &column)
            location = (dwarf_linesrc(line, nil, nil).map { String(cString: $0) }, Int(lineNumber), Int(column))
        }
        guard let subprogram = index.subprogram(containing: pc, unit: cu) else {
            return symbolFrames(address, file: location.file, line: location.line, column: location.column)
        }
        let chain = InlineChain.scopes(in: subprogram, at: pc)
        var frames: [SymbolFrame] = []
        frames.reserveCapacity(chain.count)
        // The innermost scope is where the line table says; each outer scope is
        // where the scope inside it was called from.
        var here = location
        for k in stride(from: chain.count - 1, through: 0, by: -1) {
            var die = chain[k]
            frames.append(SymbolFrame(function: name(of: &die), file: here.file, line: here.line,
                                      column: here.column, inlined: k > 0))
            if k > 0 {
                let call = InlineChain.callSite(&die)
                here = (call.file, call.line, call.column)
            }
        }
        if frames.last?.function == nil, let symbol = symbolTable().lookup(address) {
            frames[frames.count - 1].function = demangled(symbol.name)
        }
        return frames
    }

    private func symbolFrames(_ address: UInt64, file: String?, line: Int, column: Int) -> [SymbolFrame] {
        guard let symbol = symbolTable().lookup(address) else {
            if file != nil { return [SymbolFrame(function: nil, file: file, line: line, column: column)] }
            return []
        }
        return [SymbolFrame(function: demangled(symbol.name), file: file, line: line, column: column,
                            symbolOffset: symbol.offset)]
    }

    /// Function names, cached by DIE (many addresses share a function).
    private func name(of die: inout Dwarf_Die) -> String? {
        guard let raw = die.addr else { return nil }
        let key = UnsafeRawPointer(raw)
        if let known = names[key] { return known }
        guard let (cName, mangled) = DwarfSupport.functionName(&die) else { return nil }
        let value = mangled && demangle ? Demangler.demangle(cName) : String(cString: cName)
        names[key] = value
        return value
    }

    private func demangled(_ name: String) -> String {
        demangle ? Demangler.demangle(name) : name
    }
}
