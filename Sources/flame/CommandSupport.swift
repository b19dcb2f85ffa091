import ArgumentParser
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command body with the conventions every subcommand shares: a
/// `FlameError` becomes one `flame: error: ...` line and its exit status, and
/// a reader that went away (`flame ... | head`) ends the command quietly.
func runCommand(_ body: () throws -> Void) throws {
    signal(SIGPIPE, SIG_IGN)
    do {
        try body()
    } catch OutputError.brokenPipe {
        throw ExitCode.success
    } catch let error as FlameError {
        fail(error.description, status: error.exitStatus)
    }
}

func fail(_ message: String, status: Int32 = 1) -> Never {
    printToStandardError("flame: error: \(message)\n")
    exit(status)
}

/// The one place the command line prints a warning.
func warn(_ message: String) {
    printToStandardError("flame: warning: \(message)\n")
}

private func printToStandardError(_ line: String) {
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

/// Options every subcommand takes, declared once so that they read and
/// behave the same everywhere.
struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to FILE instead of standard output.",
        discussion: "A regular file is replaced only once the output is complete, keeping its mode; a symbolic link's target is replaced, the link kept; a device, FIFO or /dev/stdout is written to directly (docs/output.md).",
        valueName: "FILE"))
    var output: String?

    @Option(name: [.customShort("j", allowingJoined: true), .customLong("threads")], help: ArgumentHelp(
        "Work with N threads (default and maximum: the online cores). Output is the same for any N.",
        valueName: "N"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The thread count to use: what was asked for, capped at the online
    /// cores, since more threads only add memory and contention (and a huge N
    /// must not allocate per requested thread). Says so once when capped.
    func threadCount() -> Int {
        let cores = onlineCores()
        guard let threads else { return cores }
        if threads > cores {
            warn("-j \(threads): using \(cores) thread\(cores == 1 ? "" : "s"), the number of online cores")
            return cores
        }
        return threads
    }
}

/// All online cores, the default and the cap for `--threads`.
func onlineCores() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

extension Diagnostics {
    /// Warnings as the command line shows them: one `flame: warning: ...`
    /// line each on standard error, as they happen.
    static func commandLine() -> Diagnostics {
        Diagnostics { message in flame.warn(message) }
    }
}
