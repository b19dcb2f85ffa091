/* A multi-threaded program for the pid/tid fixture: two named worker threads
 * run different loops while the main thread spins in its own, so one process
 * shows three thread ids. Usage: threads [MILLISECONDS] (default 400). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "hot.h"

static double limit_ms;
static uint64_t table[1024];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noinline)) uint64_t spin_hash(void)
{
	return hash_block(table, 1024);
}

__attribute__((noinline)) uint64_t spin_mix(uint64_t seed)
{
	for (int i = 0; i < 4096; i++)
		seed = mix(seed + i);
	return seed;
}

static void *worker_hash(void *arg)
{
	uint64_t h = 0;
	double start = now_ms();
	while (now_ms() - start < limit_ms)
		h += spin_hash();
	*(uint64_t *)arg = h;
	return NULL;
}

static void *worker_mix(void *arg)
{
	uint64_t h = 1;
	double start = now_ms();
	while (now_ms() - start < limit_ms)
		h = spin_mix(h);
	*(uint64_t *)arg = h;
	return NULL;
}

int main(int argc, char **argv)
{
	limit_ms = argc > 1 ? atof(argv[1]) : 400;
	for (int i = 0; i < 1024; i++)
		table[i] = mix(i);
	uint64_t a = 0, b = 0, c = 0;
	pthread_t ta, tb;
	pthread_create(&ta, NULL, worker_hash, &a);
	pthread_setname_np(ta, "hasher");
	pthread_create(&tb, NULL, worker_mix, &b);
	pthread_setname_np(tb, "mixer");
	double start = now_ms();
	while (now_ms() - start < limit_ms)
		c += spin_hash() ^ spin_mix(c);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	printf("%llx\n", (unsigned long long)(a ^ b ^ c));
	return 0;
}
