import FlameModel

/// Writes profiles in speedscope's file format
/// (https://www.speedscope.app/file-format-schema.json): one `sampled`
/// profile per input, all sharing one frame list. A frame is its name
/// without the folded annotation its kind already states, and its module as
/// the frame's `file` where known (kernel frames: `[kernel.kallsyms]`), so
/// the same name in two modules stays two frames. Each unique stack is one
/// sample, root first, weighted by its weight.
public enum SpeedscopeWriter {
    /// One profile of the file: its name (shown by speedscope) and contents.
    public struct Input {
        public var name: String
        public var profile: Profile
        public init(name: String, profile: Profile) {
            self.name = name
            self.profile = profile
        }
    }

    /// speedscope's value units; anything else is shown as plain numbers.
    static let units: Set<String> = ["nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"]

    public static func write(_ inputs: [Input], name: String, exporter: String, to sink: inout some ByteSink) throws {
        var frameIDs: [ExportedFrame: Int] = [:]
        var frameList: [ExportedFrame] = []
        var profiles: [[UInt8]] = []
        for input in inputs {
            let frames = input.profile.frames
            var local: [Int] = []  // model frame id -> shared frame index
            local.reserveCapacity(frames.count)
            for id in 0 ..< frames.count {
                let frame = ExportedFrame(UInt32(id), of: frames)
                if let known = frameIDs[frame] {
                    local.append(known)
                } else {
                    frameIDs[frame] = frameList.count
                    local.append(frameList.count)
                    frameList.append(frame)
                }
            }
            profiles.append(profileJSON(input, local: local))
        }

        var out = JSONText()
        out.raw("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"shared\":{\"frames\":[")
        for (index, frame) in frameList.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{\"name\":")
            out.string(frame.name)
            if let module = frame.module {
                out.raw(",\"file\":")
                out.string(module)
            }
            out.raw("}")
        }
        out.raw("]},\"profiles\":[")
        try sink.write(out.bytes)
        for (index, profile) in profiles.enumerated() {
            if index > 0 { try sink.write(Array(",".utf8)) }
            try sink.write(profile)
        }
        out = JSONText()
        out.raw("],\"name\":")
        out.string(name)
        out.raw(",\"activeProfileIndex\":0,\"exporter\":")
        out.string(exporter)
        out.raw("}\n")
        try sink.write(out.bytes)
    }

    private static func profileJSON(_ input: Input, local: [Int]) -> [UInt8] {
        let stacks = input.profile.stacks
        var out = JSONText()
        out.raw("{\"type\":\"sampled\",\"name\":")
        out.string(input.name)
        out.raw(",\"unit\":")
        out.string(input.profile.unit.flatMap { units.contains($0) ? $0 : nil } ?? "none")
        out.raw(",\"startValue\":0,\"endValue\":")
        out.number(stacks.totalWeight)
        out.raw(",\"samples\":[")
        for index in 0 ..< stacks.count {
            if index > 0 { out.raw(",") }
            out.raw("[")
            for (position, frame) in stacks.frames(of: index).enumerated() {
                if position > 0 { out.raw(",") }
                out.number(UInt64(local[Int(frame)]))
            }
            out.raw("]")
        }
        out.raw("],\"weights\":[")
        for index in 0 ..< stacks.count {
            if index > 0 { out.raw(",") }
            out.number(stacks.weight(of: index))
        }
        out.raw("]}")
        return out.bytes
    }
}

/// JSON text built as bytes: strings escaped per RFC 8259 (quote, backslash,
/// control characters), numbers as decimal integers.
struct JSONText {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func number(_ value: UInt64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func string(_ text: String) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0 ..< 0x20, 0x7F:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
