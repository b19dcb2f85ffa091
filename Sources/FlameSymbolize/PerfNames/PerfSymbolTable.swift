import CIberty
import CLibdw
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// A file's function symbols named as perf names them, so that flame's
/// output of a perf.data file matches `perf script | flame collapse`: among
/// aliases at one address perf keeps one (sized over unsized, non-weak over
/// weak, global over local, fewer leading underscores, the longer name, else
/// the first in the table: perf's `choose_best_symbol`), unsized symbols end
/// at the next one, and PLT stubs get `name@plt` symbols.
final class PerfSymbolTable {
    private var starts: [UInt64] = []
    private var ends: [UInt64] = []
    private var names: [String] = []

    init(module: OpaquePointer, demangle: Bool) {
        struct Candidate { var start: UInt64; var size: UInt64; var binding: Int32; var name: String; var order: Int }
        var candidates: [Candidate] = []
        let count = dwfl_module_getsymtab(module)
        if count > 0 {
            for i in 1 ..< count {
                var sym = GElf_Sym()
                var address: GElf_Addr = 0
                var shndx: GElf_Word = 0
                guard let cName = dwfl_module_getsym_info(module, i, &sym, &address, &shndx, nil, nil), cName.pointee != 0 else { continue }
                let type = Int32(sym.st_info & 0xf)
                guard type == STT_FUNC || type == STT_GNU_IFUNC, shndx != SHN_UNDEF, address != 0 else { continue }
                let name = demangle ? Self.demangle(cName) : String(cString: cName)
                candidates.append(Candidate(start: address, size: sym.st_size, binding: Int32(sym.st_info >> 4), name: name, order: candidates.count))
            }
        }
        for plt in Self.pltSymbols(module) {
            candidates.append(Candidate(start: plt.address, size: 16, binding: STB_GLOBAL, name: plt.name, order: candidates.count))
        }
        candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.order < $1.order }
        func better(_ a: Candidate, than b: Candidate) -> Bool {
            if (a.size > 0) != (b.size > 0) { return a.size > 0 }
            if (a.binding == STB_WEAK) != (b.binding == STB_WEAK) { return b.binding == STB_WEAK }
            if (a.binding == STB_GLOBAL) != (b.binding == STB_GLOBAL) { return a.binding == STB_GLOBAL }
            let ua = a.name.prefix { $0 == "_" }.count, ub = b.name.prefix { $0 == "_" }.count
            if ua != ub { return ua < ub }
            if a.name.utf8.count != b.name.utf8.count { return a.name.utf8.count > b.name.utf8.count }
            return true
        }
        var kept: [Candidate] = []
        for candidate in candidates {
            if let last = kept.last, last.start == candidate.start {
                if !better(last, than: candidate) { kept[kept.count - 1] = candidate }
            } else {
                kept.append(candidate)
            }
        }
        for (k, symbol) in kept.enumerated() {
            starts.append(symbol.start)
            var end = symbol.start &+ symbol.size
            if symbol.size == 0 { end = k + 1 < kept.count ? kept[k + 1].start : .max }
            ends.append(end)
            names.append(symbol.name)
        }
    }

    /// C++ names as perf shows them: demangled without parameters or return
    /// types (`gold::Layout::layout<64, false>`); others as flame demangles.
    private static func demangle(_ name: UnsafePointer<CChar>) -> String {
        if name[0] == 0x5F, name[1] == 0x5A, let out = cplus_demangle(name, DMGL_AUTO) {  // "_Z"
            defer { free(out) }
            return String(cString: out)
        }
        // Swift names stay mangled, as perf prints them: the perf script
        // naming rules demangle them and keep their argument labels.
        if Demangler.isSwift(name) { return String(cString: name) }
        return Demangler.demangle(name)
    }

    func name(at address: UInt64) -> String? {
        guard let k = starts.lastIndex(atOrBelow: address), address < ends[k] else { return nil }
        return names[k]
    }

    /// `name@plt` for each PLT slot: the n-th jump-slot relocation of
    /// `.rela.plt` belongs to the n-th stub of `.plt.sec`, else of `.plt`
    /// after its 16-byte header.
    private static func pltSymbols(_ module: OpaquePointer) -> [(address: UInt64, name: String)] {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return [] }
        var shstrndx = 0
        guard elf_getshdrstrndx(elf, &shstrndx) == 0 else { return [] }
        var plt: GElf_Shdr?, pltSec: GElf_Shdr?, relaPlt: (OpaquePointer, GElf_Shdr)?
        var scn = elf_nextscn(elf, nil)
        while let section = scn {
            var header = GElf_Shdr()
            if gelf_getshdr(section, &header) != nil, let cName = elf_strptr(elf, shstrndx, Int(header.sh_name)) {
                switch String(cString: cName) {
                case ".plt": plt = header
                case ".plt.sec": pltSec = header
                case ".rela.plt": relaPlt = (section, header)
                default: break
                }
            }
            scn = elf_nextscn(elf, section)
        }
        guard let (relaSection, relaHeader) = relaPlt, let data = elf_getdata(relaSection, nil),
              let symbolSection = elf_getscn(elf, Int(relaHeader.sh_link)) else { return [] }
        var symbolHeader = GElf_Shdr()
        guard gelf_getshdr(symbolSection, &symbolHeader) != nil, let symbols = elf_getdata(symbolSection, nil) else { return [] }
        let first: UInt64
        if let pltSec { first = pltSec.sh_addr } else if let plt { first = plt.sh_addr + 16 } else { return [] }
        var result: [(address: UInt64, name: String)] = []
        let count = relaHeader.sh_entsize > 0 ? Int(relaHeader.sh_size / relaHeader.sh_entsize) : 0
        for i in 0 ..< min(count, 1 << 16) {
            var rela = GElf_Rela()
            guard gelf_getrela(data, Int32(i), &rela) != nil else { break }
            var sym = GElf_Sym()
            guard gelf_getsym(symbols, Int32(rela.r_info >> 32), &sym) != nil,
                  let cName = elf_strptr(elf, Int(symbolHeader.sh_link), Int(sym.st_name)), cName.pointee != 0 else { continue }
            result.append((first + UInt64(i) * 16 + bias, String(cString: cName) + "@plt"))
        }
        return result
    }
}
