// FlameSampler's C core: a SIGPROF sampler that walks frame pointers in the
// signal handler and streams stacks to a file (format: docs/sampler-format.md).
// The Swift module FlameSampler is the public API; this header is its ABI.
#ifndef FLAME_SAMPLER_H
#define FLAME_SAMPLER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    // setitimer(ITIMER_PROF): one signal per tick of process CPU time, taken
    // by whichever thread runs; signals of busy threads merge.
    FLAME_SAMPLER_MODE_PROCESS = 0,
    // timer_create on each thread's CPU clock, SIGEV_THREAD_ID to that thread.
    FLAME_SAMPLER_MODE_THREAD = 1,
};

typedef struct {
    int hz;                 // samples per CPU second (per thread in thread mode)
    int mode;               // FLAME_SAMPLER_MODE_*
    int max_depth;          // frames kept per stack, 1...1024
    int buffer_slots;       // stacks the buffer holds before dropping; power of two
} flame_sampler_config;

typedef struct {
    uint64_t samples;       // stacks written to the file
    uint64_t dropped;       // ticks lost because the buffer was full
    uint64_t truncated;     // stacks cut at max_depth
    uint64_t unbounded;     // stacks reduced to the PC: stack pointer outside known stacks
} flame_sampler_stats;

// Starts sampling into `path` (created or truncated). Returns 0, or an errno
// value: EBUSY if already running, EINVAL for a bad config, or what open,
// mmap, timer creation or pthread_create reported.
int flame_sampler_start(const char *path, const flame_sampler_config *config);

// Stops sampling, waits for signal handlers still running, writes the rest
// and closes the file. Returns 0, ENOENT if not running, or a write error.
// In a forked child of a sampling process it only releases the child's copy.
int flame_sampler_stop(flame_sampler_stats *stats);

// Whether sampling is on in this process.
int flame_sampler_running(void);

#ifdef __cplusplus
}
#endif

#endif
