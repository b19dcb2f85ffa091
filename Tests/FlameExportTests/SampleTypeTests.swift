@testable import FlameExport
import FlameModel
import Testing

/// The naming rules of PprofSampleTypes and ExportedFrame, one case each.
@Suite struct SampleTypeTests {
    typealias T = PprofSampleTypes.ValueType

    @Test func countsAloneAreSamples() {
        #expect(PprofSampleTypes(unit: nil, weightsAreCounts: true).types == [T(type: "samples", unit: "count")])
        #expect(PprofSampleTypes(unit: "samples", weightsAreCounts: true).types == [T(type: "samples", unit: "count")])
        #expect(PprofSampleTypes(unit: "samples", weightsAreCounts: false).types
            == [T(type: "samples", unit: "count"), T(type: "weight", unit: "samples")])
        #expect(PprofSampleTypes(unit: "count", weightsAreCounts: true).types
            == [T(type: "samples", unit: "count"), T(type: "weight", unit: "count")])
    }

    @Test func weightsThatAreNotCountsGetTheirOwnType() {
        #expect(PprofSampleTypes(unit: nil, weightsAreCounts: false).types
            == [T(type: "samples", unit: "count"), T(type: "weight", unit: "count")])
        #expect(PprofSampleTypes(unit: "nanoseconds", weightsAreCounts: false).types
            == [T(type: "samples", unit: "count"), T(type: "cpu", unit: "nanoseconds")])
        #expect(PprofSampleTypes(unit: "bytes", weightsAreCounts: false).types
            == [T(type: "samples", unit: "count"), T(type: "space", unit: "bytes")])
        #expect(PprofSampleTypes(unit: "period", weightsAreCounts: false).types
            == [T(type: "samples", unit: "count"), T(type: "period", unit: "count")])
        #expect(PprofSampleTypes(unit: "widgets", weightsAreCounts: true).types
            == [T(type: "samples", unit: "count"), T(type: "weight", unit: "widgets")])
    }

    @Test func annotationsGoOnlyWhenTheKindSaysSo() {
        let frames = FrameTable()
        let kernel = frames.intern("do_syscall_64_[k]")
        let inlined = frames.intern("helper_[i]")
        let user = frames.intern("odd_name_[k]", kind: .user)
        let vdso = frames.intern("[vdso]")
        let bare = frames.intern("_[k]")
        let jit = frames.intern("LoopBody_[j]")
        #expect(ExportedFrame(kernel, of: frames) == ExportedFrame(name: "do_syscall_64", module: "[kernel.kallsyms]"))
        #expect(ExportedFrame(inlined, of: frames) == ExportedFrame(name: "helper", module: nil))
        #expect(ExportedFrame(user, of: frames) == ExportedFrame(name: "odd_name_[k]", module: nil))
        #expect(ExportedFrame(vdso, of: frames) == ExportedFrame(name: "[vdso]", module: "[vdso]"))
        #expect(ExportedFrame(bare, of: frames).name == "_[k]")
        #expect(ExportedFrame(jit, of: frames).name == "LoopBody_[j]")
    }
}
