@testable import FlameDiff
import FlameModel
import XCTest

final class NoiseTests: XCTestCase {
    /// One sample from each side of a fair coin: the shares differ with
    /// probability 1/2, and then TVD and JS are both 1.
    func testExactSmallCase() {
        let (tvd, js) = Noise.expected([0.5, 0.5], 1, 1)
        XCTAssertEqual(tvd, 0.5, accuracy: 1e-12)
        XCTAssertEqual(js, 0.5, accuracy: 1e-12)
    }

    /// Two samples against one, p = (0.5, 0.5): enumerate every outcome by hand.
    func testExactUnequalSizes() {
        // A: 0, 1 or 2 heads of 2 (1/4, 1/2, 1/4); B: 0 or 1 of 1 (1/2 each).
        // TVD = |x - y| with x = heads/2, y = heads/1.
        var tvd = 0.0, js = 0.0
        for (ka, pa) in [(0, 0.25), (1, 0.5), (2, 0.25)] {
            for (kb, pb) in [(0, 0.5), (1, 0.5)] {
                let x = Double(ka) / 2, y = Double(kb)
                tvd += pa * pb * abs(x - y)
                js += pa * pb * (Noise.jsTerm(x, y) + Noise.jsTerm(1 - x, 1 - y))
            }
        }
        let got = Noise.expected([0.5, 0.5], 2, 1)
        XCTAssertEqual(tvd, 0.5, accuracy: 1e-12)
        XCTAssertEqual(got.tvd, tvd, accuracy: 1e-12)
        XCTAssertEqual(got.js, js, accuracy: 1e-12)
    }

    /// Draws two independent samples from one known distribution many times:
    /// the mean measured TVD and JS must be within 15% of the mean stated
    /// noise level. A head of large shares (normal approximation) and a
    /// middle and tail of small ones (exact sums) are exercised.
    func testStatedNoiseMatchesIndependentDraws() throws {
        var weights: [Double] = [30, 20, 12, 8, 5, 4, 3, 2]
        weights += Array(repeating: 0.5, count: 20) + Array(repeating: 0.1, count: 40)
        for (nA, nB) in [(400, 900), (3000, 3000), (20000, 5000)] {
            let (measured, stated) = try trial(weights, nA, nB, trials: 60)
            XCTAssertEqual(measured.tvd / stated.tvd, 1, accuracy: 0.15, "TVD, sizes \(nA) and \(nB)")
            XCTAssertEqual(measured.js / stated.js, 1, accuracy: 0.15, "JS, sizes \(nA) and \(nB)")
        }
    }

    /// The documented limit: the noise level is computed from the pooled
    /// shares as observed, so where most functions are seen once or not at
    /// all (a tail of 200 functions of 0.02% each against 1,300 samples) it
    /// reads low: measured here, the draws' mean TVD is 1.16 times the stated
    /// level and their JS 1.36 times (docs/diff.md).
    func testSparseTailReadsLowWithinTheDocumentedBound() throws {
        let weights: [Double] = [30, 20, 12, 8, 5, 4, 3, 2] + Array(repeating: 0.05, count: 200)
        let (measured, stated) = try trial(weights, 400, 900, trials: 60)
        XCTAssertGreaterThan(measured.tvd / stated.tvd, 1)
        XCTAssertLessThan(measured.tvd / stated.tvd, 1.25)
        XCTAssertGreaterThan(measured.js / stated.js, 1)
        XCTAssertLessThan(measured.js / stated.js, 1.45)
    }

    private func trial(_ weights: [Double], _ nA: Int, _ nB: Int, trials: Int) throws
        -> (measured: (tvd: Double, js: Double), stated: (tvd: Double, js: Double)) {
        let total = weights.reduce(0, +)
        var cumulative: [Double] = []
        var sum = 0.0
        for w in weights { sum += w / total; cumulative.append(sum) }
        var rng = SplitMix64(seed: UInt64(nA * 7 + nB + weights.count))
        var measured = (tvd: 0.0, js: 0.0), stated = (tvd: 0.0, js: 0.0)
        for _ in 0 ..< trials {
            let c = try Comparison(a: draw(nA, cumulative, &rng), b: draw(nB, cumulative, &rng))
            measured.tvd += c.metrics.tvd
            measured.js += c.metrics.js
            stated.tvd += c.metrics.tvdNoise
            stated.js += c.metrics.jsNoise
        }
        return (measured, stated)
    }

    private func draw(_ n: Int, _ cumulative: [Double], _ rng: inout SplitMix64) -> Profile {
        var counts = [UInt64](repeating: 0, count: cumulative.count)
        for _ in 0 ..< n {
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
            counts[lo] += 1
        }
        let profile = Profile()
        for (i, c) in counts.enumerated() where c > 0 { profile.add(stack: ["main", "f\(i)"], weight: c) }
        return profile
    }
}
