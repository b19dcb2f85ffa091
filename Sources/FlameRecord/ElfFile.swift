#if canImport(Glibc)
import Glibc
#endif

/// The few facts flame needs from an executable without a DWARF library:
/// its sections, whether it is static or a Go binary, its GNU build-id, and
/// whether its functions keep frame pointers. Reads 64-bit little-endian ELF
/// (x86-64, aarch64) with `pread`, never the whole file; anything else (or
/// a damaged file) gives nil.
public final class ElfFile {
    public struct Section {
        public var name: String
        public var type: UInt32
        public var address: UInt64
        public var offset: UInt64
        public var size: UInt64
        public var link: UInt32
        public var entrySize: UInt64
    }

    public let path: String
    public let machine: UInt16
    public let sections: [Section]
    /// A PT_INTERP program header: the binary is loaded by ld.so, so a
    /// preloaded library can be injected.
    public let hasInterpreter: Bool
    /// The entry point (`_start`, which never keeps a frame pointer).
    let entry: UInt64

    static let machineX86_64: UInt16 = 62
    static let machineAArch64: UInt16 = 183
    /// Sections above this size are not read (symbol tables of huge binaries).
    static let maxSectionRead: UInt64 = 64 << 20

    private let fd: Int32
    private let fileSize: UInt64

    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { close(fd); return nil }
        self.path = path
        self.fd = fd
        fileSize = UInt64(info.st_size)
        let header = Self.pread(fd, offset: 0, count: 64, fileSize: fileSize)
        guard header.count == 64, header[0 ..< 4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]),
              header[4] == 2, header[5] == 1 else { close(fd); return nil }  // ELFCLASS64, little-endian
        machine = Self.u16(header, 18)
        entry = Self.u64(header, 24)
        let programOffset = Self.u64(header, 32), sectionOffset = Self.u64(header, 40)
        let programSize = UInt64(Self.u16(header, 54)), programCount = UInt64(Self.u16(header, 56))
        let sectionSize = UInt64(Self.u16(header, 58)), sectionCount = UInt64(Self.u16(header, 60))
        let namesIndex = UInt64(Self.u16(header, 62))

        var interpreter = false
        if programSize >= 56 {
            let table = Self.pread(fd, offset: programOffset, count: programSize * programCount, fileSize: fileSize)
            var at = 0
            while at + 56 <= table.count {
                if Self.u32(table, at) == 3 { interpreter = true }  // PT_INTERP
                at += Int(programSize)
            }
        }
        hasInterpreter = interpreter

        var raw: [Section] = []
        if sectionSize >= 64, sectionCount > 0, sectionCount < 1 << 16 {
            let table = Self.pread(fd, offset: sectionOffset, count: sectionSize * sectionCount, fileSize: fileSize)
            var nameOffsets: [UInt32] = []
            var at = 0
            while at + 64 <= table.count {
                nameOffsets.append(Self.u32(table, at))
                raw.append(Section(name: "", type: Self.u32(table, at + 4), address: Self.u64(table, at + 16),
                                   offset: Self.u64(table, at + 24), size: Self.u64(table, at + 32),
                                   link: Self.u32(table, at + 40), entrySize: Self.u64(table, at + 56)))
                at += Int(sectionSize)
            }
            if namesIndex < raw.count {
                let names = Self.pread(fd, offset: raw[Int(namesIndex)].offset,
                                       count: min(raw[Int(namesIndex)].size, 1 << 20), fileSize: fileSize)
                for index in raw.indices { raw[index].name = Self.cString(names, Int(nameOffsets[index])) }
            }
        }
        sections = raw
    }

    deinit { _ = Glibc.close(fd) }

    public func section(named name: String) -> Section? { sections.first { $0.name == name } }

    /// Go toolchain output: Go keeps its own build-id note and pc-line table.
    public var isGo: Bool {
        sections.contains { $0.name == ".note.go.buildid" || $0.name == ".gopclntab" || $0.name == ".go.buildinfo" }
    }

    /// The GNU build-id as lower-case hex, from the `.note.gnu.build-id` note.
    public var buildID: String? {
        for section in sections where section.type == 7 {  // SHT_NOTE
            let bytes = read(section)
            var at = 0
            while at + 12 <= bytes.count {
                let nameSize = Int(Self.u32(bytes, at)), descSize = Int(Self.u32(bytes, at + 4))
                let type = Self.u32(bytes, at + 8)
                let nameStart = at + 12
                let descStart = nameStart + (nameSize + 3) & ~3
                let end = descStart + (descSize + 3) & ~3
                guard nameSize < 1 << 16, descSize < 1 << 16, descStart + descSize <= bytes.count else { break }
                if type == 3, nameSize == 4, bytes[nameStart ..< nameStart + 3].elementsEqual("GNU".utf8) {  // NT_GNU_BUILD_ID
                    return bytes[descStart ..< descStart + descSize].map { Self.hex($0) }.joined()
                }
                at = end
            }
        }
        return nil
    }

    /// The share of functions (sized `STT_FUNC` symbols of `.symtab`, else
    /// `.dynsym`, but not the entry point) whose first instructions set up a
    /// frame pointer; nil when there are no symbols or the machine is not one
    /// flame knows. x86-64: `mov %rsp,%rbp` within the first 32 bytes (GCC
    /// schedules other instructions between it and `push %rbp`).
    /// aarch64: `mov x29, sp` within the first four instructions. Leaf
    /// functions often have no frame even in frame-pointer builds (GCC at
    /// -O2), so a binary counts as keeping frame pointers from half of its
    /// functions on.
    public func framePointerShare() -> Double? {
        guard machine == Self.machineX86_64 || machine == Self.machineAArch64 else { return nil }
        guard let symbols = section(named: ".symtab") ?? section(named: ".dynsym"), symbols.entrySize >= 24 else { return nil }
        let table = read(symbols)
        let executable = sections.filter { $0.type == 1 && $0.size > 0 && $0.address > 0 }  // SHT_PROGBITS
        var functions = 0, framed = 0
        var at = 0
        while at + 24 <= table.count, functions < 4000 {
            defer { at += Int(symbols.entrySize) }
            let info = table[at + 4], sectionIndex = Int(Self.u16(table, at + 6))
            let value = Self.u64(table, at + 8), size = Self.u64(table, at + 16)
            guard info & 0xF == 2, size >= 8, value != entry, sectionIndex > 0, sectionIndex < sections.count else { continue }  // STT_FUNC
            let section = sections[sectionIndex]
            guard executable.contains(where: { $0.address == section.address }), value >= section.address,
                  value - section.address + 32 <= section.size else { continue }
            let code = Self.pread(fd, offset: section.offset + value - section.address, count: 32, fileSize: fileSize)
            guard code.count == 32 else { continue }
            functions += 1
            if Self.setsUpFramePointer(code, machine: machine) { framed += 1 }
        }
        return functions == 0 ? nil : Double(framed) / Double(functions)
    }

    static func setsUpFramePointer(_ code: [UInt8], machine: UInt16) -> Bool {
        if machine == machineX86_64 {
            // mov %rsp,%rbp: 48 89 e5 (or the 48 8b ec encoding).
            for i in 0 ..< code.count - 2 where code[i] == 0x48 {
                if (code[i + 1] == 0x89 && code[i + 2] == 0xE5) || (code[i + 1] == 0x8B && code[i + 2] == 0xEC) { return true }
            }
            return false
        }
        // aarch64: mov x29, sp is 0x910003FD (add x29, sp, #0).
        return (0 ..< 4).contains { u32(code, $0 * 4) == 0x910003FD }
    }

    private func read(_ section: Section) -> [UInt8] {
        guard section.type != 8, section.size <= Self.maxSectionRead else { return [] }  // SHT_NOBITS
        return Self.pread(fd, offset: section.offset, count: section.size, fileSize: fileSize)
    }

    private static func pread(_ fd: Int32, offset: UInt64, count: UInt64, fileSize: UInt64) -> [UInt8] {
        guard offset < fileSize, count > 0 else { return [] }
        let n = Int(min(count, fileSize - offset, maxSectionRead))
        var bytes = [UInt8](repeating: 0, count: n)
        var done = 0
        while done < n {
            let got = bytes.withUnsafeMutableBytes { Glibc.pread(fd, $0.baseAddress! + done, n - done, off_t(offset) + off_t(done)) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            done += got
        }
        return Array(bytes[..<done])
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> UInt16 {
        at + 2 <= b.count ? UInt16(b[at]) | UInt16(b[at + 1]) << 8 : 0
    }

    private static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        at + 4 <= b.count ? (0 ..< 4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * $1) } : 0
    }

    private static func u64(_ b: [UInt8], _ at: Int) -> UInt64 {
        at + 8 <= b.count ? (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * $1) } : 0
    }

    private static func cString(_ b: [UInt8], _ at: Int) -> String {
        guard at < b.count else { return "" }
        let end = b[at...].firstIndex(of: 0) ?? b.count
        return String(decoding: b[at ..< end], as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
