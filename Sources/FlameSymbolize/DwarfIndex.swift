import CLibdw

/// Address indexes over one module's DWARF, built on demand:
/// - compile-unit ranges from each CU's DW_AT_ranges/low_pc (libdw's own
///   lookup needs `.debug_aranges`, which clang, swiftc and rustc omit);
/// - per CU, the concrete subprograms with their ranges, found also under
///   namespaces, classes and dwz partial units (`dwarf_getscopes` prunes
///   DIEs without a PC range and so misses functions in namespaces).
/// All addresses here are DWARF addresses (module address minus `bias`).
final class DwarfIndex {
    let bias: UInt64
    private var units: [Dwarf_Die] = []
    private var unitRanges: [Range] = []
    @exclusivity(unchecked) private var subprograms: [[Range]?] = []
    @exclusivity(unchecked) private var subprogramDies: [Dwarf_Die] = []

    struct Range {
        var low: UInt64
        var high: UInt64
        var index: Int32
    }

    init(module: OpaquePointer, bias: UInt64) {
        self.bias = bias
        var previous: UnsafeMutablePointer<Dwarf_Die>? = nil
        var cuBias: Dwarf_Addr = 0
        while let cu = dwfl_module_nextcu(module, previous, &cuBias) {
            previous = cu
            var die = cu.pointee
            let index = Int32(units.count)
            units.append(die)
            DwarfSupport.forEachRange(&die) { low, high in
                unitRanges.append(Range(low: low, high: high, index: index))
            }
        }
        unitRanges.sort { $0.low < $1.low }
        subprograms = Array(repeating: nil, count: units.count)
    }

    var isEmpty: Bool { units.isEmpty }

    /// The compile unit covering `address`, by index.
    func unit(containing address: UInt64) -> Int? {
        Self.find(address, in: unitRanges).map { Int($0) }
    }

    func unitDie(_ index: Int) -> Dwarf_Die { units[index] }

    /// The concrete subprogram of unit `cu` covering `address`, by index.
    func subprogram(containing address: UInt64, unit cu: Int) -> Int? {
        if subprograms[cu] == nil { subprograms[cu] = collectSubprograms(cu) }
        return Self.find(address, in: subprograms[cu]!).map { Int($0) }
    }

    func subprogramDie(_ index: Int) -> Dwarf_Die { subprogramDies[index] }

    private func collectSubprograms(_ cu: Int) -> [Range] {
        var ranges: [Range] = []
        var die = units[cu]
        var visitedUnits = 0
        collect(under: &die, into: &ranges, depth: 0, visitedUnits: &visitedUnits)
        ranges.sort { $0.low < $1.low }
        return ranges
    }

    /// Recurses through scopes that can hold functions, including functions
    /// and their blocks: swiftc (like GCC for nested functions) puts local
    /// functions and closures under the function that defines them, with
    /// ranges of their own. Inlined code is found by descending from the
    /// subprogram later.
    private func collect(under parent: inout Dwarf_Die, into ranges: inout [Range], depth: Int, visitedUnits: inout Int) {
        guard depth < 64, var child = DwarfSupport.firstChild(&parent) else { return }
        while true {
            switch DwarfSupport.tag(&child) {
            case DW_TAG_subprogram:
                var added = false
                let index = Int32(subprogramDies.count)
                DwarfSupport.forEachRange(&child) { low, high in
                    ranges.append(Range(low: low, high: high, index: index))
                    added = true
                }
                if added { subprogramDies.append(child) }
                collect(under: &child, into: &ranges, depth: depth + 1, visitedUnits: &visitedUnits)
            case DW_TAG_lexical_block:
                collect(under: &child, into: &ranges, depth: depth + 1, visitedUnits: &visitedUnits)
            case DW_TAG_namespace, DW_TAG_class_type, DW_TAG_structure_type, DW_TAG_union_type,
                 DW_TAG_module, DW_TAG_interface_type:
                collect(under: &child, into: &ranges, depth: depth + 1, visitedUnits: &visitedUnits)
            case DW_TAG_imported_unit:
                // dwz moves shared DIE trees into partial units, possibly in the alt file.
                if visitedUnits < 4096, var unit = DwarfSupport.reference(&child, DW_AT_import) {
                    visitedUnits += 1
                    collect(under: &unit, into: &ranges, depth: depth + 1, visitedUnits: &visitedUnits)
                }
            default:
                break
            }
            guard let next = DwarfSupport.nextSibling(&child) else { return }
            child = next
        }
    }

    /// The index of the range containing `address` among ranges sorted by low
    /// end. Ranges rarely overlap, so a few earlier ones are checked too.
    private static func find(_ address: UInt64, in ranges: [Range]) -> Int32? {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].low <= address { lo = mid + 1 } else { hi = mid }
        }
        var k = lo - 1
        var steps = 0
        while k >= 0, steps < 8 {
            if address < ranges[k].high { return ranges[k].index }
            k -= 1
            steps += 1
        }
        return nil
    }
}
