#!/usr/bin/env python3
"""Folded stacks from `go tool pprof -raw` text: the expected outputs of the
pprof fixtures, derived by pprof itself rather than by flame's reader.

usage: go tool pprof -raw FILE | raw-to-folded.py SAMPLE_TYPE

Sample lines are `v1 v2 ...: loc loc ...` (leaf first); each location line
`N: 0xADDR M=m func file:line s=0` is followed by indented lines for the
functions it was inlined into. The folded stack is root first, the inlined
callees of a location marked _[i]; zero values are left out."""
import re
import sys

wanted = sys.argv[1]
section = None
types = []
samples = []
locations = {}
current = None
for line in sys.stdin:
    line = line.rstrip("\n")
    if line == "Samples:":
        section = "types"
        continue
    if line in ("Locations", "Mappings"):
        section = line
        continue
    if section == "types":
        types = [t.split("/")[0] for t in line.split()]
        section = "samples"
    elif section == "samples":
        m = re.match(r"^\s*(-?\d+(?:\s+-?\d+)*):((?:\s+\d+)*)\s*$", line)
        if m:
            values = [int(v) for v in m.group(1).split()]
            samples.append((values, [int(x) for x in m.group(2).split()]))
    elif section == "Locations":
        m = re.match(r"^\s*(\d+): 0x[0-9a-f]+ M=\d+ ?(.*)$", line)
        if m:
            current = int(m.group(1))
            locations[current] = []
            rest = m.group(2)
            if rest:
                locations[current].append(rest.rsplit(" ", 2)[0])
        elif line.strip():
            locations[current].append(line.strip().rsplit(" ", 2)[0])

index = types.index(wanted) if not wanted.isdigit() else int(wanted)
totals = {}
for values, locs in samples:
    value = values[index]
    if value == 0:
        continue
    frames = []
    for loc in reversed(locs):
        names = locations[loc]  # innermost first
        outer_first = list(reversed(names))
        frames.append(outer_first[0])
        frames.extend(name + "_[i]" for name in outer_first[1:])
    key = ";".join(frames)
    totals[key] = totals.get(key, 0) + value
for key in sorted(totals):
    print(f"{key} {totals[key]}")
