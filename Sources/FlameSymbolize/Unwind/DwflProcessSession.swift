import CLibdw
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// One process's libdwfl state: its executable files reported at their load
/// biases and `dwfl_attach_state` done once; each sample points the session
/// at its registers and stack bytes, then walks the frames.
final class DwflProcessSession {
    let mappings: [Mapping]
    private(set) var ready = false
    private var dwfl: OpaquePointer?
    private let callbacks: UnsafeMutablePointer<Dwfl_Callbacks>
    private let threadCallbacks: UnsafeMutablePointer<Dwfl_Thread_Callbacks>
    private let debugPath: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let pid: Int32
    /// Runtime ranges of the Go runtime functions that need special care.
    private var specials: [(start: UInt64, end: UInt64, kind: RuntimeFunctionKind)] = []

    // The sample being unwound.
    var stack = RecordedUserStack(registers: [], stack: UnsafeRawBufferPointer(start: nil, count: 0), stackPointer: 0)
    var space = AddressSpace()
    /// Reads past the end of the copy (a truncated stack) and below the stack
    /// pointer (GCC epilogues), seen during this unwind.
    var readBeyondCopy = false
    var readBelowStack = false
    /// Slots below the stack pointer served from register values (the GCC
    /// epilogue fix), by address.
    var belowStack: [UInt64: UInt64] = [:]
    var frames: [UInt64] = []
    var end: UnwindEnd = .complete
    var stoppedOnPurpose = false

    init(pid: Int32, mappings: [Mapping], functions: RuntimeFunctionIndex) {
        self.pid = pid
        self.mappings = mappings
        debugPath = .allocate(capacity: 1)
        debugPath.initialize(to: strdup(":.debug:/usr/lib/debug"))
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: Dwfl_Callbacks(find_elf: dwfl_build_id_find_elf, find_debuginfo: dwfl_standard_find_debuginfo,
                                                section_address: dwfl_offline_section_address, debuginfo_path: debugPath))
        threadCallbacks = .allocate(capacity: 1)
        threadCallbacks.initialize(to: Dwfl_Thread_Callbacks(
            next_thread: { _, _, _ in 0 },
            get_thread: { _, _, arg, threadArg in
                threadArg?.pointee = arg
                return true
            },
            memory_read: { _, address, result, arg in
                Unmanaged<DwflProcessSession>.fromOpaque(arg!).takeUnretainedValue().read(address, into: result!)
            },
            set_initial_registers: { thread, arg in
                Unmanaged<DwflProcessSession>.fromOpaque(arg!).takeUnretainedValue().setRegisters(thread!)
            },
            detach: nil,
            thread_detach: nil))
        guard let dwfl = dwfl_begin(callbacks) else { return }
        self.dwfl = dwfl
        dwfl_report_begin(dwfl)
        var reported = Set<String>()
        var modules: [(OpaquePointer, Mapping)] = []
        for mapping in mappings where !reported.contains(mapping.path) {
            guard let bias = ElfLoadBias.bias(path: mapping.path, mapping: mapping) else { continue }
            reported.insert(mapping.path)
            if let module = dwfl_report_elf(dwfl, mapping.path, mapping.path, -1, bias, false) {
                modules.append((module, mapping))
            }
        }
        dwfl_report_end(dwfl, nil, nil)
        guard !modules.isEmpty else { return }
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard dwfl_attach_state(dwfl, nil, pid, threadCallbacks, me) else { return }
        for (module, mapping) in modules {
            specials += functions.ranges(module: module, path: mapping.path)
        }
        ready = true
    }

    deinit {
        if let dwfl { dwfl_end(dwfl) }
        callbacks.deinitialize(count: 1)
        callbacks.deallocate()
        threadCallbacks.deinitialize(count: 1)
        threadCallbacks.deallocate()
        free(debugPath.pointee)
        debugPath.deinitialize(count: 1)
        debugPath.deallocate()
    }

    func unwind(_ stack: RecordedUserStack, space: AddressSpace, into addresses: inout [UInt64]) -> UnwindEnd {
        self.stack = stack
        self.space = space
        belowStack.removeAll(keepingCapacity: true)
        var result = walk()
        // GCC epilogues: callee-saved registers already popped, their CFI
        // slots now below the stack pointer. Serve those slots from the
        // registers (the values popped) and walk again.
        if readBelowStack, result != .complete || frames.count < 2, fillBelowStack() {
            result = walk()
        }
        addresses = frames
        return result
    }

    private func walk() -> UnwindEnd {
        frames.removeAll(keepingCapacity: true)
        readBeyondCopy = false
        readBelowStack = false
        stoppedOnPurpose = false
        end = .complete
        let me = Unmanaged.passUnretained(self).toOpaque()
        let rc = dwfl_getthread_frames(dwfl!, pid, { frame, arg in
            Unmanaged<DwflProcessSession>.fromOpaque(arg!).takeUnretainedValue().visit(frame!)
        }, me)
        if stoppedOnPurpose { return end }
        if readBeyondCopy { return .truncated }
        if frames.isEmpty, let pc = stack.registers.count > 16 ? stack.registers[16] : nil { frames.append(pc) }
        if rc != 0, frames.count < 2 { return .failed }
        return .complete
    }

    private func visit(_ frame: OpaquePointer) -> Int32 {
        var pc: Dwarf_Addr = 0
        var activation = false
        guard dwfl_frame_pc(frame, &pc, &activation) else { return Int32(DWARF_CB_ABORT) }
        // A return address outside every executable mapping is stale data.
        if !frames.isEmpty, space.mapping(containing: pc)?.executable != true {
            return stop(.truncated)
        }
        if frames.count >= 4096 { return stop(.truncated) }
        frames.append(activation ? pc : pc &- 1)
        guard let kind = special(frames[frames.count - 1]) else { return Int32(DWARF_CB_OK) }
        switch kind {
        case .root:
            return stop(.complete)
        case .stackSwitch:
            return stop(.stopped)
        case .clock:
            var rbp: Dwarf_Word = 0
            if dwfl_frame_reg(frame, 6, &rbp) == 0 { followFramePointers(from: rbp) }
            return stop(.stopped)
        }
    }

    private func stop(_ reason: UnwindEnd) -> Int32 {
        stoppedOnPurpose = true
        end = reason
        return Int32(DWARF_CB_ABORT)
    }

    private func special(_ pc: UInt64) -> RuntimeFunctionKind? {
        for range in specials where pc >= range.start && pc < range.end { return range.kind }
        return nil
    }

    /// Go's frame-pointer chain inside the copy, past a function whose CFI
    /// does not describe its stack switch (`nanotime1`, `walltime`).
    private func followFramePointers(from start: UInt64) {
        var rbp = start
        while frames.count < 4096, let saved = load(rbp), let ret = load(rbp &+ 8) {
            guard space.mapping(containing: ret)?.executable == true else { return }
            frames.append(ret &- 1)
            if let kind = special(ret), kind != .clock { end = kind == .root ? .complete : .stopped; return }
            guard saved > rbp else { return }
            rbp = saved
        }
    }

    private func load(_ address: UInt64) -> UInt64? {
        let sp = stack.stackPointer
        guard address >= sp, address - sp <= UInt64(max(0, stack.stack.count - 8)), stack.stack.count >= 8 else { return nil }
        return stack.stack.loadUnaligned(fromByteOffset: Int(address - sp), as: UInt64.self)
    }

    fileprivate func read(_ address: Dwarf_Addr, into result: UnsafeMutablePointer<Dwarf_Word>) -> Bool {
        if let value = load(address) {
            result.pointee = value
            return true
        }
        if address < stack.stackPointer {
            if let value = belowStack[address] {
                result.pointee = value
                return true
            }
            readBelowStack = true
        } else {
            readBeyondCopy = true
        }
        return false
    }

    fileprivate func setRegisters(_ thread: OpaquePointer) -> Bool {
        for (number, value) in stack.registers.enumerated() where number < 16 {
            guard var value else { continue }
            guard dwfl_thread_state_registers(thread, Int32(number), 1, &value) else { return false }
        }
        if stack.registers.count > 16, let pc = stack.registers[16] { dwfl_thread_state_register_pc(thread, pc) }
        return true
    }

    /// Works out, from the CFI at the sampled pc, where the callee-saved
    /// registers' slots lie, and serves those below the stack pointer from
    /// the current register values. False when nothing applies.
    private func fillBelowStack() -> Bool {
        guard let dwfl, stack.registers.count > 16, let pc = stack.registers[16], let module = dwfl_addrmodule(dwfl, pc) else { return false }
        var bias: Dwarf_Addr = 0
        guard let cfi = dwfl_module_eh_cfi(module, &bias) ?? dwfl_module_dwarf_cfi(module, &bias) else { return false }
        var framePointer: OpaquePointer? = nil
        guard dwarf_cfi_addrframe(cfi, pc &- bias, &framePointer) == 0, let frame = framePointer else { return false }
        defer { free(UnsafeMutableRawPointer(frame)) }
        var ops: UnsafeMutablePointer<Dwarf_Op>? = nil
        var count = 0
        guard dwarf_frame_cfa(frame, &ops, &count) == 0, count == 1, let op = ops?.pointee,
              op.atom >= 0x70, op.atom <= 0x8F else { return false }  // DW_OP_bregN
        guard let base = stack.registers[Int(op.atom - 0x70)] else { return false }
        let cfa = base &+ op.number
        var any = false
        for register in [3, 6, 12, 13, 14, 15] {
            guard let value = stack.registers[register] else { continue }
            var storage = [Dwarf_Op](repeating: Dwarf_Op(), count: 3)
            var rule: UnsafeMutablePointer<Dwarf_Op>? = nil
            var n = 0
            let ok = storage.withUnsafeMutableBufferPointer { dwarf_frame_register(frame, Int32(register), $0.baseAddress!, &rule, &n) == 0 }
            guard ok, n >= 1, let rule, rule[0].atom == 0x9C else { continue }  // DW_OP_call_frame_cfa
            var offset: UInt64 = 0
            var pending: UInt64 = 0
            for k in 1 ..< n {
                switch rule[k].atom {
                case 0x23: offset &+= rule[k].number  // DW_OP_plus_uconst
                case 0x11, 0x10: pending = rule[k].number  // DW_OP_consts, constu
                case 0x22: offset &+= pending  // DW_OP_plus
                default: break
                }
            }
            let slot = cfa &+ offset
            if slot < stack.stackPointer {
                belowStack[slot] = value
                any = true
            }
        }
        return any
    }
}
