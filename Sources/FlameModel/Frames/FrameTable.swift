/// Interned frames: a frame is its name (the text folded output prints,
/// annotations included) and its kind, and gets a dense `UInt32` id. The same
/// text with two kinds is two frames: a user-space `memcpy` is not the
/// kernel's. Where a reader knows the module a frame's code lives in, the
/// first module seen for the frame is kept beside it (a property of the
/// frame, not part of its identity, so that renderers merge equal names).
public final class FrameTable {
    private let names: ByteKeyTable
    private let modulePaths = ByteKeyTable(capacity: 64)
    /// Module id + 1 per frame; 0: unknown.
    // One owner thread, never re-entered: no run-time exclusivity checks (see ByteKeyTable).
    @exclusivity(unchecked) private var moduleOf = GrowableBuffer<UInt32>(capacity: 1 << 10)

    public init(capacity: Int = 1 << 10) { names = ByteKeyTable(capacity: capacity) }

    deinit { moduleOf.free() }

    /// Number of distinct frames.
    public var count: Int { names.count }

    /// Bytes held by the names, for memory accounting.
    public var byteCount: Int { names.byteCount }

    /// The frame `(name, kind)`, adding it if new; `module` (from
    /// `internModule`) is recorded the first time the frame is seen.
    @inline(__always)
    public func intern(_ name: UnsafeRawBufferPointer, kind: FrameKind, module: UInt32? = nil) -> UInt32 {
        let known = names.count
        let id = names.intern(name, tag: kind.rawValue)
        if Int(id) == known { moduleOf.append(module.map { $0 &+ 1 } ?? 0) }
        return id
    }

    /// A frame read from folded text: its kind comes from the annotation
    /// (`FrameKind(foldedName:)`).
    @inline(__always)
    public func intern(_ name: UnsafeRawBufferPointer) -> UInt32 {
        intern(name, kind: FrameKind(foldedName: name))
    }

    /// A frame named by a reader from outside text (pprof strings, thread
    /// names, symbol tables): bytes that would break the folded format are
    /// replaced (see `foldedSafe`).
    public func intern(_ name: [UInt8], kind: FrameKind? = nil, module: UInt32? = nil) -> UInt32 {
        Self.foldedSafe(name).withUnsafeBytes { intern($0, kind: kind ?? FrameKind(foldedName: $0), module: module) }
    }

    /// `name` with the bytes folded text cannot carry inside a frame replaced:
    /// `;` (the frame separator) becomes `:` as stackcollapse-perf.pl does,
    /// line breaks become spaces, and NUL becomes `?`, so that every profile
    /// written as folded text reads back as the same stacks.
    public static func foldedSafe(_ name: [UInt8]) -> [UInt8] {
        guard name.contains(where: { $0 == 0x3B || $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else { return name }
        return name.map { byte in
            switch byte {
            case 0x3B: return 0x3A
            case 0x0A, 0x0D: return 0x20
            case 0: return 0x3F
            default: return byte
            }
        }
    }

    public func intern(_ name: String, kind: FrameKind? = nil, module: UInt32? = nil) -> UInt32 {
        intern(Array(name.utf8), kind: kind, module: module)
    }

    /// The id of a module path, for `intern(_:kind:module:)`.
    public func internModule(_ path: String) -> UInt32 { modulePaths.intern(path) }

    /// The frame's id if present.
    public func find(_ name: UnsafeRawBufferPointer, kind: FrameKind) -> UInt32? {
        names.find(name, tag: kind.rawValue)
    }

    /// The name of frame `id`; valid until the next insertion.
    @inline(__always)
    public subscript(id: UInt32) -> UnsafeRawBufferPointer { names[id] }

    public func bytes(_ id: UInt32) -> [UInt8] { names.bytes(id) }

    /// The name decoded as UTF-8, with invalid sequences repaired.
    public func string(_ id: UInt32) -> String { names.string(id) }

    @inline(__always)
    public func kind(_ id: UInt32) -> FrameKind { FrameKind(rawValue: names.tag(id)) ?? .user }

    /// The path of the module frame `id`'s code lives in, if a reader knew it.
    public func module(_ id: UInt32) -> String? {
        let module = moduleOf[Int(id)]
        return module == 0 ? nil : modulePaths.string(module - 1)
    }

    /// Copies frame `id` of `other` into this table; returns its id here.
    public func intern(frame id: UInt32, of other: FrameTable) -> UInt32 {
        let module = other.module(id).map { internModule($0) }
        return intern(other[id], kind: other.kind(id), module: module)
    }
}

extension FrameKind {
    /// The kind folded text implies: stackcollapse-perf.pl's annotations
    /// (`_[k]` kernel, `_[i]` inlined, `_[j]` JIT), `[vdso]`, and names
    /// perf gives code it could not name (`[unknown]`, `[libfoo.so]`, and
    /// flame's `file+0xOFFSET` placeholders). Everything else is user code.
    @inline(__always)
    public init(foldedName name: UnsafeRawBufferPointer) {
        let n = name.count
        guard n >= 3 else { self = .user; return }
        if n >= 4, name[n - 4] == 0x5F, name[n - 3] == 0x5B, name[n - 1] == 0x5D {  // _[x]
            switch name[n - 2] {
            case UInt8(ascii: "k"): self = .kernel; return
            case UInt8(ascii: "i"): self = .inlined; return
            case UInt8(ascii: "j"): self = .jit; return
            default: break
            }
        }
        if name[0] == UInt8(ascii: "["), name[n - 1] == UInt8(ascii: "]") {
            self = n == 6 && name.elementsEqual("[vdso]".utf8) ? .vdso : .unknown
            return
        }
        self = Self.isPlaceholder(name) ? .unknown : .user
    }

    /// `NAME+0xHEX`, the placeholder of an unsymbolized location.
    private static func isPlaceholder(_ name: UnsafeRawBufferPointer) -> Bool {
        var i = name.count
        while i > 0, Self.isHex(name[i - 1]) { i -= 1 }
        return i < name.count && i >= 4 && name[i - 3] == UInt8(ascii: "+") && name[i - 2] == UInt8(ascii: "0")
            && name[i - 1] == UInt8(ascii: "x")
    }

    private static func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 102) }
}
