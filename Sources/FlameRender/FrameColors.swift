import FlameModel

/// Chooses the fill of every frame, in flamegraph.pl's order of precedence:
/// grey separators (`--`, `-`), the differential scale, the consistent
/// palette file, then the palette itself. Colours that depend only on the
/// name are computed once per name.
struct FrameColors {
    let options: RenderOptions
    let maxDelta: Int64
    var paletteMap: PaletteMap?
    private var cache: [UInt32: RGB] = [:]
    private var generator: SplitMix64

    init(options: RenderOptions, maxDelta: Int64) {
        self.options = options
        self.maxDelta = max(maxDelta, 1)
        paletteMap = options.paletteMap
        generator = SplitMix64(seed: options.deterministic ? 0x5EED_F1A3_E000_0001 : UInt64.random(in: 0 ... .max))
    }

    /// `name` is the raw frame name (annotation included), `id` its id
    /// (`FrameTree.rootName` for the root, whose name is empty).
    mutating func color(id: UInt32, name: [UInt8], delta: Int64?, waker: Bool) -> RGB {
        if name == [UInt8(ascii: "-"), UInt8(ascii: "-")] { return .separatorGrey }
        if name == [UInt8(ascii: "-")] { return .dashGrey }
        if let delta { return scale(delta) }
        if var map = paletteMap {
            if let known = map[name] { return known }
            let fresh = computed(name, waker: waker)
            map[name] = fresh
            paletteMap = map
            return fresh
        }
        if options.random { return computed(name, waker: waker) }
        if waker { return computed(name, waker: true) }
        if let known = cache[id] { return known }
        let fresh = computed(name, waker: false)
        cache[id] = fresh
        return fresh
    }

    private mutating func computed(_ name: [UInt8], waker: Bool) -> RGB {
        let v1, v2, v3: Double
        if options.hash {
            (v1, v2, v3) = ColorSource.hashValues(String(decoding: name, as: UTF8.self))
        } else if options.random {
            (v1, v2, v3) = (generator.unit(), generator.unit(), generator.unit())
        } else {
            let v = ColorSource.nameSeeded(String(decoding: name, as: UTF8.self))
            (v1, v2, v3) = (v, v, v)
        }
        return options.palette.color(name, v1, v2, v3, waker: waker)
    }

    /// Red for growth, blue for shrinkage, white for no change; deeper with
    /// the size of the change relative to the largest one.
    func scale(_ delta: Int64) -> RGB {
        let value = Double(options.negate ? -delta : delta)
        let maximum = Double(maxDelta)
        if value > 0 {
            let gb = Int(210 * (maximum - value) / maximum)
            return RGB(255, gb, gb)
        }
        if value < 0 {
            let rg = Int(210 * (maximum + value) / maximum)
            return RGB(rg, rg, 255)
        }
        return RGB(255, 255, 255)
    }
}
