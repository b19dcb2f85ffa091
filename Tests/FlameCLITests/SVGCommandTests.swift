import Foundation
import Testing

/// `flame svg` end to end: colours against flamegraph.pl, the consistent
/// palette file, atomic output and the options users reach for most.
@Suite struct SVGCommandTests {
    static let palettes = Repository.root + "/Fixtures/svg/palettes"

    /// (title without the sample count, fill) for every frame but the root.
    static func fills(_ svg: String) -> [String: String] {
        var result: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"<title>(.*?) \([0-9,]+ samples?, [0-9.]+%\)</title><rect [^>]*fill="([^"]*)""#)
        let range = NSRange(svg.startIndex..., in: svg)
        for match in pattern.matches(in: svg, range: range) {
            let name = String(svg[Range(match.range(at: 1), in: svg)!])
            if name != "all" { result[name] = String(svg[Range(match.range(at: 2), in: svg)!]) }
        }
        return result
    }

    /// Fixtures/svg/palettes/flamegraph-pl-colors.tsv holds the fill that
    /// flamegraph.pl gives each of 26 names (Java, JS, Perl, C++, kernel, JIT
    /// and separator frames) in each palette; flame must give the same.
    /// (`chain` is left out on purpose: see docs/svg.md.)
    @Test func paletteColoursMatchFlamegraphPl() throws {
        let table = String(decoding: try bytes(Self.palettes + "/flamegraph-pl-colors.tsv"), as: UTF8.self)
        var expected: [String: [String: String]] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            expected[fields[0], default: [:]][fields[1]] = fields[2]
        }
        #expect(expected.count == 14)
        for (palette, colours) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try Flame.run(["svg", "--colors", palette, Self.palettes + "/names.folded"])
            #expect(result.status == 0, "\(palette): \(result.stderr)")
            let actual = Self.fills(String(decoding: result.stdout, as: UTF8.self))
            #expect(actual.count == colours.count, "\(palette)")
            for (name, fill) in colours {
                #expect(actual[name] == fill, "palette \(palette), frame \(name)")
            }
        }
    }

    @Test func consistentPaletteFileIsWrittenAndReused() throws {
        let scratch = Scratch()
        let map = scratch.path("palette.map")
        let first = try Flame.run(["svg", "--cp", "--palette-file", map, "--colors", "java", Self.palettes + "/names.folded"])
        #expect(first.status == 0, "\(first.stderr)")
        let written = String(decoding: try bytes(map), as: UTF8.self)
        #expect(written.contains("Interpreter->rgb("))
        // Pin one colour by hand: the next graph must use it, whatever the palette.
        let pinned = written.split(separator: "\n").map { $0.hasPrefix("Interpreter->") ? "Interpreter->rgb(1,2,3)" : String($0) }
        _ = scratch.write("palette.map", pinned.joined(separator: "\n") + "\n")
        let second = try Flame.run(["svg", "--cp", "--palette-file", map, "--colors", "blue", Self.palettes + "/names.folded"])
        #expect(Self.fills(String(decoding: second.stdout, as: UTF8.self))["Interpreter"] == "rgb(1,2,3)")
    }

    @Test func outputFileIsAtomicAndErrorsLeaveNothing() throws {
        let scratch = Scratch()
        let out = scratch.path("graph.svg")
        let ok = try Flame.run(["svg", "--title", "T&<x>", "-o", out, Self.palettes + "/names.folded"])
        #expect(ok.status == 0 && ok.stdout.isEmpty)
        let svg = String(decoding: try bytes(out), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml") && svg.contains("T&amp;&lt;x&gt;") && svg.hasSuffix("</svg>\n"))
        let failed = try Flame.run(["svg", "-o", scratch.path("missing.svg"), scratch.path("no-such-input")])
        #expect(failed.status == 1 && failed.stderr.hasPrefix("flame: error:"))
        #expect(scratch.entries().sorted() == ["graph.svg"])
    }

    @Test func layoutOptionsChangeTheGraph() throws {
        let input = Repository.root + "/Fixtures/svg/perf-gzip-sort.folded"
        let plain = try Flame.run(["svg", "--deterministic", input]).stdout
        for options in [["--inverted"], ["--reverse"], ["--width", "600"], ["--minwidth", "5%"], ["--flamechart"]] {
            let result = try Flame.run(["svg", "--deterministic"] + options + [input])
            #expect(result.status == 0, "\(options): \(result.stderr)")
            let changed = result.stdout != plain
            #expect(changed, "\(options) changed nothing")
        }
        let bad = try Flame.run(["svg", "--colors", "nosuchpalette", input])
        #expect(bad.status != 0 && !bad.stderr.isEmpty)
    }
}
