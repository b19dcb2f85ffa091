import FlameIngest
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Reads a perf.data file into a profile through `perf script`, whose text
/// flame's perf script reader collapses as it streams through a pipe.
/// `--no-inline` because perf's own inline lookup (addr2line per address) is
/// slow; give `options.perfScript.inline` to expand inlined frames with libdw.
public enum PerfDataReading {
    /// `progress`, when given, hears how many bytes of perf script text have
    /// been read so far (a few times a second, from another thread).
    public static func read(_ path: String, perf: String, options: LoadOptions, diagnostics: Diagnostics,
                            progress: (@Sendable (UInt64) -> Void)? = nil) throws -> Profile {
        let fds = try Subprocess.makePipe(for: perf)
        let child: Subprocess
        do {
            child = try Subprocess.spawn([perf, "script", "--no-inline", "-i", path], stdout: fds[1])
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        // With progress, a relay thread copies the text into a second pipe, counting it.
        var input = fds[0]
        var relay: ByteRelay? = nil
        if let progress {
            let copy = try Subprocess.makePipe(for: perf)
            relay = try ByteRelay(from: fds[0], to: copy[1], progress: progress)
            input = copy[0]
        }
        let loaded = Result { try ProfileLoader(options: options, diagnostics: diagnostics).load([.file("/proc/self/fd/\(input)")]) }
        // A loader that stopped early leaves the pipe unread: closing it ends
        // the relay and perf script (EPIPE; the command line ignores SIGPIPE).
        close(input)
        relay?.join()
        let end = child.wait()
        let profile = try loaded.get()
        guard end == .exited(0) else {
            throw RecordError("\(path): perf script failed (status \(end.shellStatus))")
        }
        return profile
    }

    /// perf's count of lost chunks (PERF_RECORD_LOST records: the kernel's
    /// buffer overflowed and samples were dropped), from `perf report --stats`;
    /// nil if perf could not say.
    public static func lostChunks(_ path: String, perf: String) -> UInt64? {
        guard let (end, output) = try? Subprocess.output([perf, "report", "--stats", "-i", path]), end == .exited(0) else {
            return nil
        }
        var lost: UInt64 = 0
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            // "LOST events:  N  (x%)" and "LOST_SAMPLES events: N ..." before the per-event sections.
            if fields.count >= 3, fields[0] == "LOST" || fields[0] == "LOST_SAMPLES", fields[1] == "events:" {
                lost += UInt64(fields[2]) ?? 0
            }
            if line.hasSuffix(" stats:") { break }
        }
        return lost
    }
}

/// A step of recording that failed; the message says which and why.
public struct RecordError: FlameError {
    public let description: String
    public init(_ description: String) { self.description = description }
}
