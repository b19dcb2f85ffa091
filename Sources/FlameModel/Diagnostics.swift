/// Collects warnings: one line each, naming the input and, where it applies,
/// the line or byte offset. The library never writes to standard error
/// itself: the program that owns the terminal passes a handler (the command
/// line prints `flame: warning: ...`), and tests read `warnings`.
public final class Diagnostics: @unchecked Sendable {
    private let monitor = Monitor()
    private var collected: [String] = []
    private var once: Set<String> = []
    private let handler: (@Sendable (String) -> Void)?
    /// Kept warnings; past this many, only the count grows (hostile input
    /// can produce a warning per line).
    public static let keptLimit = 10_000
    private var dropped = 0

    public init(handler: (@Sendable (String) -> Void)? = nil) { self.handler = handler }

    public var warnings: [String] { monitor.locked { collected } }

    public func warn(_ message: String) {
        monitor.locked {
            if collected.count < Self.keptLimit { collected.append(message) } else { dropped += 1 }
            handler?(message)
        }
    }

    /// Warns the first time `message` is given, whichever thread gives it:
    /// one warning per module, per missing file, per unknown record type.
    public func warnOnce(_ message: String) {
        let first = monitor.locked { once.insert(message).inserted }
        if first { warn(message) }
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
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
