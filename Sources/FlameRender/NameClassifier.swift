/// Picks a basic hue for a frame in the language palettes, from the shape of
/// its name: flamegraph.pl's rules for java, js and perl, inferno's for
/// python and rust. Annotations (`_[k]` kernel, `_[j]` JIT, `_[i]` inline)
/// come first where the rules use them.
enum NameClassifier {
    static func hue(for name: [UInt8], in palette: Palette) -> Palette {
        switch palette {
        case .java: return java(name)
        case .js: return js(name)
        case .perl: return perl(name)
        case .python: return python(name)
        case .rust: return rust(name)
        default: return palette
        }
    }

    static func java(_ name: [UInt8]) -> Palette {
        if name.hasSuffixBytes("_[j]") { return .green }
        if name.hasSuffixBytes("_[i]") { return .aqua }
        var body = name[...]
        if body.first == UInt8(ascii: "L") { body = body.dropFirst() }
        for package in ["java/", "javax/", "jdk/", "net/", "org/", "com/", "io/", "sun/"] where body.starts(with: package.utf8) {
            return .green
        }
        // Java names from a perf map agent use ":::" between class and method.
        if name.containsBytes(":::") { return .green }
        if name.containsBytes("::") { return .yellow }
        if name.hasSuffixBytes("_[k]") { return .orange }
        return .red
    }

    static func js(_ name: [UInt8]) -> Palette {
        if name.hasSuffixBytes("_[j]") { return name.contains(UInt8(ascii: "/")) ? .green : .aqua }
        if name.containsBytes("::") { return .yellow }
        if let slash = name.firstIndex(of: UInt8(ascii: "/")), name.firstRange(of: Array(".js".utf8), from: slash + 1) != nil {
            return .green
        }
        if name.contains(UInt8(ascii: ":")) { return .aqua }
        if name == [UInt8(ascii: " ")] { return .green }  // a missing symbol
        if name.containsBytes("_[k]") { return .orange }
        return .red
    }

    static func perl(_ name: [UInt8]) -> Palette {
        if name.containsBytes("::") { return .yellow }
        if name.containsBytes("Perl") || name.containsBytes(".pl") { return .green }
        if name.hasSuffixBytes("_[k]") { return .orange }
        return .red
    }

    static func python(_ name: [UInt8]) -> Palette {
        let parts = name.split(omittingEmptySubsequences: false) { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }
        if parts.contains(where: { $0.elementsEqual("site-packages".utf8) }) { return .aqua }
        let stdlib = parts.contains { part in
            for prefix in ["python", "Python"] where part.starts(with: prefix.utf8) {
                let version = part.dropFirst(prefix.utf8.count)
                if version.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }) { return true }
            }
            return false
        }
        if stdlib || name.hasPrefixBytes("<built-in") || name.hasPrefixBytes("<method") || name.hasPrefixBytes("<frozen") {
            return .yellow
        }
        return .red
    }

    static func rust(_ name: [UInt8]) -> Palette {
        // A "module`symbol" name is judged by its symbol.
        var symbol = name
        if let tick = name.firstIndex(of: UInt8(ascii: "`")) { symbol = Array(name[(tick + 1)...]) }
        let system = ["core::", "std::", "alloc::", "<std::", "<alloc::"].contains { symbol.hasPrefixBytes($0) }
            || (symbol.hasPrefixBytes("<core::") && !symbol.hasPrefixBytes("<core::future::from_generator::GenFuture<T>"))
        if system { return .orange }
        if symbol.containsBytes("::") { return .aqua }
        return .yellow
    }
}
