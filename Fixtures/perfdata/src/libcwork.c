// The shared library half of the cwork fixture.
static inline __attribute__((always_inline)) unsigned long step(unsigned long x) {
    return x * 6364136223846793005ul + 1442695040888963407ul;
}

__attribute__((noinline)) static unsigned long lib_inner(unsigned long n) {
    unsigned long x = n;
    for (unsigned long i = 0; i < n; i++) x = step(x) ^ (x >> 7);
    return x;
}

__attribute__((noinline)) unsigned long lib_work(unsigned long n) { return lib_inner(n) + lib_inner(n / 3); }
