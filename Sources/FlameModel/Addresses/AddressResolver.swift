/// One frame a resolver found for a code location.
public struct ResolvedFrame: Hashable, Sendable {
    /// The function's name (demangled as the resolver's policy says).
    public var name: String
    /// This frame was inlined into the next (outer) one.
    public var inlined: Bool
    /// Source file and line, when known (line 0: unknown).
    public var file: String?
    public var line: Int
    /// The name's parentheses are part of its identity (Swift argument
    /// labels: `main(_:)` and `main()` are two functions), so the frame
    /// tidying of perf names, which cuts at the first `(`, must not apply.
    public var keepsParentheses: Bool

    public init(name: String, inlined: Bool = false, file: String? = nil, line: Int = 0, keepsParentheses: Bool = false) {
        self.keepsParentheses = keepsParentheses
        self.name = name
        self.inlined = inlined
        self.file = file
        self.line = line
    }
}

/// The symbolization seam: names code locations. Defined here, without libdw,
/// so readers depend on the model only; FlameSymbolize implements it and the
/// command line wires it in. One instance per thread: implementations may
/// keep sessions that must not be shared.
public protocol AddressResolver: AnyObject {
    /// The frames at `location`, outermost first (inlined callees after the
    /// function they were inlined into); nil when nothing is known, and the
    /// caller falls back to its own name (perf's, or the placeholder).
    func frames(at location: CodeLocation) -> [ResolvedFrame]?

    /// The ELF function symbol holding `location`, named as perf names it
    /// (its choice among aliases at one address, `name@plt` for PLT stubs):
    /// what perf shows for frames it does not expand into inline chains.
    func symbol(at location: CodeLocation) -> String?
}

extension AddressResolver {
    public func symbol(at location: CodeLocation) -> String? { nil }
}

/// Makes one resolver per worker thread; warnings (one per unusable module)
/// go to `diagnostics`.
public protocol AddressResolverFactory: Sendable {
    func makeResolver(diagnostics: Diagnostics) -> AddressResolver
}
