#ifndef FLAME_SAMPLER_WRITER_H
#define FLAME_SAMPLER_WRITER_H
#include "sampler_internal.h"

// What the drain loop remembers between calls: threads already named.
typedef struct {
    uint32_t *named;
    size_t named_count, named_capacity;
    uint64_t samples;
} fs_drain_state;

// Writes every filled slot as a SAMPLE record; returns how many.
size_t fs_drain(fs_drain_state *state, fs_ring *ring, fs_out *out);
#endif
