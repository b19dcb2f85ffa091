import FlameModel

/// What the writer needs of one frame name, prepared once per name.
struct NameInfo {
    /// The name as read (annotation included), for colours.
    var raw: [UInt8]
    /// Sanitized, annotation stripped, XML-escaped: the tooltip text.
    var title: [UInt8]
    /// Sanitized, annotation stripped, not escaped: the label before truncation.
    var label: [UInt8]
    /// Characters (Unicode scalars) in `label`.
    var length: Int
    /// Byte offset of each character of `label` (and of its end); nil when
    /// the label is ASCII, where characters and bytes coincide.
    var labelScalarStarts: [Int]?

    init(raw: [UInt8], sanitized: [UInt8]) {
        self.raw = raw
        label = Escaping.stripAnnotation(sanitized)
        var escaped: [UInt8] = []
        Escaping.appendXML(label, to: &escaped)
        title = escaped
        if label.allSatisfy({ $0 < 0x80 }) {
            length = label.count
            labelScalarStarts = nil
        } else {
            var starts: [Int] = []
            for (offset, byte) in label.enumerated() where byte & 0xC0 != 0x80 { starts.append(offset) }
            length = starts.count
            starts.append(label.count)
            labelScalarStarts = starts
        }
    }
}

/// Names of the drawn frames: their prepared forms, and the list the page
/// script receives (sanitized, annotation kept so a search can find `_[k]`).
struct NameTable {
    private var slot: [UInt32: Int] = [:]
    private var infos: [NameInfo] = []
    private(set) var scriptNames: [[UInt8]] = [Array("all".utf8)]

    static let rootInfo = NameInfo(raw: [], sanitized: Array("all".utf8))

    mutating func info(for id: UInt32, in frames: FrameTable) -> NameInfo {
        if id == FrameTree.rootName { return Self.rootInfo }
        if let index = slot[id] { return infos[index] }
        let raw = Array(frames[id])
        let sanitized = Escaping.sanitize(frames[id])
        slot[id] = infos.count
        infos.append(NameInfo(raw: raw, sanitized: sanitized))
        scriptNames.append(sanitized)
        return infos[infos.count - 1]
    }

    /// The index of a name in `scriptNames` (0 is the root's "all").
    func scriptIndex(_ id: UInt32) -> Int {
        id == FrameTree.rootName ? 0 : slot[id]! + 1
    }
}
