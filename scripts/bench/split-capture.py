#!/usr/bin/env python3
"""Splits perf script text at the sample boundary (empty line) nearest its
middle, writing the two halves: the two sides of a differential benchmark.
Usage: split-capture.py CAPTURE FIRST SECOND"""
import sys

src, first, second = sys.argv[1:4]
with open(src, 'rb') as f:
    data = f.read()
cut = data.find(b'\n\n', len(data) // 2)
cut = len(data) if cut < 0 else cut + 2
with open(first, 'wb') as f:
    f.write(data[:cut])
with open(second, 'wb') as f:
    f.write(data[cut:])
