// CPU-bound phases. Function names are what the profiles show, so they say
// what the frame is: fw_level1 -> fw_level2 -> fw_level3 -> mix (inlined),
// plus a shallow loop and a deep recursion.
#include "flame_workload.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

double fw_thread_cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double fw_process_cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

// Always inlined: its instructions belong to its callers' frames, the case a
// symbolizer has to expand into inline frames.
static inline __attribute__((always_inline)) uint64_t fw_mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
    return x;
}

__attribute__((noinline)) static uint64_t fw_level3(uint64_t seed, int rounds) {
    for (int i = 0; i < rounds; i++) seed = fw_mix(seed + (uint64_t)i);
    return seed;
}

__attribute__((noinline)) static uint64_t fw_level2(uint64_t seed, int rounds) {
    return fw_level3(seed, rounds) ^ fw_level3(seed + 1, rounds / 2);
}

__attribute__((noinline)) static uint64_t fw_level1(uint64_t seed, int rounds) {
    return fw_level2(seed, rounds) + fw_mix(seed);
}

__attribute__((noinline)) static uint64_t fw_shallow(uint64_t seed, int rounds) {
    for (int i = 0; i < rounds; i++) seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed;
}

uint64_t fw_cpu_phase(double seconds) {
    double until = fw_thread_cpu_seconds() + seconds;
    uint64_t sum = 1;
    while (fw_thread_cpu_seconds() < until) {
        sum += fw_level1(sum, 20000);   // about two thirds of the time
        sum += fw_shallow(sum, 20000);  // about one third
    }
    return sum;
}

__attribute__((noinline)) static uint64_t fw_recurse(int depth, double until) {
    if (depth <= 1) {
        uint64_t sum = 0;
        while (fw_thread_cpu_seconds() < until) sum += fw_shallow(sum, 10000);
        return sum;
    }
    // A volatile local keeps a real frame per call: without it the compiler
    // turns the recursion into a loop (it folds `f(n - 1) + n` accumulators).
    volatile int here = depth;
    uint64_t below = fw_recurse(depth - 1, until);
    return below + (uint64_t)here;
}

uint64_t fw_deep_recursion(int depth, double seconds) {
    return fw_recurse(depth, fw_thread_cpu_seconds() + seconds);
}

static void *burn(void *argument) {
    double seconds = *(double *)argument;
    uint64_t sum = fw_cpu_phase(seconds);
    return (void *)(uintptr_t)sum;
}

uint64_t fw_parallel_cpu(int threads, double seconds) {
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (!ids) return 0;
    uint64_t sum = 0;
    int started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&ids[started], NULL, burn, &seconds) != 0) break;
    }
    for (int i = 0; i < started; i++) {
        void *result;
        pthread_join(ids[i], &result);
        sum += (uint64_t)(uintptr_t)result;
    }
    free(ids);
    return sum;
}

static double wall_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

uint64_t fw_thread_churn(double total_seconds, double seconds_each) {
    double until = wall_seconds() + total_seconds;
    uint64_t count = 0;
    while (wall_seconds() < until) {
        pthread_t ids[4];
        int started = 0;
        for (; started < 4; started++) {
            if (pthread_create(&ids[started], NULL, burn, &seconds_each) != 0) break;
        }
        for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
        count += (uint64_t)started;
    }
    return count;
}

typedef struct {
    uint64_t rounds;
    uint64_t sum;
} fixed_job;

static void *fixed_worker(void *argument) {
    fixed_job *job = argument;
    uint64_t sum = 1;
    for (uint64_t i = 0; i < job->rounds; i++) {
        sum += fw_level1(sum, 20000);
        sum += fw_shallow(sum, 20000);
    }
    job->sum = sum;
    return NULL;
}

uint64_t fw_fixed_work(int threads, uint64_t rounds) {
    pthread_t ids[256];
    fixed_job jobs[256];
    if (threads > 256) threads = 256;
    int started = 0;
    for (; started < threads; started++) {
        jobs[started] = (fixed_job){rounds, 0};
        if (pthread_create(&ids[started], NULL, fixed_worker, &jobs[started]) != 0) break;
    }
    uint64_t sum = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(ids[i], NULL);
        sum += jobs[i].sum;
    }
    return sum;
}
