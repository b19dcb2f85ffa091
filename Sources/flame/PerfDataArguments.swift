#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import FlameIngest
import FlameSymbolize

/// Options for perf.data inputs, shared by the commands that read profiles.
struct PerfDataArguments: ParsableArguments {
    @Flag(name: .customLong("no-inline"), help: "perf.data inputs: no inlined-function frames (perf script --no-inline).")
    var noInline = false

    @Option(name: .customLong("buildid-dir"), help: ArgumentHelp(
        "perf.data inputs: perf's build-id cache (default $PERF_BUILDID_DIR or ~/.debug).", valueName: "DIR"))
    var buildIDDir: String?

    @Option(name: .customLong("symfs"), help: ArgumentHelp(
        "perf.data inputs: look for recorded files under DIR (as perf --symfs).", valueName: "DIR"))
    var symfs: String?

    @Option(name: .customLong("kallsyms"), help: ArgumentHelp(
        "perf.data inputs: kernel symbols from FILE (default: the build-id cache, or /proc/kallsyms for this kernel).",
        valueName: "FILE"))
    var kallsyms: String?

    /// Fills `options.perfData`; `annotateInline` is the command's --inline.
    func apply(to options: inout LoadOptions, annotateInline: Bool = false) {
        var perf = PerfDataOptions()
        perf.resolvers = SymbolizingResolverFactory()
        perf.unwinders = DwflUnwinderFactory()
        perf.inline = !noInline
        perf.annotateInline = annotateInline
        perf.buildIDDirectory = buildIDDir
        if let symfs { perf.symfs = symfs }
        perf.kallsyms = kallsyms
        if isatty(2) != 0 {
            perf.progress = { bytes, samples in
                let line = "\rflame: reading perf.data: \(bytes >> 20) MiB, \(samples) samples\u{1B}[K"
                _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
            }
        }
        options.perfData = perf
    }
}
