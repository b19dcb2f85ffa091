// Starts FlameSampler from a constructor and completes the recording at
// exit, in a destructor (dlclose), and on fatal signals. See the header for
// the environment it reads.
#include "flame_sampler_preload.h"
#include "flame_sampler.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGQUIT};
enum { fatal_count = sizeof fatal_signals / sizeof fatal_signals[0] };
static struct sigaction previous[fatal_count];

static void complain(const char *what, int code) {
    char line[256];
    int n = snprintf(line, sizeof line, "flame-sampler-preload: %s: %s\n", what, strerror(code));
    if (n > 0) (void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

void flame_sampler_preload_finish(void) {
    if (!flame_sampler_running()) return;
    flame_sampler_stats stats;
    int status = flame_sampler_stop(&stats);
    if (status != 0 && status != ENOENT) complain("cannot complete the recording", status);
}

// A fatal signal: complete the recording (best effort: stopping takes a lock
// and writes, which a crash inside the sampler itself would defeat), then
// let the program's own handler, or the default action, take the signal.
static void on_fatal(int signal) {
    flame_sampler_preload_finish();
    for (int i = 0; i < fatal_count; i++) {
        if (fatal_signals[i] != signal) continue;
        sigaction(signal, &previous[i], NULL);
        break;
    }
    raise(signal);
}

static int parse_hz(const char *text) {
    if (!text || !*text) return 499;
    char *end;
    long hz = strtol(text, &end, 10);
    return (*end == 0 && hz >= 1 && hz <= 10000) ? (int)hz : 499;
}

// Expands "%p" to the process id.
static void expand_path(const char *pattern, char *path, size_t size) {
    size_t used = 0;
    for (const char *p = pattern; *p && used + 1 < size; p++) {
        if (p[0] == '%' && p[1] == 'p') {
            int n = snprintf(path + used, size - used, "%d", (int)getpid());
            if (n < 0) break;
            used += (size_t)n < size - used ? (size_t)n : size - used - 1;
            p++;
        } else {
            path[used++] = *p;
        }
    }
    path[used] = 0;
}

__attribute__((constructor)) static void flame_sampler_preload_start(void) {
    const char *pattern = getenv("FLAME_SAMPLER_OUTPUT");
    if (!pattern || !*pattern) return;
    char path[4096];
    expand_path(pattern, path, sizeof path);
    const char *mode = getenv("FLAME_SAMPLER_MODE");
    flame_sampler_config config = {
        .hz = parse_hz(getenv("FLAME_SAMPLER_HZ")),
        .mode = (mode && strcmp(mode, "thread") == 0) ? FLAME_SAMPLER_MODE_THREAD : FLAME_SAMPLER_MODE_PROCESS,
        .max_depth = 512,
        .buffer_slots = 4096,
    };
    unsetenv("FLAME_SAMPLER_OUTPUT");
    int status = flame_sampler_start(path, &config);
    if (status != 0) {
        complain(path, status);
        return;
    }
    atexit(flame_sampler_preload_finish);
    for (int i = 0; i < fatal_count; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_fatal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        // A program that ignores the signal keeps ignoring it.
        struct sigaction current;
        if (sigaction(fatal_signals[i], NULL, &current) == 0 && current.sa_handler == SIG_IGN) {
            previous[i] = current;
            continue;
        }
        sigaction(fatal_signals[i], &action, &previous[i]);
    }
}

__attribute__((destructor)) static void flame_sampler_preload_stop(void) {
    flame_sampler_preload_finish();
}
