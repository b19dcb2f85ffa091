@testable import FlameDiff
import FlameModel
import XCTest

/// Pairs small enough to work out by hand; every metric asserted.
final class SyntheticPairTests: XCTestCase {
    let eps = 1e-12

    func testIdenticalProfilesAgreeCompletely() throws {
        let lines = ["main;f 60", "main;g 40"]
        let c = try compare(lines, lines)
        XCTAssertEqual(c.metrics.tvd, 0)
        XCTAssertEqual(c.metrics.js, 0)
        XCTAssertEqual(c.metrics.top10Overlap, 2)
        XCTAssertEqual(c.metrics.spearmanTop20, 1)
        XCTAssertEqual(c.metrics.beyondNoise, 0)
        XCTAssertEqual(c.metrics.functions, 3)  // main, f, g
        let f = try XCTUnwrap(c.function("f"))
        XCTAssertEqual(f.selfA, 0.6)
        XCTAssertEqual(f.selfB, 0.6)
        XCTAssertEqual(f.deltaSelfPP, 0)
        XCTAssertEqual(f.z, 0)
        XCTAssertEqual(c.function("main")?.totalA, 1)
        XCTAssertEqual(c.function("main")?.selfA, 0)
        XCTAssertGreaterThan(c.metrics.tvdNoise, 0)
        XCTAssertGreaterThan(c.metrics.jsNoise, 0)
    }

    func testDisjointProfilesAreAsFarApartAsPossible() throws {
        let c = try compare(["main;f 100"], ["main;g 100"])
        XCTAssertEqual(c.metrics.tvd, 1, accuracy: eps)
        XCTAssertEqual(c.metrics.js, 1, accuracy: eps)
        XCTAssertEqual(c.metrics.top10Overlap, 0)
        XCTAssertEqual(c.metrics.spearmanTop20!, -1, accuracy: eps)
        XCTAssertEqual(c.metrics.beyondNoise, 2)
        // Pooled share 0.5 over 100 + 100 samples: se = sqrt(0.25 * 0.02).
        XCTAssertEqual(c.frames.map(\.name).prefix(2), ["f", "g"])
        XCTAssertEqual(c.frames[0].z, -14.142135623730951, accuracy: 1e-9)
        XCTAssertEqual(c.frames[0].deltaSelfPP, -100, accuracy: eps)
        XCTAssertEqual(c.frames[1].z, 14.142135623730951, accuracy: 1e-9)
        XCTAssertEqual(c.function("main")?.deltaTotalPP, 0)
        XCTAssertFalse(c.function("main")!.beyondNoise)
    }

    func testTenPercentMovedFromOneLeafToAnother() throws {
        let c = try compare(["main;f 500", "main;g 300", "main;h 200"], ["main;f 400", "main;g 400", "main;h 200"])
        XCTAssertEqual(c.metrics.tvd, 0.1, accuracy: eps)
        // ½Σ a·log2(a/m) + b·log2(b/m) over f (.5/.4) and g (.3/.4).
        XCTAssertEqual(c.metrics.js, 0.009185925460812108, accuracy: eps)
        XCTAssertEqual(c.metrics.top10Overlap, 3)
        // Ranks A: f 1, g 2, h 3; B: f and g tie at 1.5, h 3: r = 1.5 / sqrt(2 * 1.5).
        XCTAssertEqual(c.metrics.spearmanTop20!, 1.5 / 3.0.squareRoot(), accuracy: eps)
        XCTAssertEqual(c.metrics.beyondNoise, 2)
        let beyond = c.frames.filter(\.beyondNoise)
        XCTAssertEqual(beyond.map(\.name), ["f", "g"])
        XCTAssertEqual(beyond[0].deltaSelfPP, -10, accuracy: 1e-9)
        XCTAssertEqual(beyond[0].deltaTotalPP, -10, accuracy: 1e-9)
        XCTAssertEqual(beyond[0].z, -4.494665749754947, accuracy: 1e-9)
        XCTAssertEqual(beyond[1].z, 4.688072309384955, accuracy: 1e-9)
        XCTAssertFalse(c.function("h")!.beyondNoise)
        // The same move with a tenth of the samples stays within noise.
        let small = try compare(["main;f 50", "main;g 30", "main;h 20"], ["main;f 40", "main;g 40", "main;h 20"])
        XCTAssertEqual(small.metrics.beyondNoise, 0)
        XCTAssertEqual(small.metrics.tvd, 0.1, accuracy: eps)
        // --min-delta: 10 pp is below a 15 pp floor.
        var options = CompareOptions()
        options.minDeltaPP = 15
        let floor = try Comparison(a: profile(["main;f 500", "main;g 300", "main;h 200"]),
                                   b: profile(["main;f 400", "main;g 400", "main;h 200"]), options: options)
        XCTAssertEqual(floor.metrics.beyondNoise, 0)
    }

    func testSharesFollowWeightAndNoiseFollowsSamples() throws {
        // Same weights; B has ten times the samples behind them.
        let c = try compare(["main;f 500 50", "main;g 500 50"], ["main;f 400 400", "main;g 600 600"])
        XCTAssertEqual(c.function("f")!.selfA, 0.5)
        XCTAssertEqual(c.function("f")!.selfB, 0.4)
        // Pooled share (0.5·100 + 0.4·1000)/1100.
        let p = (0.5 * 100 + 0.4 * 1000) / 1100
        XCTAssertEqual(c.function("f")!.z, -0.1 / (p * (1 - p) * (1.0 / 100 + 1.0 / 1000)).squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(c.a.shape.samples, 100)
        XCTAssertEqual(c.a.shape.weight, 1000)
    }

    let kernelA = ["main;read;sys_read_[k];copy_user_[k] 20", "main;compute 60", "main;clock;[vdso] 10", "swapper_[k];idle_[k] 10"]

    func testKernelKeep() throws {
        let c = try compare(kernelA, ["main;compute 60", "main;read 30", "main;clock 10"])
        let a = c.a
        XCTAssertEqual(a.shape.kernelLeafShare, 0.3, accuracy: eps)
        XCTAssertEqual(a.shape.vdsoLeafShare, 0.1, accuracy: eps)
        XCTAssertEqual(a.profile.total, 100)
        XCTAssertEqual(c.function("copy_user_[k]")!.selfA, 0.2, accuracy: eps)
        XCTAssertEqual(c.function("read")!.selfA, 0)
        XCTAssertEqual(c.function("read")!.selfB, 0.3, accuracy: eps)
        // A: compute .6, copy_user .2, idle .1, [vdso] .1; B: compute .6, read .3, clock .1.
        XCTAssertEqual(c.metrics.tvd, 0.4, accuracy: eps)
    }

    func testKernelChargeMovesKernelTimeToTheUserCaller() throws {
        let c = try compare(kernelA, ["main;compute 60", "main;read 30", "main;clock 10"]) { $0.kernel = .charge }
        XCTAssertEqual(folded(c.a), ["main;clock;[vdso] 10", "main;compute 60", "main;read 20"])
        XCTAssertEqual(c.a.removed, [.init(reason: "no user frame", weight: 10, samples: 10)])
        XCTAssertEqual(c.function("read")!.selfA, 0.2 / 0.9, accuracy: eps)
        // The structure is reported as recorded.
        XCTAssertEqual(c.a.shape.kernelLeafShare, 0.3, accuracy: eps)
        // vDSO code is user space: it stays.
        XCTAssertEqual(c.function("[vdso]")!.selfA, 0.1 / 0.9, accuracy: eps)
    }

    func testKernelDropLeavesOutKernelLeafSamples() throws {
        let c = try compare(kernelA, ["main;compute 60", "main;read 30", "main;clock 10"]) { $0.kernel = .drop }
        XCTAssertEqual(folded(c.a), ["main;clock;[vdso] 10", "main;compute 60"])
        XCTAssertEqual(c.a.removed, [.init(reason: "kernel leaf", weight: 30, samples: 30)])
        XCTAssertEqual(c.function("compute")!.selfA, 60.0 / 70, accuracy: eps)
    }

    func testInlineFramesWithAndWithoutPhysical() throws {
        let a = ["main;work;helper_[i] 40", "main;work 60"], b = ["main;work 100"]
        let logical = try compare(a, b)
        XCTAssertEqual(logical.function("helper_[i]")!.selfA, 0.4, accuracy: eps)
        XCTAssertEqual(logical.function("work")!.selfA, 0.6, accuracy: eps)
        XCTAssertEqual(logical.function("work")!.totalA, 1, accuracy: eps)
        XCTAssertEqual(logical.metrics.tvd, 0.4, accuracy: eps)
        let physical = try compare(a, b) { $0.physical = true }
        XCTAssertEqual(folded(physical.a), ["main;work 100"])
        XCTAssertEqual(physical.function("work")!.selfA, 1)
        XCTAssertNil(physical.function("helper_[i]"))
        XCTAssertEqual(physical.metrics.tvd, 0)
        XCTAssertEqual(physical.metrics.beyondNoise, 0)
    }

    func testNamesAreNormalizedOncePerFrame() throws {
        let p = Profile()
        let ids = [p.frames.intern("server", kind: .label), p.frames.intern("runtime.goexit.abi0"),
                   p.frames.intern("main.main"), p.frames.intern("runtime.memmove.abiinternal"), p.frames.intern("foo+0x1a")]
        p.stacks.add([ids[0], ids[1], ids[2], ids[3]], weight: 3, samples: 3)
        p.stacks.add([ids[0], ids[1], ids[2], ids[4]], weight: 1, samples: 1)
        let n = Normalizer(options: NormalizeOptions()).normalize(p)
        XCTAssertEqual(folded(n), ["runtime.goexit;main.main;foo 1", "runtime.goexit;main.main;runtime.memmove 3"])
        XCTAssertEqual(n.shape.truncatedShare, 0)
        var exact = NormalizeOptions()
        exact.exactNames = true
        let e = Normalizer(options: exact).normalize(p)
        XCTAssertEqual(folded(e).first, "server;runtime.goexit.abi0;main.main;foo+0x1a 1")
        // With exact names, the .abi0 entry point is unknown: every stack is truncated.
        XCTAssertEqual(e.shape.truncatedShare, 1)
        var mapped = NormalizeOptions()
        mapped.maps = [try NameMap("^main\\.(.*)$=app.$1"), try NameMap("memmove=copy")]
        XCTAssertEqual(folded(Normalizer(options: mapped).normalize(p)).last, "runtime.goexit;app.main;runtime.copy 3")
    }

    /// Stacks that keep all their frames are appended without a look-up;
    /// one that lost a frame earlier must still merge with them, and so must
    /// stacks whose frames two names became one.
    func testStacksThatBecomeEqualMerge() throws {
        let p = Profile()
        let main = p.frames.intern("main"), read = p.frames.intern("read")
        let entry = p.frames.intern("entry_SYSCALL_64", kind: .kernel)
        p.stacks.add([main, entry, read], weight: 2, samples: 2)
        p.stacks.add([main, read], weight: 5, samples: 5)
        p.stacks.add([main], weight: 1, samples: 1)
        var charge = NormalizeOptions()
        charge.kernel = .charge
        let charged = Normalizer(options: charge).normalize(p)
        XCTAssertEqual(folded(charged), ["main 1", "main;read 7"])
        XCTAssertEqual(charged.profile.stacks.count, 2, "one stack per distinct text")

        let q = Profile()
        let f = q.frames.intern("f"), g1 = q.frames.intern("g+0x10"), g2 = q.frames.intern("g+0x20")
        q.stacks.add([f, g1], weight: 3, samples: 3)
        q.stacks.add([f, g2], weight: 4, samples: 4)
        let merged = Normalizer(options: NormalizeOptions()).normalize(q)
        XCTAssertEqual(folded(merged), ["f;g 7"])
        XCTAssertEqual(merged.profile.stacks.count, 1, "one stack per distinct text")
        XCTAssertEqual(folded(Normalizer(options: NormalizeOptions()).normalize(p)), ["main 1", "main;entry_SYSCALL_64;read 2", "main;read 5"])
    }

    /// `--folded` takes a profile whose names no rule changes as it is; the
    /// result must be what normalizing it gives, and any rewrite must still
    /// happen.
    func testFoldedNormalizationKeepsUnchangedProfiles() throws {
        let normalizer = Normalizer(options: NormalizeOptions())
        let plain = profile(["main;parse;lex 10", "main;eval 30", "main;eval;read_[k] 5"])
        XCTAssertTrue(normalizer.stacks(plain) === plain)
        XCTAssertEqual(FoldedWriter.string(normalizer.stacks(plain)), FoldedWriter.string(normalizer.normalize(plain).profile))
        let offsets = profile(["main;parse+0x1a 10", "main;parse+0x2b 30"])
        XCTAssertFalse(normalizer.stacks(offsets) === offsets)
        XCTAssertEqual(FoldedWriter.string(normalizer.stacks(offsets)), "main;parse 40\n")
        var charge = NormalizeOptions()
        charge.kernel = .charge
        XCTAssertEqual(FoldedWriter.string(Normalizer(options: charge).stacks(plain)), "main;eval 35\nmain;parse;lex 10\n")
    }

    func testFocusAndIgnore() throws {
        let lines = ["main;parse;lex 10", "main;eval;loop 30", "main;eval;parse 5"]
        let focus = try compare(lines, lines) { $0.focus = try! NamePattern("^parse$") }
        XCTAssertEqual(folded(focus.a), ["main;eval;parse 5", "main;parse;lex 10"])
        XCTAssertEqual(focus.a.removed, [.init(reason: "focus", weight: 30, samples: 30)])
        let ignore = try compare(lines, lines) { $0.ignore = try! NamePattern("parse") }
        XCTAssertEqual(folded(ignore.a), ["main;eval;loop 30"])
        XCTAssertThrowsError(try compare(lines, lines) { $0.focus = try! NamePattern("nothing") })
    }

    func testShapeTruncationUnknownAndDepth() throws {
        // Depths 3 (w 50), 2 (w 30), 5 (w 20): mean 3.1, p50 3, p90 5.
        let c = try compare(["_start;main;f 50", "[unknown];g 30", "clone3;start_thread;worker;run;[unknown] 20"], ["main;f 1"])
        let s = c.a.shape
        XCTAssertEqual(s.truncatedShare, 0.3, accuracy: eps)
        XCTAssertEqual(s.unknownLeafShare, 0.2, accuracy: eps)
        XCTAssertEqual(s.depthMean, 3.1, accuracy: eps)
        XCTAssertEqual(s.depthP50, 3)
        XCTAssertEqual(s.depthP90, 5)
        XCTAssertEqual(s.depthMax, 5)
        // Go's opaque buckets count as unknown leaves.
        XCTAssertEqual(try compare(["runtime.goexit;runtime._ExternalCode 1", "main;f 3"], ["main;f 1"]).a.shape.unknownLeafShare, 0.25)
    }

    func testFunctionKeyByModule() throws {
        let a = Profile(), b = Profile()
        for p in [a, b] {
            let lib = p.frames.internModule("/usr/lib/libc.so.6"), app = p.frames.internModule("/opt/app")
            p.stacks.add([p.frames.intern("main", module: app), p.frames.intern("memcpy", module: lib)], weight: 1, samples: 1)
        }
        var options = NormalizeOptions()
        options.key = .module
        let c = try Comparison(a: a, b: b, normalization: options)
        XCTAssertEqual(c.function("libc.so.6!memcpy")?.selfA, 1)
        XCTAssertNil(c.function("memcpy"))
    }
}

extension SyntheticPairTests {
    func testStripRootDropsFoldedProcessNames() throws {
        let c = try compare(["spin;_start;main;f 3"], ["_start;main;f 1"]) { $0.stripRoot = true }
        XCTAssertEqual(folded(c.a), ["_start;main;f 3"])
        XCTAssertEqual(c.a.shape.truncatedShare, 0)
        XCTAssertEqual(c.metrics.tvd, 0)
        // A root that is already a label (perf script's process name) is not dropped twice.
        let p = Profile()
        p.stacks.add([p.frames.intern("spin", kind: .label), p.frames.intern("_start"), p.frames.intern("f")], weight: 1, samples: 1)
        var options = NormalizeOptions()
        options.stripRoot = true
        XCTAssertEqual(folded(Normalizer(options: options).normalize(p)), ["_start;f 1"])
    }
}
