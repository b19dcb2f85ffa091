// The preloadable FlameSampler (libflame-sampler-preload.so): loaded with
// LD_PRELOAD into a dynamically linked program, it samples that program from
// start to exit without recompiling it. Configured by the environment:
//   FLAME_SAMPLER_OUTPUT  the recording's path; unset: the library does nothing.
//                         "%p" in it becomes the process id.
//   FLAME_SAMPLER_HZ      samples per CPU second (default 499)
//   FLAME_SAMPLER_MODE    "process" (default) or "thread"
// Only the process that loads it first samples: it removes
// FLAME_SAMPLER_OUTPUT from its environment, so programs it runs do not.
#ifndef FLAME_SAMPLER_PRELOAD_H
#define FLAME_SAMPLER_PRELOAD_H

// Stops sampling and completes the recording; safe to call more than once.
void flame_sampler_preload_finish(void);

#endif
