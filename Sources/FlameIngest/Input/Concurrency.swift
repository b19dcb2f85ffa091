#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// A bounded first-in first-out queue between one producer and many consumers.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let monitor = Monitor()
    // Popped slots are cleared at once, so a consumed item is released now,
    // not when the array is next compacted.
    private var items: [Element?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) { self.capacity = capacity }

    func push(_ item: Element) {
        monitor.locked {
            while items.count - head >= capacity { monitor.wait() }
            items.append(item)
            monitor.broadcast()
        }
    }

    /// The next item, or nil once the queue is closed and drained.
    func pop() -> Element? {
        monitor.locked {
            while head == items.count, !closed { monitor.wait() }
            guard head < items.count else { return nil }
            let item = items[head]
            items[head] = nil
            head += 1
            if head > 64, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            monitor.broadcast()
            return item
        }
    }

    func close() {
        monitor.locked {
            closed = true
            monitor.broadcast()
        }
    }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Runs `body` on a new thread; `join` waits for it.
struct WorkerThread {
    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        pthread_create(&thread, nil, { argument in
            Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue().run()
            return nil
        }, box)
    }

    func join() { pthread_join(thread, nil) }
}
