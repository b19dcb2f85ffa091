import FlameModel

/// Turns samples into stacks on one worker: kernel frames from the recorded
/// callchain, user frames from the callchain or unwound from the recorded
/// registers and stack, each address named through the resolver and then
/// through the same naming rules as `perf script` text (so that output
/// matches `perf script | flame collapse`). Owns its profile, resolver and
/// unwinder; workers' profiles are merged at the end.
final class PerfStackBuilder {
    let profile = Profile(unit: "period")
    private let frames: FrameTable
    private let options: PerfScriptOptions
    private let dataOptions: PerfDataOptions
    private let namer: PerfFrameNames
    private let resolver: AddressResolver?
    private let unwinder: StackUnwinder?
    private let kernel: KernelSymbolSource
    private(set) var counts = PerfStackCounts()

    private struct FrameKey: Hashable {
        var path: String
        var address: UInt64
        var expand: Bool
        var java: Bool
    }
    /// Frame ids of one address, in the order they are pushed (leaf first),
    /// and how many are pushed before a `--skip-after` frame ends the stack.
    private struct Named {
        var start: Int
        var count: Int
        var stopAfter: Int?
    }
    private var named: [FrameKey: Named] = [:]
    private var namedIDs: [UInt32] = []
    private var comms: [String: UInt32] = [:]
    private var stack: [UInt32] = []
    private var addresses: [UInt64] = []
    private var registers = [UInt64?](repeating: nil, count: 17)

    init(options: PerfScriptOptions, dataOptions: PerfDataOptions, kernel: KernelSymbolSource, diagnostics: Diagnostics) {
        self.options = options
        self.dataOptions = dataOptions
        self.kernel = kernel
        frames = profile.frames
        var plain = options
        plain.inline = nil
        namer = PerfFrameNames(options: plain, diagnostics: diagnostics)
        resolver = dataOptions.resolvers?.makeResolver(diagnostics: diagnostics)
        unwinder = dataOptions.unwinders?.makeUnwinder(diagnostics: diagnostics)
    }

    func add(_ job: PerfSampleJob) {
        let sample = job.sample
        let bytes = job.record.bytes
        let java = job.comm.hasPrefix("java")
        stack.removeAll(keepingCapacity: true)
        var stopped = false
        // Kernel (and, for -g, user) frames from the callchain, leaf first.
        var context = (job.record.misc & PerfMisc.cpuModeMask) == PerfMisc.kernel ? PerfContext.kernel : PerfContext.user
        var callchainUser = false
        if sample.callchainCount == 0 {
            if context == PerfContext.kernel {
                stopped = pushKernel(sample.ip)
            } else if !job.unwind {
                stopped = pushUser(sample.ip, expand: false, job: job, java: java)
            }
        }
        for k in 0 ..< sample.callchainCount where !stopped {
            let address = bytes.u64(sample.callchainOffset + 8 * k)
            if address >= PerfContext.max {
                context = address
                continue
            }
            if context == PerfContext.kernel {
                stopped = pushKernel(address)
            } else if context == PerfContext.user, !job.unwind {
                callchainUser = true
                stopped = pushUser(address, expand: false, job: job, java: java)
            }
        }
        if job.unwind, !stopped {
            stopped = pushUnwound(job, java: java)
        } else if !callchainUser, !job.unwind, sample.callchainCount > 0, context != PerfContext.kernel, stack.isEmpty {
            stopped = pushUser(sample.ip, expand: false, job: job, java: java)
        }
        if !stopped { stack.append(commFrame(job)) }
        stack.reverse()
        let weight = sample.period.map { $0 == 0 ? 1 : $0 } ?? 1
        _ = profile.stacks.add(stack, weight: weight, samples: 1)
        counts.samples += 1
    }

    /// User frames unwound from the recorded registers and stack.
    private func pushUnwound(_ job: PerfSampleJob, java: Bool) -> Bool {
        let sample = job.sample
        let bytes = job.record.bytes
        guard let unwinder, sample.regsABI != 0 else {
            // Without registers there is nothing to unwind; perf shows the IP
            // for user-mode samples.
            if (job.record.misc & PerfMisc.cpuModeMask) == PerfMisc.user {
                return pushUser(sample.ip, expand: dataOptions.inline, job: job, java: java)
            }
            return false
        }
        for k in 0 ..< 17 { registers[k] = nil }
        var index = 0
        for bit in 0 ..< 64 where sample.regsMask & (1 << UInt64(bit)) != 0 {
            if let dwarf = Self.dwarfRegister(perf: bit) { registers[dwarf] = bytes.u64(sample.regsOffset + 8 * index) }
            index += 1
        }
        guard let sp = registers[7] else { return false }
        let stackBytes = UnsafeRawBufferPointer(start: bytes.base + sample.stackOffset, count: sample.stackSize)
        let recorded = RecordedUserStack(registers: registers, stack: stackBytes, stackPointer: sp)
        let end = unwinder.unwind(pid: sample.pid, space: job.process.located, stack: recorded, into: &addresses)
        counts.unwound += 1
        switch end {
        case .complete: break
        case .truncated: counts.truncated += 1
        case .stopped: counts.stopped += 1
        case .failed: counts.failed += 1
        }
        for address in addresses {
            if pushUser(address, expand: dataOptions.inline, job: job, java: java) { return true }
        }
        return false
    }

    /// perf's x86_64 register numbers to DWARF's.
    static func dwarfRegister(perf: Int) -> Int? {
        switch perf {
        case 0: return 0  // AX
        case 1: return 3  // BX
        case 2: return 2  // CX
        case 3: return 1  // DX
        case 4: return 4  // SI
        case 5: return 5  // DI
        case 6: return 6  // BP
        case 7: return 7  // SP
        case 8: return 16  // IP
        case 16 ... 23: return perf - 8  // R8-R15
        default: return nil
        }
    }

    private func commFrame(_ job: PerfSampleJob) -> UInt32 {
        var name = job.comm.replacingOccurrences(of: " ", with: "_")
        if options.includeTID {
            name += "-\(job.sample.pid)/\(job.sample.tid)"
        } else if options.includePID {
            name += "-\(job.sample.pid)"
        }
        if let id = comms[name] { return id }
        let id = frames.intern(name, kind: .label)
        comms[name] = id
        return id
    }

    private func pushKernel(_ address: UInt64) -> Bool {
        let key = FrameKey(path: "[kernel.kallsyms]", address: address, expand: false, java: false)
        if let known = named[key] { return push(known) }
        let symbol = kernel.symbols()?.name(at: address) ?? "[unknown]"
        let entry = name(lines: [(Array(symbol.utf8), Array("[kernel.kallsyms]".utf8), false)], pc: address, java: false)
        named[key] = entry
        return push(entry)
    }

    /// Frames of a user-space address: with `expand`, the inline chain
    /// (what perf shows for unwound frames), else the ELF symbol (what perf
    /// shows for callchain frames and with --no-inline). Addresses are
    /// looked up as they are: callchains hold return addresses as perf
    /// resolves them, unwinders give call sites.
    private func pushUser(_ address: UInt64, expand: Bool, job: PerfSampleJob, java: Bool) -> Bool {
        guard let mapping = job.process.recorded.mapping(containing: address) else {
            let key = FrameKey(path: "", address: options.includeAddresses ? address : 0, expand: false, java: java)
            if let known = named[key] { return push(known) }
            let entry = name(lines: [(Array("[unknown]".utf8), Array("[unknown]".utf8), false)], pc: address, java: java)
            named[key] = entry
            return push(entry)
        }
        let located = job.process.located.mapping(containing: address)
        let key = FrameKey(path: located?.path ?? mapping.path, address: (located ?? mapping).fileOffset(of: address),
                           expand: expand, java: java)
        if let known = named[key] { return push(known) }
        let module = Array(mapping.path.utf8)
        var lines: [(symbol: [UInt8], module: [UInt8], inlined: Bool)] = []
        if let located, located.path.hasPrefix("/"), let resolver {
            let location = CodeLocation(located, address: address)
            let resolved = expand ? resolver.frames(at: location) ?? [] : []
            // A chain of one frame without a source file came from the symbol
            // table, where perf's own choice of name applies.
            if resolved.count > 1 || resolved.first?.file != nil {
                // perf prints the innermost inlined function first; the last
                // line is the function the code belongs to.
                for (k, frame) in resolved.reversed().enumerated() {
                    let outermost = k == resolved.count - 1
                    lines.append((Array(frame.name.utf8), outermost ? module : Array("inlined".utf8), !outermost))
                }
            } else if let symbol = resolver.symbol(at: location) ?? resolved.first?.name {
                lines = [(Array(symbol.utf8), module, false)]
            }
        }
        if lines.isEmpty { lines = [(Array("[unknown]".utf8), module, false)] }
        let entry = name(lines: lines, pc: mapping.fileOffset(of: address), java: java)
        named[key] = entry
        return push(entry)
    }

    /// Names the lines of one address (innermost first, as perf prints them)
    /// through perf script's naming rules, and caches the frame ids.
    private func name(lines: [(symbol: [UInt8], module: [UInt8], inlined: Bool)], pc: UInt64, java: Bool) -> Named {
        let start = namedIDs.count
        var stopAfter: Int? = nil
        let pcText = Array(String(pc, radix: 16).utf8)
        for line in lines {
            let result = namer.names(pc: pcText[...], symbol: line.symbol[...], module: line.module[...], javaProcess: java)
            for (name, kind) in zip(result.names, result.kinds).reversed() {
                var text = name
                if line.inlined, dataOptions.annotateInline, !Bytes.hasSuffix(Literal.inlined, text[...]) { text += Literal.inlined }
                namedIDs.append(frames.intern(text, kind: line.inlined ? .inlined : kind))
            }
            if result.stopsStack {
                stopAfter = namedIDs.count - start
                break
            }
        }
        return Named(start: start, count: namedIDs.count - start, stopAfter: stopAfter)
    }

    /// Appends cached frames; true when `--skip-after` ends the stack here.
    @inline(__always)
    private func push(_ entry: Named) -> Bool {
        let n = entry.stopAfter ?? entry.count
        for k in 0 ..< n { stack.append(namedIDs[entry.start + k]) }
        return entry.stopAfter != nil
    }
}

/// Kernel symbols loaded on first use, shared by all workers.
final class KernelSymbolSource: @unchecked Sendable {
    private let monitor = Monitor()
    private var loaded = false
    private var table: KernelSymbols?
    private let load: () -> KernelSymbols?

    init(load: @escaping () -> KernelSymbols?) { self.load = load }

    func symbols() -> KernelSymbols? {
        monitor.locked {
            if !loaded {
                table = load()
                loaded = true
            }
            return table
        }
    }
}
