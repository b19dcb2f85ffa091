/// The mappings of one process at one moment, sorted by address, with the
/// kernel's mmap semantics: a new mapping replaces whatever it overlaps.
public struct AddressSpace: Sendable {
    public private(set) var mappings: [Mapping] = []

    public init() {}

    public init(_ mappings: [Mapping]) {
        for mapping in mappings.sorted(by: { $0.start < $1.start }) { map(mapping) }
    }

    /// Adds `mapping`, cutting the parts of older mappings it overlaps (what
    /// mmap with MAP_FIXED over an existing range does).
    public mutating func map(_ mapping: Mapping) {
        guard mapping.end > mapping.start else { return }
        let index = insertionIndex(mapping.start)
        // A mapping that starts before and reaches into the new one.
        if index > 0, mappings[index - 1].end > mapping.start {
            var head = mappings[index - 1]
            let tail = head
            head.end = mapping.start
            mappings[index - 1] = head
            if tail.end > mapping.end {
                var rest = tail
                rest.fileOffset = tail.fileOffset(of: mapping.end)
                rest.start = mapping.end
                mappings.insert(rest, at: index)
            }
        }
        // Mappings that start inside the new one: drop or cut their heads.
        while index < mappings.count, mappings[index].start < mapping.end {
            if mappings[index].end <= mapping.end {
                mappings.remove(at: index)
            } else {
                mappings[index].fileOffset = mappings[index].fileOffset(of: mapping.end)
                mappings[index].start = mapping.end
                break
            }
        }
        mappings.insert(mapping, at: index)
    }

    /// The mapping holding `address`, if any.
    public func mapping(containing address: UInt64) -> Mapping? {
        guard address < .max else { return nil }
        let index = insertionIndex(address + 1)
        guard index > 0, mappings[index - 1].contains(address) else { return nil }
        return mappings[index - 1]
    }

    /// The first index whose mapping starts at or after `address`.
    private func insertionIndex(_ address: UInt64) -> Int {
        var lo = 0, hi = mappings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if mappings[mid].start < address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
