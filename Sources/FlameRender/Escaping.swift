/// Frame names come from profiled programs and are untrusted: they may hold
/// markup, quotes, control characters or bytes that are not UTF-8. Every name
/// is first made a valid XML character sequence, then escaped for where it goes.
enum Escaping {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]  // U+FFFD

    /// Valid UTF-8 holding only characters XML 1.0 allows: invalid sequences,
    /// control characters (which XML forbids even as references), DEL and the
    /// non-characters U+FFFE/U+FFFF become U+FFFD.
    static func sanitize(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || v == 0xFFFE || v == 0xFFFF {
                out += replacement
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    static func sanitize(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { sanitize(UnsafeRawBufferPointer($0)) }
    }

    /// Escapes sanitized text for XML character data and attribute values alike.
    static func appendXML(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        for b in text {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(b)
            }
        }
    }

    static func xml(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendXML(sanitize(text), to: &out)
        return out
    }

    /// A JavaScript string literal that is also inert inside CDATA and HTML:
    /// quotes, backslashes, `<`, `>`, `&`, `]` and the line separators are
    /// written as \u escapes, so neither `]]>` nor `</script>` can appear.
    static func appendJSString(_ text: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < text.count {
            let b = text[i]
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "&"), UInt8(ascii: "]"), 0 ..< 0x20, 0x7F:
                appendUnicodeEscape(UInt32(b), to: &out)
            case 0xE2 where i + 2 < text.count && text[i + 1] == 0x80 && (text[i + 2] == 0xA8 || text[i + 2] == 0xA9):
                appendUnicodeEscape(text[i + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                i += 2
            default:
                out.append(b)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    static func jsString(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendJSString(sanitize(text), to: &out)
        return out
    }

    private static func appendUnicodeEscape(_ v: UInt32, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out += Array("\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(v >> UInt32(shift)) & 15]) }
    }

    /// The text of an XML comment: no `--` (forbidden in comments) and no
    /// trailing `-`.
    static func comment(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for b in sanitize(text) {
            if b == UInt8(ascii: "-"), out.last == UInt8(ascii: "-") { out.append(UInt8(ascii: " ")) }
            out.append(b)
        }
        if out.last == UInt8(ascii: "-") { out.append(UInt8(ascii: " ")) }
        return out
    }

    /// flamegraph.pl strips a trailing `_[k]`, `_[w]`, `_[i]` or `_[j]` from labels and tooltips.
    static func stripAnnotation(_ name: [UInt8]) -> [UInt8] {
        let n = name.count
        guard n >= 4, name[n - 4] == UInt8(ascii: "_"), name[n - 3] == UInt8(ascii: "["), name[n - 1] == UInt8(ascii: "]"),
              [UInt8(ascii: "k"), UInt8(ascii: "w"), UInt8(ascii: "i"), UInt8(ascii: "j")].contains(name[n - 2])
        else { return name }
        return Array(name[..<(n - 4)])
    }
}
