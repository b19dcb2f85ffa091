import ArgumentParser
import FlameIngest
import FlameModel

struct Collapse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collapse",
        abstract: "Collapse perf script output (or folded stacks, or pprof profiles) into folded stacks.",
        discussion: """
        Writes one line per unique stack, 'root;caller;leaf COUNT', sorted, exactly as \
        FlameGraph's stackcollapse-perf.pl does for the same options. Folded inputs are \
        recognised by content and merged by summing counts, so several runs or hosts \
        combine into one profile.

        Examples:
          perf script | flame collapse > out.folded
          flame collapse --all --pid perf.txt -o out.folded
          flame collapse host1.folded host2.folded > fleet.folded
          flame collapse --sample-index alloc_space heap.pb.gz
        """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var common: CommonOptions

    @OptionGroup(title: "perf.data inputs") var perfData: PerfDataArguments

    @Argument(help: ArgumentHelp("perf script text, folded or pprof files; '-' or none for standard input.", valueName: "FILE"))
    var files: [String] = []

    func run() throws {
        try runCommand {
            var options = input.loadOptions(threads: common.threadCount())
            perfData.apply(to: &options, annotateInline: input.inline)
            let diagnostics = Diagnostics.commandLine()
            let profile = try ProfileLoader(options: options, diagnostics: diagnostics).load(files.map(InputSource.init(argument:)))
            if profile.stacks.count == 0 {
                // Exit 0 with nothing would look like success: say so.
                diagnostics.warn("\(files.isEmpty ? "<stdin>" : files.joined(separator: ", ")): no stacks found")
            }
            try withOutput(common.output) { sink in
                var sink = sink
                try FoldedWriter.write(profile, to: &sink)
            }
        }
    }
}
