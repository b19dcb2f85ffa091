#!/usr/bin/env python3
"""Writes N addresses uniform over BINARY's .text (seed 42), one per line in
hex, for symbolizer benchmarks. Usage: gen-addresses.py BINARY N OUT"""
import random
import re
import subprocess
import sys

binary, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sections = subprocess.run(['readelf', '-SW', binary], capture_output=True, text=True, check=True).stdout
m = re.search(r'\] \.text\s+PROGBITS\s+([0-9a-f]+) [0-9a-f]+ ([0-9a-f]+)', sections)
start, size = int(m.group(1), 16), int(m.group(2), 16)
r = random.Random(42)
with open(out, 'w') as f:
    for _ in range(n):
        f.write(hex(start + r.randrange(size)) + '\n')
