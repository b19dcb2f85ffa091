/// Text renderings of symbolized addresses for `flame symbolize`.
public enum FrameFormatter {
    /// One block per address, like `eu-addr2line -f -i` (and llvm-symbolizer):
    /// for each frame, innermost first, the function and `file:line[:column]`;
    /// `??` where unknown; a blank line ends the block.
    public static func text(address: UInt64, frames: [SymbolFrame], printAddress: Bool,
                            basenames: Bool, into out: inout [UInt8]) {
        appendHeader(address: address, printAddress: printAddress, unknown: frames.isEmpty, into: &out)
        for frame in frames {
            out.append(contentsOf: (frame.function ?? "??").utf8)
            out.append(10)
            if let file = frame.file {
                out.append(contentsOf: (basenames ? basename(file) : file).utf8)
                appendPosition(line: frame.line, column: frame.column, into: &out)
            } else {
                appendUnknownFile(into: &out)
            }
        }
        out.append(10)
    }

    /// What a block starts with: the address if asked for, and the `??`
    /// frame of an address nothing is known about.
    static func appendHeader(address: UInt64, printAddress: Bool, unknown: Bool, into out: inout [UInt8]) {
        if printAddress {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "x"))
            appendHex(address, into: &out)
            out.append(10)
        }
        if unknown {
            appendUnknownName(into: &out)
            appendUnknownFile(into: &out)
        }
    }

    /// `:LINE[:COLUMN]` and a newline, after a frame's path.
    @inline(__always)
    static func appendPosition(line: Int, column: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: ":"))
        appendDecimal(line, into: &out)
        if column > 0 {
            out.append(UInt8(ascii: ":"))
            appendDecimal(column, into: &out)
        }
        out.append(10)
    }

    /// `??` and a newline: a frame without a name.
    static func appendUnknownName(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "?"))
        out.append(UInt8(ascii: "?"))
        out.append(10)
    }

    /// `??:0` and a newline: a frame without a source line.
    static func appendUnknownFile(into out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "?"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "0"), 10])
    }

    /// The block for an input line that is no address: `??` frames (as for
    /// an unknown address, so that output blocks line up with input lines),
    /// or a JSON object with `"address":null`.
    public static func unparsable(json: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: (json ? "{\"address\":null,\"error\":\"not a hexadecimal address\",\"frames\":[]}\n" : "??\n??:0\n\n").utf8)
    }

    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 { n -= 1; out.append(buffer[n]) }
        }
    }

    static func appendHex(_ value: UInt64, into out: inout [UInt8]) {
        var shift = 60
        while shift > 0, (value >> UInt64(shift)) & 15 == 0 { shift -= 4 }
        while shift >= 0 {
            let d = UInt8((value >> UInt64(shift)) & 15)
            out.append(d < 10 ? 48 + d : 87 + d)
            shift -= 4
        }
    }

    /// One JSON object per line: `{"address":"0x…","frames":[{…},…]}`.
    public static func json(address: UInt64, frames: [SymbolFrame], into out: inout [UInt8]) {
        out += Array("{\"address\":\"0x\(String(address, radix: 16))\",\"frames\":[".utf8)
        for (i, frame) in frames.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"function\":".utf8)
            appendJSONString(frame.function, into: &out)
            if let offset = frame.symbolOffset { out += Array(",\"symbolOffset\":\(offset)".utf8) }
            out += Array(",\"file\":".utf8)
            appendJSONString(frame.file, into: &out)
            out += Array(",\"line\":\(frame.line),\"column\":\(frame.column),\"inlined\":\(frame.inlined)}".utf8)
        }
        out += Array("]}\n".utf8)
    }

    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func appendJSONString(_ value: String?, into out: inout [UInt8]) {
        guard let value else { return out += Array("null".utf8) }
        out.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 10: out += Array("\\n".utf8)
            case 9: out += Array("\\t".utf8)
            case 0 ..< 0x20:
                let hex = String(b, radix: 16)
                out += Array(("\\u00" + (hex.count == 1 ? "0" : "") + hex).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses `0x1f`, `1f` (hexadecimal, as addr2line reads them) or with
    /// surrounding blanks; nil for anything else.
    public static func parseAddress(_ text: some Collection<UInt8>) -> UInt64? {
        parseAddress(ArraySlice(text))
    }

    /// `parseAddress` for a line as read (no copy, no generic call per line).
    public static func parseAddress(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 13 { end -= 1 }
        var i = bytes.startIndex
        while i < end, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
        if i + 1 < end, bytes[i] == UInt8(ascii: "0"), bytes[i + 1] | 0x20 == UInt8(ascii: "x") { i += 2 }
        guard i < end, end - i <= 16 else { return nil }
        var value: UInt64 = 0
        while i < end {
            guard let digit = hexValue(bytes[i]) else { return nil }
            value = value << 4 | UInt64(digit)
            i += 1
        }
        return value
    }
}
