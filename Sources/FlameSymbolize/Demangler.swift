import CIberty
#if canImport(Glibc)
import Glibc
#endif

/// libswiftCore's demangler (exported by the runtime every Swift program links).
@_silgen_name("swift_demangle")
private func swift_demangle(_ mangled: UnsafePointer<CChar>?, _ length: Int, _ output: UnsafeMutablePointer<CChar>?,
                            _ outputLength: UnsafeMutablePointer<Int>?, _ flags: UInt32) -> UnsafeMutablePointer<CChar>?

/// Demangles C++ (Itanium), Rust (legacy and v0) and Swift symbols with the
/// system's own demanglers: libiberty's `cplus_demangle` in automatic style
/// tries Rust first (legacy Rust names are valid Itanium names that would
/// otherwise keep their hash) and then C++; Swift goes to `swift_demangle`.
/// Names that are not mangled, or fail to demangle, come back unchanged.
public enum Demangler {
    public static func demangle(_ name: UnsafePointer<CChar>) -> String {
        if let demangled = demangleOrNil(name) { return demangled }
        return String(cString: name)
    }

    public static func demangle(_ name: String) -> String {
        name.withCString { demangle($0) }
    }

    static func demangleOrNil(_ name: UnsafePointer<CChar>) -> String? {
        let c0 = UInt8(bitPattern: name[0])
        guard c0 == UInt8(ascii: "_") || c0 == UInt8(ascii: "$") else { return nil }
        let c1 = UInt8(bitPattern: name[1])
        let out: UnsafeMutablePointer<CChar>?
        if c0 == UInt8(ascii: "_"), c1 == UInt8(ascii: "Z") || c1 == UInt8(ascii: "R") {
            out = cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO)
        } else if isSwift(name) {
            out = swift_demangle(name, strlen(name), nil, nil, 0)
        } else {
            return nil
        }
        guard let out else { return nil }
        defer { free(out) }
        return String(cString: out)
    }

    /// Swift mangling prefixes: `$s`, `$S`, `_$s`, `_$S`, `$e` (embedded), `_T0`.
    private static func isSwift(_ name: UnsafePointer<CChar>) -> Bool {
        var p = name
        if UInt8(bitPattern: p[0]) == UInt8(ascii: "_") { p += 1 }
        let a = UInt8(bitPattern: p[0]), b = UInt8(bitPattern: p[1])
        if a == UInt8(ascii: "$") { return b == UInt8(ascii: "s") || b == UInt8(ascii: "S") || b == UInt8(ascii: "e") }
        return a == UInt8(ascii: "T") && b == UInt8(ascii: "0")
    }
}
