import Foundation
import Testing

/// flame's pprof export read back by pprof itself (`go tool pprof -raw`,
/// from Debian's golang-go): every stack and value of the input comes back.
/// Inputs cover each reader and each shape the writer handles: Go CPU
/// profile with inline Lines (pprof), heap profile in bytes, perf script
/// with kernel frames and periods, folded text with `_[k]`/`_[i]`/`_[j]`
/// annotations, and a FlameSampler recording (modules as mappings).
@Suite struct PprofRoundTripTests {
    static let inputs = [
        "pprof/cpu.pb.gz", "pprof/heap.pb", "perf/syscalls.perf.txt", "perf/inline-dwarf.perf.txt",
        "perf/system-wide.perf.txt", "sampler/spin.fsmp",
    ]

    static var goAvailable: Bool { Tools.find("go") != nil }

    @Test(.enabled(if: goAvailable, "go is not installed (scripts/install-deps.sh installs golang-go); pprof round trips not checked"),
          arguments: inputs)
    func pprofReadsTheSameStacks(input: String) throws {
        let folder = try TemporaryFolder()
        let path = Tools.fixture(input)
        let expected = withoutAnnotations(foldedStacks(try Tools.flame(["export", "--format", "folded", path]).stdout))
        try Tools.flame(["export", "--format", "pprof", path, "-o", folder.path("out.pb.gz")])
        let raw = try GoPprofRaw(file: folder.path("out.pb.gz"))
        #expect(!expected.isEmpty)
        #expect(raw.stacks == expected)
    }

    @Test(.enabled(if: goAvailable, "go is not installed; pprof round trips not checked"))
    func sampleTypesNameWhatWasMeasured() throws {
        let folder = try TemporaryFolder()
        try Tools.flame(["export", Tools.fixture("pprof/cpu.pb.gz"), "-o", folder.path("cpu.pb.gz")])
        #expect(try GoPprofRaw(file: folder.path("cpu.pb.gz")).sampleTypes == ["samples/count", "cpu/nanoseconds[dflt]"])
        try Tools.flame(["export", Tools.fixture("pprof/heap.pb"), "-o", folder.path("heap.pb.gz")])
        #expect(try GoPprofRaw(file: folder.path("heap.pb.gz")).sampleTypes == ["samples/count", "space/bytes[dflt]"])
        try Tools.flame(["export", Tools.fixture("pprof/cpu.folded"), "-o", folder.path("plain.pb.gz")])
        #expect(try GoPprofRaw(file: folder.path("plain.pb.gz")).sampleTypes == ["samples/count[dflt]"])
        try Tools.flame(["export", Tools.fixture("perf/syscalls.perf.txt"), "-o", folder.path("periods.pb.gz")])
        #expect(try GoPprofRaw(file: folder.path("periods.pb.gz")).sampleTypes == ["samples/count", "period/count[dflt]"])
    }

    @Test(.enabled(if: goAvailable, "go is not installed; pprof round trips not checked"))
    func kernelFramesLiveInTheKernelMapping() throws {
        let folder = try TemporaryFolder()
        try Tools.flame(["export", Tools.fixture("perf/syscalls.perf.txt"), "-o", folder.path("out.pb.gz")])
        let raw = try GoPprofRaw(file: folder.path("out.pb.gz"))
        let kernel = try #require(raw.mappings.first { $0.value == "[kernel.kallsyms]" }).key
        #expect(raw.functionsByMapping[kernel]?.contains("do_syscall_64") == true)
        #expect(raw.functionsByMapping.filter { $0.key != kernel }.allSatisfy { !$0.value.contains("do_syscall_64") })
    }

    /// Reading flame's own export gives the input's stacks again: names,
    /// inline frames (re-marked `_[i]`) and weights; kernel and JIT frames
    /// lose only their folded annotation, which the mapping now carries.
    @Test(arguments: inputs)
    func flameReadsItsOwnExport(input: String) throws {
        let folder = try TemporaryFolder()
        let path = Tools.fixture(input)
        let expected = foldedStacks(try Tools.flame(["export", "--format", "folded", path]).stdout)
        try Tools.flame(["export", "--format", "pprof", path, "-o", folder.path("out.pb.gz")])
        let back = foldedStacks(try Tools.flame(["export", "--format", "folded", folder.path("out.pb.gz")]).stdout)
        #expect(withoutAnnotations(back) == withoutAnnotations(expected))
        // Inline frames survive as frames of their own.
        #expect(back.keys.filter { $0.contains("_[i]") }.count == expected.keys.filter { $0.contains("_[i]") }.count)
    }

    /// Shards merge in any grouping to the same profile: the map-reduce
    /// recipe of docs/export.md ((a+b)+c, a+(b+c), and all at once).
    @Test func mergingShardsIsAssociative() throws {
        let folder = try TemporaryFolder()
        let shards = ["perf/syscalls.perf.txt", "perf/inline-dwarf.perf.txt", "perf/threads-pidtid.perf.txt"]
        for (index, shard) in shards.enumerated() {
            try Tools.flame(["export", Tools.fixture(shard), "-o", folder.path("shard\(index).pb.gz")])
        }
        try Tools.flame(["export", folder.path("shard0.pb.gz"), folder.path("shard1.pb.gz"), "-o", folder.path("ab.pb.gz")])
        try Tools.flame(["export", folder.path("ab.pb.gz"), folder.path("shard2.pb.gz"), "-o", folder.path("ab_c.pb.gz")])
        try Tools.flame(["export", folder.path("shard1.pb.gz"), folder.path("shard2.pb.gz"), "-o", folder.path("bc.pb.gz")])
        try Tools.flame(["export", folder.path("shard0.pb.gz"), folder.path("bc.pb.gz"), "-o", folder.path("a_bc.pb.gz")])
        let left = try Tools.flame(["export", "--format", "folded", folder.path("ab_c.pb.gz")]).stdout
        let right = try Tools.flame(["export", "--format", "folded", folder.path("a_bc.pb.gz")]).stdout
        let direct = try Tools.flame(["export", "--format", "folded"] + shards.map(Tools.fixture)).stdout
        #expect(left == right)
        #expect(withoutAnnotations(foldedStacks(left)) == withoutAnnotations(foldedStacks(direct)))
        // An exported shard keeps its unit (periods), so it merges with raw perf input too.
        let mixed = try Tools.flame(["export", "--format", "folded", folder.path("ab.pb.gz"), Tools.fixture(shards[2])]).stdout
        #expect(withoutAnnotations(foldedStacks(mixed)) == withoutAnnotations(foldedStacks(direct)))
    }
}

/// What `go tool pprof -raw` prints of a profile: sample types, samples
/// (values, then location ids leaf first), locations (lines innermost first)
/// and mappings, turned back into folded stacks of the default value.
struct GoPprofRaw {
    var sampleTypes: [String] = []
    var stacks: [String: Int64] = [:]
    var mappings: [Int: String] = [:]
    var functionsByMapping: [Int: Set<String>] = [:]

    init(file: String) throws {
        let run = try Tools.run("go", ["tool", "pprof", "-raw", "-symbolize=none", file])
        guard run.status == 0 else { throw Failure(text: "go tool pprof -raw \(file): \(run.stderr)") }
        var section = ""
        var samples: [(value: Int64, locations: [Int])] = []
        var locations: [Int: [String]] = [:]  // lines innermost first
        var current = 0
        var defaultIndex = 0
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if ["Samples:", "Locations", "Mappings"].contains(line) { section = String(line); continue }
            switch section {
            case "Samples:":
                if sampleTypes.isEmpty {
                    sampleTypes = line.split(separator: " ").map(String.init)
                    defaultIndex = sampleTypes.firstIndex { $0.hasSuffix("[dflt]") } ?? sampleTypes.count - 1
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else { continue }
                let values = line[..<colon].split(separator: " ").compactMap { Int64($0) }
                let ids = line[line.index(after: colon)...].split(separator: " ").compactMap { Int($0) }
                samples.append((values[defaultIndex], ids))
            case "Locations":
                // "    12: 0x0 M=1 name :0 s=0", then "             inlined-into :0 s=0"
                let trimmed = line.drop { $0 == " " }
                if let colon = trimmed.firstIndex(of: ":"), let id = Int(trimmed[..<colon]) {
                    current = id
                    // The address, "M=ID" when the location has a mapping, then the line.
                    var rest = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }.drop { $0 != " " }.dropFirst()
                    var mapping = 0
                    if rest.hasPrefix("M="), let space = rest.firstIndex(of: " ") {
                        mapping = Int(rest[rest.index(rest.startIndex, offsetBy: 2) ..< space]) ?? 0
                        rest = rest[rest.index(after: space)...]
                    }
                    let name = Self.name(rest)
                    locations[id] = [name]
                    functionsByMapping[mapping, default: []].insert(name)
                } else if !trimmed.isEmpty {
                    locations[current, default: []].append(Self.name(trimmed))
                }
            case "Mappings":
                // "1: 0x0/0x0/0x0 [kernel.kallsyms]  [FN]"
                let fields = line.split(separator: " ")
                if fields.count >= 3, let id = Int(fields[0].dropLast()) { mappings[id] = String(fields[2]) }
            default:
                break
            }
        }
        for sample in samples {
            let frames = sample.locations.reversed().flatMap { (locations[$0] ?? ["?"]).reversed() }
            stacks[frames.joined(separator: ";"), default: 0] += sample.value
        }
    }

    /// "name :LINE s=START" without the line and start.
    private static func name(_ text: Substring) -> String {
        guard let cut = text.range(of: " :", options: .backwards) else { return String(text) }
        return String(text[..<cut.lowerBound])
    }

    struct Failure: Error, CustomStringConvertible { let text: String; var description: String { text } }
}
