/// The sample types an exported pprof profile declares, named for what the
/// input measured. pprof names a value `type/unit`; flame's model keeps only
/// the unit of its weights (`Profile.unit`), so the type comes from the unit:
///
/// | weight unit | sample types |
/// |---|---|
/// | none or `samples`, weights equal to the counts (folded text) | `samples/count` |
/// | none, weights that differ | `samples/count`, `weight/count` |
/// | `samples`, weights that differ (FlameSampler ticks) | `samples/count`, `weight/samples` |
/// | `count` | `samples/count`, `weight/count` |
/// | `period` (perf's summed event periods) | `samples/count`, `period/count` |
/// | `nanoseconds`, `microseconds`, `milliseconds`, `seconds` | `samples/count`, `cpu/UNIT` |
/// | `bytes` | `samples/count`, `space/bytes` |
/// | anything else | `samples/count`, `weight/UNIT` |
///
/// `samples/count` always comes first, so tools that count samples find
/// them by name; the weight comes last and is the default sample type.
/// Reading the export back gives the same unit (flame's pprof reader takes
/// `samples/count` as `samples` and `period/count` as `period`), so exported
/// shards merge with each other and with the inputs they came from.
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
        case nil:
            types = weightsAreCounts ? [Self.samples] : [Self.samples, ValueType(type: "weight", unit: "count")]
        case "samples":
            types = weightsAreCounts ? [Self.samples] : [Self.samples, ValueType(type: "weight", unit: "samples")]
        case "count":
            types = [Self.samples, ValueType(type: "weight", unit: "count")]
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
