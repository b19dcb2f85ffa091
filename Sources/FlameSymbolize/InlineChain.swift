import CLibdw

/// The nest of inlined subroutines around an address inside a subprogram.
enum InlineChain {
    /// The subprogram and the inlined subroutines containing `pc`, outermost
    /// first. Lexical and exception blocks are looked through, not returned.
    static func scopes(in subprogram: Dwarf_Die, at pc: UInt64) -> [Dwarf_Die] {
        var chain = [subprogram]
        var parent = subprogram
        var depth = 0
        descend: while depth < 256, var child = DwarfSupport.firstChild(&parent) {
            depth += 1
            while true {
                switch DwarfSupport.tag(&child) {
                case DW_TAG_inlined_subroutine:
                    if dwarf_haspc(&child, pc) == 1 {
                        chain.append(child)
                        parent = child
                        continue descend
                    }
                case DW_TAG_lexical_block, DW_TAG_try_block, DW_TAG_catch_block, DW_TAG_with_stmt:
                    if dwarf_haspc(&child, pc) == 1 || !hasAddresses(&child) {
                        // A block without addresses can still hold inlined code with some.
                        if hasAddresses(&child) {
                            parent = child
                            continue descend
                        }
                        if let inner = search(block: child, pc: pc, depth: depth) {
                            chain.append(inner)
                            parent = inner
                            continue descend
                        }
                    }
                default:
                    break
                }
                guard let next = DwarfSupport.nextSibling(&child) else { break descend }
                child = next
            }
        }
        return chain
    }

    /// An inlined subroutine containing `pc` somewhere below an address-less block.
    private static func search(block: Dwarf_Die, pc: UInt64, depth: Int) -> Dwarf_Die? {
        guard depth < 256 else { return nil }
        var block = block
        guard var child = DwarfSupport.firstChild(&block) else { return nil }
        while true {
            let tag = DwarfSupport.tag(&child)
            if tag == DW_TAG_inlined_subroutine, dwarf_haspc(&child, pc) == 1 { return child }
            if tag == DW_TAG_lexical_block, dwarf_haspc(&child, pc) == 1 || !hasAddresses(&child) {
                if let found = search(block: child, pc: pc, depth: depth + 1) { return found }
            }
            guard let next = DwarfSupport.nextSibling(&child) else { return nil }
            child = next
        }
    }

    private static func hasAddresses(_ die: inout Dwarf_Die) -> Bool {
        dwarf_hasattr(&die, UInt32(DW_AT_low_pc)) != 0 || dwarf_hasattr(&die, UInt32(DW_AT_ranges)) != 0
    }

    /// Where an inlined subroutine was called from.
    static func callSite(_ die: inout Dwarf_Die) -> (file: String?, line: Int, column: Int) {
        let file = DwarfSupport.unsigned(&die, DW_AT_call_file).flatMap { DwarfSupport.fileName(of: &die, index: $0) }
        let line = DwarfSupport.unsigned(&die, DW_AT_call_line).map { Int($0) } ?? 0
        let column = DwarfSupport.unsigned(&die, DW_AT_call_column).map { Int($0) } ?? 0
        return (file, line, column)
    }
}
