import FlameIngest
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// What `flame record` asks perf about a recording besides its samples
/// (which flame's own perf.data reader reads).
public enum PerfDataReading {
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
