// A small C workload for flame's perf.data fixtures: CPU work through a few
// call levels (one inlined), a shared library call, a signal handler, and a
// recursion deeper than the copied stack. The mode is the first argument.
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

unsigned long lib_work(unsigned long n);  /* libcwork.so */

static volatile unsigned long sink;

static inline __attribute__((always_inline)) unsigned long mix(unsigned long x) {
    x ^= x >> 13;
    x *= 0x9E3779B97F4A7C15ul;
    return x ^ (x >> 29);
}

__attribute__((noinline)) unsigned long leaf(unsigned long n) {
    unsigned long acc = 0;
    for (unsigned long i = 0; i < n; i++) acc += mix(i + acc);
    return acc;
}

__attribute__((noinline)) unsigned long middle(unsigned long n) { return leaf(n) + leaf(n / 2); }

__attribute__((noinline)) unsigned long sorter(void) {
    static int values[4096];
    for (int i = 0; i < 4096; i++) values[i] = (int)mix((unsigned long)i);
    int cmp(const void *a, const void *b);
    qsort(values, 4096, sizeof(int), cmp);
    return (unsigned long)values[7];
}

int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

__attribute__((noinline)) unsigned long recurse(int depth, unsigned long n) {
    char pad[64];
    memset(pad, depth, sizeof pad);
    if (depth == 0) return leaf(n) + (unsigned long)pad[3];
    return recurse(depth - 1, n) + (unsigned long)pad[depth % 64];
}

static void on_alarm(int sig) {
    (void)sig;
    sink += leaf(200000);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "spin";
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    double end = now() + seconds;
    if (strcmp(mode, "signal") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, 0);
        struct itimerval it = {{0, 2000}, {0, 2000}};
        setitimer(ITIMER_REAL, &it, 0);
    }
    while (now() < end) {
        if (strcmp(mode, "deep") == 0) {
            sink += recurse(300, 20000);
        } else {
            sink += middle(100000);
            sink += lib_work(50000);
            sink += sorter();
        }
    }
    return 0;
}
