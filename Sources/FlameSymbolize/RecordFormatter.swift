extension FrameFormatter {
    /// `text(address:frames:…)` for frames as a module keeps them: the same
    /// bytes, copied from the name table without making a `String` per frame.
    static func text(address: UInt64, records: ArraySlice<FrameRecord>, names: NameTable, printAddress: Bool,
                     into out: inout [UInt8]) {
        appendHeader(address: address, printAddress: printAddress, unknown: records.isEmpty, into: &out)
        for r in records {
            if r.name >= 0 {
                names.append(r.name, to: &out)
                out.append(10)
            } else {
                appendUnknownName(into: &out)
            }
            if r.file >= 0 {
                names.append(r.file, to: &out)
                appendPosition(line: Int(r.line), column: Int(r.column), into: &out)
            } else {
                appendUnknownFile(into: &out)
            }
        }
        out.append(10)
    }
}
