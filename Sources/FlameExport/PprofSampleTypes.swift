/// The sample types an exported pprof profile declares, named for what the
/// input measured. pprof names a value `type/unit`; flame's model keeps only
/// the unit of its weights (`Profile.unit`), so the type comes from the unit:
///
/// | weight unit | sample types |
/// |---|---|
/// | none, `count`, `samples` (weights are sample counts) | `samples/count` |
/// | `nanoseconds`, `microseconds`, `milliseconds`, `seconds` | `samples/count`, `cpu/UNIT` |
/// | `bytes` | `samples/count`, `space/bytes` |
/// | `period` (perf's summed event periods) | `samples/count`, `period/count` |
/// | anything else | `samples/count`, `weight/UNIT` |
///
/// `samples/count` always comes first, so tools that count samples find
/// them by name; the weight comes last and is the default sample type.
struct PprofSampleTypes: Equatable {
    struct ValueType: Equatable {
        var type: String
        var unit: String
    }

    var types: [ValueType]
    /// Whether the second value (the weight) is written.
    var hasWeight: Bool { types.count > 1 }

    static let samples = ValueType(type: "samples", unit: "count")

    /// `weightsAreCounts`: every stack's weight equals its sample count.
    init(unit: String?, weightsAreCounts: Bool) {
        switch unit {
        case nil, "count", "samples":
            types = weightsAreCounts ? [Self.samples] : [Self.samples, ValueType(type: "weight", unit: "count")]
        case "nanoseconds", "microseconds", "milliseconds", "seconds":
            types = [Self.samples, ValueType(type: "cpu", unit: unit!)]
        case "bytes":
            types = [Self.samples, ValueType(type: "space", unit: "bytes")]
        case "period":
            types = [Self.samples, ValueType(type: "period", unit: "count")]
        case let other?:
            types = [Self.samples, ValueType(type: "weight", unit: other)]
        }
    }
}
