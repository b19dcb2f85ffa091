// The sample buffer: preallocated at start, claimed by signal handlers with a
// compare-and-swap, drained in order by the writer thread. A full buffer makes
// the handler drop the tick (the caller counts it); nothing ever waits.
#include "sampler_internal.h"

#include <errno.h>
#include <sys/mman.h>

int fs_ring_init(fs_ring *ring, uint64_t slots, int max_depth) {
    ring->slot_size = (sizeof(fs_slot) + sizeof(uint64_t) * (size_t)max_depth + 63) & ~(size_t)63;
    ring->bytes = ring->slot_size * slots;
    // mmap, not malloc: the pages are the handler's and never move.
    void *base = mmap(NULL, ring->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return errno;
    ring->base = base;
    ring->mask = slots - 1;
    ring->head = 0;
    atomic_store(&ring->tail, 0);
    for (uint64_t i = 0; i < slots; i++) {
        fs_slot *slot = (fs_slot *)(ring->base + i * ring->slot_size);
        atomic_store_explicit(&slot->seq, i, memory_order_relaxed);
    }
    atomic_thread_fence(memory_order_seq_cst);
    return 0;
}

void fs_ring_free(fs_ring *ring) {
    if (ring->base) munmap(ring->base, ring->bytes);
    ring->base = NULL;
}

static fs_slot *slot_at(fs_ring *ring, uint64_t position) {
    return (fs_slot *)(ring->base + (position & ring->mask) * ring->slot_size);
}

// Async-signal-safe: a free slot for the caller to fill, or NULL when full.
fs_slot *fs_ring_claim(fs_ring *ring, uint64_t *position) {
    uint64_t pos = atomic_load_explicit(&ring->tail, memory_order_relaxed);
    for (;;) {
        fs_slot *slot = slot_at(ring, pos);
        uint64_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
        int64_t diff = (int64_t)(seq - pos);
        if (diff == 0) {
            if (atomic_compare_exchange_weak_explicit(&ring->tail, &pos, pos + 1,
                                                      memory_order_relaxed, memory_order_relaxed)) {
                *position = pos;
                return slot;
            }
        } else if (diff < 0) {
            return NULL;
        } else {
            pos = atomic_load_explicit(&ring->tail, memory_order_relaxed);
        }
    }
}

void fs_ring_publish(fs_ring *ring, fs_slot *slot, uint64_t position) {
    (void)ring;
    atomic_store_explicit(&slot->seq, position + 1, memory_order_release);
}

// Writer side: the oldest filled slot, or NULL when the next one is empty or
// still being filled by a handler.
fs_slot *fs_ring_peek(fs_ring *ring) {
    fs_slot *slot = slot_at(ring, ring->head);
    uint64_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
    return seq == ring->head + 1 ? slot : NULL;
}

void fs_ring_release(fs_ring *ring, fs_slot *slot) {
    atomic_store_explicit(&slot->seq, ring->head + ring->mask + 1, memory_order_release);
    ring->head++;
}
