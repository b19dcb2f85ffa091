@testable import FlameIngest
import FlameModel
import Foundation
import SwiftProtobuf
import Testing

/// pprof messages built here field by field, so each rule of the conversion
/// (inline Lines, address fallbacks, sample index choice, bad references) is
/// checked on its own; Fixtures/pprof covers real Go profiles end to end.
@Suite struct PprofReaderTests {
    typealias Message = Perftools_Profiles_Profile

    /// A profile with two sample types, functions a (id 1) .. d (id 4), one
    /// mapping of /usr/lib/libx.so at 0x7000 (file offset 0x1000).
    func baseProfile(types: [String] = ["samples", "cpu"]) -> Message {
        var message = Message()
        message.stringTable = ["", "count", "nanoseconds", "a", "b", "c", "d", "/usr/lib/libx.so", "_Zmangled"] + types
        message.sampleType = types.indices.map { i in
            var type = Perftools_Profiles_ValueType()
            type.type = Int64(9 + i)
            type.unit = i == 0 ? 1 : 2
            return type
        }
        message.function = (1 ... 4).map { id in
            var function = Perftools_Profiles_Function()
            function.id = UInt64(id)
            function.name = Int64(2 + id)
            return function
        }
        var mapping = Perftools_Profiles_Mapping()
        mapping.id = 1
        mapping.memoryStart = 0x7000
        mapping.memoryLimit = 0x9000
        mapping.fileOffset = 0x1000
        mapping.filename = 7
        message.mapping = [mapping]
        return message
    }

    func location(_ id: UInt64, functions: [UInt64], address: UInt64 = 0, mapping: UInt64 = 0) -> Perftools_Profiles_Location {
        var location = Perftools_Profiles_Location()
        location.id = id
        location.address = address
        location.mappingID = mapping
        location.line = functions.map { function in
            var line = Perftools_Profiles_Line()
            line.functionID = function
            return line
        }
        return location
    }

    func sample(_ locations: [UInt64], _ values: [Int64]) -> Perftools_Profiles_Sample {
        var sample = Perftools_Profiles_Sample()
        sample.locationID = locations
        sample.value = values
        return sample
    }

    func convert(_ message: Message, index: SampleIndex? = nil) throws -> (String, [String]) {
        var options = PprofOptions()
        options.sampleIndex = index
        let diagnostics = Diagnostics()
        let profile = Profile()
        try PprofReader(options: options, diagnostics: diagnostics).read(try message.serializedBytes(), name: "p", into: profile)
        return (FoldedWriter.string(profile), diagnostics.warnings)
    }

    @Test func inlineLinesBecomeFramesInnermostLastAndMarked() throws {
        var message = baseProfile()
        // Location 1: c inlined into b inlined into a (Lines innermost first).
        message.location = [location(1, functions: [3, 2, 1]), location(2, functions: [4])]
        message.sample = [sample([1, 2], [1, 10]), sample([2], [2, 20])]
        let (folded, warnings) = try convert(message)
        #expect(folded == "d 20\nd;a;b_[i];c_[i] 10\n")
        #expect(warnings.isEmpty)
    }

    @Test func locationsWithoutLinesFallBackToMappingAndOffset() throws {
        var message = baseProfile()
        message.location = [
            location(1, functions: [], address: 0x7123, mapping: 1),
            location(2, functions: [], address: 0x42),
            location(3, functions: [1]),
        ]
        message.sample = [sample([1, 3], [1, 5]), sample([2, 3], [1, 7])]
        let (folded, _) = try convert(message)
        #expect(folded == "a;0x42 7\na;libx.so+0x1123 5\n")
    }

    @Test func emptyFunctionNameFallsBackToSystemName() throws {
        var message = baseProfile()
        message.function[0].name = 0
        message.function[0].systemName = 8
        message.location = [location(1, functions: [1])]
        message.sample = [sample([1], [1, 3])]
        #expect(try convert(message).0 == "_Zmangled 3\n")
    }

    @Test func sampleIndexDefaultNameAndPosition() throws {
        var message = baseProfile()
        message.location = [location(1, functions: [1])]
        message.sample = [sample([1], [4, 40])]
        #expect(try convert(message).0 == "a 40\n")  // the last type
        #expect(try convert(message, index: .position(0)).0 == "a 4\n")
        #expect(try convert(message, index: .name("samples")).0 == "a 4\n")
        message.defaultSampleType = 9  // "samples"
        #expect(try convert(message).0 == "a 4\n")
        #expect(throws: InputError.self) { try convert(message, index: .name("alloc_space")) }
        #expect(throws: InputError.self) { try convert(message, index: .position(2)) }
    }

    @Test func zeroValuesAreLeftOutAndBadSamplesWarned() throws {
        var message = baseProfile()
        message.location = [location(1, functions: [1])]
        message.sample = [sample([1], [1, 0]), sample([1], [1]), sample([9], [1, 5]), sample([1], [1, -3]), sample([1], [1, 2])]
        let (folded, warnings) = try convert(message)
        #expect(folded == "a 2\n")
        #expect(warnings.count == 3)
        #expect(warnings.allSatisfy { $0.hasPrefix("p: 1 samples") })
    }

    @Test func badStringIndexIsAnError() throws {
        var message = baseProfile()
        message.function[0].name = 99
        message.location = [location(1, functions: [1])]
        message.sample = [sample([1], [1, 1])]
        #expect(throws: InputError.self) { try convert(message) }
    }

    @Test func sampleIndexArgumentSyntax() {
        #expect(SampleIndex(argument: "3") == .position(3))
        #expect(SampleIndex(argument: "alloc_space") == .name("alloc_space"))
        #expect(SampleIndex(argument: "-1") == nil)
        #expect(SampleIndex(argument: "") == nil)
    }

    @Test func sniffingTellsProfilesFromText() throws {
        var message = baseProfile()
        message.location = [location(1, functions: [1])]
        message.sample = [sample([1], [1, 1])]
        let bytes: [UInt8] = try message.serializedBytes()
        func sniff(_ data: [UInt8]) -> String? { data.withUnsafeBytes { InputFormats.recognize(HeadSample($0))?.name } }
        #expect(sniff(bytes) == "pprof")
        #expect(sniff(Array(bytes.prefix(5))) == "pprof")
        #expect(sniff(Array("main;a 1\n".utf8)) == "folded")
        #expect(sniff(Array("prog 1 1.0: cpu-clock:\n\t1 a (/x)\n".utf8)) == "perf script")
        // perf.data's magic and random control bytes are not Profile fields.
        #expect(sniff(Array("PERFILE2\u{0}\u{1}".utf8)) != "pprof")
        #expect(sniff([0x08, 0x01, 0x00, 0x07, 0xFF]) != "pprof")
    }

    /// Corrupted copies of the real heap profile: each either loads or fails
    /// with an InputError, never traps.
    @Test func corruptedProfilesFailCleanly() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/pprof/heap.pb").path
        let original = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state >> 1)
        }
        var failures = 0
        for _ in 0 ..< 300 {
            var bytes = original
            for _ in 0 ..< 1 + next() % 4 { bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next()) }
            if next() % 3 == 0 { bytes.removeLast(next() % bytes.count) }
            do {
                try PprofReader(options: PprofOptions(), diagnostics: Diagnostics())
                    .read(bytes, name: "x", into: Profile())
            } catch is InputError {
                failures += 1
            }
        }
        #expect(failures > 0)
    }
}
