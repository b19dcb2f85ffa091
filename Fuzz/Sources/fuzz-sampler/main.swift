import FuzzDriver
import FuzzLoad

/// FlameSampler recordings, seeded from Fixtures/sampler, read without a
/// symbolizer (addresses become placeholders).
runFuzzer { data, size in
    fuzzLoad(data, size)
    return 0
}
