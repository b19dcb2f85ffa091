#if canImport(Glibc)
import Glibc
#endif

/// The function names and source paths of one module, each kept once as
/// UTF-8 and referred to by index. Frames hold indexes, so that caching an
/// address's frames holds no references and printing them copies bytes; a
/// Swift `String` is made only when a caller asks for one.
final class NameTable {
    /// Entry i is `bytes[starts[i] ..< starts[i + 1]]`.
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    @exclusivity(unchecked) private var starts: [Int] = [0]
    @exclusivity(unchecked) private var strings: [String?] = []
    @exclusivity(unchecked) private var flags: [UInt8] = []

    private static let swiftFlag: UInt8 = 1
    private static let linkageFlag: UInt8 = 2

    /// Adds `text`; `swift`: demangled from a Swift symbol; `linkage`: from
    /// a linkage (symbol) name rather than a DIE's plain name.
    func add(_ text: String, swift: Bool = false, linkage: Bool = false) -> Int32 {
        bytes.append(contentsOf: text.utf8)
        return finish(text, swift: swift, linkage: linkage)
    }

    /// Adds a C string as `String(cString:)` reads it: ASCII is copied as it
    /// is, anything else goes through `String`, which repairs invalid UTF-8.
    func add(_ p: UnsafePointer<CChar>, swift: Bool = false, linkage: Bool = false) -> Int32 {
        let n = strlen(p)
        let ascii = p.withMemoryRebound(to: UInt8.self, capacity: n) { u in
            let source = UnsafeBufferPointer(start: u, count: n)
            guard !source.contains(where: { $0 >= 0x80 }) else { return false }
            bytes.append(contentsOf: source)
            return true
        }
        guard ascii else { return add(String(cString: p), swift: swift, linkage: linkage) }
        return finish(nil, swift: swift, linkage: linkage)
    }

    private func finish(_ text: String?, swift: Bool, linkage: Bool) -> Int32 {
        starts.append(bytes.count)
        strings.append(text)
        flags.append((swift ? Self.swiftFlag : 0) | (linkage ? Self.linkageFlag : 0))
        return Int32(strings.count - 1)
    }

    func isSwift(_ id: Int32) -> Bool { flags[Int(id)] & Self.swiftFlag != 0 }
    func isLinkage(_ id: Int32) -> Bool { flags[Int(id)] & Self.linkageFlag != 0 }

    /// Appends entry `id`'s bytes.
    @inline(__always)
    func append(_ id: Int32, to out: inout [UInt8]) {
        let i = Int(id)
        out.append(contentsOf: bytes[starts[i] ..< starts[i + 1]])
    }

    func string(_ id: Int32) -> String {
        let i = Int(id)
        if let known = strings[i] { return known }
        let value = String(decoding: bytes[starts[i] ..< starts[i + 1]], as: UTF8.self)
        strings[i] = value
        return value
    }
}
