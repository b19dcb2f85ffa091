import FuzzDriver
import FuzzLoad

/// pprof profile.proto (plain and gzipped), seeded from Fixtures/pprof, read
/// with the default sample type and by position.
runFuzzer { data, size in
    fuzzLoad(data, size)
    fuzzLoad(data, size) { $0.pprof.sampleIndex = .position(0) }
    return 0
}
