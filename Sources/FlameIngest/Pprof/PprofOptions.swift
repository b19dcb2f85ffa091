/// How a pprof profile becomes folded stacks.
public struct PprofOptions: Sendable, Equatable {
    /// Which of a sample's values becomes its count; nil: the one pprof shows
    /// by default (`default_sample_type`, else the last sample type).
    public var sampleIndex: SampleIndex? = nil

    public init() {}
}

/// A pprof sample type, chosen by name (`alloc_space`) or position (`0`).
public enum SampleIndex: Sendable, Equatable, CustomStringConvertible {
    case name(String)
    case position(Int)

    /// `--sample-index` syntax: a non-negative number is a position, anything
    /// else a sample type name.
    public init?(argument: String) {
        if argument.isEmpty { return nil }
        if let position = Int(argument) {
            guard position >= 0 else { return nil }
            self = .position(position)
        } else {
            self = .name(argument)
        }
    }

    public var description: String {
        switch self {
        case .name(let name): return name
        case .position(let position): return String(position)
        }
    }
}
