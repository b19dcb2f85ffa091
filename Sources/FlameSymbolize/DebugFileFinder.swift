import CLibdw
#if canImport(Glibc)
import Glibc
#endif

/// Opens files for symbols and debug information: only regular files, and
/// never in a way that blocks. A path in a profile may name a FIFO or a
/// device (by mistake or on purpose); a plain `open` of a FIFO waits for a
/// writer forever.
enum RegularFile {
    /// A read-only descriptor for `path`, or why it cannot be used.
    static func open(_ path: String) -> Result<Int32, SymbolizeError> {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(SymbolizeError(String(cString: strerror(errno)))) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(SymbolizeError("not a regular file"))
        }
        // Back to blocking reads (a no-op for regular files, but libelf reads it).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(fd)
    }

    /// True when `path` does not exist or is a regular file (following links).
    static func isMissingOrRegular(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return info.st_mode & S_IFMT == S_IFREG
    }
}

/// libdwfl's `find_debuginfo` callback, done here: the places searched are
/// libdwfl's own (build-id under each debug root, then the `.gnu_debuglink`
/// name beside the file, in its `.debug/` and under each root followed by
/// the file's directory), but each candidate is opened as a regular file
/// only, and its build-id must match the module's. Without network lookups
/// (the default) debuginfod is never asked, whatever `DEBUGINFOD_URLS` says;
/// with them, libdwfl's standard search (which asks debuginfod last) runs
/// once every local candidate passed the regular-file check.
final class DebugFileFinder {
    let roots: [String]
    let networkLookups: Bool
    let warn: (String) -> Void

    init(searchPath: String, networkLookups: Bool, warn: @escaping (String) -> Void) {
        roots = searchPath.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        self.networkLookups = networkLookups
        self.warn = warn
    }

    /// Candidate debug files, in search order.
    func candidates(file: String, debuglink: String?, buildID: [UInt8]?) -> [String] {
        var paths: [String] = []
        if let buildID, buildID.count >= 2 {
            let hex = hexString(buildID)
            let name = ".build-id/\(hex.prefix(2))/\(hex.dropFirst(2)).debug"
            for root in roots where root.hasPrefix("/") { paths.append(root + "/" + name) }
        }
        if let debuglink, !debuglink.isEmpty, !debuglink.contains("/") || debuglink.hasPrefix("/") {
            let directory = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
            for root in roots {
                if root.isEmpty {
                    paths.append(directory + "/" + debuglink)
                } else if root.hasPrefix("/") {
                    if directory.hasPrefix("/") { paths.append(root + directory + "/" + debuglink) }
                } else {
                    paths.append(directory + "/" + root + "/" + debuglink)
                }
            }
        }
        return paths.filter { $0 != file }
    }

    /// The descriptor of the module's debug file, or -1; sets `name` to its
    /// path (malloc'ed, libdwfl frees it).
    func find(module: OpaquePointer, userdata: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, moduleName: UnsafePointer<CChar>?,
              base: Dwarf_Addr, file: UnsafePointer<CChar>?, debuglink: UnsafePointer<CChar>?, crc: GElf_Word,
              name: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        let fileName = file.map { String(cString: $0) } ?? ""
        let buildID = Self.buildID(module)
        let paths = candidates(file: fileName, debuglink: debuglink.map { String(cString: $0) }, buildID: buildID)
        var refused = false
        for path in paths where !RegularFile.isMissingOrRegular(path) {
            warn("\(path): not a regular file, not read as debug information for \(fileName)")
            refused = true
        }
        if networkLookups, !refused {
            return dwfl_standard_find_debuginfo(module, userdata, moduleName, base, file, debuglink, crc, name)
        }
        for path in paths {
            guard case .success(let fd) = RegularFile.open(path) else { continue }
            // A debug file of another build is worse than none.
            if let buildID, Self.buildID(fd: fd) != buildID {
                close(fd)
                continue
            }
            name?.pointee = strdup(path)
            return fd
        }
        return -1
    }

    static func buildID(_ module: OpaquePointer) -> [UInt8]? {
        var bits: UnsafePointer<UInt8>? = nil
        var vaddr: GElf_Addr = 0
        let n = dwfl_module_build_id(module, &bits, &vaddr)
        guard n > 0, let bits else { return nil }
        return Array(UnsafeBufferPointer(start: bits, count: Int(n)))
    }

    static func buildID(fd: Int32) -> [UInt8]? {
        guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else { return nil }
        defer { elf_end(elf) }
        var bits: UnsafeRawPointer? = nil
        let n = dwelf_elf_gnu_build_id(elf, &bits)
        guard n > 0, let bits else { return nil }
        return Array(UnsafeRawBufferPointer(start: bits, count: Int(n)))
    }
}
