/// Shortens the Swift runtime's full demangling into a frame name that reads
/// like source: `Module.Type.method(label:_:)`.
///
/// The runtime (`swift_demangle`) only offers the full form, with every
/// parameter and result type (`sw.Point.norm(Swift.Int) -> Swift.Int`), and
/// the toolchain's simplified form drops what tells functions apart (module,
/// generic specializations). This keeps what identifies a function and drops
/// the types:
/// - parameter lists become their labels: `f(x: Swift.Int, _: Swift.Int) -> ()` is `f(x:_:)`,
///   so `main(_:)` and `main()` stay two frames;
/// - `async`, `throws`, results and accessor types (`.getter : Swift.Int`) go;
/// - a closure's or local function's own type goes: `closure #1 in M.f(_:)`;
/// - generic signatures on names (`<A where A: P>`) and private
///   discriminators (`(helper in _8F50…)` is `helper`) go;
/// - specialization lists, `(extension in X):`, `static`, thunk and witness
///   wording, conformances and types that are part of a name
///   (`Regex<Substring>.Match`) stay as the demangler printed them;
///   `function signature specialization <Arg[0] = Dead> of` is `specialized`.
enum SwiftFrameName {
    static func readable(_ full: String) -> String {
        var reader = Reader(Array(full.utf8))
        let out = reader.entity(until: nil)
        return String(decoding: out, as: UTF8.self)
    }

    private struct Reader {
        let s: [UInt8]
        var i = 0

        init(_ s: [UInt8]) { self.s = s }

        /// Copies text up to `stop` (a closing bracket of an enclosing group)
        /// or the end, rewriting the parts described above.
        mutating func entity(until stop: UInt8?) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            while i < s.count {
                let c = s[i]
                if c == stop { break }
                if c == UInt8(ascii: "("), let previous = out.last, isNameEnd(previous), !endsWithAttribute(out) {
                    out += parameterLabels()
                    skipFunctionTail()
                } else if c == UInt8(ascii: "("), let end = privateDiscriminator() {
                    // `(name in _HEX)`: the name only.
                    out += s[(i + 1) ..< end.nameEnd]
                    i = end.close + 1
                } else if c == UInt8(ascii: "<"), let previous = out.last, isIdentifier(previous) || previous == UInt8(ascii: ")") {
                    let close = matching(from: i)
                    if isGenericSignature(at: i + 1) { i = close + 1 } else { out += s[i ..< min(close + 1, s.count)]; i = close + 1 }
                } else if startsWith("function signature specialization <", at: i) {
                    // Its list is not always balanced (`[Closure Propagated : …, Argument Types : []>`).
                    guard let of = find("> of ", from: i) else { out += s[i...]; i = s.count; break }
                    i = of + 5
                    out += Array("specialized ".utf8)
                } else if startsWith("generic specialization <", at: i) || startsWith("generic partial specialization <", at: i) {
                    let open = i + s[i...].firstIndex(of: UInt8(ascii: "<"))! - i
                    let close = matching(from: open)
                    out += s[i ..< min(close + 1, s.count)]
                    i = close + 1
                } else if c == UInt8(ascii: "#"), let n = localEntityNumberEnd() {
                    // `closure #1 (Swift.Int) -> () in …`: the entity's own type goes.
                    out += s[i ..< n]
                    i = n
                    skipType()
                } else if c == UInt8(ascii: " "), startsWith(" : ", at: i), endsWithAccessor(out) {
                    i += 3
                    skipType()
                } else {
                    out.append(c)
                    i += 1
                }
            }
            return out
        }

        /// At `(`: the labels of the parameter list that starts here.
        mutating func parameterLabels() -> [UInt8] {
            let close = matching(from: i)
            var out: [UInt8] = [UInt8(ascii: "(")]
            var start = i + 1
            var depth = 0
            var k = i + 1
            while k < close {
                let c = s[k]
                if isOpen(c) { depth += 1 } else if isClose(c, at: k) { depth -= 1 }
                if (c == UInt8(ascii: ",") && depth == 0) || k == close - 1 {
                    let end = c == UInt8(ascii: ",") && depth == 0 ? k : k + 1
                    out += label(start ..< end)
                    start = k + 1
                }
                k += 1
            }
            out.append(UInt8(ascii: ")"))
            i = min(close + 1, s.count)
            return out
        }

        /// `x: Swift.Int` is `x:`; ` Swift.Int` (no label) is `_:`.
        func label(_ range: Range<Int>) -> [UInt8] {
            var k = range.lowerBound
            while k < range.upperBound, s[k] == UInt8(ascii: " ") { k += 1 }
            let start = k
            if k < range.upperBound, s[k] == UInt8(ascii: "`") {
                k += 1
                while k < range.upperBound, s[k] != UInt8(ascii: "`") { k += 1 }
                k += 1
            } else {
                while k < range.upperBound, isIdentifier(s[k]) { k += 1 }
            }
            if k > start, k + 1 < range.upperBound, s[k] == UInt8(ascii: ":"), s[k + 1] == UInt8(ascii: " ") {
                return Array(s[start ..< k]) + [UInt8(ascii: ":")]
            }
            return Array("_:".utf8)
        }

        /// After a parameter list: ` async`, ` throws`, ` throws(E)`, ` rethrows`, ` -> Result`.
        mutating func skipFunctionTail() {
            while true {
                if startsWith(" async", at: i) && !isIdentifierAt(i + 6) { i += 6; continue }
                if startsWith(" rethrows", at: i) && !isIdentifierAt(i + 9) { i += 9; continue }
                if startsWith(" throws", at: i) && !isIdentifierAt(i + 7) {
                    i += 7
                    if i < s.count, s[i] == UInt8(ascii: "(") { i = matching(from: i) + 1 }
                    continue
                }
                if startsWith(" -> ", at: i) {
                    i += 4
                    skipType()
                    continue
                }
                return
            }
        }

        /// Skips a type up to a top-level ` in ` (what a closure or an entity
        /// in a thunk's wording is followed by), an unbalanced closing bracket
        /// or the end.
        mutating func skipType() {
            var depth = 0
            while i < s.count {
                let c = s[i]
                if depth == 0 {
                    if startsWith(" in ", at: i) { return }
                    if isClose(c, at: i) { return }
                }
                if isOpen(c) { depth += 1 } else if isClose(c, at: i) { depth -= 1 }
                i += 1
            }
        }

        /// The index of the bracket closing the one at `open` (the last index
        /// when unbalanced).
        func matching(from open: Int) -> Int {
            var depth = 0
            var k = open
            while k < s.count {
                if isOpen(s[k]) { depth += 1 } else if isClose(s[k], at: k) {
                    depth -= 1
                    if depth == 0 { return k }
                }
                k += 1
            }
            return s.count - 1
        }

        /// `(name in _0123ABCD…)` at `i`.
        func privateDiscriminator() -> (nameEnd: Int, close: Int)? {
            var k = i + 1
            while k < s.count, isIdentifier(s[k]) { k += 1 }
            guard k > i + 1, startsWith(" in _", at: k) else { return nil }
            var h = k + 5
            while h < s.count, isHex(s[h]) { h += 1 }
            guard h > k + 5, h < s.count, s[h] == UInt8(ascii: ")") else { return nil }
            return (k, h)
        }

        /// At `#`: the end of `#12 ` when a type follows (a closure or local function).
        func localEntityNumberEnd() -> Int? {
            var k = i + 1
            while k < s.count, isDigit(s[k]) { k += 1 }
            guard k > i + 1, k + 1 < s.count, s[k] == UInt8(ascii: " "),
                  s[k + 1] == UInt8(ascii: "(") || s[k + 1] == UInt8(ascii: "@") else { return nil }
            return k
        }

        /// `<A>`, `<A, B1>`, `<A where …>`, `< where …>`: generic parameters, not type arguments.
        func isGenericSignature(at k: Int) -> Bool {
            if startsWith(" where ", at: k) { return true }
            guard k < s.count, s[k] >= UInt8(ascii: "A"), s[k] <= UInt8(ascii: "Z") else { return false }
            var j = k + 1
            while j < s.count, isDigit(s[j]) { j += 1 }
            return j < s.count && (s[j] == UInt8(ascii: ",") || s[j] == UInt8(ascii: ">") || s[j] == UInt8(ascii: " "))
        }

        /// `@isolated` before `(any)`: an attribute's argument, not parameters.
        func endsWithAttribute(_ out: [UInt8]) -> Bool {
            var k = out.count - 1
            while k >= 0, isIdentifier(out[k]) { k -= 1 }
            return k >= 0 && out[k] == UInt8(ascii: "@")
        }

        func endsWithAccessor(_ out: [UInt8]) -> Bool {
            guard let dot = out.lastIndex(of: UInt8(ascii: ".")) else { return false }
            let word = String(decoding: out[(dot + 1)...], as: UTF8.self)
            return Self.accessors.contains(word)
        }

        static let accessors: Set<String> = [
            "getter", "setter", "modify", "read", "_modify", "_read", "didset", "willset", "init",
            "unsafeAddressor", "unsafeMutableAddressor", "nativeOwningAddressor", "nativeOwningMutableAddressor",
            "owningAddressor", "owningMutableAddressor", "materializeForSet", "yielding borrow", "yielding mutate",
        ]

        func startsWith(_ text: String, at k: Int) -> Bool {
            var j = k
            for b in text.utf8 {
                guard j < s.count, s[j] == b else { return false }
                j += 1
            }
            return true
        }

        func find(_ text: String, from k: Int) -> Int? {
            var j = k
            while j < s.count {
                if startsWith(text, at: j) { return j }
                j += 1
            }
            return nil
        }

        func isIdentifierAt(_ k: Int) -> Bool { k < s.count && isIdentifier(s[k]) }

        func isOpen(_ c: UInt8) -> Bool { c == UInt8(ascii: "(") || c == UInt8(ascii: "<") || c == UInt8(ascii: "[") }

        /// `>` of `->` closes nothing.
        func isClose(_ c: UInt8, at k: Int) -> Bool {
            c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || (c == UInt8(ascii: ">") && !(k > 0 && s[k - 1] == UInt8(ascii: "-")))
        }

        /// What may end a function's name right before its parameter list.
        func isNameEnd(_ c: UInt8) -> Bool { isIdentifier(c) || c == UInt8(ascii: "`") }

        func isIdentifier(_ c: UInt8) -> Bool {
            isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") || c >= 0x80
        }

        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

        func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F")) }
    }
}
