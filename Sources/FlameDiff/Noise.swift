#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distances two independent samples of sizes `nA` and `nB` drawn from
/// one distribution `p` show on average: the noise level a measured distance
/// is read against.
///
/// Both distances are sums over categories of a function of the two shares
/// of that category, and each share's count is binomial (the marginal of a
/// multinomial), so the expectation of the sum is the sum of per-category
/// expectations over two independent binomials. That expectation is computed
/// exactly, by summing over both counts, wherever the counts' likely range is
/// small (in practice: every category but the few largest); for categories
/// where both counts are large it uses the normal approximation
/// (E|X| = σ√(2/π) for TVD, the second-order expansion Σ(a-b)²/(8m) for JS),
/// which is accurate there.
enum Noise {
    /// Largest product of the two counts' ranges summed exactly.
    static let exactBudget = 4_000

    static func expected(_ p: [Double], _ nA: UInt64, _ nB: UInt64) -> (tvd: Double, js: Double) {
        guard nA > 0, nB > 0 else { return (0, 0) }
        var tvd = 0.0, js = 0.0
        for pi in p where pi > 0 && pi < 1 {
            let a = Binomial(n: nA, p: pi), b = Binomial(n: nB, p: pi)
            if a.range.count * b.range.count <= exactBudget {
                let (t, j) = exact(a, b, nA: Double(nA), nB: Double(nB))
                tvd += t
                js += j
            } else {
                let inv = 1 / Double(nA) + 1 / Double(nB)
                tvd += 0.5 * (pi * (1 - pi) * inv).squareRoot() * (2 / Double.pi).squareRoot()
                js += (1 - pi) * inv / 8 / M_LN2
            }
        }
        return (tvd, js)
    }

    private static func exact(_ a: Binomial, _ b: Binomial, nA: Double, nB: Double) -> (Double, Double) {
        let pa = a.pmf(), pb = b.pmf()
        var tvd = 0.0, js = 0.0
        for (i, ka) in a.range.enumerated() where pa[i] > 0 {
            let x = Double(ka) / nA
            for (j, kb) in b.range.enumerated() where pb[j] > 0 {
                let y = Double(kb) / nB
                let w = pa[i] * pb[j]
                tvd += w * 0.5 * abs(x - y)
                js += w * jsTerm(x, y)
            }
        }
        return (tvd, js)
    }

    /// One category's contribution to the Jensen-Shannon divergence, in bits.
    static func jsTerm(_ a: Double, _ b: Double) -> Double {
        let m = (a + b) / 2
        guard m > 0 else { return 0 }
        var t = 0.0
        if a > 0 { t += a * log2(a / m) }
        if b > 0 { t += b * log2(b / m) }
        return t / 2
    }
}

/// A binomial distribution's probabilities over the counts that matter.
struct Binomial {
    let n: UInt64
    let p: Double
    let range: ClosedRange<UInt64>

    init(n: UInt64, p: Double) {
        self.n = n
        self.p = p
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        let lo = max(0, mean - 10 * sd - 5)
        let hi = min(Double(n), mean + 10 * sd + 5)
        range = UInt64(lo.rounded(.down)) ... UInt64(hi.rounded(.up))
    }

    func pmf() -> [Double] {
        let nd = Double(n)
        let base = logGamma(nd + 1)
        let lp = log(p), lq = log1p(-p)
        return range.map { k in
            let kd = Double(k)
            return exp(base - logGamma(kd + 1) - logGamma(nd - kd + 1) + kd * lp + (nd - kd) * lq)
        }
    }
}

private func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
}
