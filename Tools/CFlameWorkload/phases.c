// The phases that are not pure computation: system calls, lock contention,
// allocation.
#include "flame_workload.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double wall_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

__attribute__((noinline)) static uint64_t fw_write_null(int fd, const char *buffer, size_t size) {
    return (uint64_t)write(fd, buffer, size);
}

uint64_t fw_syscall_phase(double seconds) {
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buffer[512];
    memset(buffer, 'x', sizeof buffer);
    double until = wall_seconds() + seconds;
    uint64_t sum = 0;
    while (wall_seconds() < until) {
        for (int i = 0; i < 256; i++) {
            sum += fw_write_null(fd, buffer, sizeof buffer);
            sum += (uint64_t)getppid();
        }
    }
    close(fd);
    return sum;
}

typedef struct {
    pthread_mutex_t mutex;
    uint64_t shared;
    double until;
} contention;

__attribute__((noinline)) static void fw_critical_section(contention *state) {
    uint64_t x = state->shared;
    for (int i = 0; i < 2000; i++) x = x * 2862933555777941757ULL + 3037000493ULL;
    state->shared = x;
}

static void *fw_contend(void *argument) {
    contention *state = argument;
    while (wall_seconds() < state->until) {
        for (int i = 0; i < 64; i++) {
            pthread_mutex_lock(&state->mutex);
            fw_critical_section(state);
            pthread_mutex_unlock(&state->mutex);
        }
    }
    return NULL;
}

uint64_t fw_lock_phase(int threads, double seconds) {
    contention state = {PTHREAD_MUTEX_INITIALIZER, 1, wall_seconds() + seconds};
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (!ids) return 0;
    int started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&ids[started], NULL, fw_contend, &state) != 0) break;
    }
    for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
    free(ids);
    return state.shared;
}

__attribute__((noinline)) static void *fw_allocate(size_t size) {
    char *block = malloc(size);
    if (block) block[0] = (char)size;
    return block;
}

uint64_t fw_alloc_phase(double seconds) {
    enum { live = 1024 };
    void *blocks[live] = {0};
    double until = fw_thread_cpu_seconds() + seconds;
    uint64_t state = 88172645463325252ULL, sum = 0;
    while (fw_thread_cpu_seconds() < until) {
        for (int i = 0; i < 1024; i++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            size_t slot = state % live;
            free(blocks[slot]);
            // Mostly small, sometimes page-sized and larger.
            size_t size = (state >> 20) % 8 == 0 ? 4096 + (state >> 40) % 65536 : 16 + (state >> 40) % 256;
            blocks[slot] = fw_allocate(size);
            sum += size;
        }
    }
    for (int i = 0; i < live; i++) free(blocks[i]);
    return sum;
}
