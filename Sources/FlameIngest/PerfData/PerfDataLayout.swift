/// The numbers of perf.data's on-disk format (linux/perf_event.h and perf's
/// util/header.h, util/event.h), as flame reads them.
enum PerfRecordType {
    static let mmap: UInt32 = 1
    static let lost: UInt32 = 2
    static let comm: UInt32 = 3
    static let exit: UInt32 = 4
    static let fork: UInt32 = 7
    static let sample: UInt32 = 9
    static let mmap2: UInt32 = 10
    static let lostSamples: UInt32 = 13
    // Records perf itself writes (user types).
    static let headerAttr: UInt32 = 64
    static let headerEventType: UInt32 = 65
    static let headerTracingData: UInt32 = 66
    static let headerBuildID: UInt32 = 67
    static let finishedRound: UInt32 = 68
    static let idIndex: UInt32 = 69
    static let auxtraceInfo: UInt32 = 70
    static let auxtrace: UInt32 = 71
    static let eventUpdate: UInt32 = 78
    static let headerFeature: UInt32 = 80
    static let compressed: UInt32 = 81
    static let finishedInit: UInt32 = 82
}

/// `perf_event_attr.sample_type` bits.
struct SampleType: OptionSet {
    let rawValue: UInt64
    static let ip = SampleType(rawValue: 1 << 0)
    static let tid = SampleType(rawValue: 1 << 1)
    static let time = SampleType(rawValue: 1 << 2)
    static let addr = SampleType(rawValue: 1 << 3)
    static let read = SampleType(rawValue: 1 << 4)
    static let callchain = SampleType(rawValue: 1 << 5)
    static let id = SampleType(rawValue: 1 << 6)
    static let cpu = SampleType(rawValue: 1 << 7)
    static let period = SampleType(rawValue: 1 << 8)
    static let streamID = SampleType(rawValue: 1 << 9)
    static let raw = SampleType(rawValue: 1 << 10)
    static let branchStack = SampleType(rawValue: 1 << 11)
    static let regsUser = SampleType(rawValue: 1 << 12)
    static let stackUser = SampleType(rawValue: 1 << 13)
    static let identifier = SampleType(rawValue: 1 << 16)
    /// Fields flame reads or steps over; the rest come after the user stack,
    /// so they never shift what flame reads.
    static let understood: SampleType = [.ip, .tid, .time, .addr, .read, .callchain, .id, .cpu, .period, .streamID,
                                         .raw, .branchStack, .regsUser, .stackUser, .identifier]
}

/// `perf_event_attr.read_format` bits.
struct ReadFormat: OptionSet {
    let rawValue: UInt64
    static let totalTimeEnabled = ReadFormat(rawValue: 1 << 0)
    static let totalTimeRunning = ReadFormat(rawValue: 1 << 1)
    static let id = ReadFormat(rawValue: 1 << 2)
    static let group = ReadFormat(rawValue: 1 << 3)
    static let lost = ReadFormat(rawValue: 1 << 4)
}

/// Header `misc` bits.
enum PerfMisc {
    static let cpuModeMask: UInt16 = 7
    static let kernel: UInt16 = 1
    static let user: UInt16 = 2
    static let guestKernel: UInt16 = 4
    /// MMAP/MMAP2: a data (non-executable) mapping. COMM: the process exec'd.
    static let mmapData: UInt16 = 1 << 13
    static let commExec: UInt16 = 1 << 13
    /// MMAP2 carries a build-id instead of device and inode numbers.
    static let mmapBuildID: UInt16 = 1 << 14
    /// HEADER_BUILD_ID entries with an explicit build-id length.
    static let buildIDSize: UInt16 = 1 << 15
}

/// Markers inside a callchain (`PERF_CONTEXT_*`): every value at or above
/// `max` says which context the following addresses belong to.
enum PerfContext {
    static let hypervisor = UInt64(bitPattern: -32)
    static let kernel = UInt64(bitPattern: -128)
    static let user = UInt64(bitPattern: -512)
    static let guest = UInt64(bitPattern: -2048)
    static let max = UInt64(bitPattern: -4095)
}

/// Feature bits of the file header (`HEADER_*` in perf's util/header.h).
enum PerfFeature {
    static let buildID = 2
    static let cmdline = 11
    static let eventDesc = 12
    static let compressed = 27
}

/// One event's attributes, the parts flame uses.
struct PerfEventAttr {
    var type: UInt32 = 0
    var config: UInt64 = 0
    var sampleType = SampleType(rawValue: 0)
    var readFormat = ReadFormat(rawValue: 0)
    var flags: UInt64 = 0
    var branchSampleType: UInt64 = 0
    var sampleRegsUser: UInt64 = 0
    var sampleStackUser: UInt32 = 0
    var name: String?
    var ids: [UInt64] = []

    var sampleIDAll: Bool { flags & (1 << 18) != 0 }
    var excludeCallchainUser: Bool { flags & (1 << 22) != 0 }

    /// Decodes an attr of `size` bytes. Fields past the recorded size are
    /// zero, as the kernel treats an older, shorter attr.
    init(_ bytes: PerfBytes, at offset: Int, size: Int) {
        func u64(_ at: Int) -> UInt64 { at + 8 <= size ? bytes.u64(offset + at) : 0 }
        func u32(_ at: Int) -> UInt32 { at + 4 <= size ? bytes.u32(offset + at) : 0 }
        type = u32(0)
        config = u64(8)
        sampleType = SampleType(rawValue: u64(24))
        readFormat = ReadFormat(rawValue: u64(32))
        flags = u64(40)
        branchSampleType = u64(72)
        sampleRegsUser = u64(80)
        sampleStackUser = u32(88)
    }

    /// The name perf gives the event when no description was recorded.
    var fallbackName: String {
        switch (type, config) {
        case (1, 0): return "cpu-clock"
        case (1, 1): return "task-clock"
        case (0, 0): return "cycles"
        case (0, 1): return "instructions"
        default: return "event-\(type)-\(config)"
        }
    }
}
