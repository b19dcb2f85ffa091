import CLibdw
#if canImport(Glibc)
import Glibc
#endif

/// One libdwfl session holding one ELF module, reported at base 0 so that
/// module addresses are the file's own virtual addresses (runtime addresses
/// are translated by the caller: one session serves every process that
/// mapped the file, wherever ASLR put it).
///
/// libdwfl keeps pointers to the callbacks struct and to the debuginfo path
/// cell rather than copies, so both live on the heap for the session's life.
/// A session is not thread-safe: libdwfl's lazy loading is unlocked.
final class DwflSession {
    let dwfl: OpaquePointer
    let module: OpaquePointer
    private let callbacks: UnsafeMutablePointer<Dwfl_Callbacks>
    private let debugPath: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    /// Reached from libdwfl's callback through the module's userdata.
    private let finder: DebugFileFinder

    /// The debuginfo search path: libdwfl's default (the file's directory, its
    /// `.debug/` and `/usr/lib/debug`, each also searched by build-id), then
    /// the extra roots.
    static func searchPath(extraRoots: [String]) -> String {
        ([":.debug:/usr/lib/debug"] + extraRoots).joined(separator: ":")
    }

    /// Opens `path` (a regular file only: a FIFO or a device named by a
    /// profile must not block the run) as the session's module.
    init(path: String, searchPath: String, networkLookups: Bool, warn: @escaping (String) -> Void) throws(SymbolizeError) {
        let fd = try RegularFile.open(path).get()
        finder = DebugFileFinder(searchPath: searchPath, networkLookups: networkLookups, warn: warn)
        debugPath = .allocate(capacity: 1)
        debugPath.initialize(to: strdup(searchPath))
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: Dwfl_Callbacks(
            find_elf: dwfl_build_id_find_elf,
            find_debuginfo: { module, userdata, name, base, file, debuglink, crc, debugName in
                guard let module, let context = userdata?.pointee else { return -1 }
                let finder = Unmanaged<DebugFileFinder>.fromOpaque(context).takeUnretainedValue()
                return finder.find(module: module, userdata: userdata, moduleName: name, base: base, file: file,
                                   debuglink: debuglink, crc: crc, name: debugName)
            },
            section_address: dwfl_offline_section_address,
            debuginfo_path: debugPath))
        guard let dwfl = dwfl_begin(callbacks) else {
            close(fd)
            Self.release(callbacks, debugPath)
            throw SymbolizeError("cannot start libdwfl: \(Self.lastError())")
        }
        dwfl_report_begin(dwfl)
        let module = dwfl_report_elf(dwfl, path, path, fd, 0, false)
        dwfl_report_end(dwfl, nil, nil)
        guard let module else {
            let message = Self.lastError()
            close(fd)
            dwfl_end(dwfl)
            Self.release(callbacks, debugPath)
            throw SymbolizeError(message)
        }
        var userdata: UnsafeMutablePointer<UnsafeMutableRawPointer?>? = nil
        _ = dwfl_module_info(module, &userdata, nil, nil, nil, nil, nil, nil)
        userdata?.pointee = Unmanaged.passUnretained(finder).toOpaque()
        self.dwfl = dwfl
        self.module = module
    }

    deinit {
        dwfl_end(dwfl)
        Self.release(callbacks, debugPath)
    }

    private static func release(_ callbacks: UnsafeMutablePointer<Dwfl_Callbacks>,
                                _ debugPath: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        callbacks.deinitialize(count: 1)
        callbacks.deallocate()
        free(debugPath.pointee)
        debugPath.deinitialize(count: 1)
        debugPath.deallocate()
    }

    static func lastError() -> String {
        guard let message = dwfl_errmsg(-1) else { return "unknown libdwfl error" }
        return String(cString: message)
    }

    /// The module's ELF build-id, if it has one.
    var buildID: [UInt8]? {
        var bias: GElf_Addr = 0
        _ = dwfl_module_getelf(module, &bias)
        var bits: UnsafePointer<UInt8>? = nil
        var vaddr: GElf_Addr = 0
        let n = dwfl_module_build_id(module, &bits, &vaddr)
        guard n > 0, let bits else { return nil }
        return Array(UnsafeBufferPointer(start: bits, count: Int(n)))
    }

    /// The loadable segments: file offset range and virtual address of each.
    var loadSegments: [LoadSegment] {
        var bias: GElf_Addr = 0
        guard let elf = dwfl_module_getelf(module, &bias) else { return [] }
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { return [] }
        var segments: [LoadSegment] = []
        for i in 0 ..< count {
            var phdr = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(i), &phdr) != nil, phdr.p_type == PT_LOAD else { continue }
            segments.append(LoadSegment(offset: phdr.p_offset, fileSize: phdr.p_filesz,
                                        address: phdr.p_vaddr, memorySize: phdr.p_memsz))
        }
        return segments
    }

    /// The debugging information and the bias to add to its addresses to get
    /// module addresses; nil when no DWARF was found.
    func dwarf() -> (handle: OpaquePointer, bias: UInt64)? {
        var bias: Dwarf_Addr = 0
        guard let handle = dwfl_module_getdwarf(module, &bias) else { return nil }
        return (handle, bias)
    }

    /// Where the ELF and its debug information were found.
    var files: (main: String?, debug: String?) {
        var mainFile: UnsafePointer<CChar>? = nil
        var debugFile: UnsafePointer<CChar>? = nil
        _ = dwfl_module_info(module, nil, nil, nil, nil, nil, &mainFile, &debugFile)
        return (mainFile.map { String(cString: $0) }, debugFile.map { String(cString: $0) })
    }
}

struct LoadSegment {
    var offset: UInt64
    var fileSize: UInt64
    var address: UInt64
    var memorySize: UInt64
}

public struct SymbolizeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
