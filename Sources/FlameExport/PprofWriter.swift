import FlameModel
import FlamePprof

/// Options of the pprof export.
public struct PprofExportOptions {
    /// The GNU build-id (hex) of a module path, where it can be known (the
    /// file is on this machine); nil leaves the mapping without one.
    public var buildID: (String) -> String? = { _ in nil }
    /// Comments stored in the profile (pprof shows them with `-comments`).
    public var comments: [String] = []

    public init() {}
}

/// Writes a profile as pprof's profile.proto, gzip-compressed: what
/// `go tool pprof`, Pyroscope, Parca and Cloud Profiler read.
///
/// - Each unique stack becomes one Sample with the values `PprofSampleTypes`
///   names (its sample count, then its weight).
/// - A frame and the frames inlined into it (the `.inlined` frames that
///   follow it toward the leaf) become one Location whose Lines run innermost
///   first, as pprof orders them; flame's pprof reader turns them back into
///   the same frames.
/// - Each module becomes a Mapping (with its build-id where known); kernel
///   frames without a module go to `[kernel.kallsyms]` and the vDSO to
///   `[vdso]`, the names perf uses, so kernel code stays recognisable.
/// - The model has names, not addresses: Locations have address 0 and every
///   Mapping says it already has functions, so no tool tries to symbolize.
public enum PprofWriter {
    public static func encode(_ profile: Profile, options: PprofExportOptions = PprofExportOptions()) throws -> [UInt8] {
        let message = build(profile, options: options)
        let bytes: [UInt8] = try message.serializedBytes()
        return try Gzip.compress(bytes)
    }

    static func build(_ profile: Profile, options: PprofExportOptions) -> Perftools_Profiles_Profile {
        var builder = Builder(frames: profile.frames, buildID: options.buildID)
        let stacks = profile.stacks
        var weightsAreCounts = true
        for index in 0 ..< stacks.count where stacks.weight(of: index) != stacks.samples(of: index) {
            weightsAreCounts = false
            break
        }
        let types = PprofSampleTypes(unit: profile.unit, weightsAreCounts: weightsAreCounts)
        var message = Perftools_Profiles_Profile()
        for type in types.types {
            var value = Perftools_Profiles_ValueType()
            value.type = builder.string(type.type)
            value.unit = builder.string(type.unit)
            message.sampleType.append(value)
        }
        message.defaultSampleType = message.sampleType[message.sampleType.count - 1].type

        message.sample.reserveCapacity(stacks.count)
        for index in 0 ..< stacks.count {
            var sample = Perftools_Profiles_Sample()
            sample.locationID = builder.locations(of: stacks.frames(of: index))
            sample.value = [clamp(stacks.samples(of: index))]
            if types.hasWeight { sample.value.append(clamp(stacks.weight(of: index))) }
            message.sample.append(sample)
        }
        message.comment = options.comments.map { builder.string($0) }
        message.mapping = builder.mappings
        message.location = builder.locationList
        message.function = builder.functions
        message.stringTable = builder.strings
        return message
    }

    /// pprof values are signed; a sum beyond Int64 saturates.
    private static func clamp(_ value: UInt64) -> Int64 { value > UInt64(Int64.max) ? Int64.max : Int64(value) }

    /// Interns strings, functions, mappings and locations, each with a
    /// dense id from 1 (pprof reserves 0 for "none").
    private struct Builder {
        let frames: FrameTable
        let buildID: (String) -> String?
        var strings: [String] = [""]
        var stringIDs: [String: Int64] = ["": 0]
        var functions: [Perftools_Profiles_Function] = []
        var functionIDs: [String: UInt64] = [:]
        var mappings: [Perftools_Profiles_Mapping] = []
        var mappingIDs: [String: UInt64] = [:]
        var locationList: [Perftools_Profiles_Location] = []
        /// Location id by its frames, outermost (the physical frame) first.
        var locationIDs: [[UInt32]: UInt64] = [:]
        /// Per frame id of the model: its exported name and module.
        var exported: [UInt32: ExportedFrame] = [:]

        init(frames: FrameTable, buildID: @escaping (String) -> String?) {
            self.frames = frames
            self.buildID = buildID
        }

        mutating func string(_ text: String) -> Int64 {
            if let id = stringIDs[text] { return id }
            let id = Int64(strings.count)
            strings.append(text)
            stringIDs[text] = id
            return id
        }

        /// The Location ids of a stack given root first, leaf first as
        /// pprof lists them.
        mutating func locations(of stack: UnsafeBufferPointer<UInt32>) -> [UInt64] {
            var ids: [UInt64] = []
            var group: [UInt32] = []
            for frame in stack {
                if frames.kind(frame) != .inlined, !group.isEmpty {
                    ids.append(location(group))
                    group.removeAll(keepingCapacity: true)
                }
                group.append(frame)
            }
            if !group.isEmpty { ids.append(location(group)) }
            return ids.reversed()
        }

        private mutating func location(_ group: [UInt32]) -> UInt64 {
            if let id = locationIDs[group] { return id }
            var location = Perftools_Profiles_Location()
            location.id = UInt64(locationList.count + 1)
            // The physical frame's module holds the code of the whole chain.
            if let module = frame(group[0]).module { location.mappingID = mapping(module) }
            for frameID in group.reversed() {
                var line = Perftools_Profiles_Line()
                line.functionID = function(frame(frameID).name)
                location.line.append(line)
            }
            locationList.append(location)
            locationIDs[group] = location.id
            return location.id
        }

        private mutating func frame(_ id: UInt32) -> ExportedFrame {
            if let known = exported[id] { return known }
            let made = ExportedFrame(id, of: frames)
            exported[id] = made
            return made
        }

        private mutating func function(_ name: String) -> UInt64 {
            if let id = functionIDs[name] { return id }
            var function = Perftools_Profiles_Function()
            function.id = UInt64(functions.count + 1)
            function.name = string(name)
            function.systemName = function.name
            functions.append(function)
            functionIDs[name] = function.id
            return function.id
        }

        private mutating func mapping(_ path: String) -> UInt64 {
            if let id = mappingIDs[path] { return id }
            var mapping = Perftools_Profiles_Mapping()
            mapping.id = UInt64(mappings.count + 1)
            mapping.filename = string(path)
            if let id = buildID(path) { mapping.buildID = string(id) }
            mapping.hasFunctions_p = true
            mappings.append(mapping)
            mappingIDs[path] = mapping.id
            return mapping.id
        }
    }
}
