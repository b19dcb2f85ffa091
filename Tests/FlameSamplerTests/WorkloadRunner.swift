import FlameIngest
import FlameModel
import Foundation

/// Runs the built `flame-workload` (built next to the test bundle because this
/// target depends on it) and reads the file it sampled into.
enum Workload {
    static let executable: String = {
        if let path = ProcessInfo.processInfo.environment["FLAME_WORKLOAD_BIN"] { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = directory.appendingPathComponent("flame-workload").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return "flame-workload"
    }()

    struct Run {
        let status: Int32
        /// `key=value` pairs the workload printed.
        let values: [String: Double]
        let output: String
        let recording: SamplerRecording?
        let warnings: [String]

        func value(_ key: String) -> Double { values[key] ?? .nan }
        /// Sum of sample weights: timer periods observed.
        var weight: UInt64 { recording?.samples.reduce(0) { $0 + UInt64($1.weight) } ?? 0 }
    }

    static func run(_ arguments: [String], sampling: Bool = true) throws -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flame-sampler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.fsmp").path
        let outPath = directory.appendingPathComponent("stdout").path
        FileManager.default.createFile(atPath: outPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = (sampling ? ["--sample", file] : []) + arguments
        let out = FileHandle(forWritingAtPath: outPath)!
        process.standardOutput = out
        process.standardError = out
        try process.run()
        process.waitUntilExit()
        try out.close()
        let output = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
        var values: [String: Double] = [:]
        for word in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let number = Double(parts[1]) { values[String(parts[0])] = number }
        }
        var recording: SamplerRecording? = nil
        let diagnostics = Diagnostics()
        if sampling, let data = FileManager.default.contents(atPath: file) {
            recording = try SamplerRecording.parse([UInt8](data), name: file, diagnostics: diagnostics)
        }
        return Run(status: process.terminationStatus, values: values, output: output,
                   recording: recording, warnings: diagnostics.warnings)
    }
}
