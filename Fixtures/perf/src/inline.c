/* A CPU-bound program for perf fixtures: main calls two phases through
 * out-of-line functions, which call static inline helpers from hot.h.
 * Usage: inline [MILLISECONDS] (default 600). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "hot.h"

#define N 4096
static uint64_t data[N];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noinline)) uint64_t hash_phase(int rounds)
{
	uint64_t h = 0;
	for (int r = 0; r < rounds; r++)
		h += hash_block(data, N);
	return h;
}

__attribute__((noinline)) uint64_t sort_phase(int rounds)
{
	uint64_t h = 0;
	for (int r = 0; r < rounds; r++) {
		/* insertion passes over a shuffled window: branchy, no inlining help */
		uint64_t w[256];
		for (int i = 0; i < 256; i++)
			w[i] = mix(data[(i * 31 + r) % N]);
		for (int i = 1; i < 256; i++) {
			uint64_t k = w[i];
			int j = i - 1;
			while (j >= 0 && w[j] > k) {
				w[j + 1] = w[j];
				j--;
			}
			w[j + 1] = k;
		}
		h += w[r % 256];
	}
	return h;
}

int main(int argc, char **argv)
{
	double limit = argc > 1 ? atof(argv[1]) : 600;
	for (int i = 0; i < N; i++)
		data[i] = mix(i + 1);
	uint64_t h = 0;
	double start = now_ms();
	while (now_ms() - start < limit) {
		h += hash_phase(20);
		h += sort_phase(20);
	}
	printf("%llx\n", (unsigned long long)h);
	return 0;
}
