// A small C program that samples itself with FlameSampler's C core: two call
// paths into the same hot function, one helper always inlined. Built and run
// by record.sh for the sampler fixtures.
#include "flame_sampler.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static inline __attribute__((always_inline)) uint64_t scramble(uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    return x ^ (x >> 27);
}

__attribute__((noinline)) uint64_t spin_inner(uint64_t seed) {
    for (int i = 0; i < 50000; i++) seed = scramble(seed + (uint64_t)i);
    return seed;
}

__attribute__((noinline)) uint64_t spin_middle(uint64_t seed) { return spin_inner(seed) + 1; }

__attribute__((noinline)) uint64_t spin_outer(uint64_t seed) { return spin_middle(seed) + 1; }

__attribute__((noinline)) uint64_t side_path(uint64_t seed) { return spin_inner(seed) + 2; }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: spin OUT.fsmp\n");
        return 2;
    }
    flame_sampler_config config = {.hz = 250, .mode = FLAME_SAMPLER_MODE_THREAD, .max_depth = 128, .buffer_slots = 0};
    if (flame_sampler_start(argv[1], &config) != 0) return 1;
    uint64_t sum = 1;
    double until = cpu_seconds() + 0.6;
    while (cpu_seconds() < until) {
        // Two thirds through spin_outer, one third through side_path.
        sum += spin_outer(sum);
        sum += spin_outer(sum);
        sum += side_path(sum);
    }
    flame_sampler_stats stats;
    if (flame_sampler_stop(&stats) != 0) return 1;
    printf("samples=%llu dropped=%llu checksum=%llu\n", (unsigned long long)stats.samples,
           (unsigned long long)stats.dropped, (unsigned long long)(sum & 0xff));
    return 0;
}
