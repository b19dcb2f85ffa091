/// The demangling seam for names that text profiles carry mangled (perf
/// script prints Swift symbols as `$s3app4mainyS2iF`). Defined here so that
/// readers need no demangler library; FlameSymbolize's `FrameNameDemangler`
/// implements it and the command line wires it in.
public protocol NameDemangler: Sendable {
    /// The frame name for `name` (bytes, no NUL), or nil when it is not a
    /// mangled name this demangler reads (the reader keeps its bytes).
    /// `keepsParentheses` as in `ResolvedFrame`: true for Swift names, whose
    /// parentheses are argument labels that perf-style tidying must not cut.
    func demangle(_ name: UnsafeRawBufferPointer) -> (name: String, keepsParentheses: Bool)?
}
