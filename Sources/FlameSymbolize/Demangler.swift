import CIberty
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// libswiftCore's demangler (exported by the runtime every Swift program links).
@_silgen_name("swift_demangle")
private func swift_demangle(_ mangled: UnsafePointer<CChar>?, _ length: Int, _ output: UnsafeMutablePointer<CChar>?,
                            _ outputLength: UnsafeMutablePointer<Int>?, _ flags: UInt32) -> UnsafeMutablePointer<CChar>?

/// How much of a demangled C++ (or Rust) name to keep.
public enum NameStyle: Sendable {
    /// With parameter types, qualifiers and template return types, as
    /// `addr2line -C` and llvm-symbolizer print them (`flame symbolize`).
    case signature
    /// As `perf script` prints frames: no parameters, no return type
    /// (`hash_table<int>::traverse<int>`), so a function symbolized by flame
    /// and the same function named by perf are one frame.
    case frame
}

/// Demangles C++ (Itanium), Rust (legacy and v0) and Swift symbols with the
/// system's own demanglers: libiberty's `cplus_demangle` in automatic style
/// tries Rust first (legacy Rust names are valid Itanium names that would
/// otherwise keep their hash) and then C++; Swift goes to `swift_demangle`,
/// shortened to `Module.Type.method(label:)` (see `SwiftFrameName`) in
/// either style. Names that are not mangled, or fail to demangle, come back
/// unchanged.
public enum Demangler {
    public static func demangle(_ name: UnsafePointer<CChar>, style: NameStyle = .signature) -> String {
        if let demangled = demangleOrNil(name, style: style) { return demangled }
        return String(cString: name)
    }

    public static func demangle(_ name: String, style: NameStyle = .signature) -> String {
        name.withCString { demangle($0, style: style) }
    }

    /// The demangled name, or nil when `name` is not a mangled name.
    static func demangleOrNil(_ name: UnsafePointer<CChar>, style: NameStyle) -> String? {
        let c0 = UInt8(bitPattern: name[0])
        guard c0 == UInt8(ascii: "_") || c0 == UInt8(ascii: "$") else { return nil }
        let c1 = UInt8(bitPattern: name[1])
        if c0 == UInt8(ascii: "_"), c1 == UInt8(ascii: "Z") || c1 == UInt8(ascii: "R") {
            let flags = style == .signature ? DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO : DMGL_AUTO
            return take(cplus_demangle(name, flags))
        }
        // Text the runtime cannot demangle comes back as it is.
        guard isSwift(name), let full = take(swift_demangle(name, strlen(name), nil, nil, 0)),
              full != String(cString: name) else { return nil }
        return SwiftFrameName.readable(full)
    }

    private static func take(_ out: UnsafeMutablePointer<CChar>?) -> String? {
        guard let out else { return nil }
        defer { free(out) }
        return String(cString: out)
    }

    /// Swift mangling prefixes: `$s`, `$S`, `_$s`, `_$S`, `$e` (embedded), `_T0`.
    static func isSwift(_ name: UnsafePointer<CChar>) -> Bool {
        var p = name
        if UInt8(bitPattern: p[0]) == UInt8(ascii: "_") { p += 1 }
        let a = UInt8(bitPattern: p[0])
        guard a != 0 else { return false }
        let b = UInt8(bitPattern: p[1])
        if a == UInt8(ascii: "$") { return b == UInt8(ascii: "s") || b == UInt8(ascii: "S") || b == UInt8(ascii: "e") }
        return a == UInt8(ascii: "T") && b == UInt8(ascii: "0")
    }
}

/// Demangles frame names of text profiles (`perf script` prints Swift
/// symbols mangled): a Swift or C++ mangled name gives its frame-style name,
/// anything else nil, so callers keep the bytes they have. Readers take it
/// through the model's `NameDemangler` seam.
public struct FrameNameDemangler: NameDemangler {
    public init() {}

    public func demangle(_ name: UnsafeRawBufferPointer) -> (name: String, keepsParentheses: Bool)? {
        guard name.count >= 2, name.count < 1 << 16, !name.contains(0) else { return nil }
        let c0 = name[0], c1 = name[1]
        let mangled = (c0 == UInt8(ascii: "$")) || (c0 == UInt8(ascii: "_") && (c1 == UInt8(ascii: "$") || c1 == UInt8(ascii: "Z") || c1 == UInt8(ascii: "T")))
        guard mangled else { return nil }
        var text = [CChar](repeating: 0, count: name.count + 1)
        for k in 0 ..< name.count { text[k] = CChar(bitPattern: name[k]) }
        guard let demangled = Demangler.demangleOrNil(text, style: .frame) else { return nil }
        return (demangled, Demangler.isSwift(text))
    }

    public func demangle(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { demangle(UnsafeRawBufferPointer($0))?.name }
    }
}
