#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// What a renderer draws: a plain profile, or a differential one
/// (`stack COUNT1 COUNT2` input).
public enum LoadedProfile {
    case plain(Profile)
    case differential(DifferentialProfile)
}

extension ProfileLoader {
    /// Like `load`, but also accepts differential folded input (sniffed by
    /// content: the first lines carry two counts). Differential and plain
    /// inputs cannot be mixed: a plain stack has no "before" count.
    public func loadForRendering(_ inputs: [InputSource]) throws -> LoadedProfile {
        var plain: Profile? = nil
        var differential: DifferentialProfile? = nil
        var eventFilter = options.perfScript.eventFilter
        let defaulted = eventFilter == nil
        for input in inputs.isEmpty ? [.standardInput] : inputs {
            let fd = try input.open()
            defer { if fd > 2 { close(fd) } }
            let reader = try BlockReader(fd: fd, name: input.displayName, blockSize: options.blockSize)
            var leading: [Block] = []
            var format: InputFormat? = nil
            var isDifferential = false
            while format == nil, let block = try reader.next() {
                leading.append(block)
                let head = UnsafeRawBufferPointer(rebasing: block.bytes.prefix(1 << 16))
                format = InputFormat.sniff(head)
                isDifferential = format == .folded && DifferentialSyntax.looksDifferential(head)
            }
            // An empty input (or only comments) adds nothing, whatever the others are.
            guard let format else { continue }
            if isDifferential {
                guard plain == nil else { throw mixed(input) }
                let target = differential ?? DifferentialProfile()
                differential = target
                try loadDifferential(reader: reader, leading: leading, into: target, name: input.displayName)
                continue
            }
            guard differential == nil else { throw mixed(input) }
            let target = plain ?? Profile()
            plain = target
            switch format {
            case .folded:
                try loadFolded(reader: reader, leading: leading, into: target, name: input.displayName)
            case .perfScript:
                // Source lines belong to the frame line before them, so a block
                // boundary could split a pair: --srcline reads on one thread.
                let threads = options.perfScript.sourceLines ? 1 : options.threads
                let driver = PerfScriptDriver(options: options.perfScript, threads: threads, blockSize: options.blockSize,
                                              diagnostics: diagnostics)
                let report = try driver.run(reader: reader, leading: leading, into: target,
                                            eventFilter: &eventFilter, defaultedFilter: defaulted)
                warn(about: report, input: input.displayName, keptEvent: eventFilter)
            case .perfData:
                try loadPerfData(fd: fd, reader: reader, leading: leading, into: target, name: input.displayName,
                                 eventFilter: &eventFilter)
            case .pprof, .flameSampler:
                try loadBinary(format, reader: reader, leading: leading, into: target, name: input.displayName)
            }
        }
        if let differential { return .differential(differential) }
        return .plain(plain ?? Profile())
    }

    private func mixed(_ input: InputSource) -> InputError {
        InputError(input: input.displayName,
                   reason: "cannot mix differential input (stack COUNT1 COUNT2) with plain profiles")
    }

    private func loadDifferential(reader: BlockReader, leading: [Block], into profile: DifferentialProfile, name: String) throws {
        let folded = DifferentialFoldedReader(profile: profile)
        var blocks = BlockSequence(reader: reader, leading: leading)
        try blocks.feedAll { folded.feed($0, firstLine: $1) }
        folded.badLines.report(to: diagnostics, input: name, what: "not a differential folded line (stack COUNT1 COUNT2)")
    }
}
