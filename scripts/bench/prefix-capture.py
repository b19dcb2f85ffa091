#!/usr/bin/env python3
"""Writes the first MB megabytes (10^6 bytes) of perf script text, cut at the
next sample boundary (empty line), or, when MB exceeds the input, the input
repeated until it does: the inputs of the scaling table.
Usage: prefix-capture.py CAPTURE MB OUT"""
import sys

src, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
want = int(mb * 1e6)
with open(src, 'rb') as f:
    data = f.read()
if not data.endswith(b'\n\n'):
    data = data.rstrip(b'\n') + b'\n\n'
with open(out, 'wb') as f:
    written = 0
    while written + len(data) <= want:
        f.write(data)
        written += len(data)
    if written < want:
        cut = data.find(b'\n\n', want - written)
        piece = data if cut < 0 else data[:cut + 2]
        f.write(piece)
