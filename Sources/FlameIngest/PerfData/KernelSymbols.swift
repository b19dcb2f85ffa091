#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// The kernel's symbols from a kallsyms file, sorted for lookup. Among
/// aliases at one address the last listed wins, as in perf: kallsyms has no
/// sizes, so each alias but the last ends where it starts (size 0), and
/// perf prefers the symbol with a size.
final class KernelSymbols: @unchecked Sendable {
    private var starts: [UInt64] = []
    private var names: [String] = []

    init?(path: String) {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var entries: [(address: UInt64, rank: Int, name: String)] = []
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            let text = String(cString: line!)
            let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard parts.count == 3, let address = UInt64(parts[0], radix: 16), address != 0,
                  let type = parts[1].first, "TtWwDdBb".contains(type) else { continue }
            var name = parts[2].prefix { $0 != "\t" && $0 != "\n" && $0 != " " }
            if name.isEmpty { continue }
            if name.hasSuffix("\n") { name = name.dropLast() }
            entries.append((address, -entries.count, String(name)))
        }
        guard !entries.isEmpty else { return nil }
        entries.sort { $0.address != $1.address ? $0.address < $1.address : $0.rank < $1.rank }
        for entry in entries where starts.last != entry.address {
            starts.append(entry.address)
            names.append(entry.name)
        }
    }

    /// The symbol containing `address` (up to the next symbol's start).
    func name(at address: UInt64) -> String? {
        starts.lastIndex(atOrBelow: address).map { names[$0] }
    }
}
