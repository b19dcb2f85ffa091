import FlameModel
import FlamePprof
import SwiftProtobuf

/// Turns a decoded pprof profile into flame stacks. A pprof sample lists
/// Location ids leaf first; a Location lists its Lines innermost first (the
/// inlined callee, then the function it was inlined into). Folded stacks run
/// root first, so both lists are reversed, and every Line but a Location's
/// outermost is marked `_[i]`, as stackcollapse-perf.pl marks inlined frames.
struct PprofReader {
    let options: PprofOptions
    let diagnostics: Diagnostics

    /// Decodes `bytes` (already decompressed) and adds its samples to `profile`.
    func read(_ bytes: [UInt8], name: String, into profile: Profile) throws {
        let message: Perftools_Profiles_Profile
        do {
            message = try Perftools_Profiles_Profile(serializedBytes: bytes)
        } catch {
            throw InputError(input: name, reason: "not a valid pprof profile (\(error))")
        }
        try add(message, name: name, into: profile)
    }

    func add(_ message: Perftools_Profiles_Profile, name: String, into profile: Profile) throws {
        let strings = message.stringTable
        func string(_ index: Int64) throws -> String {
            guard index >= 0, index < strings.count else {
                throw InputError(input: name, reason: "malformed pprof profile: string index \(index) outside the string table (\(strings.count) entries)")
            }
            return strings[Int(index)]
        }
        let valueIndex = try chooseValue(message, name: name, string: string)
        profile.unit = try Self.unit(type: string(message.sampleType[valueIndex].type),
                                     unit: string(message.sampleType[valueIndex].unit))
        // Go's CPU profiles carry a sample count beside the time; other
        // profiles count one observation per Sample record.
        let sampleCountIndex = try message.sampleType.firstIndex { try string($0.type) == "samples" }

        var functionNames: [UInt64: String] = [:]
        for function in message.function {
            let display = try string(function.name)
            functionNames[function.id] = display.isEmpty ? try string(function.systemName) : display
        }
        var mappings: [UInt64: Perftools_Profiles_Mapping] = [:]
        var modules: [UInt64: (kind: FrameKind, module: UInt32)] = [:]
        for mapping in message.mapping {
            mappings[mapping.id] = mapping
            let path = try string(mapping.filename)
            guard !path.isEmpty else { continue }
            let kind: FrameKind = path == "[vdso]" ? .vdso : path.hasPrefix("[kernel") || path.hasSuffix("vmlinux") ? .kernel : .user
            modules[mapping.id] = (kind, profile.frames.internModule(path))
        }

        // Each Location's frames, root first, interned once.
        var locationFrames: [UInt64: [UInt32]] = [:]
        for location in message.location {
            var frames: [UInt32] = []
            let module = modules[location.mappingID]
            for (position, line) in location.line.reversed().enumerated() {
                var frame = functionNames[line.functionID] ?? ""
                var kind = position > 0 ? FrameKind.inlined : module?.kind ?? .user
                if frame.isEmpty {
                    frame = try addressName(location, mappings[location.mappingID], string: string)
                    kind = .unknown
                }
                if position > 0 { frame += "_[i]" }
                frames.append(profile.frames.intern(frame, kind: kind, module: module?.module))
            }
            if frames.isEmpty {
                let frame = try addressName(location, mappings[location.mappingID], string: string)
                frames.append(profile.frames.intern(frame, kind: .unknown, module: module?.module))
            }
            locationFrames[location.id] = frames
        }

        var stack: [UInt32] = []
        var shortSamples = 0, unknownLocations = 0, negative = 0
        for sample in message.sample {
            guard valueIndex < sample.value.count else { shortSamples += 1; continue }
            let value = sample.value[valueIndex]
            if value == 0 { continue }
            if value < 0 { negative += 1; continue }
            stack.removeAll(keepingCapacity: true)
            var known = true
            for id in sample.locationID.reversed() {
                guard let frames = locationFrames[id] else { known = false; break }
                stack.append(contentsOf: frames)
            }
            guard known else { unknownLocations += 1; continue }
            if stack.isEmpty { continue }
            let samples = sampleCountIndex.map { $0 < sample.value.count ? max(0, sample.value[$0]) : 0 } ?? 1
            profile.stacks.add(stack, weight: UInt64(value), samples: UInt64(samples))
        }
        if shortSamples > 0 {
            diagnostics.warn("\(name): \(shortSamples) samples have fewer values than sample types; skipped")
        }
        if unknownLocations > 0 {
            diagnostics.warn("\(name): \(unknownLocations) samples name a location the profile does not define; skipped")
        }
        if negative > 0 {
            diagnostics.warn("\(name): \(negative) samples have negative values (a pprof diff?); skipped")
        }
    }

    /// The profile's unit for a sample type: its unit, except where flame's
    /// own names are more exact: `samples/count` counts samples and
    /// `period/count` sums perf's event periods (flame's pprof export writes
    /// them so, and reading it back must not turn them into other units).
    static func unit(type: String, unit: String) -> String {
        if unit == "count", type == "samples" || type == "period" { return type }
        return unit
    }

    /// The position of the value to count, from `--sample-index` or pprof's
    /// default.
    private func chooseValue(_ message: Perftools_Profiles_Profile, name: String,
                             string: (Int64) throws -> String) throws -> Int {
        let types = try message.sampleType.map { try string($0.type) }
        guard !types.isEmpty else {
            throw InputError(input: name, reason: "malformed pprof profile: no sample types")
        }
        let available = "available: " + types.enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: ", ")
        switch options.sampleIndex {
        case .position(let position)?:
            guard position < types.count else {
                throw InputError(input: name, reason: "--sample-index \(position) is out of range; \(available)")
            }
            return position
        case .name(let wanted)?:
            guard let position = types.firstIndex(of: wanted) else {
                throw InputError(input: name, reason: "no sample type '\(wanted)'; \(available)")
            }
            return position
        case nil:
            if message.defaultSampleType != 0 {
                let wanted = try string(message.defaultSampleType)
                if let position = types.firstIndex(of: wanted) { return position }
            }
            return types.count - 1
        }
    }

    /// A frame for code nothing symbolized: the mapped file's base name and
    /// the address as an offset into that file (what a symbolizer needs), or
    /// the bare address when no mapping covers it.
    private func addressName(_ location: Perftools_Profiles_Location, _ mapping: Perftools_Profiles_Mapping?,
                             string: (Int64) throws -> String) throws -> String {
        guard let mapping, location.address >= mapping.memoryStart else {
            return "0x" + String(location.address, radix: 16)
        }
        let file = Mapping(start: mapping.memoryStart, end: mapping.memoryLimit, fileOffset: mapping.fileOffset,
                           path: try string(mapping.filename))
        return CodeLocation(file, address: location.address).placeholder
    }
}
