/// Every error flame's libraries throw: a one-line message (naming the input
/// and the line or byte offset where it applies) and the exit status the
/// command line ends with. The command line catches this protocol, not a list
/// of types.
public protocol FlameError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

extension FlameError {
    public var exitStatus: Int32 { 1 }
}
