import FlameModel

/// How a frame of the model appears in formats that carry kinds and modules
/// themselves: the name without the folded annotation its kind already
/// states (`_[k]`: the kernel mapping says it; `_[i]`: the inline Line says
/// it), and the module its code lives in, with the names perf gives the
/// kernel and the vDSO where the reader knew no path. `_[j]` stays: pprof
/// has no notion of JIT code, and the name is all that keeps it.
struct ExportedFrame: Hashable {
    init(name: String, module: String?) {
        self.name = name
        self.module = module
    }

    var name: String
    var module: String?

    /// The module pprof's and perf's tools recognise kernel code by.
    static let kernelModule = "[kernel.kallsyms]"
    static let vdsoModule = "[vdso]"

    init(_ id: UInt32, of frames: FrameTable) {
        let kind = frames.kind(id)
        name = Self.strippingAnnotation(frames.string(id), kind: kind)
        switch kind {
        case .kernel: module = frames.module(id) ?? Self.kernelModule
        case .vdso: module = frames.module(id) ?? Self.vdsoModule
        default: module = frames.module(id)
        }
    }

    /// `name_[k]` without `_[k]` when the kind says kernel (likewise `_[i]`
    /// inlined); other names are kept whole, so a user function that happens
    /// to end in `_[k]` is not renamed.
    static func strippingAnnotation(_ name: String, kind: FrameKind) -> String {
        let suffix: String
        switch kind {
        case .kernel: suffix = "_[k]"
        case .inlined: suffix = "_[i]"
        default: return name
        }
        return name.hasSuffix(suffix) && name.count > suffix.count ? String(name.dropLast(suffix.count)) : name
    }
}
