/// Code not yet named: which file, which build, and where in it. Readers make
/// these from their mappings; an `AddressResolver` names them.
public struct CodeLocation: Hashable, Sendable {
    public enum Address: Hashable, Sendable {
        /// An offset in the file (see `Mapping.fileOffset(of:)`): the meaning
        /// every reader gives to a location it knows the mapping of.
        case fileOffset(UInt64)
        /// An address as `perf script` prints it beside a DSO: the
        /// map-relative address (a file offset) in callchains, the ELF virtual
        /// address for sample IPs of fixed executables. perf prints no load
        /// base, so the resolver decides which one it is.
        case perfScript(UInt64)
    }

    public var path: String
    /// The build-id the profile recorded; a file with another one is not used.
    public var buildID: [UInt8]?
    public var address: Address

    public init(path: String, buildID: [UInt8]? = nil, address: Address) {
        self.path = path
        self.buildID = buildID
        self.address = address
    }

    public init(_ mapping: Mapping, address: UInt64) {
        self.init(path: mapping.path, buildID: mapping.buildID, address: .fileOffset(mapping.fileOffset(of: address)))
    }

    /// The name of a location nothing more is known about:
    /// `BASENAME+0xFILEOFFSET`, the form pprof's and perf's tools accept for a
    /// later symbolization (`addr2line -e FILE` after translating the offset).
    public var placeholder: String {
        let slash = path.lastIndex(of: "/")
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        switch address {
        case .fileOffset(let offset), .perfScript(let offset):
            return (base.isEmpty ? "[unknown]" : base) + "+0x" + String(offset, radix: 16)
        }
    }
}
