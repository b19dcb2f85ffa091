import FlameModel

/// The contents of a FlameSampler file (docs/sampler-format.md): raw address
/// stacks and the memory maps needed to symbolize them. Readers that resolve
/// addresses (FlameSymbolize) work from this; `SamplerProfileBuilder` turns it
/// into a profile.
public struct SamplerRecording: Sendable {
    public struct Header: Sendable, Equatable {
        public var version: UInt16
        /// 0: process CPU timer (setitimer), 1: per-thread CPU timers.
        public var mode: UInt32
        public var hz: UInt32
        public var maxDepth: UInt32
        public var pid: UInt32
        public var startRealtimeNanos: UInt64
        /// Sample times are on this clock (CLOCK_MONOTONIC).
        public var startMonotonicNanos: UInt64
    }

    public struct Sample: Sendable, Equatable {
        public var time: UInt64
        public var tid: UInt32
        /// Timer periods the sample stands for: 1, plus overruns when the
        /// kernel delivered one signal for several periods.
        public var weight: UInt32
        /// Leaf first: `addresses[0]` is the interrupted program counter, the
        /// rest are return addresses (the call is at the address minus one).
        public var addresses: [UInt64]
        /// The stack was cut at the depth limit.
        public var truncated: Bool
        /// The stack pointer was outside the known stacks: only the PC is kept.
        public var unbounded: Bool
    }

    public struct Summary: Sendable, Equatable {
        public var time: UInt64
        public var samples: UInt64
        public var dropped: UInt64
        public var truncated: UInt64
        public var unbounded: UInt64
    }

    public var header: Header
    public var processName = ""
    public var executable = ""
    /// The memory map when sampling started and when it stopped (empty if the
    /// file was cut before the stop record).
    public var mappingsAtStart = AddressSpace()
    public var mappingsAtStop = AddressSpace()
    public var threadNames: [UInt32: String] = [:]
    public var samples: [Sample] = []
    /// The counts written at stop; nil when the file was cut short.
    public var summary: Summary? = nil

    init(header: Header) { self.header = header }

    /// Parses a whole FlameSampler file; a file cut short gives its complete
    /// records and one warning through `diagnostics`.
    public static func parse(_ bytes: [UInt8], name: String, diagnostics: Diagnostics) throws -> SamplerRecording {
        try SamplerFileReader.parse(bytes, name: name, diagnostics: diagnostics)
    }

    /// The mapping holding `address`: the start map first, then the stop map
    /// for code loaded while sampling.
    public func mapping(containing address: UInt64) -> Mapping? {
        mappingsAtStart.mapping(containing: address) ?? mappingsAtStop.mapping(containing: address)
    }
}
