/// Escaping for pages that embed flame graphs (the diff report): the same
/// rules the SVG writer applies to names, for HTML text and attributes.
public enum HTMLText {
    /// `text` made valid UTF-8 without control characters, with `& < > " '`
    /// written as references: inert in HTML text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        String(decoding: Escaping.xml(text), as: UTF8.self)
    }

    /// Raw bytes (an SVG document, for an iframe's `srcdoc`) escaped the same way.
    public static func escape(bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBytes { Escaping.appendXML(Escaping.sanitize($0), to: &out) }
        return out
    }
}
