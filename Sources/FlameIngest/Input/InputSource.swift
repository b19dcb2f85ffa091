#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// One input of a command: a file, or standard input for none or `-`.
public enum InputSource: Sendable, Equatable {
    case standardInput
    case file(String)

    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    /// How messages name this input.
    public var displayName: String {
        switch self {
        case .standardInput: return "<stdin>"
        case .file(let path): return path
        }
    }

    /// Opens the input for reading.
    func open() throws -> Int32 {
        switch self {
        case .standardInput:
            return 0
        case .file(let path):
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw InputError(input: displayName, reason: String(cString: strerror(errno))) }
            return fd
        }
    }
}

/// A problem that stops reading an input; the message names the input.
public struct InputError: FlameError {
    public let input: String
    public let reason: String
    public var description: String { "\(input): \(reason)" }
}
