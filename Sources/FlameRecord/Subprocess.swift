import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`: what `flame record` runs perf
/// (and perf the workload) with. The child gets SIGINT and SIGQUIT back to
/// their default action, so Ctrl-C reaches perf and the workload while flame
/// itself waits to read the recording.
public struct Subprocess {
    public let pid: pid_t

    /// How the child ended, as a shell reports it: the exit status, or 128 +
    /// the signal that killed it.
    public enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)

        public var shellStatus: Int32 {
            switch self {
            case .exited(let code): return code
            case .signalled(let signal): return 128 + signal
            }
        }
    }

    public struct SpawnError: FlameError {
        public let program: String
        public let code: Int32
        public var description: String { "\(program): cannot run: \(String(cString: strerror(code)))" }
    }

    /// Starts `arguments[0]` (looked up in PATH) with `arguments`; `stdout`
    /// and `stderr`, when given, replace the child's standard output and
    /// error; `environment` (`NAME=value` entries) replaces the environment.
    public static func spawn(_ arguments: [String], stdout: Int32? = nil, stderr: Int32? = nil,
                             environment: [String]? = nil) throws -> Subprocess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let status = argv.withUnsafeBufferPointer { args in
            if let envp {
                return envp.withUnsafeBufferPointer { env in
                    posix_spawnp(&pid, args[0]!, &actions, &attributes, args.baseAddress!, env.baseAddress!)
                }
            }
            return posix_spawnp(&pid, args[0]!, &actions, &attributes, args.baseAddress!, environ)
        }
        guard status == 0 else { throw SpawnError(program: arguments[0], code: status) }
        return Subprocess(pid: pid)
    }

    /// Waits for the child to end.
    public func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(127) }
        }
        // WIFEXITED / WTERMSIG, which Swift does not import as macros.
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .signalled(status & 0x7F)
    }

    /// Runs `arguments` to the end and returns its standard output; its
    /// standard error is discarded unless `keepStderr`.
    public static func output(_ arguments: [String], keepStderr: Bool = false) throws -> (Termination, [UInt8]) {
        let fds = try makePipe(for: arguments[0])
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        let child: Subprocess
        do {
            child = try spawn(arguments, stdout: fds[1], stderr: keepStderr ? nil : null)
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        close(fds[0])
        return (child.wait(), bytes)
    }

    /// A pipe whose ends are closed in spawned children (dup2 onto a
    /// standard descriptor keeps the one a child should have).
    public static func makePipe(for program: String) throws -> [Int32] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError(program: program, code: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// The full path of `program` as posix_spawnp would find it, or nil.
    public static func find(_ program: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
