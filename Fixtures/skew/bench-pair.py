#!/usr/bin/env python3
"""Writes two folded profiles of ~100k unique stacks each, for timing
`flame diff --folded` against inferno-diff-folded (docs/benchmarks.md, "diff").
Seeded: the same files every run. Usage: bench-pair.py OUT_DIR [STACKS]"""
import os, random, sys

out = sys.argv[1]
stacks = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(9)
parts = ["alloc", "parse", "render", "hash", "sort", "read", "write", "flush", "lock", "scan", "merge", "encode"]
names = []
for i in range(6000):
    ns = rng.choice(["std::", "runtime.", "net/http.", "flame::", "", "tokio::runtime::"])
    names.append(f"{ns}{rng.choice(parts)}_{rng.choice(parts)}_{i}" + rng.choice(["", "(int, char const*)", "[abi:cxx11]", ".abi0"]))
roots = ["_start;__libc_start_main;main", "start_thread;worker_loop", "runtime.goexit;runtime.main;main.main"]

def stack():
    depth = rng.randint(4, 24)
    return rng.choice(roots) + ";" + ";".join(rng.choice(names) for _ in range(depth))

base = {}
while len(base) < stacks:
    base[stack()] = rng.randint(1, 500)
other = {}
for s, c in base.items():
    r = rng.random()
    if r < 0.15:
        continue  # vanished
    other[s] = max(1, int(c * rng.uniform(0.5, 1.6)))
while len(other) < stacks:
    other[stack()] = rng.randint(1, 500)
os.makedirs(out, exist_ok=True)
for path, table in (("a.folded", base), ("b.folded", other)):
    with open(os.path.join(out, path), "w") as f:
        for s, c in table.items():
            f.write(f"{s} {c}\n")
