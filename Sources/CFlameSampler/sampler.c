// Start, stop, the SIGPROF handler, the timers and the writer thread.
//
// The handler does only async-signal-safe work: atomics, clock_gettime, the
// gettid syscall, and reads of memory known to be mapped (unwind.c). It never
// blocks: a full buffer drops the tick and counts it. Everything that may
// allocate or lock (file output, /proc reads, timer management for threads)
// runs on the writer thread, which keeps SIGPROF blocked.
#include "flame_sampler.h"
#include "sampler_internal.h"
#include "writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

typedef struct {
    pid_t tid;
    timer_t timer;
    int seen;
} thread_timer;

static pthread_mutex_t control = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int active;
static _Atomic int inflight;
static _Atomic int stopping;
static _Atomic uint64_t dropped, truncated, unbounded;
static int running;
static pid_t owner;
static flame_sampler_config config;
static fs_ring ring;
static fs_out *out;
static pthread_t writer;
static pid_t writer_tid;
static fs_drain_state drain;
static thread_timer *timers;
static size_t timer_count, timer_capacity;

static void on_sigprof(int signal, siginfo_t *info, void *context) {
    (void)signal;
    int saved_errno = errno;
    // Counted before `active` is read: stop() clears `active` and then waits
    // for this count to reach zero before the buffer goes away.
    atomic_fetch_add(&inflight, 1);
    if (atomic_load(&active)) {
        uint64_t position;
        fs_slot *slot = fs_ring_claim(&ring, &position);
        if (!slot) {
            atomic_fetch_add_explicit(&dropped, 1, memory_order_relaxed);
        } else {
            slot->flags = 0;
            slot->time_ns = fs_now();
            slot->tid = (uint32_t)fs_gettid();
            // CPU timers are checked at scheduler ticks (250 Hz with HZ=250):
            // at higher rates one signal covers several periods, and a
            // per-thread timer reports the extra ones as overruns.
            slot->weight = 1;
            if (info && info->si_code == SI_TIMER && info->si_overrun > 0 && info->si_overrun < 1000000)
                slot->weight += (uint32_t)info->si_overrun;
            slot->depth = (uint16_t)fs_unwind(context, slot->frames, config.max_depth, &slot->flags);
            if (slot->flags & FS_FLAG_TRUNCATED) atomic_fetch_add_explicit(&truncated, 1, memory_order_relaxed);
            if (slot->flags & FS_FLAG_UNBOUNDED) atomic_fetch_add_explicit(&unbounded, 1, memory_order_relaxed);
            fs_ring_publish(&ring, slot, position);
        }
    }
    atomic_fetch_sub(&inflight, 1);
    errno = saved_errno;
}

static struct timespec period(void) {
    long nanoseconds = 1000000000L / config.hz;
    return (struct timespec){nanoseconds / 1000000000L, nanoseconds % 1000000000L};
}

// A CPU-time timer on thread `tid` that signals that thread. The clock id of
// another thread's CPU clock is the kernel's encoding (~tid << 3 | per-thread
// | sched), the one glibc's pthread_getcpuclockid computes.
static int arm_thread(pid_t tid, timer_t *timer) {
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGPROF;
    event.sigev_notify_thread_id = tid;
    clockid_t clock = (clockid_t)((~(unsigned)tid << 3) | 6);
    if (timer_create(clock, &event, timer) != 0) return errno;
    struct itimerspec spec = {period(), period()};
    if (timer_settime(*timer, 0, &spec, NULL) != 0) {
        int error = errno;
        timer_delete(*timer);
        return error;
    }
    return 0;
}

// Thread mode: a timer for every thread of the process but the writer, none
// for threads that are gone. Threads born and dead between two scans (20 ms)
// are not sampled; interposing pthread_create would be needed for those.
static void scan_threads(void) {
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return;
    for (size_t i = 0; i < timer_count; i++) timers[i].seen = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        pid_t tid = (pid_t)atoi(entry->d_name);
        if (tid <= 0 || tid == writer_tid) continue;
        size_t i = 0;
        while (i < timer_count && timers[i].tid != tid) i++;
        if (i < timer_count) {
            timers[i].seen = 1;
            continue;
        }
        if (timer_count == timer_capacity) {
            size_t capacity = timer_capacity ? timer_capacity * 2 : 64;
            thread_timer *grown = realloc(timers, capacity * sizeof *grown);
            if (!grown) break;
            timers = grown;
            timer_capacity = capacity;
        }
        thread_timer *slot = &timers[timer_count];
        if (arm_thread(tid, &slot->timer) == 0) {  // fails if the thread just exited
            slot->tid = tid;
            slot->seen = 1;
            timer_count++;
        }
    }
    closedir(tasks);
    size_t kept = 0;
    for (size_t i = 0; i < timer_count; i++) {
        if (timers[i].seen) timers[kept++] = timers[i];
        else timer_delete(timers[i].timer);
    }
    timer_count = kept;
}

static void disarm_threads(void) {
    for (size_t i = 0; i < timer_count; i++) timer_delete(timers[i].timer);
    timer_count = 0;
}

static void *writer_main(void *argument) {
    (void)argument;
    writer_tid = fs_gettid();
    uint64_t last_refresh = 0;
    unsigned cycle = 0;
    while (!atomic_load(&stopping)) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
        fs_drain(&drain, &ring, out);
        fs_out_flush(out);
        if (config.mode == FLAME_SAMPLER_MODE_THREAD && ++cycle % 2 == 0) scan_threads();
        // A handler met a stack pointer outside the known stacks: a new thread.
        uint64_t now = fs_now();
        if (atomic_load(&fs_stacks_stale) && now - last_refresh > 50 * 1000 * 1000) {
            fs_stacks_refresh();
            last_refresh = now;
        }
    }
    disarm_threads();
    while (atomic_load(&inflight) != 0) {
        struct timespec pause = {0, 100 * 1000};
        nanosleep(&pause, NULL);
    }
    fs_drain(&drain, &ring, out);
    uint64_t now = fs_now();
    fs_write_maps(out, 1, now);
    fs_out_record(out, FS_RECORD_END, 40);
    fs_out_u64(out, now);
    fs_out_u64(out, drain.samples);
    fs_out_u64(out, atomic_load(&dropped));
    fs_out_u64(out, atomic_load(&truncated));
    fs_out_u64(out, atomic_load(&unbounded));
    fs_out_flush(out);
    return NULL;
}

static void write_header(void) {
    struct timespec realtime;
    clock_gettime(CLOCK_REALTIME, &realtime);
    fs_out_bytes(out, "FLAMESMP", 8);
    fs_out_u16(out, 1);   // version
    fs_out_u16(out, 48);  // header size
    fs_out_u32(out, (uint32_t)config.mode);
    fs_out_u32(out, (uint32_t)config.hz);
    fs_out_u32(out, (uint32_t)config.max_depth);
    fs_out_u32(out, (uint32_t)getpid());
    fs_out_u32(out, 0);
    fs_out_u64(out, (uint64_t)realtime.tv_sec * 1000000000u + (uint64_t)realtime.tv_nsec);
    fs_out_u64(out, fs_now());
}

// The child of a fork has no writer thread and no timers (neither survives
// fork); it must not write into the parent's file. It forgets the session.
static void after_fork_in_child(void) {
    atomic_store(&active, 0);
    atomic_store(&inflight, 0);
    pthread_mutex_init(&control, NULL);
    if (running) {
        close(out->fd);
        fs_ring_free(&ring);
        running = 0;
        timer_count = 0;
    }
}

static void release(void) {
    if (out) {
        if (out->fd >= 0) close(out->fd);
        free(out);
        out = NULL;
    }
    fs_ring_free(&ring);
    fs_stacks_free();
    free(drain.named);
    memset(&drain, 0, sizeof drain);
}

static int start_locked(const char *path, const flame_sampler_config *requested) {
    static int prepared;
    if (running) return EBUSY;
    config = *requested;
    if (config.buffer_slots == 0) config.buffer_slots = 4096;
    if (config.hz < 1 || config.hz > 10000 || config.max_depth < 1 || config.max_depth > 1024 ||
        (config.mode != FLAME_SAMPLER_MODE_PROCESS && config.mode != FLAME_SAMPLER_MODE_THREAD) ||
        config.buffer_slots < 16 || config.buffer_slots > (1 << 20) || (config.buffer_slots & (config.buffer_slots - 1)))
        return EINVAL;
    if (!prepared) {
        pthread_atfork(NULL, NULL, after_fork_in_child);
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_sigprof;
        action.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&action.sa_mask);
        // Installed for good: a SIGPROF still pending after stop() must find a
        // handler (the default action kills the process).
        if (sigaction(SIGPROF, &action, NULL) != 0) return errno;
        prepared = 1;
    }
    out = calloc(1, sizeof *out);
    if (!out) return ENOMEM;
    out->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out->fd < 0) { int error = errno; release(); return error; }
    int error = fs_ring_init(&ring, (uint64_t)config.buffer_slots, config.max_depth);
    if (error) { release(); return error; }
    if (fs_stacks_init() != 0) { release(); return EIO; }
    write_header();
    fs_write_process(out);
    fs_write_maps(out, 0, fs_now());
    if ((error = fs_out_flush(out)) != 0) { release(); return error; }
    atomic_store(&dropped, 0);
    atomic_store(&truncated, 0);
    atomic_store(&unbounded, 0);
    atomic_store(&stopping, 0);
    writer_tid = 0;
    atomic_store(&active, 1);
    // The writer inherits a mask blocking SIGPROF: process-directed ticks go
    // to the threads doing the work, never to the writer.
    sigset_t profiling, previous;
    sigemptyset(&profiling);
    sigaddset(&profiling, SIGPROF);
    pthread_sigmask(SIG_BLOCK, &profiling, &previous);
    if (config.mode == FLAME_SAMPLER_MODE_THREAD) scan_threads();
    error = pthread_create(&writer, NULL, writer_main, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (error) {
        atomic_store(&active, 0);
        disarm_threads();
        release();
        return error;
    }
    if (config.mode == FLAME_SAMPLER_MODE_PROCESS) {
        struct timeval interval = {period().tv_sec, period().tv_nsec / 1000};
        struct itimerval timer = {interval, interval};
        setitimer(ITIMER_PROF, &timer, NULL);
    }
    running = 1;
    owner = getpid();
    return 0;
}

int flame_sampler_start(const char *path, const flame_sampler_config *requested) {
    pthread_mutex_lock(&control);
    int result = start_locked(path, requested);
    pthread_mutex_unlock(&control);
    return result;
}

int flame_sampler_stop(flame_sampler_stats *stats) {
    pthread_mutex_lock(&control);
    if (!running || owner != getpid()) {
        pthread_mutex_unlock(&control);
        return ENOENT;
    }
    atomic_store(&active, 0);
    if (config.mode == FLAME_SAMPLER_MODE_PROCESS) {
        struct itimerval off;
        memset(&off, 0, sizeof off);
        setitimer(ITIMER_PROF, &off, NULL);
    }
    atomic_store(&stopping, 1);
    pthread_join(writer, NULL);
    if (stats) {
        stats->samples = drain.samples;
        stats->dropped = atomic_load(&dropped);
        stats->truncated = atomic_load(&truncated);
        stats->unbounded = atomic_load(&unbounded);
    }
    int error = out->error;
    if (close(out->fd) != 0 && error == 0) error = errno;
    out->fd = -1;
    release();
    running = 0;
    pthread_mutex_unlock(&control);
    return error;
}

int flame_sampler_running(void) {
    pthread_mutex_lock(&control);
    int result = running && owner == getpid();
    pthread_mutex_unlock(&control);
    return result;
}
