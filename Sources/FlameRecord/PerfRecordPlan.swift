/// The `perf record` command line `flame record` runs, from its options and
/// what it found out about the machine and the target.
public struct PerfRecordPlan: Sendable {
    public enum Target: Sendable, Equatable {
        /// Run this command (argv) under perf.
        case command([String])
        /// Attach to a running process for a number of seconds.
        case process(pid: Int32, seconds: Double)
    }

    public var perf: String
    public var target: Target
    public var event: String
    public var frequency: Int
    public var callGraph: CallGraph
    public var output: String
    /// Environment entries (`NAME=value`) the workload gets in addition to
    /// flame's own; given through env(1) so that perf itself runs without them.
    public var workloadEnvironment: [String] = []

    public init(perf: String, target: Target, event: String, frequency: Int, callGraph: CallGraph, output: String) {
        self.perf = perf
        self.target = target
        self.event = event
        self.frequency = frequency
        self.callGraph = callGraph
        self.output = output
    }

    /// perf's arguments. `-q` because flame prints its own summary;
    /// `--call-graph` rather than `-g` because `-g` means frame pointers.
    public var arguments: [String] {
        var arguments = [perf, "record", "-q", "-e", event, "-F", String(frequency), "--call-graph", callGraph.perfArgument,
                         "-o", output]
        switch target {
        case .command(let command):
            arguments.append("--")
            if !workloadEnvironment.isEmpty { arguments += ["env"] + workloadEnvironment }
            arguments += command
        case .process(let pid, let seconds):
            arguments += ["-p", String(pid), "--", "sleep", Self.decimal(seconds)]
        }
        return arguments
    }

    private static func decimal(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
