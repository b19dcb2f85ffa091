# Python part of the benchmark workload: parsing, regexes, sorting, hashing.
import hashlib
import json
import re
import random

rng = random.Random(7)
words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(3, 9))) for _ in range(20000)]
doc = json.dumps([{"id": i, "name": w, "tags": words[i % 97:i % 97 + 3]} for i, w in enumerate(words)])
for _ in range(3):
    records = json.loads(doc)
    records.sort(key=lambda r: (r["name"], r["id"]))
    text = " ".join(r["name"] for r in records)
    counts = {}
    for m in re.finditer(r"\b[a-e]+[f-j]\w*", text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    hashlib.sha256(text.encode()).hexdigest()
