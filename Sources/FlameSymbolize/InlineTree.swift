import CLibdw

/// The inlined subroutines of one concrete subprogram, flattened once into
/// an address map: the first lookup in a function walks its DIE tree, later
/// ones are a binary search. (Descending the DIE tree on every lookup spends
/// most of its time re-reading range lists in `dwarf_haspc`.)
final class InlineTree {
    struct Node {
        /// Name of the function this scope is an instance of (a `NameTable`
        /// entry, -1: unknown).
        var name: Int32
        /// Where this inlined instance was called from (in its parent scope;
        /// file -1: unknown).
        var callFile: Int32
        var callLine: Int32
        var callColumn: Int32
        /// Enclosing scope; -1 for the subprogram itself (node 0).
        var parent: Int32
    }

    @exclusivity(unchecked) private(set) var nodes: [Node] = []
    /// Segment i is [bounds[i], bounds[i+1]); owners[i] is its innermost node.
    @exclusivity(unchecked) private var bounds: [UInt64] = []
    @exclusivity(unchecked) private var owners: [Int32] = []

    /// Names and call-site files come through `strings`, which caches them by
    /// the C string's address (`.debug_str` holds each string once).
    init(subprogram: Dwarf_Die, strings: StringCache) {
        var die = subprogram
        nodes.append(Node(name: strings.functionName(&die), callFile: -1, callLine: 0, callColumn: 0, parent: -1))
        var ranges: [(low: UInt64, high: UInt64, node: Int32, depth: Int32)] = []
        // Call sites name files of the unit holding the subprogram (a dwz
        // partial unit's own table for code imported from one).
        var files = strings.unitFiles(of: &die)
        collect(under: &die, parent: 0, depth: 1, strings: strings, files: &files, ranges: &ranges)
        guard !ranges.isEmpty else { return }
        var points: [UInt64] = []
        points.reserveCapacity(ranges.count * 2)
        for r in ranges { points.append(r.low); points.append(r.high) }
        points.sort()
        bounds = [points[0]]
        for p in points.dropFirst() where p != bounds[bounds.count - 1] { bounds.append(p) }
        owners = Array(repeating: 0, count: bounds.count)
        // Outer scopes first, so that inner ones overwrite them.
        ranges.sort { $0.depth < $1.depth }
        for r in ranges {
            var i = Self.segment(r.low, bounds)
            while i < bounds.count, bounds[i] < r.high {
                owners[i] = r.node
                i += 1
            }
        }
    }

    /// The innermost node containing `pc` (0 when no inlined code covers it).
    func innermost(at pc: UInt64) -> Int {
        guard let first = bounds.first, pc >= first else { return 0 }
        return Int(owners[Self.segment(pc, bounds)])
    }

    /// The index of the last bound <= value.
    private static func segment(_ value: UInt64, _ bounds: [UInt64]) -> Int {
        var lo = 0, hi = bounds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if bounds[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    private func collect(under parent: inout Dwarf_Die, parent node: Int32, depth: Int32,
                                  strings: StringCache, files: inout UnitFiles?, ranges: inout [(low: UInt64, high: UInt64, node: Int32, depth: Int32)]) {
        guard depth < 512, var child = DwarfSupport.firstChild(&parent) else { return }
        while true {
            switch DwarfSupport.tag(&child) {
            case DW_TAG_inlined_subroutine:
                let index = Int32(nodes.count)
                var file: Int32 = -1
                if files != nil, let index = DwarfSupport.unsigned(&child, DW_AT_call_file) {
                    file = strings.fileName(&files!, index: index)
                }
                nodes.append(Node(name: strings.functionName(&child), callFile: file,
                                  callLine: Int32(truncatingIfNeeded: DwarfSupport.unsigned(&child, DW_AT_call_line) ?? 0),
                                  callColumn: Int32(truncatingIfNeeded: DwarfSupport.unsigned(&child, DW_AT_call_column) ?? 0),
                                  parent: node))
                DwarfSupport.forEachRange(&child) { low, high in
                    ranges.append((low, high, index, depth))
                }
                collect(under: &child, parent: index, depth: depth + 1, strings: strings, files: &files, ranges: &ranges)
            case DW_TAG_lexical_block, DW_TAG_try_block, DW_TAG_catch_block, DW_TAG_with_stmt:
                // Blocks are looked through: they hold inlined code but are not frames.
                collect(under: &child, parent: node, depth: depth + 1, strings: strings, files: &files, ranges: &ranges)
            default:
                break
            }
            guard let next = DwarfSupport.nextSibling(&child) else { return }
            child = next
        }
    }
}
