import FuzzDriver
import FuzzLoad

/// Folded and differential folded text, seeded from Fixtures/svg and the
/// expected outputs of Fixtures/perf.
runFuzzer { data, size in
    fuzzLoad(data, size)
    return 0
}
