extension FrameFormatter {
    /// `text(address:frames:…)` for frames as a module keeps them: the same
    /// bytes, copied from the name table without making a `String` per frame.
    static func text(address: UInt64, records: ArraySlice<FrameRecord>, names: NameTable, printAddress: Bool,
                     into out: inout [UInt8]) {
        if printAddress {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "x"))
            appendHex(address, into: &out)
            out.append(10)
        }
        if records.isEmpty {
            appendUnknownName(into: &out)
            appendUnknownFile(into: &out)
        }
        for r in records {
            if r.name >= 0 {
                names.append(r.name, to: &out)
                out.append(10)
            } else {
                appendUnknownName(into: &out)
            }
            if r.file >= 0 {
                names.append(r.file, to: &out)
                out.append(UInt8(ascii: ":"))
                appendDecimal(Int(r.line), into: &out)
                if r.column > 0 {
                    out.append(UInt8(ascii: ":"))
                    appendDecimal(Int(r.column), into: &out)
                }
                out.append(10)
            } else {
                appendUnknownFile(into: &out)
            }
        }
        out.append(10)
    }

    /// `??` and a newline.
    private static func appendUnknownName(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "?"))
        out.append(UInt8(ascii: "?"))
        out.append(10)
    }

    /// `??:0` and a newline.
    private static func appendUnknownFile(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "?"))
        out.append(UInt8(ascii: "?"))
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: "0"))
        out.append(10)
    }
}
