import FlameModel

/// Rewrites one frame name: the built-in rules (unless `--exact-names`),
/// then `-s`, then the `--map` rules. Called once per distinct frame.
struct NameRewriter {
    let options: NormalizeOptions

    func rewrite(_ name: UnsafeRawBufferPointer) -> [UInt8] {
        var bytes = Array(name)
        if !options.exactNames { bytes = Self.builtIn(bytes) }
        if options.stripHex { bytes = Self.stripHex(bytes) }
        if !options.maps.isEmpty {
            var text = String(decoding: bytes, as: UTF8.self)
            for map in options.maps { text = map.apply(text) }
            bytes = Array(text.utf8)
        }
        return bytes
    }

    /// perf's `+0xOFFSET` symbol offsets and the Go ABI suffixes ELF symbols
    /// carry (`runtime.goexit.abi0`), which runtime/pprof never prints. A
    /// trailing folded annotation (`_[k]`) stays in place.
    static func builtIn(_ name: [UInt8]) -> [UInt8] {
        var body = name[...]
        var annotation: ArraySlice<UInt8> = []
        let n = name.count
        if n >= 4, name[n - 4] == UInt8(ascii: "_"), name[n - 3] == UInt8(ascii: "["), name[n - 1] == UInt8(ascii: "]") {
            body = name[..<(n - 4)]
            annotation = name[(n - 4)...]
        }
        // +0x[0-9a-f]+ at the end
        var i = body.endIndex
        while i > body.startIndex, isHex(body[i - 1]) { i -= 1 }
        if i < body.endIndex, i - body.startIndex >= 4, body[i - 1] == UInt8(ascii: "x"), body[i - 2] == UInt8(ascii: "0"),
           body[i - 3] == UInt8(ascii: "+") {
            body = body[..<(i - 3)]
        }
        for suffix in [".abi0", ".abiinternal"] where body.count > suffix.utf8.count && body.reversed().starts(with: suffix.utf8.reversed()) {
            body = body.dropLast(suffix.utf8.count)
            break
        }
        if body.count == n - annotation.count { return name }
        return Array(body) + annotation
    }

    /// difffolded.pl's `s/0x[0-9a-fA-F]+/0x.../g`.
    static func stripHex(_ name: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(name.count)
        var i = 0
        while i < name.count {
            if name[i] == UInt8(ascii: "0"), i + 2 < name.count, name[i + 1] == UInt8(ascii: "x"), isHexAnyCase(name[i + 2]) {
                out += Array("0x...".utf8)
                i += 2
                while i < name.count, isHexAnyCase(name[i]) { i += 1 }
            } else {
                out.append(name[i])
                i += 1
            }
        }
        return out
    }

    private static func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 102) }
    private static func isHexAnyCase(_ b: UInt8) -> Bool { isHex(b) || (b >= 65 && b <= 70) }
}
