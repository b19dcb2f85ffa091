#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// The stackcollapse-perf.pl state machine over `perf script` lines, fed with
/// blocks of complete lines. State carries across `feed` calls exactly as
/// Perl's loop carries it across lines: a sample header names the process, each
/// frame line prepends frames, and an empty line counts the stack.
///
/// Frame lines repeat a lot, so the frames a line yields are cached. The key
/// is what the names depend on: the symbol without its `+0x` offset and the
/// module, not the address (unless an option shows or resolves addresses).
/// A system-wide capture holds ten times more distinct lines than distinct
/// keys (each call site is its own line), so keying on the whole line would
/// name most symbols many times over and keep a table too large for the cache.
final class PerfScriptCollapser {
    let options: PerfScriptOptions
    private let namer: PerfFrameNames
    let profile: Profile
    // The profile's tables, held directly so the hot path does not go through
    // `profile` (and its reference counting) on every line.
    private let frames: FrameTable
    private let stacks: StackTable
    /// The event kept; nil until the first event is seen, unless given.
    var eventFilter: [UInt8]?
    let report: CollapseReport

    // State of the sample being read. A collapser belongs to one thread and
    // is never re-entered, so its state goes without run-time exclusivity
    // checks (a thread-local look-up per access on the hot path).
    @exclusivity(unchecked) private var named = false
    /// Inside a sample whose event is filtered out: its frames are skipped
    /// silently, unlike frame lines that belong to no sample.
    @exclusivity(unchecked) private var skippingFiltered = false
    @exclusivity(unchecked) private var processName: UInt32 = 0
    @exclusivity(unchecked) private var javaProcess = false
    @exclusivity(unchecked) private var period: UInt64 = 1
    @exclusivity(unchecked) private var stopped = false
    @exclusivity(unchecked) private var truncatedThisSample = false
    static let maxFrames = 1 << 20
    @exclusivity(unchecked) private var stack = GrowableBuffer<UInt32>(capacity: 256)

    // Cache of named frames, by key (see above). Java processes tidy names
    // differently, so their keys carry the tag `javaTag`.
    private struct CachedLine { var start: Int32; var count: Int32; var stops: Bool }
    private let lineKeys = ByteKeyTable(capacity: 1 << 12)
    private static let javaTag: UInt8 = 1
    @exclusivity(unchecked) private var lineValues = GrowableBuffer<CachedLine>(capacity: 1 << 12)
    @exclusivity(unchecked) private var cachedFrames = GrowableBuffer<UInt32>(capacity: 1 << 12)
    @exclusivity(unchecked) private var keyScratch = GrowableBuffer<UInt8>(capacity: 1 << 10)
    /// Whether the address is part of the key: the names show it (`--addrs`
    /// on `[unknown]` symbols) or come from it (`--inline`).
    private let keyedByAddress: Bool
    /// Past this many bytes of cached keys new keys are named every time, so
    /// that input made of endless distinct symbols cannot grow memory.
    private let cacheByteLimit = 48 << 20

    @exclusivity(unchecked) private var nameScratch: [UInt8] = []

    // With --srcline: frames of the last frame line still waiting for their
    // source lines, and how many of them take one.
    @exclusivity(unchecked) private var awaitingSource: [[UInt8]] = []
    @exclusivity(unchecked) private var awaitingKinds: [FrameKind] = []
    @exclusivity(unchecked) private var sourceReads = 0
    @exclusivity(unchecked) private var sourceRead = 0

    init(options: PerfScriptOptions, eventFilter: [UInt8]?, diagnostics: Diagnostics, profile: Profile = Profile()) {
        self.options = options
        self.eventFilter = eventFilter
        self.profile = profile
        frames = profile.frames
        stacks = profile.stacks
        namer = PerfFrameNames(options: options, diagnostics: diagnostics)
        keyedByAddress = options.includeAddresses || options.inline != nil
        report = CollapseReport()
    }

    deinit {
        stack.free()
        lineValues.free()
        cachedFrames.free()
        keyScratch.free()
    }

    /// Whether a sample has been started and not yet ended by an empty line.
    var insideSample: Bool { named }

    /// Processes the lines in `block`; the last line may lack its newline.
    /// Returns the number of lines read.
    @discardableResult
    func feed(_ block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
        Lines.forEach(in: block, firstLine: firstLine) { line($0, number: $1) }
    }

    @inline(__always)
    private func line(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        var text = text
        // CRLF input (a capture passed through Windows): read as LF, noted once.
        if let last = text.last, last == 13 {
            text = UnsafeBufferPointer(rebasing: text.dropLast())
            report.carriageReturns += 1
        }
        if sourceRead < sourceReads { return sourceLine(text) }
        guard let first = text.first else {
            skippingFiltered = false
            return endSample()
        }
        if first == UInt8(ascii: "#") { return }
        if PerfScriptSyntax.isSpace(first) {
            return frameLine(text, number: number)
        }
        if let header = PerfScriptSyntax.header(text) {
            return sampleHeader(text, header)
        }
        frameLine(text, number: number)
    }

    private func endSample() {
        guard named else { return }
        if !stopped { stack.append(processName) }
        // Frames were collected leaf first; the folded stack is root first.
        var i = 0, j = stack.count - 1
        while i < j {
            let t = stack[i]; stack[i] = stack[j]; stack[j] = t
            i += 1; j -= 1
        }
        stacks.add(stack.base, stack.count, weight: period, samples: 1)
        report.samples += 1
        stack.removeAll()
        named = false
        stopped = false
        truncatedThisSample = false
    }

    private func sampleHeader(_ text: UnsafeBufferPointer<UInt8>, _ header: PerfScriptSyntax.Header) {
        var periodValue: UInt64 = 1
        if let (periodSpan, eventSpan) = PerfScriptSyntax.event(text) {
            let event = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[eventSpan])
            if let filter = eventFilter {
                if !Self.equal(filter, event) {
                    report.ignoredEvent(event)
                    skippingFiltered = true
                    return
                }
            } else {
                eventFilter = Array(event)
            }
            if let span = periodSpan { periodValue = Self.perlPeriod(text, span) }
        }
        period = periodValue
        buildProcessName(text, header)
        processName = nameScratch.withUnsafeBytes { frames.intern($0, kind: .label) }
        javaProcess = nameScratch.count >= 4 && nameScratch[0] == UInt8(ascii: "j") && nameScratch[1] == UInt8(ascii: "a")
            && nameScratch[2] == UInt8(ascii: "v") && nameScratch[3] == UInt8(ascii: "a")
        named = true
    }

    /// Byte equality without the generic sequence comparison, which costs a
    /// call per byte on a path taken once per sample.
    private static func equal(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0 ..< a.count where a[i] != b[i] { return false }
        return true
    }

    /// Perl's truthiness: an empty or "0" period counts as 1; others by value.
    private static func perlPeriod(_ text: UnsafeBufferPointer<UInt8>, _ span: Range<Int>) -> UInt64 {
        if span.count == 1, text[span.lowerBound] == UInt8(ascii: "0") { return 1 }
        var value: UInt64 = 0
        for i in span {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(text[i] - 48))
            if o1 || o2 { return .max }
            value = s
        }
        return value
    }

    /// `comm`, `comm-PID` or `comm-PID/TID` into `nameScratch`, spaces as `_`.
    private func buildProcessName(_ text: UnsafeBufferPointer<UInt8>, _ header: PerfScriptSyntax.Header) {
        nameScratch.removeAll(keepingCapacity: true)
        for i in header.comm { nameScratch.append(text[i] == 32 ? UInt8(ascii: "_") : text[i]) }
        if options.includeTID || options.includePID {
            // Perl: a missing or "0" tid means the one number is the tid.
            let tidIsTrue = header.tid.map { !($0.count == 1 && text[$0.lowerBound] == 48) } ?? false
            nameScratch.append(UInt8(ascii: "-"))
            if tidIsTrue { nameScratch.append(contentsOf: text[header.pid]) } else { nameScratch.append(UInt8(ascii: "?")) }
            if options.includeTID {
                nameScratch.append(UInt8(ascii: "/"))
                nameScratch.append(contentsOf: text[tidIsTrue ? header.tid! : header.pid])
            }
        }
    }

    private func frameLine(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        if !named {
            // Perl skips frames of filtered samples, but still warns about
            // garbage; frames that belong to no sample at all are noted too.
            if PerfScriptSyntax.frame(text) == nil {
                report.unrecognized(text, line: number)
            } else if !skippingFiltered {
                report.unrecognized(text, line: number, outsideSample: true)
            }
            return
        }
        if options.sourceLines { return frameLineWithSource(text, number: number) }
        if stopped { return }
        guard let frame = PerfScriptSyntax.frame(text) else { return report.unrecognized(text, line: number) }
        let key = cacheKey(text, frame)
        let tag = javaProcess ? Self.javaTag : 0
        let known = lineKeys.count
        if lineKeys.byteCount < cacheByteLimit || lineKeys.find(key, tag: tag) != nil {
            let id = Int(lineKeys.intern(key, tag: tag))
            if id == known { lineValues.append(resolve(text, frame)) }
            let cached = lineValues[id]
            pushGroup(cachedFrames.base + Int(cached.start), Int(cached.count))
            if cached.stops { stopped = true }
        } else {
            let cached = resolve(text, frame)
            pushGroup(cachedFrames.base + Int(cached.start), Int(cached.count))
            cachedFrames.removeLast(Int(cached.count))
            if cached.stops { stopped = true }
        }
    }

    /// The bytes a frame line's names depend on, in `keyScratch`: the address
    /// and a space where it counts, the symbol up to its offset, then ` (`, the
    /// module and `)` as in the line. A module holds no ` (` (the frame grammar
    /// ends it at the last one), so no two frames share a key.
    @inline(__always)
    private func cacheKey(_ text: UnsafeBufferPointer<UInt8>, _ frame: PerfScriptSyntax.Frame) -> UnsafeRawBufferPointer {
        let base = text.baseAddress!
        let symbolEnd = PerfScriptSyntax.endStrippingOffset(text, frame.symbol)
        let moduleStart = frame.module.lowerBound - 2
        if !keyedByAddress, symbolEnd == moduleStart {
            // No offset to leave out: the key is a run of the line as it is.
            return UnsafeRawBufferPointer(start: base + frame.symbol.lowerBound, count: frame.module.upperBound + 1 - frame.symbol.lowerBound)
        }
        keyScratch.removeAll()
        if keyedByAddress {
            keyScratch.append(contentsOf: base + frame.pc.lowerBound, count: frame.pc.count)
            keyScratch.append(32)
        }
        keyScratch.append(contentsOf: base + frame.symbol.lowerBound, count: symbolEnd - frame.symbol.lowerBound)
        keyScratch.append(contentsOf: base + moduleStart, count: frame.module.upperBound + 1 - moduleStart)
        return UnsafeRawBufferPointer(start: keyScratch.base, count: keyScratch.count)
    }

    /// `--srcline`: names depend on the lines that follow, so nothing is cached.
    private func frameLineWithSource(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        guard let frame = PerfScriptSyntax.frame(text) else { return report.unrecognized(text, line: number) }
        let bytes = Array(text)
        let result = namer.names(pc: bytes[frame.pc], symbol: bytes[frame.symbol],
                                 module: bytes[frame.module], javaProcess: javaProcess)
        // Above a --skip-after frame the source lines are still read, not kept.
        awaitingSource = stopped ? [] : result.names
        awaitingKinds = stopped ? [] : result.kinds
        if result.stopsStack { stopped = true }
        sourceReads = result.sourceLineReads
        sourceRead = 0
        if sourceReads == 0 { pushAwaitingSource() }
    }

    private func sourceLine(_ text: UnsafeBufferPointer<UInt8>) {
        if sourceRead < awaitingSource.count, let suffix = PerfFrameNames.sourceLineSuffix(text) {
            awaitingSource[sourceRead] += suffix
        }
        sourceRead += 1
        if sourceRead == sourceReads { pushAwaitingSource() }
    }

    private func pushAwaitingSource() {
        let ids = zip(awaitingSource, awaitingKinds).map { frames.intern($0, kind: $1) }
        if !ids.isEmpty { ids.withUnsafeBufferPointer { pushGroup($0.baseAddress!, $0.count) } }
        awaitingSource = []
        awaitingKinds = []
        sourceReads = 0
        sourceRead = 0
    }

    /// Frames of one line, in line order; pushed reversed so that the final
    /// reversal of the whole stack keeps them in this order.
    @inline(__always)
    private func pushGroup(_ ids: UnsafePointer<UInt32>, _ n: Int) {
        if stack.count + n > Self.maxFrames {
            // No real stack comes near this; hostile input must not grow
            // memory without bound, so the sample keeps its leafmost frames.
            if !truncatedThisSample { report.truncatedSamples += 1 }
            truncatedThisSample = true
            return
        }
        var k = n - 1
        while k >= 0 { stack.append(ids[k]); k -= 1 }
    }

    /// Names a frame line, appending its frame ids to `cachedFrames`.
    private func resolve(_ text: UnsafeBufferPointer<UInt8>, _ frame: PerfScriptSyntax.Frame) -> CachedLine {
        let start = Int32(cachedFrames.count)
        let bytes = Array(text)
        let result = namer.names(pc: bytes[frame.pc], symbol: bytes[frame.symbol],
                                 module: bytes[frame.module], javaProcess: javaProcess)
        for (name, kind) in zip(result.names, result.kinds) { cachedFrames.append(frames.intern(name, kind: kind)) }
        return CachedLine(start: start, count: Int32(result.names.count), stops: result.stopsStack)
    }
}
