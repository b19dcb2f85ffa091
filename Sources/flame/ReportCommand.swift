import ArgumentParser
import FlameDiff
import FlameReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report comparing two profiles: metrics, gates and three flame graphs.",
        discussion: """
        The page holds both flame graphs and the differential one (each interactive: \
        zoom, search), the metric table with noise levels, the frames beyond noise, \
        the gate results and the normalization used; it loads nothing from the network. \
        Takes flame diff's options; exit status as flame diff.

        Example:
          flame report perf.folded cpu.pprof --kernel charge -o report.html
        """
    )

    @OptionGroup var compare: CompareArguments
    @Flag(help: "Write markdown instead of HTML.")
    var markdown = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        var status: Int32 = 0
        try runComparison {
            let report = try compare.report(diagnostics: .commandLine())
            try withOutput(output) { sink in
                var sink = sink
                if markdown { try MarkdownWriter.write(report, to: &sink) } else { try HTMLReport.write(report, to: &sink) }
            }
            status = report.exitStatus
        }
        if status != 0 { throw ExitCode(status) }
    }
}
