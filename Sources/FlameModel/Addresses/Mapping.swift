/// A file (or pseudo file such as `[vdso]`) mapped into a process: the one
/// address vocabulary every reader and resolver shares. perf.data MMAP2
/// records, FlameSampler maps and `/proc/PID/maps` lines all become these.
public struct Mapping: Hashable, Sendable {
    /// First runtime address of the mapping and one past its last.
    public var start: UInt64
    public var end: UInt64
    /// Where in the file `start` lies (perf's `pgoff`, maps' offset column).
    public var fileOffset: UInt64
    /// The recorded path: absolute for files, `[vdso]`, `[kernel.kallsyms]`,
    /// `//anon` and the like for the rest.
    public var path: String
    /// The GNU build-id recorded with the profile; nil when none was recorded.
    public var buildID: [UInt8]?
    public var executable: Bool

    public init(start: UInt64, end: UInt64, fileOffset: UInt64, path: String,
                buildID: [UInt8]? = nil, executable: Bool = true) {
        self.start = start
        self.end = end
        self.fileOffset = fileOffset
        self.path = path
        self.buildID = buildID
        self.executable = executable
    }

    public func contains(_ address: UInt64) -> Bool { address >= start && address < end }

    /// The offset in the file of `address`, an address inside this mapping.
    /// File offsets are the one meaning flame gives an unsymbolized location:
    /// they do not depend on where the loader placed the file (ASLR), and a
    /// symbolizer turns them into the file's own addresses through its
    /// program headers, whatever the linker's segment layout.
    public func fileOffset(of address: UInt64) -> UInt64 { address &- start &+ fileOffset }

    /// The path's last component (`libc.so.6`), the name placeholders use.
    public var baseName: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        let name = path[path.index(after: slash)...]
        return name.isEmpty ? path : String(name)
    }

    /// A real file that a symbolizer can open: an absolute path that is not a
    /// pseudo file (`[vdso]`, `//anon`, `/memfd:x (deleted)`, `/tmp/perf-PID.map`).
    public var isFile: Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/memfd:")
            && !path.hasSuffix(" (deleted)") && !(path.hasPrefix("/tmp/perf-") && path.hasSuffix(".map"))
    }
}
