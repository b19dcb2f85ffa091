import FlameModel

/// How `--kernel` treats kernel frames, so that a profiler that sees kernel
/// stacks (perf) can be compared with one that does not (a signal handler).
public enum KernelMode: String, Sendable, CaseIterable {
    /// Compare as recorded.
    case keep
    /// Remove kernel frames: their time goes to the user frame that entered
    /// the kernel, which is where a signal-based sampler charges it.
    case charge
    /// Leave out samples whose leaf is a kernel frame (user time only).
    case drop
}

/// What functions are keyed by.
public enum FunctionKey: String, Sendable, CaseIterable {
    /// The (normalized) frame name.
    case name
    /// `module!name` where a reader knew the module, else the name.
    case module
}

/// How both profiles are made comparable before any metric is computed.
/// Every rewrite is per distinct frame, never per sample.
public struct NormalizeOptions {
    public var kernel: KernelMode = .keep
    /// Drop inlined frames, so each sample is charged to the machine function.
    public var physical = false
    /// Turn off the built-in name rewrites (offsets, ABI suffixes, label roots).
    public var exactNames = false
    /// `--map REGEX=REPLACEMENT` rules, applied in order after the built-ins.
    public var maps: [NameMap] = []
    /// Keep only stacks with a frame matching this.
    public var focus: NamePattern? = nil
    /// Leave out stacks with a frame matching this.
    public var ignore: NamePattern? = nil
    /// Names of the outermost user frame of a complete stack.
    public var entryPoints: [String] = NormalizeOptions.defaultEntryPoints
    public var key: FunctionKey = .name
    /// Treat the first frame of every stack as a label (the process or thread
    /// name folded text from perf or a sampler carries, which folded text
    /// cannot mark) and drop it.
    public var stripRoot = false
    /// difffolded.pl's `-s`: `0x` followed by hex digits becomes `0x...`.
    public var stripHex = false

    public init() {}

    public static let defaultEntryPoints = [
        "_start", "main", "__libc_start_main", "__libc_start_call_main", "start_thread", "clone", "clone3",
        "__clone", "__clone3", "__GI___clone", "__GI___clone3", "_dl_start_user", "_dl_start",
        "runtime.goexit", "runtime.mstart", "runtime.rt0_go", "runtime.main", "runtime.mcall", "runtime.morestack",
        "runtime.systemstack_switch",
    ]

    /// The options as a reader of a report should see them.
    public var summary: [(name: String, value: String)] {
        var out: [(String, String)] = [("kernel", kernel.rawValue), ("physical", physical ? "yes" : "no"),
                                       ("names", exactNames ? "exact" : "built-in rewrites (+0x offsets, Go ABI suffixes, label roots)")]
        for map in maps { out.append(("map", map.source)) }
        if let focus { out.append(("focus", focus.source)) }
        if let ignore { out.append(("ignore", ignore.source)) }
        if stripRoot { out.append(("strip-root", "yes")) }
        if stripHex { out.append(("strip-hex", "yes")) }
        out.append(("key", key.rawValue))
        out.append(("entry points", entryPoints.joined(separator: ", ")))
        return out
    }
}

public struct NormalizeError: FlameError {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A regular expression over frame names (Swift's `Regex`, the syntax of
/// Perl and PCRE for everything `--map`, `--focus` and `--ignore` need).
public struct NamePattern: @unchecked Sendable {
    public let source: String
    let regex: Regex<AnyRegexOutput>

    public init(_ source: String) throws {
        self.source = source
        do { regex = try Regex(source) } catch {
            throw NormalizeError("bad regular expression '\(source)': \(error)")
        }
    }

    public func matches(_ name: String) -> Bool { (try? regex.firstMatch(in: name)) != nil }
}

/// `REGEX=REPLACEMENT`: every match in a name is replaced; `$1`..`$9` in the
/// replacement stand for the groups. The first `=` that is not inside the
/// regular expression's brackets or parentheses separates the two, so write
/// `\=` for a literal `=` in the expression.
public struct NameMap: @unchecked Sendable {
    public let source: String
    let pattern: NamePattern
    let replacement: String

    public init(_ rule: String) throws {
        source = rule
        var depth = 0, escaped = false, split: String.Index? = nil
        for index in rule.indices {
            let c = rule[index]
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            case "=" where depth == 0: split = index
            default: break
            }
            if split != nil { break }
        }
        guard let split else { throw NormalizeError("--map '\(rule)': expected REGEX=REPLACEMENT") }
        let expression = String(rule[..<split]).replacingAll("\\=", with: "=")
        guard !expression.isEmpty else { throw NormalizeError("--map '\(rule)': the regular expression is empty") }
        pattern = try NamePattern(expression)
        replacement = String(rule[rule.index(after: split)...])
    }

    /// `name` with every match replaced.
    public func apply(_ name: String) -> String {
        let matches = name.matches(of: pattern.regex)
        guard !matches.isEmpty else { return name }
        var out = ""
        var last = name.startIndex
        for match in matches {
            out += name[last ..< match.range.lowerBound]
            out += expand(match)
            last = match.range.upperBound
        }
        out += name[last...]
        return out
    }

    private func expand(_ match: Regex<AnyRegexOutput>.Match) -> String {
        var out = ""
        var chars = replacement.makeIterator()
        while let c = chars.next() {
            guard c == "$" else { out.append(c); continue }
            guard let d = chars.next() else { out.append(c); break }
            if let n = d.wholeNumberValue, n < match.output.count {
                if let group = match.output[n].substring { out += group }
            } else {
                out.append(c)
                out.append(d)
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
