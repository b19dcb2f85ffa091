#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// Reads perf.data (file or pipe mode) into a profile: header and events,
/// then the records, sorted by time within each FINISHED_ROUND window as
/// perf sorts them, tracking processes and their mappings; samples go to
/// workers (`PerfStackBuilder`) in batches, and the workers' profiles are
/// merged at the end, so output is the same for any number of threads.
final class PerfDataReader {
    private let name: String
    private let options: PerfScriptOptions
    private let dataOptions: PerfDataOptions
    private let threads: Int
    private let diagnostics: Diagnostics
    private let header: PerfDataHeader
    private let locator: PerfModuleLocator
    private var processes = PerfProcesses()
    private var eventFilter: [UInt8]?
    private let defaultedFilter: Bool
    private var ignoredEvents: [String: Int] = [:]
    private var attrNames: [[UInt8]] = []

    // Counts for the warnings at the end.
    private var lostEvents: UInt64 = 0
    private var lostRecords = 0
    private var unknownRecords: [UInt32: Int] = [:]
    private var badSamples = 0
    private var firstBadSample: Int?
    private var samplesSeen = 0
    private var compressedSeen = false

    // The round being collected: records with their time, in file order.
    private var round: [(time: UInt64, record: PerfRecord)] = []
    private var lastTime: UInt64 = 0

    // Workers.
    private var batch: [PerfSampleJob] = []
    private static let batchSize = 64
    private var queue: BlockingQueue<[PerfSampleJob]>?
    private var workers: [WorkerThread] = []
    private var builders: [PerfStackBuilder] = []
    private let kernel: KernelSymbolSource

    init(name: String, options: PerfScriptOptions, dataOptions: PerfDataOptions, threads: Int,
         eventFilter: [UInt8]?, diagnostics: Diagnostics) {
        self.name = name
        self.options = options
        self.dataOptions = dataOptions
        self.threads = max(1, threads)
        self.diagnostics = diagnostics
        self.eventFilter = eventFilter
        defaultedFilter = eventFilter == nil
        header = PerfDataHeader(name: name)
        let locator = PerfModuleLocator(options: dataOptions, diagnostics: diagnostics, input: name)
        self.locator = locator
        let header = self.header
        let explicit = dataOptions.kallsyms
        let input = name
        kernel = KernelSymbolSource {
            guard let path = locator.kallsymsPath(explicit: explicit, kernelBuildID: header.buildIDs["[kernel.kallsyms]"]) else { return nil }
            let table = KernelSymbols(path: path)
            if table == nil { diagnostics.warnOnce("\(input): no kernel symbols in \(path); kernel frames are unnamed") }
            return table
        }
    }

    /// The event kept (given, or the first seen), for the inputs after this one.
    var keptEvent: [UInt8]? { eventFilter }

    /// Whether `head` starts like perf.data (either mode).
    static func looksLikePerfData(_ head: UnsafeRawBufferPointer) -> Bool {
        head.count >= 8 && head.loadUnaligned(as: UInt64.self) == PerfDataHeader.magic
    }

    /// Reads the input: `file` when the whole input is in memory (a mapped
    /// regular file), else `stream` (pipe mode, or file mode read to memory).
    func read(file: PerfStorage, into profile: Profile) throws {
        let bytes = PerfBytes(base: UnsafeRawPointer(file.base), count: file.count, inputOffset: 0)
        guard bytes.has(0, 16), bytes.u64(0) == PerfDataHeader.magic else {
            throw perfDataError(name, offset: 0, "not a perf.data file (no PERFILE2 magic)")
        }
        if bytes.u64(8) == UInt64(PerfDataHeader.pipeHeaderSize) {
            var offset = 16
            let source = PerfStreamRecords(startingAt: 16, name: name) { into, count in
                let n = min(count, file.count - offset)
                into.copyMemory(from: file.base + offset, byteCount: n)
                offset += n
                return n
            }
            return try run(source, into: profile)
        }
        let data = try header.readFile(bytes)
        try checkAttrs()
        try run(PerfMemoryRecords(storage: file, region: data, name: name), into: profile)
    }

    /// Reads a pipe-mode stream whose 16-byte header has been consumed.
    func read(stream read: @escaping (UnsafeMutableRawPointer, Int) throws -> Int, into profile: Profile) throws {
        try run(PerfStreamRecords(startingAt: 16, name: name, read: read), into: profile)
    }

    private func checkAttrs() throws {
        for attr in header.attrs {
            let unknown = attr.sampleType.rawValue & ~SampleType.understood.rawValue
            // Fields after the user stack never shift what flame reads.
            let before = unknown & ((SampleType.stackUser.rawValue << 1) - 1)
            if before != 0 {
                throw perfDataError(name, offset: nil, "unsupported sample_type bits 0x\(String(before, radix: 16)) in event \(attr.name ?? attr.fallbackName)")
            }
        }
        if header.attrs.count > 1, !header.attrs[0].sampleType.contains(.identifier), !header.sharedSampleType {
            throw perfDataError(name, offset: nil, "several events with different sample layouts and no PERF_SAMPLE_IDENTIFIER; cannot tell their samples apart")
        }
        attrNames = header.attrs.map { Array(($0.name ?? $0.fallbackName).utf8) }
    }

    private func run(_ source: PerfRecordSource, into profile: Profile) throws {
        startWorkers()
        defer { stopWorkers() }
        var checked = !header.attrs.isEmpty
        var lastProgress = 0
        while let record = try source.next() {
            if header.headerRecord(record) { continue }
            if !checked {
                guard !header.attrs.isEmpty else {
                    throw perfDataError(name, offset: record.bytes.inputOffset, "records before any event attribute")
                }
                try checkAttrs()
                checked = true
            }
            switch record.type {
            case PerfRecordType.finishedRound, PerfRecordType.finishedInit:
                flushRound()
            case PerfRecordType.compressed:
                throw perfDataError(name, offset: record.bytes.inputOffset,
                                    "compressed records (perf record -z) are not supported; record without -z, or run perf inject -i FILE -o PLAIN")
            default:
                let time: UInt64?
                if record.type == PerfRecordType.sample {
                    time = header.attrIndex(ofSample: record.bytes).flatMap { PerfSample.time(record.bytes, attr: header.attrs[$0]) }
                } else if record.type < 64 {
                    time = PerfSample.trailerTime(record.bytes, attr: header.attrs[header.attrIndex(ofTrailer: record.bytes)])
                } else {
                    time = nil
                }
                if let time { lastTime = time }
                round.append((time ?? lastTime, record))
            }
            if let progress = dataOptions.progress, source.position - lastProgress >= 16 << 20 {
                lastProgress = source.position
                progress(source.position, samplesSeen)
            }
        }
        flushRound()
        finishWorkers(into: profile)
        dataOptions.progress?(source.position, samplesSeen)
        report()
    }

    /// Processes the collected round in time order (stable: equal times keep
    /// file order).
    private func flushRound() {
        if round.count > 1 {
            var sorted = true
            for k in 1 ..< round.count where round[k].time < round[k - 1].time { sorted = false; break }
            if !sorted {
                let order = round.indices.sorted { round[$0].time != round[$1].time ? round[$0].time < round[$1].time : $0 < $1 }
                round = order.map { round[$0] }
            }
        }
        for (_, record) in round { process(record) }
        round.removeAll(keepingCapacity: true)
    }

    private func process(_ record: PerfRecord) {
        let bytes = record.bytes
        switch record.type {
        case PerfRecordType.sample:
            sample(record)
        case PerfRecordType.mmap, PerfRecordType.mmap2:
            mmap(record)
        case PerfRecordType.comm:
            guard bytes.has(8, 8) else { return }
            let pid = Int32(bitPattern: bytes.u32(8)), tid = Int32(bitPattern: bytes.u32(12))
            processes.comm(pid: pid, tid: tid, name: bytes.cString(16, limit: bytes.count),
                           exec: record.misc & PerfMisc.commExec != 0)
        case PerfRecordType.fork:
            guard bytes.has(8, 16) else { return }
            processes.fork(pid: Int32(bitPattern: bytes.u32(8)), parentPID: Int32(bitPattern: bytes.u32(12)),
                           tid: Int32(bitPattern: bytes.u32(16)), parentTID: Int32(bitPattern: bytes.u32(20)))
        case PerfRecordType.lost:
            lostRecords += 1
            if bytes.has(16, 8) { lostEvents &+= bytes.u64(16) }
        case PerfRecordType.lostSamples:
            lostRecords += 1
            if bytes.has(8, 8) { lostEvents &+= bytes.u64(8) }
        case PerfRecordType.exit, 5, 6, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21:
            break  // exit, throttling, read, aux, switches, namespaces, bpf, cgroup, text poke: nothing to name
        case PerfRecordType.idIndex, PerfRecordType.headerEventType, PerfRecordType.headerTracingData,
             PerfRecordType.auxtraceInfo, PerfRecordType.auxtrace, 72 ... 79:
            break  // perf's bookkeeping (thread and CPU maps, stat, time conversion)
        default:
            unknownRecords[record.type, default: 0] += 1
        }
    }

    private func mmap(_ record: PerfRecord) {
        let bytes = record.bytes
        let isMmap2 = record.type == PerfRecordType.mmap2
        let nameOffset = isMmap2 ? 72 : 40
        guard bytes.has(8, nameOffset - 8) else { return }
        let pid = Int32(bitPattern: bytes.u32(8))
        let start = bytes.u64(16), length = bytes.u64(24), pgoff = bytes.u64(32)
        var buildID: [UInt8]? = nil
        if isMmap2 {
            guard bytes.u32(64) & 4 != 0 else { return }  // PROT_EXEC
            if record.misc & PerfMisc.mmapBuildID != 0 {
                let size = min(20, Int(bytes.u8(40)))
                if size > 0 { buildID = bytes.bytes(44, size) }
            }
        } else if record.misc & PerfMisc.mmapData != 0 {
            return
        }
        // Kernel and module maps (pid -1) are named from kallsyms.
        guard pid != -1, record.misc & PerfMisc.cpuModeMask != PerfMisc.kernel else { return }
        let path = bytes.cString(nameOffset, limit: bytes.count)
        buildID = buildID ?? header.buildIDs[path]
        let (end, overflow) = start.addingReportingOverflow(length)
        guard !overflow else { return }
        let recorded = Mapping(start: start, end: end, fileOffset: pgoff, path: path, buildID: buildID)
        var located = recorded
        if let local = locator.locate(path, buildID: buildID) { located.path = local }
        processes.map(pid: pid, located: located, recorded: recorded)
    }

    private func sample(_ record: PerfRecord) {
        samplesSeen += 1
        guard let index = header.attrIndex(ofSample: record.bytes), let sample = PerfSample(record.bytes, attr: header.attrs[index]) else {
            badSamples += 1
            if firstBadSample == nil { firstBadSample = record.bytes.inputOffset }
            return
        }
        let event = attrNames[index]
        if let filter = eventFilter {
            if filter != event {
                ignoredEvents[String(decoding: event, as: UTF8.self), default: 0] += 1
                return
            }
        } else {
            eventFilter = event
        }
        let attr = header.attrs[index]
        let unwind = attr.sampleType.contains(.stackUser) && attr.sampleType.contains(.regsUser)
        let job = PerfSampleJob(record: record, sample: sample, comm: processes.comm(of: sample.tid) ?? ":\(sample.tid)",
                                process: processes.process(sample.pid), unwind: unwind)
        if threads == 1 {
            builders[0].add(job)
            return
        }
        batch.append(job)
        if batch.count >= Self.batchSize {
            queue?.push(batch)
            batch = []
        }
    }

    private func startWorkers() {
        guard builders.isEmpty else { return }
        builders = (0 ..< threads).map { _ in
            PerfStackBuilder(options: options, dataOptions: dataOptions, kernel: kernel, diagnostics: diagnostics)
        }
        guard threads > 1 else { return }
        let queue = BlockingQueue<[PerfSampleJob]>(capacity: threads * 4)
        self.queue = queue
        for builder in builders {
            nonisolated(unsafe) let builder = builder
            workers.append(WorkerThread {
                while let jobs = queue.pop() {
                    for job in jobs { builder.add(job) }
                }
            })
        }
    }

    private func stopWorkers() {
        queue?.close()
        for worker in workers { worker.join() }
        workers = []
        queue = nil
    }

    private func finishWorkers(into profile: Profile) {
        if !batch.isEmpty { queue?.push(batch) }
        batch = []
        stopWorkers()
        for builder in builders { profile.merge(builder.profile) }
        if profile.unit == nil { profile.unit = "period" }
    }

    /// Totals over all workers (after the run).
    var counts: PerfStackCounts {
        var total = PerfStackCounts()
        for builder in builders { total.add(builder.counts) }
        return total
    }

    private func report() {
        if lostRecords > 0 {
            diagnostics.warn("\(name): \(lostEvents) events lost in \(lostRecords) LOST records (perf could not keep up; try a lower frequency)")
        }
        if !unknownRecords.isEmpty {
            let list = unknownRecords.sorted { $0.key < $1.key }.map { "type \($0.key) (\($0.value))" }.joined(separator: ", ")
            diagnostics.warn("\(name): skipped records of unknown types: \(list)")
        }
        if badSamples > 0 {
            diagnostics.warn("\(name): \(badSamples) malformed samples skipped (the first at byte offset \(firstBadSample ?? 0))")
        }
        let counts = self.counts
        if counts.truncated > 0 {
            diagnostics.warn("\(name): \(counts.truncated) of \(counts.unwound) unwound stacks were truncated (a caller lay beyond the copied stack; record with a larger --call-graph dwarf,SIZE)")
        }
        if defaultedFilter, !ignoredEvents.isEmpty, let kept = eventFilter {
            let ignored = ignoredEvents.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) samples)" }
            diagnostics.warn("\(name): several event types; kept \(String(decoding: kept, as: UTF8.self)), the first seen (choose with --event-filter); ignored: \(ignored.joined(separator: ", "))")
        }
    }
}
