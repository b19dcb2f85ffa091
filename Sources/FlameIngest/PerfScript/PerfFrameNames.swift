import FlameModel

/// Turns the parts of one `perf script` frame line into the frame names
/// stackcollapse-perf.pl would push: offset stripping, `[unknown]` fallback to
/// the module, name tidying (C++ arguments, quotes, Java signatures), Java
/// inline chains split on `->`, and the `_[i]`/`_[k]`/`_[j]` annotations.
/// It runs once per distinct line (the collapser caches its result), so it
/// favours clarity over speed.
struct PerfFrameNames {
    let options: PerfScriptOptions
    /// With `--inline`: this collapser's own symbolizer (one per thread).
    private let resolver: PerfInlineFrames?

    init(options: PerfScriptOptions, diagnostics: Diagnostics) {
        self.options = options
        resolver = options.inline.map { PerfInlineFrames(options: $0, diagnostics: diagnostics) }
    }

    struct Result {
        var names: [[UInt8]] = []
        /// The kind of each of `names`, from the module column: annotations
        /// depend on options, kinds do not (`[vdso]` is user code even where
        /// `--kernel` marks it `_[k]`).
        var kinds: [FrameKind] = []
        /// The symbol is one of `--skip-after`: callers of this frame are dropped.
        var stopsStack = false
        /// With `--srcline`: how many of `names`, from the first, take their
        /// source location from the lines that follow (one line each). The Perl
        /// script stops reading them at an `[unknown]` frame of an unknown module.
        var sourceLineReads = 0
    }

    func names(pc: ArraySlice<UInt8>, symbol: ArraySlice<UInt8>, module: ArraySlice<UInt8>, javaProcess: Bool) -> Result {
        var result = Result()
        let raw = Self.strippingOffset(symbol)
        result.stopsStack = options.skipAfter.contains { $0.elementsEqual(raw) }
        // As in stackcollapse-perf.pl, --inline comes first and replaces the line's frames.
        if let resolver, let inlined = resolver.names(pc: pc, module: module) {
            result.names = inlined.names
            result.kinds = inlined.kinds
            return result
        }
        if raw.first == UInt8(ascii: "(") { return result }  // a process name, not a frame

        var unknownModule = false
        for (index, part) in Self.splitArrows(raw).enumerated() {
            var name = Array(part)
            var kind = index > 0 ? FrameKind.inlined : Self.kind(ofModule: module)
            if name == Literal.unknown {
                kind = .unknown
                name = unknownName(pc: pc, module: module)
                if Bytes.equal(module, Literal.unknown) { unknownModule = true }
            }
            name = demangledAndTidied(name)
            if javaProcess, name.first == UInt8(ascii: "L"), name.contains(UInt8(ascii: "/")) {
                name.removeFirst()
            }
            if index > 0 {
                if !Bytes.contains(Literal.inlined, in: name[...]) { name += Literal.inlined }
            } else if options.annotateKernel, Self.isKernel(module) {
                name += Literal.kernel
            } else if options.annotateJIT, Self.isPerfMap(module), !Bytes.contains(Literal.jit, in: name[...]) {
                name += Literal.jit
            }
            result.names.append(name)
            result.kinds.append(kind)
            if options.sourceLines, !unknownModule { result.sourceLineReads += 1 }
        }
        return result
    }

    /// Tidies `name` as stackcollapse-perf.pl does, after demangling it where
    /// the options ask: a demangled Swift name keeps its parentheses, which
    /// are argument labels (`main(_:)` and `main()` are two functions).
    private func demangledAndTidied(_ name: [UInt8]) -> [UInt8] {
        guard let demangler = options.demangler, options.demangleAll || Self.looksSwiftMangled(name),
              let (demangled, keepsParentheses) = name.withUnsafeBytes({ demangler.demangle($0) })
        else { return Self.tidy(name) }
        return Self.tidy(Array(demangled.utf8), cutArguments: !keepsParentheses)
    }

    /// `$s`, `_$s`, `$S`, `_$S` (Swift 5 and 4.2 manglings).
    static func looksSwiftMangled(_ name: [UInt8]) -> Bool {
        let start = name.first == UInt8(ascii: "_") ? 1 : 0
        return name.count > start + 2 && name[start] == UInt8(ascii: "$")
            && (name[start + 1] == UInt8(ascii: "s") || name[start + 1] == UInt8(ascii: "S"))
    }

    /// A `perf script -F+srcline` line as the Perl script appends it to a
    /// frame: `[...]` groups removed, blanks trimmed; nil when nothing is left.
    static func sourceLineSuffix(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var text: [UInt8] = []
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "["), let close = line[(i + 1)...].firstIndex(of: UInt8(ascii: "]")) {
                i = close + 1
                continue
            }
            text.append(line[i])
            i += 1
        }
        while let first = text.first, PerfScriptSyntax.isSpace(first) { text.removeFirst() }
        while let last = text.last, PerfScriptSyntax.isSpace(last) { text.removeLast() }
        return text.isEmpty ? nil : [UInt8(ascii: ":")] + text
    }

    /// `[unknown]` becomes the module's file name, or `unknown` without one.
    private func unknownName(pc: ArraySlice<UInt8>, module: ArraySlice<UInt8>) -> [UInt8] {
        var base: [UInt8]
        if Bytes.equal(module, Literal.unknown) {
            base = Literal.unknownWord
        } else if let slash = module.lastIndex(of: UInt8(ascii: "/")) {
            base = Array(module[(slash + 1)...])
        } else {
            base = Array(module)
        }
        if options.includeAddresses { base += Array(" <".utf8) + pc + Array(">".utf8) }
        return [UInt8(ascii: "[")] + base + [UInt8(ascii: "]")]
    }

    /// Removes a trailing `+0x` followed by lower-case hex digits.
    static func strippingOffset(_ symbol: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let end = symbol.withUnsafeBufferPointer { PerfScriptSyntax.endStrippingOffset($0, 0 ..< $0.count) }
        return symbol[..<(symbol.startIndex + end)]
    }

    /// Perl's `split /->/`: trailing empty fields are dropped.
    static func splitArrows(_ s: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = s.startIndex
        var i = s.startIndex
        while i + 1 < s.endIndex {
            if s[i] == UInt8(ascii: "-"), s[i + 1] == UInt8(ascii: ">") {
                parts.append(s[start ..< i])
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        parts.append(s[start...])
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        return parts
    }

    /// `;` becomes `:`, argument lists are cut (unless the name looks like a Go
    /// method, `pkg.(*T).M`, or the paren opens `(anonymous namespace)`), and
    /// quotes are removed. `cutArguments: false` is for Swift names flame
    /// demangled itself, whose parentheses hold argument labels (`main(_:)`).
    static func tidy(_ name: [UInt8], cutArguments: Bool = true) -> [UInt8] {
        var s = name.map { $0 == UInt8(ascii: ";") ? UInt8(ascii: ":") : $0 }
        if cutArguments, !looksLikeGoMethod(s) {
            var i = 0
            while i < s.count {
                if s[i] == UInt8(ascii: "("), !Bytes.hasPrefix(Literal.anonymousNamespace, s[(i + 1)...]) {
                    s.removeSubrange(i...)
                    break
                }
                i += 1
            }
        }
        s.removeAll { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        return s
    }

    /// `\.\(.*\)\.`
    private static func looksLikeGoMethod(_ s: [UInt8]) -> Bool {
        guard let open = Bytes.find(Literal.goMethodOpen, in: s[...]) else { return false }
        return Bytes.find(Literal.goMethodClose, in: s[...], from: open + 2) != nil
    }

    /// The kind of code in `module`: the kernel (`[kernel.kallsyms]`,
    /// `[guest.kernel.kallsyms]`, modules, `vmlinux`), the vDSO (`[vdso]`,
    /// `[vsyscall]`), JIT code (perf maps), else user code.
    static func kind(ofModule module: ArraySlice<UInt8>) -> FrameKind {
        if Bytes.equal(module, Literal.vdso) || Bytes.equal(module, Literal.vsyscall) { return .vdso }
        if isKernel(module) { return .kernel }
        if isPerfMap(module) { return .jit }
        return .user
    }

    /// `(^\[|vmlinux$)` and not containing `unknown`.
    static func isKernel(_ module: ArraySlice<UInt8>) -> Bool {
        (module.first == UInt8(ascii: "[") || Bytes.hasSuffix(Literal.vmlinux, module))
            && !Bytes.contains(Literal.unknownWord, in: module)
    }

    /// `/tmp/perf-\d+\.map` anywhere in the module.
    static func isPerfMap(_ module: ArraySlice<UInt8>) -> Bool {
        var from = module.startIndex
        while let at = Bytes.find(Literal.perfMapPrefix, in: module, from: from) {
            let digits = at + Literal.perfMapPrefix.count
            var k = digits
            while k < module.endIndex, PerfScriptSyntax.isDigit(module[k]) { k += 1 }
            if k > digits, Bytes.hasPrefix(Literal.perfMapSuffix, module[k...]) { return true }
            from = at + 1
        }
        return false
    }
}

/// Plain byte searches. The generic collection algorithms of the standard
/// library cost a metadata lookup per call, which shows on the hot path.
enum Bytes {
    /// The first index at or after `from` where `needle` occurs in `hay`.
    static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>, from: Int? = nil) -> Int? {
        let n = needle.count
        var i = from ?? hay.startIndex
        guard n > 0 else { return i }
        let first = needle[0]
        while i + n <= hay.endIndex {
            if hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    static func contains(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Bool { find(needle, in: hay) != nil }

    static func hasPrefix(_ prefix: [UInt8], _ s: ArraySlice<UInt8>) -> Bool {
        guard s.count >= prefix.count else { return false }
        var k = 0
        while k < prefix.count, s[s.startIndex + k] == prefix[k] { k += 1 }
        return k == prefix.count
    }

    static func hasSuffix(_ suffix: [UInt8], _ s: ArraySlice<UInt8>) -> Bool {
        guard s.count >= suffix.count else { return false }
        return hasPrefix(suffix, s[(s.endIndex - suffix.count)...])
    }

    static func equal(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool { a.count == b.count && hasPrefix(b, a) }
}

enum Literal {
    static let unknown = Array("[unknown]".utf8)
    static let unknownWord = Array("unknown".utf8)
    static let inlined = Array("_[i]".utf8)
    static let kernel = Array("_[k]".utf8)
    static let jit = Array("_[j]".utf8)
    static let anonymousNamespace = Array("anonymous namespace)".utf8)
    static let goMethodOpen = Array(".(".utf8)
    static let goMethodClose = Array(").".utf8)
    static let vmlinux = Array("vmlinux".utf8)
    static let vdso = Array("[vdso]".utf8)
    static let vsyscall = Array("[vsyscall]".utf8)
    static let perfMapPrefix = Array("/tmp/perf-".utf8)
    static let perfMapSuffix = Array(".map".utf8)
}
