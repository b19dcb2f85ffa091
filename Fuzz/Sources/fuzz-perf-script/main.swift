import FuzzDriver
import FuzzLoad

/// perf script text through the collapser, with every annotation and id
/// option on (the paths that build names), seeded from Fixtures/perf.
runFuzzer { data, size in
    fuzzLoad(data, size) {
        $0.perfScript.includeTID = true
        $0.perfScript.annotateKernel = true
        $0.perfScript.annotateJIT = true
        $0.perfScript.includeAddresses = true
        $0.perfScript.skipAfter = [Array("main".utf8)]
    }
    return 0
}
