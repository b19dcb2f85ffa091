#if canImport(Glibc)
import Glibc
#endif

/// Symbolizes on several threads, each with its own `Symbolizer` (libdw
/// sessions must not be shared between threads): work is cut into
/// contiguous slices, one per worker, and results come back in order.
/// Each worker loads the debug information itself, so this pays off only for
/// many addresses; one call at a time.
public final class ParallelSymbolizer {
    private let workers: [Symbolizer]

    /// `warningHandler` sees each distinct warning once, from any worker.
    public init(threads: Int, options: SymbolizerOptions, warningHandler: @escaping @Sendable (String) -> Void) {
        let once = WarnOnce(warningHandler)
        workers = (0 ..< max(1, threads)).map { _ in Symbolizer(options: options) { once.warn($0) } }
    }

    public var threads: Int { workers.count }

    /// Calls `body` with a worker and a slice of `0 ..< count` on each thread
    /// and returns the results in slice order.
    /// Slices are at least `minimumSlice` long, so that a small batch does
    /// not make a second worker load the debug information for a few addresses.
    public func map<T>(count: Int, minimumSlice: Int = 1, _ body: (Symbolizer, Range<Int>) -> T) -> [T] {
        mapByWorker(count: count, minimumSlice: minimumSlice) { symbolizer, _, slice in body(symbolizer, slice) }
    }

    /// As `map`, telling `body` which worker (`0 ..< threads`, the slice's
    /// place in the result) runs it, so that state kept per worker (an
    /// output buffer reused from batch to batch) needs no lock.
    public func mapByWorker<T>(count: Int, minimumSlice: Int = 1, _ body: (Symbolizer, Int, Range<Int>) -> T) -> [T] {
        let n = max(1, min(workers.count, count / max(1, minimumSlice)))
        let step = (count + n - 1) / max(1, n)
        let slices = (0 ..< n).map { k in min(count, k * step) ..< min(count, (k + 1) * step) }
        if n == 1 { return [body(workers[0], 0, slices[0])] }
        return withoutActuallyEscaping(body) { body in
            let results = UnsafeMutablePointer<T?>.allocate(capacity: n)
            results.initialize(repeating: nil, count: n)
            defer { results.deinitialize(count: n); results.deallocate() }
            let jobs = (1 ..< n).map { k in
                Job { results[k] = body(self.workers[k], k, slices[k]) }
            }
            let threads = jobs.map { $0.start() }
            results[0] = body(workers[0], 0, slices[0])
            for thread in threads { pthread_join(thread, nil) }
            return (0 ..< n).map { results[$0]! }
        }
    }
}

/// A closure run on its own pthread; the caller joins before anything the
/// closure touches goes away, which is what makes the unchecked send safe.
private final class Job: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }

    func start() -> pthread_t {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { argument in
            Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue().run()
            return nil
        }, box)
        return thread
    }
}

private final class WarnOnce: @unchecked Sendable {
    private let handler: @Sendable (String) -> Void
    private var seen: Set<String> = []
    /// On the heap: a pthread mutex must not move.
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ handler: @escaping @Sendable (String) -> Void) {
        self.handler = handler
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    func warn(_ message: String) {
        pthread_mutex_lock(lock)
        let first = seen.insert(message).inserted
        pthread_mutex_unlock(lock)
        if first { handler(message) }
    }
}
