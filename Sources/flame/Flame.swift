import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

@main
struct Flame: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flame",
        abstract: "Flame graphs for Linux profiles: collapse perf script output, merge and compare profiles.",
        discussion: """
        Each subcommand is a Unix filter: it reads files (or standard input when none \
        or '-' is given) and writes to standard output or to -o FILE.

        Example:
          perf record -F 99 -g -- ./server
          perf script | flame collapse > server.folded
        """,
        version: "0.1.0",
        subcommands: [Collapse.self, SVG.self, Symbolize.self, Diff.self, Report.self, Export.self, Record.self]
    )
}
