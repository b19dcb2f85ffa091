/// Escaping for pages that embed flame graphs (the diff report): the same
/// rules the SVG writer applies to names, for HTML text and attributes.
public enum HTMLText {
    /// `text` made valid UTF-8 without control characters, with `& < > " '`
    /// written as references: inert in HTML text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        String(decoding: Escaping.xml(text), as: UTF8.self)
    }

    /// A whole document flame wrote (an SVG, already valid text whose line
    /// breaks its script needs) as a quoted attribute value, for an iframe's
    /// `srcdoc`: only `& < > " '` are replaced.
    public static func attribute(document bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        Escaping.appendXML(bytes, to: &out)
        return out
    }
}
