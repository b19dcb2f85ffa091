/// libFuzzer's entry when the program has its own `main` (SwiftPM renames
/// an executable's entry point, so libFuzzer's `main` never runs).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// Runs libFuzzer with the process's arguments, calling `test` with each
/// input. A finding is a crash (trap, sanitizer report) inside `test`.
/// Run with SWIFT_BACKTRACE=enable=no, or Swift's backtracer takes the
/// signal and libFuzzer writes no crash file.
public func runFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

@_silgen_name("exit")
private func exit(_ status: Int32) -> Never
