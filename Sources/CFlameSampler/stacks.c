// Where thread stacks are. A handler may only read memory it knows is mapped;
// the frame-pointer chain of code built without frame pointers holds arbitrary
// values. Thread stacks are anonymous read-write mappings, so the writer keeps
// a sorted table of those (from /proc/self/maps) in two buffers: handlers read
// the published one, the writer refills the other once no handler reads it.
#include "sampler_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum { FS_MAX_RANGES = 16384 };

typedef struct {
    _Atomic int readers;
    int count;
    fs_range ranges[FS_MAX_RANGES];
} fs_table;

static fs_table *tables;   // two, mmapped
static _Atomic int published = -1;
_Atomic int fs_stacks_stale = 0;

int fs_stacks_init(void) {
    if (!tables) {
        void *memory = mmap(NULL, 2 * sizeof(fs_table), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) return -1;
        tables = memory;
    }
    atomic_store(&published, -1);
    return fs_stacks_refresh();
}

void fs_stacks_free(void) {
    atomic_store(&published, -1);
}

static int parse_line(const char *line, fs_range *range) {
    unsigned long long start, end, offset, inode;
    char perms[8], device[16];
    int path_at = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &start, &end, perms, &offset, device, &inode, &path_at) < 6) return 0;
    if (perms[0] != 'r' || perms[1] != 'w') return 0;
    const char *path = line + path_at;
    // Anonymous memory and the main thread's [stack]; files never hold stacks.
    if (path[0] != '\0' && path[0] != '\n' && strncmp(path, "[stack]", 7) != 0) return 0;
    range->start = start;
    range->end = end;
    return 1;
}

// Writer thread only. Returns 0, or -1 when /proc/self/maps cannot be read.
int fs_stacks_refresh(void) {
    int current = atomic_load(&published);
    int target = current == 0 ? 1 : 0;
    fs_table *table = &tables[target];
    // Handlers that picked this table before the last switch may still read it.
    while (atomic_load(&table->readers) != 0) {
        struct timespec pause = {0, 20000};
        nanosleep(&pause, NULL);
    }
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return -1;
    char line[4096 + 128];
    int count = 0;
    while (fgets(line, sizeof line, maps) && count < FS_MAX_RANGES) {
        fs_range range;
        if (!parse_line(line, &range)) continue;
        // The kernel lists mappings in address order; join touching ones.
        if (count > 0 && table->ranges[count - 1].end == range.start) {
            table->ranges[count - 1].end = range.end;
        } else {
            table->ranges[count++] = range;
        }
    }
    fclose(maps);
    table->count = count;
    atomic_store(&published, target);
    atomic_store(&fs_stacks_stale, 0);
    return 0;
}

// Async-signal-safe.
uint64_t fs_stacks_top(uint64_t sp) {
    for (;;) {
        int index = atomic_load(&published);
        if (index < 0) return 0;
        fs_table *table = &tables[index];
        atomic_fetch_add(&table->readers, 1);
        if (atomic_load(&published) != index) {
            atomic_fetch_sub(&table->readers, 1);
            continue;
        }
        uint64_t top = 0;
        int lo = 0, hi = table->count;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (table->ranges[mid].start <= sp) lo = mid + 1; else hi = mid;
        }
        if (lo > 0 && sp < table->ranges[lo - 1].end) top = table->ranges[lo - 1].end;
        atomic_fetch_sub(&table->readers, 1);
        if (top == 0) atomic_store(&fs_stacks_stale, 1);
        return top;
    }
}
