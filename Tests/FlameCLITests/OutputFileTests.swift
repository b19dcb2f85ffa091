import FlameTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `-o PATH` never harms what is at PATH (docs/output.md): regular files are
/// replaced whole, keeping their mode; links keep pointing where they did;
/// devices, FIFOs and standard output are written to, never replaced. Every
/// case uses files, links, FIFOs and device nodes of its own, never the
/// system's.
@Suite struct OutputFileTests {
    static let input = "main;parse;lex 3\nmain;render 5\n"

    /// Runs `flame collapse` on a small folded file with `-o output`.
    private func collapse(to output: String, in scratch: Scratch, input: String = Self.input) throws -> TestProcess.Result {
        try Flame.run(["collapse", "-o", output, scratch.write("in.folded", input)])
    }

    private func status(_ path: String, follow: Bool = false) -> stat? {
        var result = stat()
        return (follow ? stat(path, &result) : lstat(path, &result)) == 0 ? result : nil
    }

    private func kind(_ path: String) -> mode_t? { status(path).map { $0.st_mode & S_IFMT } }
    private func permissions(_ path: String) -> mode_t? { status(path).map { $0.st_mode & 0o7777 } }
    private func text(_ path: String) -> String? { (try? bytes(path)).map { String(decoding: $0, as: UTF8.self) } }

    /// What `flame` leaves in `scratch` besides the named files: no temporaries.
    private func leftovers(_ scratch: Scratch) -> [String] { scratch.entries().filter { $0.contains(".flame-") } }

    /// The umask the child inherits, read without changing it (umask(2)
    /// would race with other tests creating files).
    private static var umask: mode_t {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
        return line.flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
    }

    @Test func newFileHasTheModeTheShellWouldGiveIt() throws {
        let scratch = Scratch()
        let out = scratch.path("new.folded")
        let result = try collapse(to: out, in: scratch)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(text(out) == Self.input)
        #expect(permissions(out) == 0o666 & ~Self.umask)
        #expect(leftovers(scratch).isEmpty)
    }

    @Test func privateFileStaysPrivate() throws {
        let scratch = Scratch()
        let out = scratch.write("private.folded", "old\n")
        #expect(chmod(out, 0o600) == 0)
        let before = try #require(status(out))
        let result = try collapse(to: out, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(text(out) == Self.input)
        #expect(permissions(out) == 0o600)
        #expect(status(out)?.st_uid == before.st_uid && status(out)?.st_gid == before.st_gid)
        #expect(leftovers(scratch).isEmpty)
    }

    @Test func symbolicLinkKeepsPointingAtItsReplacedTarget() throws {
        let scratch = Scratch()
        let target = scratch.write("target.folded", "old\n")
        #expect(chmod(target, 0o640) == 0)
        let link = scratch.path("link.folded")
        #expect(symlink("target.folded", link) == 0)
        let result = try collapse(to: link, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(kind(link) == S_IFLNK)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "target.folded")
        #expect(text(target) == Self.input)
        #expect(permissions(target) == 0o640)
        #expect(leftovers(scratch).isEmpty)
    }

    @Test func danglingLinkCreatesItsTarget() throws {
        let scratch = Scratch()
        let link = scratch.path("link.folded")
        #expect(symlink("made.folded", link) == 0)
        let result = try collapse(to: link, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(kind(link) == S_IFLNK)
        #expect(text(scratch.path("made.folded")) == Self.input)
    }

    /// The documented choice: every name of a hard-linked file sees the new
    /// output (it is filled in place once complete), and a failed run leaves
    /// it as it was.
    @Test func hardLinkedFileIsFilledInPlace() throws {
        let scratch = Scratch()
        let first = scratch.write("first.folded", "old\n")
        let second = scratch.path("second.folded")
        #expect(link(first, second) == 0)
        let failed = try Flame.run(["collapse", "-o", first, scratch.path("no-such-input")])
        #expect(failed.status == 1)
        #expect(text(first) == "old\n" && text(second) == "old\n")
        let result = try collapse(to: first, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(text(second) == Self.input)
        #expect(status(first)?.st_ino == status(second)?.st_ino && status(first)?.st_nlink == 2)
        #expect(leftovers(scratch).isEmpty)
    }

    @Test func failedRunLeavesTheFileAsItWas() throws {
        let scratch = Scratch()
        let out = scratch.write("kept.folded", "old\n")
        let result = try Flame.run(["collapse", "-o", out, scratch.path("no-such-input")])
        #expect(result.status == 1 && result.stderr.hasPrefix("flame: error: "), "\(result.stderr)")
        #expect(text(out) == "old\n")
        #expect(leftovers(scratch).isEmpty)
    }

    @Test func fifoIsWrittenToNotReplaced() throws {
        let scratch = Scratch()
        let fifo = scratch.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = FifoReader(fifo)
        let result = try collapse(to: fifo, in: scratch)
        // Had flame never opened the FIFO, the reader would wait forever.
        let unblock = open(fifo, O_WRONLY | O_NONBLOCK)
        if unblock >= 0 { close(unblock) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: reader.wait(), as: UTF8.self) == Self.input)
        #expect(kind(fifo) == S_IFIFO)
        #expect(leftovers(scratch).isEmpty)
    }

    /// `-o /dev/stdout` and friends: a link of our own to the process's own
    /// standard output or error descriptor; output goes there, the link stays.
    @Test(arguments: [1, 2])
    func linkToOwnDescriptorWritesThroughIt(fd: Int) throws {
        let scratch = Scratch()
        let link = scratch.path("stdout-like")
        #expect(symlink("/proc/self/fd/\(fd)", link) == 0)
        let result = try collapse(to: link, in: scratch)
        #expect(result.status == 0)
        let written = fd == 1 ? result.stdoutText : result.stderr
        #expect(written == Self.input)
        #expect(kind(link) == S_IFLNK)
        #expect(leftovers(scratch).isEmpty)
    }

    static let canMakeDevices: Bool = {
        let scratch = Scratch()
        return mknod(scratch.path("probe"), S_IFCHR | 0o600, Self.device(1, 3)) == 0
    }()

    static let noDevices: Comment = "mknod is not permitted here (needs root): the device-node cases of -o were NOT run"

    /// Linux's encoding of small major and minor numbers (sys/sysmacros.h).
    static func device(_ major: UInt64, _ minor: UInt64) -> dev_t { dev_t((major << 8) | minor) }

    /// A private node of the null device (1, 3) stays a device: the output is
    /// written to it and it is not turned into a regular file.
    @Test(.enabled(if: canMakeDevices, noDevices))
    func deviceNodeIsWrittenToNotReplaced() throws {
        let scratch = Scratch()
        let node = scratch.path("null")
        #expect(mknod(node, S_IFCHR | 0o600, Self.device(1, 3)) == 0)
        let result = try collapse(to: node, in: scratch)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(kind(node) == S_IFCHR && status(node)?.st_rdev == Self.device(1, 3))
        #expect(leftovers(scratch).isEmpty)
    }

    /// A private node of the full device (1, 7) refuses every write: flame
    /// says so in one line naming the path and exits 1; the node stays.
    @Test(.enabled(if: canMakeDevices, noDevices))
    func failingDeviceIsAnErrorNamingThePath() throws {
        let scratch = Scratch()
        let node = scratch.path("full")
        #expect(mknod(node, S_IFCHR | 0o600, Self.device(1, 7)) == 0)
        let result = try collapse(to: node, in: scratch)
        #expect(result.status == 1)
        #expect(result.stderr == "flame: error: \(node): write failed: \(String(cString: strerror(ENOSPC)))\n")
        #expect(kind(node) == S_IFCHR)
    }

    @Test func directoryIsAnError() throws {
        let scratch = Scratch()
        let result = try collapse(to: scratch.directory, in: scratch)
        #expect(result.status == 1 && result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("flame: error: \(scratch.directory): "))
    }
}

/// Reads a FIFO to its end on a thread of its own, as a consumer would.
private final class FifoReader: @unchecked Sendable {
    private var data: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ path: String) {
        Thread { [self] in
            let fd = open(path, O_RDONLY)
            if fd >= 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n <= 0 { break }
                    data += chunk[..<n]
                }
                close(fd)
            }
            done.signal()
        }.start()
    }

    func wait() -> [UInt8] {
        done.wait()
        return data
    }
}
