/// Turns the parts of one `perf script` frame line into the frame names
/// stackcollapse-perf.pl would push: offset stripping, `[unknown]` fallback to
/// the module, name tidying (C++ arguments, quotes, Java signatures), Java
/// inline chains split on `->`, and the `_[i]`/`_[k]`/`_[j]` annotations.
/// It runs once per distinct line (the collapser caches its result), so it
/// favours clarity over speed.
struct PerfFrameNames {
    let options: PerfScriptOptions
    /// With `--inline`: this collapser's own symbolizer (one per thread).
    private let resolver: InlineFrameResolver?

    init(options: PerfScriptOptions) {
        self.options = options
        resolver = options.inline.map { InlineFrameResolver(options: $0) }
    }

    struct Result {
        var names: [[UInt8]] = []
        /// The symbol is one of `--skip-after`: callers of this frame are dropped.
        var stopsStack = false
    }

    func names(pc: ArraySlice<UInt8>, symbol: ArraySlice<UInt8>, module: ArraySlice<UInt8>, javaProcess: Bool) -> Result {
        var result = Result()
        let raw = Self.strippingOffset(symbol)
        result.stopsStack = options.skipAfter.contains { $0.elementsEqual(raw) }
        // As in stackcollapse-perf.pl, --inline comes first and replaces the line's frames.
        if let resolver, let inlined = resolver.names(pc: pc, module: module) {
            result.names = inlined
            return result
        }
        if raw.first == UInt8(ascii: "(") { return result }  // a process name, not a frame

        for (index, part) in Self.splitArrows(raw).enumerated() {
            var name = Array(part)
            if name.elementsEqual("[unknown]".utf8) {
                name = unknownName(pc: pc, module: module)
            }
            name = Self.tidy(name)
            if javaProcess, name.first == UInt8(ascii: "L"), name.contains(UInt8(ascii: "/")) {
                name.removeFirst()
            }
            if index > 0 {
                if !name.contains(subsequence: "_[i]") { name += Array("_[i]".utf8) }
            } else if options.annotateKernel, Self.isKernel(module) {
                name += Array("_[k]".utf8)
            } else if options.annotateJIT, Self.isPerfMap(module), !name.contains(subsequence: "_[j]") {
                name += Array("_[j]".utf8)
            }
            result.names.append(name)
        }
        return result
    }

    /// `[unknown]` becomes the module's file name, or `unknown` without one.
    private func unknownName(pc: ArraySlice<UInt8>, module: ArraySlice<UInt8>) -> [UInt8] {
        var base: [UInt8]
        if module.elementsEqual("[unknown]".utf8) {
            base = Array("unknown".utf8)
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
        var k = symbol.endIndex
        while k > symbol.startIndex, isLowerHex(symbol[k - 1]) { k -= 1 }
        guard k < symbol.endIndex, k - symbol.startIndex >= 3,
              symbol[(k - 3) ..< k].elementsEqual("+0x".utf8) else { return symbol }
        return symbol[..<(k - 3)]
    }

    private static func isLowerHex(_ b: UInt8) -> Bool { PerfScriptSyntax.isDigit(b) || (b >= 97 && b <= 102) }

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
    /// quotes are removed.
    static func tidy(_ name: [UInt8]) -> [UInt8] {
        var s = name.map { $0 == UInt8(ascii: ";") ? UInt8(ascii: ":") : $0 }
        if !looksLikeGoMethod(s) {
            let anonymous = Array("anonymous namespace)".utf8)
            var i = 0
            while i < s.count {
                if s[i] == UInt8(ascii: "("), !s[(i + 1)...].starts(with: anonymous) {
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
        guard let open = s.firstRange(of: Array(".(".utf8)) else { return false }
        return s[open.upperBound...].firstRange(of: Array(").".utf8)) != nil
    }

    /// `(^\[|vmlinux$)` and not containing `unknown`.
    static func isKernel(_ module: ArraySlice<UInt8>) -> Bool {
        (module.first == UInt8(ascii: "[") || module.ends(with: "vmlinux"))
            && !module.contains(subsequence: "unknown")
    }

    /// `/tmp/perf-\d+\.map` anywhere in the module.
    static func isPerfMap(_ module: ArraySlice<UInt8>) -> Bool {
        let prefix = Array("/tmp/perf-".utf8)
        var from = module.startIndex
        while let r = module[from...].firstRange(of: prefix) {
            var k = r.upperBound
            while k < module.endIndex, PerfScriptSyntax.isDigit(module[k]) { k += 1 }
            if k > r.upperBound, module[k...].starts(with: ".map".utf8) { return true }
            from = r.lowerBound + 1
        }
        return false
    }
}

extension Collection where Element == UInt8 {
    func contains(subsequence: String) -> Bool {
        let needle = Array(subsequence.utf8)
        return Array(self).firstRange(of: needle) != nil
    }

    func ends(with suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        return count >= tail.count && Array(self).suffix(tail.count).elementsEqual(tail)
    }
}
