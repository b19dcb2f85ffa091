import Foundation

/// Runs helper processes for the tests: the built `flame`, the workload,
/// compilers, reference tools. Standard input is written and standard output
/// and error are read at the same time, on threads of their own, so that no
/// amount of output or input can fill a pipe and deadlock the test.
public enum TestProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: [UInt8]
        public let stderrBytes: [UInt8]

        public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    /// Where a process's standard input comes from.
    public enum Input: Sendable {
        /// Nothing: a pipe closed at once (never the machine's /dev/null,
        /// which tests must not depend on).
        case none
        case bytes([UInt8])
        case file(String)
    }

    /// Runs `executable` (a path) with `arguments` and waits for it.
    public static func run(_ executable: String, _ arguments: [String], input: Input = .none,
                           in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        var stdin: Pipe? = nil
        var inputFile: FileHandle? = nil
        switch input {
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            inputFile = handle
            process.standardInput = handle
        case .none, .bytes:
            stdin = Pipe()
            process.standardInput = stdin
        }
        try process.run()
        try inputFile?.close()
        let errors = Collector(stderr.fileHandleForReading)
        let writer = stdin.map { pipe in
            Thread {
                if case .bytes(let bytes) = input { try? pipe.fileHandleForWriting.write(contentsOf: bytes) }
                try? pipe.fileHandleForWriting.close()
            }
        }
        writer?.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = errors.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](output), stderrBytes: [UInt8](errorOutput))
    }

    /// Runs a bash script, with `environment` added to the test's own.
    public static func shell(_ script: String, input: Input = .none, in directory: String? = nil,
                             environment: [String: String] = [:]) throws -> Result {
        try run("/bin/bash", ["-c", script], input: input, in: directory, environment: environment)
    }

    /// Whether `tool` is on PATH.
    public static func have(_ tool: String) -> Bool {
        (try? shell("command -v \(tool)"))?.status == 0
    }

    /// The path of an executable SwiftPM built for this package: it puts every
    /// product the test target depends on next to the test bundle
    /// (`.build/<config>/`); `override` names an environment variable that
    /// may point elsewhere (e.g. FLAME_BIN).
    public static func builtExecutable(_ name: String, override: String? = nil) -> String {
        if let override, let path = ProcessInfo.processInfo.environment[override] { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // A bundle layout (X.xctest/Contents/MacOS/X) keeps the binary further up.
        for _ in 0 ..< 4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent(name).path
    }
}

/// Reads a handle to its end on a thread of its own.
private final class Collector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
