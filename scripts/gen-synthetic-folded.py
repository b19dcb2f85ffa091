#!/usr/bin/env python3
"""Writes a synthetic folded profile with at least N unique stacks to stdout.

Shaped like a server profile: a few process roots, call paths that share
prefixes and fan out with depth (4-40 frames), C++-like and kernel frame
names, Zipf-like counts. The same seed gives the same file.
Usage: gen-synthetic-folded.py [N=500000] [SEED=1]
"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 500000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
names = []
for i in range(20000):
    kind = i % 10
    if kind < 6:
        names.append("ns%d::Class%d::method_%d(int, std::string const&)" % (i % 37, i % 211, i))
    elif kind < 8:
        names.append("sys_call_%d_[k]" % i)
    else:
        names.append("libfoo.so`helper_%d" % i)
roots = ["server", "worker-pool", "gc-thread", "io-loop", "[unknown]"]
seen = set()
out = sys.stdout
while len(seen) < n:
    depth = 4 + int(rng.random() ** 2 * 36)
    node = rng.randrange(len(roots))
    frames = [roots[node]]
    for level in range(1, depth):
        fan = 2 if level < 4 else (4 if level < 10 else 12)
        node = node * fan + rng.randrange(fan)
        frames.append(names[(node * 2654435761 + level * 97) % len(names)])
    stack = ";".join(frames)
    if stack in seen:
        continue
    seen.add(stack)
    out.write("%s %d\n" % (stack, 1 + int(1000 / (1 + rng.randrange(1000)))))
