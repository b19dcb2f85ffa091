#if canImport(Glibc)
import Glibc
#endif

public struct SymbolizerOptions: Sendable {
    /// Extra debug roots, searched after libdwfl's defaults (the file's
    /// directory, its `.debug/`, `/usr/lib/debug`), each by build-id
    /// (`ROOT/.build-id/xx/rest.debug`) and by `.gnu_debuglink` under the
    /// file's absolute directory.
    public var debugDirectories: [String] = []
    /// Demangle C++, Rust and Swift names.
    public var demangle = true
    /// How much of C++ and Rust names to keep: full signatures (`flame
    /// symbolize`) or perf's frame names (flame graphs). Swift names read as
    /// `Module.Type.method(label:)` either way.
    public var nameStyle = NameStyle.signature
    /// Let libdwfl ask debuginfod servers (`DEBUGINFOD_URLS`); off by default
    /// so that symbolizing never waits on the network. Off, flame searches
    /// the local places itself (it never changes the process environment).
    public var networkLookups = false
    /// Entries kept in each module's address cache.
    public var cacheLimit = 1 << 20

    public init() {}
}

/// Turns (module, address) into source frames. One instance holds one libdwfl
/// session per module and is not thread-safe: give each thread its own.
public final class Symbolizer {
    public let options: SymbolizerOptions
    /// Called once per module that cannot be used, with the reason.
    public var warningHandler: (String) -> Void
    private let searchPath: String
    private var modules: [ModuleSpec: Slot] = [:]
    /// The module asked for last and its slot: a run of addresses in one
    /// module then skips hashing its spec for each.
    private var lastModule: (spec: ModuleSpec, slot: Slot)?

    private enum Slot {
        case ready(ModuleSymbolizer)
        case unusable
    }

    public init(options: SymbolizerOptions = SymbolizerOptions(), warningHandler: @escaping (String) -> Void = { _ in }) {
        self.options = options
        self.warningHandler = warningHandler
        searchPath = DwflSession.searchPath(extraRoots: options.debugDirectories)
    }

    /// Frames for `address` in `module`, innermost first. `address` is a
    /// runtime address when the module has a load base, else a file address.
    /// An unusable module (missing, not ELF, other build-id) yields one frame
    /// `name+0xOFFSET`; an address nothing is known about yields no frames.
    public func symbolize(_ module: ModuleSpec, address: UInt64) -> [SymbolFrame] {
        let slot = slot(module)
        guard case .ready(let symbolizer) = slot else {
            return [SymbolFrame(function: Self.placeholder(module, address))]
        }
        return symbolizer.frames(at: fileAddress(address, module: module, symbolizer: symbolizer))
    }

    /// Appends the block `FrameFormatter.text` prints for `symbolize(module,
    /// address:)` without basenames, the same bytes made without a `String`
    /// per frame (`flame symbolize` prints many addresses).
    public func appendText(_ module: ModuleSpec, address: UInt64, printAddress: Bool, into out: inout [UInt8]) {
        let slot = slot(module)
        guard case .ready(let symbolizer) = slot else {
            return FrameFormatter.text(address: address, frames: [SymbolFrame(function: Self.placeholder(module, address))],
                                       printAddress: printAddress, basenames: false, into: &out)
        }
        let records = symbolizer.frameRecords(at: fileAddress(address, module: module, symbolizer: symbolizer))
        FrameFormatter.text(address: address, records: records, names: symbolizer.names,
                            printAddress: printAddress, into: &out)
    }

    /// Frames for an address as `perf script` prints it in a module (`path`).
    /// In callchains perf prints the map-relative address, i.e. the *file
    /// offset* (0x1198 for a non-PIE `spin` at 0x401198); for sample IPs
    /// without callchains it prints the runtime address, which for a fixed
    /// (ET_EXEC) executable is the virtual address. So: an offset inside a
    /// loadable segment's file range is translated to its virtual address;
    /// else a virtual address of the file is taken as it is; else (a runtime
    /// address of a relocated module, whose base perf script does not print)
    /// nothing is returned.
    public func symbolize(path: String, perfAddress: UInt64) -> [SymbolFrame] {
        let module = ModuleSpec(path: path)
        let slot = modules[module] ?? open(module)
        guard case .ready(let symbolizer) = slot else { return [] }
        if let address = symbolizer.address(ofFileOffset: perfAddress) {
            return symbolizer.frames(at: address)
        }
        return symbolizer.isLoadedAddress(perfAddress) ? symbolizer.frames(at: perfAddress) : []
    }

    /// Frames for the code at `fileOffset` in the file at `path` (the model's
    /// meaning of an unsymbolized location): the offset is translated to the
    /// file's own address through the loadable segment that holds it, so any
    /// linker's segment layout works. A file with a build-id other than
    /// `expectedBuildID` is not used.
    public func symbolize(path: String, expectedBuildID: [UInt8]?, fileOffset: UInt64) -> [SymbolFrame] {
        let module = ModuleSpec(path: path, expectedBuildID: expectedBuildID)
        let slot = modules[module] ?? open(module)
        guard case .ready(let symbolizer) = slot, let address = symbolizer.address(ofFileOffset: fileOffset) else { return [] }
        return symbolizer.frames(at: address)
    }

    /// The ELF function symbol at `fileOffset` in `path`, named as perf
    /// names it (its choice among aliases, `name@plt` for PLT stubs).
    public func perfSymbol(path: String, expectedBuildID: [UInt8]?, fileOffset: UInt64) -> String? {
        let module = ModuleSpec(path: path, expectedBuildID: expectedBuildID)
        let slot = modules[module] ?? open(module)
        guard case .ready(let symbolizer) = slot, let address = symbolizer.address(ofFileOffset: fileOffset) else { return nil }
        return symbolizer.perfSymbol(at: address)
    }

    /// Where the module's ELF and debug files were found (after a lookup).
    public func files(of module: ModuleSpec) -> (main: String?, debug: String?)? {
        guard case .ready(let symbolizer) = modules[module] ?? open(module) else { return nil }
        return symbolizer.files
    }

    private func fileAddress(_ address: UInt64, module: ModuleSpec, symbolizer: ModuleSymbolizer) -> UInt64 {
        guard module.loadBase != 0 else { return address }
        return address &- module.loadBase &+ symbolizer.firstLoadAddress
    }

    private func slot(_ module: ModuleSpec) -> Slot {
        if let last = lastModule, last.spec == module { return last.slot }
        let slot = modules[module] ?? open(module)
        lastModule = (module, slot)
        return slot
    }

    private func open(_ module: ModuleSpec) -> Slot {
        let slot: Slot
        do throws(SymbolizeError) {
            let session = try DwflSession(path: module.path, searchPath: searchPath, networkLookups: options.networkLookups,
                                          warn: warningHandler)
            if let expected = module.expectedBuildID {
                let actual = session.buildID
                guard actual == expected else {
                    let found = actual.map(hexString) ?? "none"
                    throw SymbolizeError("build-id mismatch: file has \(found), profile expects \(hexString(expected))")
                }
            }
            slot = .ready(ModuleSymbolizer(session: session, path: module.path, style: options.demangle ? options.nameStyle : nil,
                                           cacheLimit: options.cacheLimit))
        } catch {
            warningHandler("\(module.path): not symbolized: \(error.description)")
            slot = .unusable
        }
        modules[module] = slot
        return slot
    }

    /// `file+0xOFFSET` for addresses of a module that cannot be read; the
    /// offset is from the load base (a file address when there is none).
    static func placeholder(_ module: ModuleSpec, _ address: UInt64) -> String {
        let name = module.path.split(separator: "/").last.map(String.init) ?? module.path
        return "\(name)+0x\(String(address &- module.loadBase, radix: 16))"
    }
}
