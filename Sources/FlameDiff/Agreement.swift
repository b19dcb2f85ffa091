/// Whether two profiles agree on which functions are hot.
enum Agreement {
    /// Indices of the `n` rows with the largest positive share (ties by name).
    static func top(_ rows: [FunctionRow], _ n: Int, _ share: KeyPath<FunctionRow, Double>) -> [Int] {
        let candidates = rows.indices.filter { rows[$0][keyPath: share] > 0 }
        return Array(candidates.sorted { x, y in
            let a = rows[x][keyPath: share], b = rows[y][keyPath: share]
            if a != b { return a > b }
            return Array(rows[x].name.utf8).lexicographicallyPrecedes(Array(rows[y].name.utf8))
        }.prefix(n))
    }

    /// Spearman's rank correlation: Pearson's correlation of the ranks
    /// (largest share is rank 1; ties get their average rank).
    static func spearman(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count >= 2 else { return nil }
        let ra = ranks(a), rb = ranks(b)
        let n = Double(a.count)
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        var cov = 0.0, va = 0.0, vb = 0.0
        for i in 0 ..< a.count {
            cov += (ra[i] - ma) * (rb[i] - mb)
            va += (ra[i] - ma) * (ra[i] - ma)
            vb += (rb[i] - mb) * (rb[i] - mb)
        }
        guard va > 0, vb > 0 else { return nil }
        return cov / (va * vb).squareRoot()
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] > values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i ... j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }
}
