/* CPU-bound workload for the collapse benchmark capture: a call tree of
 * distinct non-inlined functions walked along pseudo-random paths of varying
 * depth, so that a frame-pointer profile (`perf record -g`) sees tens of
 * thousands of distinct stacks. Build with -O2 -fno-omit-frame-pointer
 * -fno-optimize-sibling-calls. Usage: deepwork SECONDS SEED */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

static uint64_t rng_state;

static uint64_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Busy work proportional to n, returned so the compiler keeps it. */
static NOINLINE uint64_t spin(uint64_t n, uint64_t acc) {
    for (uint64_t i = 0; i < n; i++) acc = acc * 6364136223846793005ULL + i;
    return acc;
}

typedef uint64_t (*step_fn)(int depth, uint64_t acc);
static step_fn steps[12];

/* Each step does some work of its own, then descends into one of three
 * successors picked at random, until the depth budget runs out. Three
 * successors (not all twelve) keep the number of distinct paths in the tens
 * of thousands, like a real program, rather than one per sample. */
static uint64_t descend(int self, int depth, uint64_t acc) {
    static const int offsets[3] = {1, 3, 7};
    return steps[(self + offsets[next_random() % 3]) % 12](depth - 1, acc);
}

#define STEP(name, index, cost)                                            \
    static NOINLINE uint64_t name(int depth, uint64_t acc) {               \
        acc = spin(cost, acc);                                             \
        if (depth > 0) acc ^= descend(index, depth, acc);                  \
        return acc + 1;                                                    \
    }

STEP(parse_header, 0, 300)
STEP(decode_block, 1, 500)
STEP(hash_bytes, 2, 200)
STEP(lookup_table, 3, 400)
STEP(merge_ranges, 4, 350)
STEP(update_index, 5, 250)
STEP(compress_run, 6, 600)
STEP(scan_tokens, 7, 150)
STEP(resolve_name, 8, 450)
STEP(emit_record, 9, 100)
STEP(balance_tree, 10, 550)
STEP(check_bounds, 11, 50)

static NOINLINE uint64_t run_request(uint64_t acc) {
    int depth = 2 + (int)(next_random() % 7);
    return steps[next_random() % 12](depth, acc);
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 10;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) * 2654435761u + 1 : 88172645463325252ULL;
    step_fn all[12] = {parse_header, decode_block, hash_bytes, lookup_table,
                       merge_ranges, update_index, compress_run, scan_tokens,
                       resolve_name, emit_record, balance_tree, check_bounds};
    for (int i = 0; i < 12; i++) steps[i] = all[i];
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    uint64_t acc = 0;
    do {
        for (int i = 0; i < 1000; i++) acc = run_request(acc);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
    printf("%llu\n", (unsigned long long)acc);
    return 0;
}
