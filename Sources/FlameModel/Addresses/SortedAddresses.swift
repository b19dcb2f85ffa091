extension Array where Element == UInt64 {
    /// In a sorted array of start addresses, the index of the last start at
    /// or below `address` (the symbol or range that may hold it).
    public func lastIndex(atOrBelow address: UInt64) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }
}
