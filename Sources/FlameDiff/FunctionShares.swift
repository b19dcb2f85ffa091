import FlameModel

/// Self and total weight per function for both profiles, over one key space
/// (the union of both profiles' functions). A function's total counts each
/// stack once, however often the function recurs in it.
struct FunctionShares {
    let keys = ByteKeyTable(capacity: 1 << 12)
    private(set) var selfWeight: [[Double]] = [[], []]
    private(set) var totalWeight: [[Double]] = [[], []]

    init(_ a: Profile, _ b: Profile, key: FunctionKey) {
        add(a, side: 0, key: key)
        add(b, side: 1, key: key)
        let n = keys.count
        for side in 0 ..< 2 {
            selfWeight[side] += Array(repeating: 0, count: n - selfWeight[side].count)
            totalWeight[side] += Array(repeating: 0, count: n - totalWeight[side].count)
        }
    }

    var count: Int { keys.count }

    /// Whether a stack of either profile goes through the function (a frame
    /// can be interned and then left out by kernel, inline or focus rules).
    func isPresent(_ index: Int) -> Bool { totalWeight[0][index] > 0 || totalWeight[1][index] > 0 }

    func name(_ index: Int) -> String { keys.string(UInt32(index)) }

    func index(of name: String) -> Int? {
        var bytes = Array(name.utf8)
        return bytes.withUnsafeMutableBytes { keys.find(UnsafeRawBufferPointer($0)) }.map(Int.init)
    }

    private mutating func add(_ profile: Profile, side: Int, key: FunctionKey) {
        var keyOf = [UInt32](repeating: 0, count: profile.frames.count)
        for id in 0 ..< profile.frames.count {
            let frame = UInt32(id)
            if key == .module, let module = profile.frames.module(frame) {
                let base = module.split(separator: "/").last.map(String.init) ?? module
                keyOf[id] = keys.intern(Array(base.utf8) + [UInt8(ascii: "!")] + Array(profile.frames[frame]))
            } else {
                keyOf[id] = keys.intern(Array(profile.frames[frame]))
            }
        }
        var selfW = [Double](repeating: 0, count: keys.count)
        var totalW = [Double](repeating: 0, count: keys.count)
        // The last stack that counted each key towards its total.
        var stamp = [Int](repeating: -1, count: keys.count)
        for index in 0 ..< profile.stacks.count {
            let frames = profile.stacks.frames(of: index)
            guard let leaf = frames.last else { continue }
            let w = Double(profile.stacks.weight(of: index))
            selfW[Int(keyOf[Int(leaf)])] += w
            for id in frames {
                let k = Int(keyOf[Int(id)])
                if stamp[k] != index { stamp[k] = index; totalW[k] += w }
            }
        }
        selfWeight[side] = selfW
        totalWeight[side] = totalW
    }
}
