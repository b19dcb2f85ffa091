#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error that ends a flame command: its description is the one line the
/// user sees after `flame: error: ` (naming the file and line or offset where
/// it applies), and `exitStatus` is the status the command exits with.
/// Every module's errors conform, so the command line catches this protocol
/// rather than a list of types.
public protocol FlameError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

extension FlameError {
    public var exitStatus: Int32 { 1 }
}

extension OutputError: FlameError {
    public var description: String {
        switch self {
        case .brokenPipe: return "the reader of the output went away"
        case .writeFailed(let code): return "write failed: \(String(cString: strerror(code)))"
        }
    }
}
