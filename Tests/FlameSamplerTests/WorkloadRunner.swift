import FlameIngest
import FlameModel
import FlameTestSupport
import Foundation

/// Runs the built `flame-workload` (built next to the test bundle because this
/// target depends on it) and reads the file it sampled into.
enum Workload {
    static let executable = TestProcess.builtExecutable("flame-workload", override: "FLAME_WORKLOAD_BIN")

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
        let result = try TestProcess.run(executable, (sampling ? ["--sample", file] : []) + arguments)
        let output = result.stdoutText + result.stderr
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
        return Run(status: result.status, values: values, output: output,
                   recording: recording, warnings: diagnostics.warnings)
    }
}
