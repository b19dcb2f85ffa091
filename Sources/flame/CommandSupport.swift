import ArgumentParser
import FlameIngest
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command body with the conventions every subcommand shares: errors
/// become one `flame: error: ...` line and exit status 1, and a reader that
/// went away (`flame ... | head`) ends the command quietly.
func runCommand(_ body: () throws -> Void) throws {
    signal(SIGPIPE, SIG_IGN)
    do {
        try body()
    } catch OutputError.brokenPipe {
        throw ExitCode.success
    } catch let error as InputError {
        fail(error.description)
    } catch let error as OutputFileError {
        fail(error.description)
    } catch OutputError.writeFailed(let code) {
        fail("write failed: \(String(cString: strerror(code)))")
    }
}

func fail(_ message: String) -> Never {
    let line = "flame: error: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(1)
}

/// All online cores, the default for `--threads`.
func onlineCores() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

extension Diagnostics {
    /// Warnings as the command line shows them: one `flame: warning: ...`
    /// line each on standard error, as they happen.
    static func commandLine() -> Diagnostics {
        Diagnostics { message in
            let line = "flame: warning: \(message)\n"
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
    }
}
