import FlameModel

/// The line `flame record` ends with: samples, lost chunks and the functions
/// that ran most (by self weight: the leaf frame of each stack).
public struct RecordSummary {
    public var samples: UInt64
    public var lost: UInt64?
    /// Leaf frames with their share of the total weight, largest first.
    public var top: [(name: String, share: Double)]

    public init(_ profile: Profile, lost: UInt64?, topCount: Int = 3) {
        samples = profile.totalSamples
        self.lost = lost
        var selfWeight: [UInt32: UInt64] = [:]
        for index in 0 ..< profile.stacks.count {
            guard let leaf = profile.stacks.frames(of: index).last else { continue }
            selfWeight[leaf, default: 0] &+= profile.stacks.weight(of: index)
        }
        let total = Double(max(profile.total, 1))
        top = selfWeight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(topCount)
            .map { (profile.frames.string($0.key), Double($0.value) / total) }
    }

    public var line: String {
        var text = "\(samples) samples"
        if let lost { text += ", \(lost) lost chunks" }
        if !top.isEmpty {
            text += "; top: " + top.map { "\($0.name) \(Self.percent($0.share))" }.joined(separator: ", ")
        }
        return text
    }

    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
