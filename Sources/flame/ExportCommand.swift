import ArgumentParser
import FlameExport
import FlameIngest
import FlameModel
import FlameRecord
#if canImport(Glibc)
import Glibc
#endif

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write profiles in the formats other tools read: pprof, speedscope, folded.",
        discussion: """
        Reads anything flame reads (perf script text, folded stacks, pprof, \
        FlameSampler recordings; several inputs merge) and writes one file:
          pprof       gzipped profile.proto (go tool pprof, Pyroscope, Parca)
          speedscope  speedscope's JSON file format, one profile per input
          folded      folded stacks, as flame collapse writes them
        Without --format, -o's name decides: .pb.gz, .pb or .pprof; .json; .folded.

        Examples:
          perf script | flame export -o cpu.pb.gz
          go tool pprof -top cpu.pb.gz
          flame export a.folded b.folded -o runs.speedscope.json
          flame export host-*.pb.gz -o fleet.pb.gz      # merge shards
        """
    )

    @Option(help: ArgumentHelp("pprof, speedscope or folded (default: from -o's extension).", valueName: "FORMAT"))
    var format: ExportFormat?
    @OptionGroup var common: CommonOptions

    @OptionGroup(title: "perf.data inputs") var perfData: PerfDataArguments
    @OptionGroup var input: InputOptions
    @Argument(help: ArgumentHelp("Profiles in any format flame reads; '-' or none for standard input.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        if format == nil, common.output.flatMap(ExportFormat.init(fileName:)) == nil {
            throw ValidationError("--format is required (pprof, speedscope or folded) unless -o names a .pb.gz, .speedscope.json or .folded file")
        }
    }

    func run() throws {
        try runCommand {
            let output = common.output
            let format = self.format ?? ExportFormat(fileName: output ?? "")!
            if format == .pprof, output == nil || output == "-", isatty(1) != 0 {
                fail("pprof output is binary; write it with -o FILE or redirect standard output")
            }
            var options = input.loadOptions(threads: common.threadCount())
            perfData.apply(to: &options, annotateInline: input.inline)
            let loader = ProfileLoader(options: options, diagnostics: .commandLine())
            let sources = inputs.isEmpty ? [InputSource.standardInput] : inputs.map(InputSource.init(argument:))
            try withOutput(output) { sink in
                var sink = sink
                switch format {
                case .folded:
                    try FoldedWriter.write(try loader.load(sources), to: &sink)
                case .pprof:
                    var options = PprofExportOptions()
                    options.buildID = { ElfFile(path: $0)?.buildID }
                    options.comments = ["exported by flame \(Flame.configuration.version) from \(sources.map(\.displayName).joined(separator: ", "))"]
                    try sink.write(try PprofWriter.encode(try loader.load(sources), options: options))
                case .speedscope:
                    // One profile per input, so runs stay side by side.
                    let profiles = try sources.map { SpeedscopeWriter.Input(name: $0.displayName, profile: try loader.load([$0])) }
                    try SpeedscopeWriter.write(profiles, name: sources.map(\.displayName).joined(separator: ", "),
                                               exporter: "flame@\(Flame.configuration.version)", to: &sink)
                }
            }
        }
    }
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case pprof, speedscope, folded

    /// The format a file name implies.
    init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".pb.gz") || name.hasSuffix(".pprof") || name.hasSuffix(".pb") {
            self = .pprof
        } else if name.hasSuffix(".json") {
            self = .speedscope
        } else if name.hasSuffix(".folded") {
            self = .folded
        } else {
            return nil
        }
    }
}
