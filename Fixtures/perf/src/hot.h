/* Small hot helpers defined in a header as static inline: at -O2 they are
 * inlined into their callers, so their frames only appear when the unwinder
 * reports inline frames from DWARF. */
#ifndef HOT_H
#define HOT_H
#include <stdint.h>

static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static inline uint64_t hash_block(const uint64_t *v, int n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < n; i++)
		h = mix(h ^ v[i]);
	return h;
}

#endif
