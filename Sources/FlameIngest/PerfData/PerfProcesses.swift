import FlameModel

/// Processes and threads over time, from COMM, FORK, EXIT and MMAP records:
/// a forked child starts with its parent's mappings, an exec starts afresh.
/// Each process keeps two views of its executable mappings: with the local
/// files found for them (for unwinding and naming) and with the recorded
/// paths (what names show, as perf prints them).
struct PerfProcesses {
    struct Process {
        var located = AddressSpace()
        var recorded = AddressSpace()
    }
    private(set) var processes: [Int32: Process] = [:]
    private var comms: [Int32: String] = [:]

    func comm(of tid: Int32) -> String? { comms[tid] }

    func process(_ pid: Int32) -> Process { processes[pid] ?? Process() }

    mutating func comm(pid: Int32, tid: Int32, name: String, exec: Bool) {
        comms[tid] = name
        if exec { processes[pid] = Process() }
    }

    mutating func fork(pid: Int32, parentPID: Int32, tid: Int32, parentTID: Int32) {
        if let name = comms[parentTID] ?? comms[parentPID] { comms[tid] = name }
        if pid != parentPID, let parent = processes[parentPID] { processes[pid] = parent }
    }

    mutating func map(pid: Int32, located: Mapping, recorded: Mapping) {
        processes[pid, default: Process()].located.map(located)
        processes[pid, default: Process()].recorded.map(recorded)
    }
}
