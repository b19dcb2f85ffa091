// The phases of flame-workload, in C so that call shapes (depths, inlining,
// frame pointers) are exactly what the code says.
#ifndef FLAME_WORKLOAD_H
#define FLAME_WORKLOAD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// CPU-bound work at several depths, with inlined helpers; runs until the
// calling thread has used `seconds` of CPU time. Returns a checksum.
uint64_t fw_cpu_phase(double seconds);
// Many cheap system calls (write to /dev/null, getppid) for `seconds` of wall time.
uint64_t fw_syscall_phase(double seconds);
// `threads` threads taking one mutex in turn, for `seconds` of wall time.
uint64_t fw_lock_phase(int threads, double seconds);
// malloc/free of mixed sizes until `seconds` of CPU time.
uint64_t fw_alloc_phase(double seconds);
// `threads` threads each burning `seconds` of CPU time in fw_cpu_phase.
uint64_t fw_parallel_cpu(int threads, double seconds);
// Threads created and joined one after another (each `seconds_each` of CPU)
// until `total_seconds` of wall time have passed; returns how many ran.
uint64_t fw_thread_churn(double total_seconds, double seconds_each);
// A recursion `depth` frames deep that burns `seconds` of CPU at the bottom.
uint64_t fw_deep_recursion(int depth, double seconds);
// A fixed amount of CPU work, `rounds` per thread on `threads` threads (for
// overhead measurements: the time-bounded phases would hide the cost).
uint64_t fw_fixed_work(int threads, uint64_t rounds);
// CPU time of the calling thread and of the process, in seconds.
double fw_thread_cpu_seconds(void);
double fw_process_cpu_seconds(void);

#ifdef __cplusplus
}
#endif

#endif
