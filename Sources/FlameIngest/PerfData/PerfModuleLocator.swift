#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// Finds the files a recording used, as perf does: by build-id in perf's
/// build-id cache, then at the recorded path under `--symfs`. A file whose
/// build-id differs from the recorded one is not used (one warning per
/// module): wrong names are worse than none.
final class PerfModuleLocator {
    private let cache: String
    private let symfs: String
    private let diagnostics: Diagnostics
    private let input: String
    private var found: [String: String?] = [:]

    init(options: PerfDataOptions, diagnostics: Diagnostics, input: String) {
        cache = options.buildIDDirectory ?? Self.defaultCache()
        symfs = options.symfs == "/" ? "" : (options.symfs.hasSuffix("/") ? String(options.symfs.dropLast()) : options.symfs)
        self.diagnostics = diagnostics
        self.input = input
    }

    /// `$PERF_BUILDID_DIR`, else `~/.debug`.
    static func defaultCache() -> String {
        if let dir = getenv("PERF_BUILDID_DIR") { return String(cString: dir) }
        if let home = getenv("HOME") { return String(cString: home) + "/.debug" }
        return "/root/.debug"
    }

    /// The local file for `path` as recorded with `buildID`; nil when none
    /// fits (the caller keeps the recorded path for names).
    func locate(_ path: String, buildID: [UInt8]?) -> String? {
        let key = path + "\u{0}" + (buildID.map(hexString) ?? "")
        if let known = found[key] { return known }
        let result = search(path, buildID: buildID)
        found[key] = result
        return result
    }

    private func search(_ path: String, buildID: [UInt8]?) -> String? {
        if let buildID {
            let hex = hexString(buildID)
            let candidates = [
                "\(cache)/.build-id/\(hex.prefix(2))/\(hex.dropFirst(2))/elf",
                "\(cache)/\(path.hasPrefix("/") ? path : "/" + path)/\(hex)/elf",
                "\(cache)/\(path)/\(hex)/\(path == "[vdso]" ? "vdso" : "elf")",
            ]
            for candidate in candidates where access(candidate, R_OK) == 0 { return candidate }
        }
        guard path.hasPrefix("/") else { return nil }
        let local = symfs + path
        guard access(local, R_OK) == 0 else {
            diagnostics.warnOnce("\(input): \(path): not found (build-id cache \(cache), symfs \(symfs.isEmpty ? "/" : symfs)); its frames are unnamed")
            return nil
        }
        if let buildID, let actual = ELFBuildID.read(local), actual != buildID {
            diagnostics.warnOnce("\(input): \(local): build-id \(hexString(actual)) differs from the recorded \(hexString(buildID)); its frames are unnamed")
            return nil
        }
        return local
    }

    /// The kernel's symbols: `--kallsyms`, else the cache's copy for the
    /// recorded kernel, else /proc/kallsyms when it is that kernel.
    func kallsymsPath(explicit: String?, kernelBuildID: [UInt8]?) -> String? {
        if let explicit { return explicit }
        if let id = kernelBuildID {
            let cached = "\(cache)/[kernel.kallsyms]/\(hexString(id))/kallsyms"
            if access(cached, R_OK) == 0 { return cached }
            if let running = ELFBuildID.runningKernel(), running == id { return "/proc/kallsyms" }
            diagnostics.warnOnce("\(input): no kallsyms for the recorded kernel \(hexString(id)) (give --kallsyms FILE); kernel frames are unnamed")
            return nil
        }
        return "/proc/kallsyms"
    }
}

func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Reads the GNU build-id note of an ELF file (or of the running kernel).
enum ELFBuildID {
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 64)
        guard pread(fd, &header, 64, 0) == 64, header[0] == 0x7F, header[1] == 0x45, header[4] == 2 else { return nil }
        func u(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in (0 ..< n).reversed() { v = v << 8 | UInt64(b[at + k]) }
            return v
        }
        let phoff = u(header, 32, 8), phentsize = Int(u(header, 54, 2)), phnum = Int(u(header, 56, 2))
        guard phentsize >= 56, phnum < 256 else { return nil }
        for i in 0 ..< phnum {
            var ph = [UInt8](repeating: 0, count: 56)
            guard pread(fd, &ph, 56, off_t(phoff) + off_t(i * phentsize)) == 56, u(ph, 0, 4) == 4 else { continue }  // PT_NOTE
            let offset = u(ph, 8, 8), size = Int(min(u(ph, 32, 8), 1 << 16))
            var notes = [UInt8](repeating: 0, count: size)
            guard pread(fd, &notes, size, off_t(offset)) == size else { continue }
            if let id = buildID(inNotes: notes) { return id }
        }
        return nil
    }

    /// The running kernel's build-id (`/sys/kernel/notes`).
    static func runningKernel() -> [UInt8]? {
        let fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var notes = [UInt8](repeating: 0, count: 4096)
        let n = Glibc.read(fd, &notes, 4096)
        guard n > 0 else { return nil }
        return buildID(inNotes: Array(notes[0 ..< n]))
    }

    static func buildID(inNotes notes: [UInt8]) -> [UInt8]? {
        var at = 0
        func u32(_ i: Int) -> Int { Int(notes[i]) | Int(notes[i + 1]) << 8 | Int(notes[i + 2]) << 16 | Int(notes[i + 3]) << 24 }
        while at + 12 <= notes.count {
            let nameSize = u32(at), descSize = u32(at + 4), type = u32(at + 8)
            let name = at + 12, desc = name + ((nameSize + 3) & ~3)
            guard desc + descSize <= notes.count else { return nil }
            if type == 3, nameSize == 4, notes[name] == 0x47, notes[name + 1] == 0x4E, notes[name + 2] == 0x55 {  // "GNU"
                return Array(notes[desc ..< desc + descSize])
            }
            at = desc + ((descSize + 3) & ~3)
        }
        return nil
    }
}
