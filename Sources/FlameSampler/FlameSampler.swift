import CFlameSampler
#if canImport(Glibc)
import Glibc
#endif

/// An in-process CPU sampler: a SIGPROF handler walks the frame pointers of
/// the interrupted thread and a background thread streams the stacks to a
/// file (docs/sampler-format.md) that `flame collapse` reads.
///
///     try FlameSampler.start(hz: 1000, mode: .thread, path: "out.fsmp")
///     work()
///     let stats = try FlameSampler.stop()
///
/// Code must keep frame pointers (`-fno-omit-frame-pointer` for C) for full
/// stacks; frames of code without them are skipped or end the stack.
public enum FlameSampler {
    public enum Mode: String, Sendable, CaseIterable {
        /// `setitimer(ITIMER_PROF)`: one tick per period of process CPU time,
        /// taken by whichever thread runs. Ticks of busy threads merge, so
        /// multi-threaded programs are under-sampled.
        case process
        /// A CPU-time timer per thread (`timer_create` on the thread's CPU
        /// clock, delivered to that thread), as Go's runtime does since 1.18.
        case thread
    }

    public struct Statistics: Sendable, Equatable {
        /// Stacks written to the file.
        public var samples: UInt64
        /// Ticks lost because the buffer was full.
        public var dropped: UInt64
        /// Stacks cut at the depth limit.
        public var truncated: UInt64
        /// Stacks reduced to the program counter (stack not yet known).
        public var unbounded: UInt64
    }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let code: Int32
        public let operation: String

        public init(code: Int32, operation: String) {
            self.code = code
            self.operation = operation
        }
        public var description: String {
            switch code {
            case EBUSY: return "\(operation): the sampler is already running"
            case ENOENT where operation == "stop": return "stop: the sampler is not running"
            case EINVAL: return "\(operation): invalid settings"
            default: return "\(operation): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Starts sampling into `path` (created or truncated). One session at a
    /// time per process; `hz` is in 1...10000, `maxDepth` in 1...1024, and
    /// `bufferSlots` (stacks buffered between writes) a power of two.
    public static func start(hz: Int = 100, mode: Mode = .thread, path: String,
                             maxDepth: Int = 128, bufferSlots: Int = 4096) throws {
        var config = flame_sampler_config()
        config.hz = Int32(clamping: hz)
        config.mode = mode == .process ? Int32(FLAME_SAMPLER_MODE_PROCESS) : Int32(FLAME_SAMPLER_MODE_THREAD)
        config.max_depth = Int32(clamping: maxDepth)
        config.buffer_slots = Int32(clamping: bufferSlots)
        let code = flame_sampler_start(path, &config)
        if code != 0 { throw Failure(code: code, operation: "start") }
    }

    /// Stops sampling: no new ticks are taken, handlers still running are
    /// waited for, the rest of the buffer and the final memory map are
    /// written, and the file is closed.
    @discardableResult
    public static func stop() throws -> Statistics {
        var stats = flame_sampler_stats()
        let code = flame_sampler_stop(&stats)
        if code != 0 { throw Failure(code: code, operation: "stop") }
        return Statistics(samples: stats.samples, dropped: stats.dropped,
                          truncated: stats.truncated, unbounded: stats.unbounded)
    }

    public static var isRunning: Bool { flame_sampler_running() != 0 }
}
