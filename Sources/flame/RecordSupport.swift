import ArgumentParser
import FlameIngest
import FlameModel
import FlameRecord
import FlameRender
#if canImport(Glibc)
import Glibc
#endif

/// The folder `flame record` writes into.
struct RecordDirectory {
    let root: String

    /// `requested`, created if missing, or a new `flame-record-YYYYMMDD-HHMMSS`
    /// folder in the current directory (with `-2`, `-3`... if taken).
    static func create(_ requested: String?) throws -> RecordDirectory {
        if let requested {
            if mkdir(requested, 0o755) != 0, errno != EEXIST {
                throw OutputFileError(description: "\(requested): cannot create folder: \(String(cString: strerror(errno)))")
            }
            var info = stat()
            guard stat(requested, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw OutputFileError(description: "\(requested): not a folder")
            }
            return RecordDirectory(root: requested)
        }
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "flame-record-%Y%m%d-%H%M%S", &parts)
        let base = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for attempt in 1 ... 100 {
            let name = attempt == 1 ? base : "\(base)-\(attempt)"
            if mkdir(name, 0o755) == 0 { return RecordDirectory(root: name) }
            guard errno == EEXIST else {
                throw OutputFileError(description: "\(name): cannot create folder: \(String(cString: strerror(errno)))")
            }
        }
        throw OutputFileError(description: "\(base): cannot create a new folder (100 exist)")
    }

    func path(_ name: String) -> String { root + "/" + name }

    func exists(_ name: String) -> Bool {
        var info = stat()
        return stat(path(name), &info) == 0 && info.st_size > 0
    }

    /// The file's size for messages: `12.3 MB`.
    func size(_ name: String) -> String {
        var info = stat()
        guard stat(path(name), &info) == 0 else { return "?" }
        let tenths = (Int(info.st_size) + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Writes `profile` as folded stacks, or as an SVG flame graph when
    /// `svgTitle` is given.
    func write(_ name: String, profile: Profile, svgTitle: String?) throws {
        try withOutput(path(name)) { sink in
            var sink = sink
            if let svgTitle {
                var options = RenderOptions()
                options.title = svgTitle
                _ = try FlameGraph.render(profile, options: options, to: &sink)
            } else {
                try FoldedWriter.write(profile, to: &sink)
            }
        }
    }
}

/// `flame record --inproc`: FlameSampler preloaded into the workload
/// (libflame-sampler-preload.so), its recording read and compared with perf's.
struct InprocRecording {
    static let libraryName = "libflame-sampler-preload.so"
    let directory: RecordDirectory
    let library: String
    let frequency: Int

    init(directory: RecordDirectory, frequency: Int) throws {
        guard let library = Self.findLibrary() else {
            throw OutputFileError(description: "\(Self.libraryName) not found next to flame or in ../lib/flame; build it with scripts/build-preload.sh DIR (scripts/install.sh does) and put it beside flame or set FLAME_SAMPLER_PRELOAD=DIR/\(Self.libraryName)")
        }
        self.directory = directory
        self.library = library
        self.frequency = frequency
    }

    /// Why the target cannot be sampled in-process, or nil.
    static func problem(binary: ElfFile?, path: String) -> String? {
        guard let binary else { return "\(path): not an ELF executable flame can read; --inproc needs a dynamically linked program" }
        if binary.isGo {
            return "\(path) is a Go program: Go's runtime owns SIGPROF, so FlameSampler cannot sample inside it; record runtime/pprof's CPU profile and compare it with perf's (docs/record.md)"
        }
        if !binary.hasInterpreter {
            return "\(path) is statically linked: LD_PRELOAD cannot inject FlameSampler; link the program dynamically, or link FlameSampler into it (docs/record.md)"
        }
        return nil
    }

    /// The workload's extra environment (see flame_sampler_preload.h).
    var environment: [String] {
        let existing = getenv("LD_PRELOAD").map { String(cString: $0) } ?? ""
        return ["LD_PRELOAD=" + (existing.isEmpty ? library : library + ":" + existing),
                "FLAME_SAMPLER_OUTPUT=" + directory.path("inproc.fsmp"),
                "FLAME_SAMPLER_HZ=\(frequency)"]
    }

    /// Reads the recording, writes inproc.folded and the comparison of the two
    /// profiles (report.html, skew.json); returns the names written.
    func finish(perfProfile: Profile, options: LoadOptions, diagnostics: Diagnostics, title: String) throws -> [String] {
        guard directory.exists("inproc.fsmp") else {
            diagnostics.warn("the program left no in-process recording (\(directory.path("inproc.fsmp"))): did it exit through exec or _exit?")
            return []
        }
        let profile = try ProfileLoader(options: options, diagnostics: diagnostics).load([.file(directory.path("inproc.fsmp"))])
        try directory.write("inproc.folded", profile: profile, svgTitle: nil)
        var written = ["inproc.fsmp", "inproc.folded"]
        // perf's profile is A, the in-process one B, each read from its own
        // recording so that sample counts (the noise levels) and frame kinds
        // (process and thread roots, kernel frames) are known.
        let a = directory.path("perf.data"), b = directory.path("inproc.fsmp")
        try runSelf(["report", a, b, "-o", directory.path("report.html")])
        try runSelf(["diff", a, b, "--json", "-o", directory.path("skew.json")])
        written += ["report.html", "skew.json"]
        return written
    }

    private func runSelf(_ arguments: [String]) throws {
        let end = try Subprocess.spawn(["/proc/self/exe"] + arguments).wait()
        // flame diff exits 3 when a --fail-if gate holds; none is given here.
        guard end == .exited(0) else {
            throw OutputFileError(description: "flame \(arguments[0]) failed (status \(end.shellStatus))")
        }
    }

    /// FLAME_SAMPLER_PRELOAD, else beside the flame executable (a build
    /// folder), else PREFIX/lib/flame for an installed flame.
    static func findLibrary() -> String? {
        if let path = getenv("FLAME_SAMPLER_PRELOAD").map({ String(cString: $0) }), access(path, R_OK) == 0 { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let executable = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let folder = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        for candidate in [folder + "/" + libraryName, folder + "/../lib/flame/" + libraryName] where access(candidate, R_OK) == 0 {
            return candidate
        }
        return nil
    }
}

/// Stage messages on standard error, only when it is a terminal: each
/// replaces the previous one on the same line, and `done` clears it.
struct Progress {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled && isatty(2) != 0 }

    func note(_ text: String) {
        guard enabled else { return }
        printError("\r\u{1B}[K" + "flame: " + text + "…", newline: false)
    }

    /// A callback that shows `label`, the bytes so far and the rate; nil
    /// when progress is off, so that nothing is counted for nobody.
    func byteCounter(_ label: String) -> (@Sendable (UInt64) -> Void)? {
        guard enabled else { return nil }
        let start = Self.seconds()
        return { bytes in
            let elapsed = max(Self.seconds() - start, 0.001)
            let megabytes = Double(bytes) / 1e6
            printError("\r\u{1B}[Kflame: \(label): \(Self.decimal(megabytes)) MB, \(Self.decimal(megabytes / elapsed)) MB/s", newline: false)
        }
    }

    private static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    func done() {
        guard enabled else { return }
        printError("\r\u{1B}[K", newline: false)
    }
}

func printError(_ text: String, newline: Bool = true) {
    let line = newline ? text + "\n" : text
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}
