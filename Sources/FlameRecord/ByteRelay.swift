#if canImport(Glibc)
import Glibc
#endif

/// Copies one descriptor into another on a thread of its own, counting the
/// bytes: the loader reads the copy while `progress` learns how far the
/// stream has come (at most five times a second, from the relay's thread).
/// Ends at the source's end, or when the reader of the copy goes away.
final class ByteRelay: @unchecked Sendable {
    private let source: Int32
    private let target: Int32
    private let progress: @Sendable (UInt64) -> Void
    private var thread = pthread_t()

    /// Takes ownership of both descriptors and starts copying.
    init(from source: Int32, to target: Int32, progress: @escaping @Sendable (UInt64) -> Void) throws {
        self.source = source
        self.target = target
        self.progress = progress
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            let relay = Unmanaged<ByteRelay>.fromOpaque(context!).takeRetainedValue()
            relay.copy()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ByteRelay>.fromOpaque(context).release()
            throw RecordError("cannot start a thread: \(String(cString: strerror(status)))")
        }
    }

    /// Waits for the copy to end.
    func join() { pthread_join(thread, nil) }

    private func copy() {
        defer { close(source); close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total: UInt64 = 0
        var last = Self.now()
        while true {
            let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { write(target, $0.baseAddress! + done, n - done) }
                if w < 0, errno == EINTR { continue }
                if w <= 0 { return }  // the reader went away
                done += w
            }
            total += UInt64(n)
            let now = Self.now()
            if now - last >= 200_000_000 {
                last = now
                progress(total)
            }
        }
        progress(total)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
