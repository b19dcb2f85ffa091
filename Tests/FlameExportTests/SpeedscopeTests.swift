import Foundation
import Testing

/// flame's speedscope files checked against the format's definition
/// (speedscope's file-format-spec.ts, from which
/// https://www.speedscope.app/file-format-schema.json is generated): the
/// required fields and their types, the unit enumeration, frame indices
/// within the shared frame list, one weight per sample; then the content:
/// each input's profile holds the input's stacks and weights.
@Suite struct SpeedscopeTests {
    @Test func filesFollowTheFormatAndKeepEveryStack() throws {
        let folder = try TemporaryFolder()
        let inputs = ["pprof/cpu.pb.gz", "perf/syscalls.perf.txt", "svg/hostile.folded"].map(Tools.fixture)
        try Tools.flame(["export", "--format", "speedscope", "-o", folder.path("out.json")] + inputs)
        let data = try #require(FileManager.default.contents(atPath: folder.path("out.json")))
        let file = try SpeedscopeFile(validating: JSONSerialization.jsonObject(with: data))
        #expect(file.profiles.count == inputs.count)
        for (input, profile) in zip(inputs, file.profiles) {
            #expect(profile.name == input)
            let expected = withoutAnnotations(foldedStacks(try Tools.flame(["export", "--format", "folded", input]).stdout))
            #expect(profile.stacks(frames: file.frameNames) == expected)
        }
        #expect(file.profiles[0].unit == "nanoseconds")
        #expect(file.profiles[1].unit == "none")
    }

    /// The validator itself rejects what the format forbids.
    @Test func validatorRejectsBrokenFiles() throws {
        let good: [String: Any] = [
            "$schema": "https://www.speedscope.app/file-format-schema.json",
            "shared": ["frames": [["name": "a"], ["name": "b"]]],
            "profiles": [["type": "sampled", "name": "p", "unit": "none", "startValue": 0, "endValue": 3,
                          "samples": [[0, 1], [0]], "weights": [2, 1]]],
        ]
        _ = try SpeedscopeFile(validating: good)
        func broken(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
            var copy = good
            change(&copy)
            return copy
        }
        func profile(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
            broken { file in
                var profile = (file["profiles"] as! [[String: Any]])[0]
                change(&profile)
                file["profiles"] = [profile]
            }
        }
        let bad: [[String: Any]] = [
            broken { $0["$schema"] = "https://example.com/schema.json" },
            broken { $0["shared"] = ["frames": [["file": "x.c"]]] },
            broken { $0.removeValue(forKey: "profiles") },
            profile { $0["unit"] = "cycles" },
            profile { $0["samples"] = [[0, 2], [0]] },
            profile { $0["weights"] = [2] },
            profile { $0["endValue"] = "3" },
            profile { $0["type"] = "timed" },
            profile { $0["samples"] = [[0, -1], [0]] },
        ]
        for file in bad {
            #expect(throws: SpeedscopeFile.Invalid.self) { try SpeedscopeFile(validating: file) }
        }
    }
}

/// A speedscope file checked field by field against the format's definition.
struct SpeedscopeFile {
    struct Invalid: Error, CustomStringConvertible { let description: String }

    struct SampledProfile {
        var name: String
        var unit: String
        var samples: [[Int]]
        var weights: [Double]

        /// Folded stacks: frame names root first, `;`-joined, summed weights.
        func stacks(frames: [String]) -> [String: Int64] {
            var stacks: [String: Int64] = [:]
            for (stack, weight) in zip(samples, weights) {
                stacks[stack.map { frames[$0] }.joined(separator: ";"), default: 0] += Int64(weight)
            }
            return stacks
        }
    }

    static let units: Set<String> = ["none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"]

    var frameNames: [String] = []
    var profiles: [SampledProfile] = []

    init(validating json: Any) throws {
        guard let file = json as? [String: Any] else { throw Invalid(description: "top level is not an object") }
        guard file["$schema"] as? String == "https://www.speedscope.app/file-format-schema.json" else {
            throw Invalid(description: "$schema missing or wrong")
        }
        guard let shared = file["shared"] as? [String: Any], let frames = shared["frames"] as? [Any] else {
            throw Invalid(description: "shared.frames missing")
        }
        for frame in frames {
            guard let frame = frame as? [String: Any], let name = frame["name"] as? String else {
                throw Invalid(description: "a frame has no name")
            }
            if let file = frame["file"], !(file is String) { throw Invalid(description: "frame.file is not a string") }
            for key in ["line", "col"] where frame[key] != nil && Self.number(frame[key]) == nil {
                throw Invalid(description: "frame.\(key) is not a number")
            }
            frameNames.append(name)
        }
        guard let profiles = file["profiles"] as? [Any] else { throw Invalid(description: "profiles missing") }
        for key in ["name", "exporter"] where file[key] != nil && !(file[key] is String) {
            throw Invalid(description: "\(key) is not a string")
        }
        if let index = file["activeProfileIndex"] {
            guard let index = Self.number(index), index >= 0, Int(index) < profiles.count else {
                throw Invalid(description: "activeProfileIndex out of range")
            }
        }
        for profile in profiles {
            self.profiles.append(try Self.sampled(profile, frameCount: frames.count))
        }
    }

    private static func sampled(_ json: Any, frameCount: Int) throws -> SampledProfile {
        guard let profile = json as? [String: Any] else { throw Invalid(description: "a profile is not an object") }
        guard profile["type"] as? String == "sampled" else { throw Invalid(description: "profile type is not 'sampled'") }
        guard let name = profile["name"] as? String else { throw Invalid(description: "profile name missing") }
        guard let unit = profile["unit"] as? String, units.contains(unit) else { throw Invalid(description: "unit missing or unknown") }
        guard let start = number(profile["startValue"]), let end = number(profile["endValue"]), end >= start else {
            throw Invalid(description: "startValue/endValue missing or reversed")
        }
        guard let samples = profile["samples"] as? [Any], let weights = profile["weights"] as? [Any],
              samples.count == weights.count else {
            throw Invalid(description: "samples and weights missing or of different lengths")
        }
        var stacks: [[Int]] = []
        for sample in samples {
            guard let indices = sample as? [Any] else { throw Invalid(description: "a sample is not an array") }
            stacks.append(try indices.map { index in
                guard let value = number(index), value == value.rounded(), value >= 0, Int(value) < frameCount else {
                    throw Invalid(description: "frame index \(index) outside 0..<\(frameCount)")
                }
                return Int(value)
            })
        }
        let values = try weights.map { weight in
            guard let value = number(weight), value >= 0 else { throw Invalid(description: "weight \(weight) is not a number") }
            return value
        }
        return SampledProfile(name: name, unit: unit, samples: stacks, weights: values)
    }

    /// JSON numbers (JSONSerialization gives NSNumber; strings are not numbers).
    private static func number(_ value: Any?) -> Double? {
        guard !(value is String), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }
}
