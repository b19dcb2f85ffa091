// Record output for the writer thread: little-endian fields into a buffer,
// flushed with write(2); and the drain loop that turns filled buffer slots into
// SAMPLE records, naming each thread (THREAD record) the first time it shows up.
#include "sampler_internal.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t fs_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

pid_t fs_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int fs_out_flush(fs_out *out) {
    size_t done = 0;
    while (done < out->used && out->error == 0) {
        ssize_t n = write(out->fd, out->buffer + done, out->used - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) out->error = n < 0 ? errno : EIO;
        else done += (size_t)n;
    }
    out->used = 0;
    return out->error;
}

void fs_out_bytes(fs_out *out, const void *bytes, size_t count) {
    const unsigned char *from = bytes;
    while (count > 0) {
        if (out->used == sizeof out->buffer) fs_out_flush(out);
        size_t n = sizeof out->buffer - out->used;
        if (n > count) n = count;
        memcpy(out->buffer + out->used, from, n);
        out->used += n;
        from += n;
        count -= n;
    }
}

// Explicit byte order, so files read the same on any host.
void fs_out_u16(fs_out *out, uint16_t value) {
    unsigned char b[2] = {(unsigned char)value, (unsigned char)(value >> 8)};
    fs_out_bytes(out, b, 2);
}

void fs_out_u32(fs_out *out, uint32_t value) {
    fs_out_u16(out, (uint16_t)value);
    fs_out_u16(out, (uint16_t)(value >> 16));
}

void fs_out_u64(fs_out *out, uint64_t value) {
    fs_out_u32(out, (uint32_t)value);
    fs_out_u32(out, (uint32_t)(value >> 32));
}

void fs_out_record(fs_out *out, uint32_t type, uint32_t size) {
    fs_out_u32(out, type);
    fs_out_u32(out, size);
}

static void name_thread(fs_drain_state *state, fs_out *out, uint32_t tid) {
    for (size_t i = 0; i < state->named_count; i++) {
        if (state->named[i] == tid) return;
    }
    if (state->named_count == state->named_capacity) {
        size_t capacity = state->named_capacity ? state->named_capacity * 2 : 64;
        uint32_t *grown = realloc(state->named, capacity * sizeof *grown);
        if (!grown) return;
        state->named = grown;
        state->named_capacity = capacity;
    }
    state->named[state->named_count++] = tid;
    char path[64], name[64];
    snprintf(path, sizeof path, "/proc/self/task/%u/comm", tid);
    ssize_t length = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        length = read(fd, name, sizeof name);
        close(fd);
    }
    // A thread gone by now keeps no name; readers fall back to the process's.
    while (length > 0 && name[length - 1] == '\n') length--;
    if (length < 0) length = 0;
    fs_out_record(out, FS_RECORD_THREAD, 8 + (uint32_t)length);
    fs_out_u32(out, tid);
    fs_out_u16(out, (uint16_t)length);
    fs_out_u16(out, 0);
    fs_out_bytes(out, name, (size_t)length);
}

size_t fs_drain(fs_drain_state *state, fs_ring *ring, fs_out *out) {
    size_t drained = 0;
    fs_slot *slot;
    while ((slot = fs_ring_peek(ring)) != NULL) {
        name_thread(state, out, slot->tid);
        fs_out_record(out, FS_RECORD_SAMPLE, 20 + 8 * (uint32_t)slot->depth);
        fs_out_u64(out, slot->time_ns);
        fs_out_u32(out, slot->tid);
        fs_out_u32(out, slot->weight);
        fs_out_u16(out, slot->depth);
        fs_out_u16(out, slot->flags);
        for (uint16_t i = 0; i < slot->depth; i++) fs_out_u64(out, slot->frames[i]);
        fs_ring_release(ring, slot);
        drained++;
    }
    state->samples += drained;
    return drained;
}
