// The frame-pointer walk, run in the signal handler: the interrupted PC, then
// the return address saved above each frame pointer. Every read is checked to
// lie between the interrupted stack pointer and the top of its stack mapping,
// and frame pointers must grow upwards, so garbage chains end the walk.
#include "sampler_internal.h"

static void registers(const ucontext_t *context, uint64_t *pc, uint64_t *sp, uint64_t *fp) {
#if defined(__x86_64__)
    *pc = (uint64_t)context->uc_mcontext.gregs[REG_RIP];
    *sp = (uint64_t)context->uc_mcontext.gregs[REG_RSP];
    *fp = (uint64_t)context->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
    *pc = (uint64_t)context->uc_mcontext.pc;
    *sp = (uint64_t)context->uc_mcontext.sp;
    *fp = (uint64_t)context->uc_mcontext.regs[29];
#else
#error "FlameSampler supports x86_64 and aarch64"
#endif
}

int fs_unwind(const ucontext_t *context, uint64_t *frames, int max_depth, uint16_t *flags) {
    uint64_t pc, sp, fp;
    registers(context, &pc, &sp, &fp);
    int depth = 0;
    frames[depth++] = pc;
    uint64_t top = fs_stacks_top(sp);
    if (top == 0) {
        *flags |= FS_FLAG_UNBOUNDED;
        return depth;
    }
    uint64_t lowest = sp;
    while (fp >= lowest && fp <= top - 16 && (fp & 7) == 0) {
        const uint64_t *frame = (const uint64_t *)(uintptr_t)fp;
        uint64_t next = frame[0], ret = frame[1];
        if (ret == 0) break;
        if (depth == max_depth) {
            *flags |= FS_FLAG_TRUNCATED;
            break;
        }
        frames[depth++] = ret;
        if (next <= fp) break;
        lowest = fp + 16;
        fp = next;
    }
    return depth;
}
