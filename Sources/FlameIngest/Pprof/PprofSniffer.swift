/// Recognises a serialized pprof Profile message by its first bytes without
/// decoding it. Text formats come first in flame, so this is conservative:
/// the head must contain bytes no text profile has and must parse as a run of
/// Profile fields with the wire types profile.proto gives them.
enum PprofSniffer {
    /// Wire types allowed per Profile field number (bit n set: wire type n).
    /// Fields 1-6 and 11 are messages or strings (2); the rest are int64 (0),
    /// with `comment` (13) also in packed form (2).
    private static func allowedWireTypes(field: UInt64) -> UInt8 {
        switch field {
        case 1 ... 6, 11: return 1 << 2
        case 13: return 1 << 0 | 1 << 2
        case 7 ... 10, 12, 14, 15: return 1 << 0
        default: return 0
        }
    }

    static func looksLikeProfile(_ head: UnsafeRawBufferPointer) -> Bool {
        guard !head.isEmpty, containsBinary(head) else { return false }
        var cursor = 0
        var fields = 0
        while cursor < head.count, fields < 16 {
            guard let tag = varint(head, &cursor) else { return fields > 0 }
            let field = tag >> 3, wireType = UInt8(tag & 7)
            guard wireType < 8, allowedWireTypes(field: field) & (1 << wireType) != 0 else { return false }
            if wireType == 0 {
                guard varint(head, &cursor) != nil else { return fields > 0 }
            } else {
                guard let length = varint(head, &cursor) else { return fields > 0 }
                // A field running past the head is fine: the head is a prefix.
                if length >= UInt64(head.count - cursor) { return true }
                cursor += Int(length)
            }
            fields += 1
        }
        return fields > 0
    }

    /// Control bytes other than tab, newline and carriage return: text
    /// profiles (perf script, folded) never contain them.
    private static func containsBinary(_ head: UnsafeRawBufferPointer) -> Bool {
        head.prefix(4096).contains { $0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13 }
    }

    /// A base-128 varint at `cursor`, or nil when it is cut off or too long.
    private static func varint(_ bytes: UnsafeRawBufferPointer, _ cursor: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < bytes.count, shift < 64 {
            let byte = bytes[cursor]
            cursor += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
