// Shared state of the sampler's C files. Everything the signal handler
// touches is preallocated at start and accessed with lock-free atomics.
#ifndef FLAME_SAMPLER_INTERNAL_H
#define FLAME_SAMPLER_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <ucontext.h>

// ---- ring.c: multi-producer (handlers), single-consumer (writer) ring of
// fixed-size slots, after Vyukov's bounded queue: a slot's sequence number says
// whether it is free for position p (seq == p) or filled for it (seq == p + 1).
typedef struct {
    _Atomic uint64_t seq;
    uint64_t time_ns;
    uint32_t tid;
    uint32_t weight;   // timer periods this tick stands for (1 + overruns)
    uint16_t depth;
    uint16_t flags;
    uint64_t frames[];
} fs_slot;

typedef struct {
    _Alignas(64) _Atomic uint64_t tail;
    _Alignas(64) uint64_t head;
    uint64_t mask;
    size_t slot_size;
    unsigned char *base;
    size_t bytes;
} fs_ring;

int fs_ring_init(fs_ring *ring, uint64_t slots, int max_depth);
void fs_ring_free(fs_ring *ring);
fs_slot *fs_ring_claim(fs_ring *ring, uint64_t *position);
void fs_ring_publish(fs_ring *ring, fs_slot *slot, uint64_t position);
fs_slot *fs_ring_peek(fs_ring *ring);
void fs_ring_release(fs_ring *ring, fs_slot *slot);

// ---- stacks.c: address ranges where a thread's stack may be (anonymous
// read-write mappings), double-buffered so the writer can refresh them while
// handlers read.
typedef struct { uint64_t start, end; } fs_range;

int fs_stacks_init(void);
void fs_stacks_free(void);
int fs_stacks_refresh(void);
// The end of the readable range holding `sp`, or 0 if none is known.
uint64_t fs_stacks_top(uint64_t sp);
extern _Atomic int fs_stacks_stale;

// ---- unwind.c
enum { FS_FLAG_TRUNCATED = 1, FS_FLAG_UNBOUNDED = 2 };
int fs_unwind(const ucontext_t *context, uint64_t *frames, int max_depth, uint16_t *flags);

// ---- maps.c: the process map with build-ids, as a MAPS record.
typedef struct fs_out fs_out;
int fs_write_maps(fs_out *out, uint32_t phase, uint64_t time_ns);
int fs_write_process(fs_out *out);

// ---- writer.c: buffered little-endian record output.
struct fs_out {
    int fd;
    int error;
    size_t used;
    unsigned char buffer[1 << 16];
};
void fs_out_bytes(fs_out *out, const void *bytes, size_t count);
void fs_out_u16(fs_out *out, uint16_t value);
void fs_out_u32(fs_out *out, uint32_t value);
void fs_out_u64(fs_out *out, uint64_t value);
void fs_out_record(fs_out *out, uint32_t type, uint32_t size);
int fs_out_flush(fs_out *out);

enum {
    FS_RECORD_MAPS = 1,
    FS_RECORD_SAMPLE = 2,
    FS_RECORD_THREAD = 3,
    FS_RECORD_END = 4,
    FS_RECORD_PROCESS = 5,
};

uint64_t fs_now(void);
pid_t fs_gettid(void);

#endif
