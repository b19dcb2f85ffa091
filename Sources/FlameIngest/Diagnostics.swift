#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects warnings: each is one line naming the input and, where it applies,
/// the line number; they go to standard error as they happen (unless quiet)
/// and are kept for tests.
public final class Diagnostics: @unchecked Sendable {
    private let monitor = Monitor()
    private var collected: [String] = []
    private let echo: Bool

    public init(echoToStandardError: Bool = true) { echo = echoToStandardError }

    public var warnings: [String] { monitor.locked { collected } }

    public func warn(_ message: String) {
        monitor.locked {
            collected.append(message)
            if echo {
                let line = "flame: warning: \(message)\n"
                _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
            }
        }
    }

    /// A short, printable rendering of raw input bytes for a message.
    public static func excerpt(_ bytes: some Collection<UInt8>, limit: Int = 80) -> String {
        var text = ""
        for b in bytes.prefix(limit) {
            if b >= 0x20 && b < 0x7F { text.unicodeScalars.append(UnicodeScalar(b)) }
            else if b == 9 { text += "\\t" }
            else { text += "\\x" + String(b, radix: 16, uppercase: false).leftPadded(to: 2) }
        }
        if bytes.count > limit { text += "..." }
        return text
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
