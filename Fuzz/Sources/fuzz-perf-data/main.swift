import FuzzDriver
import FuzzLoad

/// perf.data files (file and pipe mode), seeded from Fixtures/perfdata, read
/// without a symbolizer or unwinder: the record parser, attrs, feature
/// sections, processes over time and callchains.
runFuzzer { data, size in
    fuzzLoad(data, size)
    return 0
}
