/// A process's memory map as `/proc/PID/maps` prints it, recorded with a
/// profile of raw addresses: it says which file each address belongs to and
/// where that file was loaded, so that addresses can be symbolized offline.
public struct ProcessMaps: Sendable {
    public struct Mapping: Sendable, Equatable {
        public var start: UInt64
        public var end: UInt64
        public var offset: UInt64
        public var executable: Bool
        public var path: String
    }

    public private(set) var mappings: [Mapping] = []
    /// Load base per file: the start of its first mapping with file offset 0
    /// (lld puts the code segment at offset 0 too, so "first" matters).
    private var bases: [String: UInt64] = [:]

    /// Parses maps text; lines that are not mappings are skipped.
    public init(text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 5 else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
                  let offset = UInt64(fields[2], radix: 16) else { continue }
            let path = fields.count == 6 ? String(fields[5].drop { $0 == " " }) : ""
            mappings.append(Mapping(start: start, end: end, offset: offset,
                                    executable: fields[1].contains("x"), path: path))
            if offset == 0, path.hasPrefix("/"), bases[path] == nil { bases[path] = start }
        }
        mappings.sort { $0.start < $1.start }
    }

    /// The module an address belongs to, with its load base, or nil for
    /// anonymous memory, `[vdso]`, `[heap]` and the like.
    public func module(containing address: UInt64, buildIDs: [String: [UInt8]] = [:]) -> ModuleSpec? {
        var lo = 0, hi = mappings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if mappings[mid].start <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let mapping = mappings[lo - 1]
        guard address < mapping.end, let base = bases[mapping.path] else { return nil }
        return ModuleSpec(path: mapping.path, expectedBuildID: buildIDs[mapping.path], loadBase: base)
    }
}
