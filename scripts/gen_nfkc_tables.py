#!/usr/bin/env python3
"""Writes src/Timbre.Core/Text/nfkc.txt, the tables of Timbre.Core.Text.Nfkc, from Python's unicodedata, and the
test vectors tests/Timbre.Web.Tests/Security/nfkc-vectors.txt (random strings with CPython's NFKC of each).

The .NET build runs with InvariantGlobalization (no ICU), where string.Normalize returns its input unchanged, so
Timbre carries its own NFKC. Lines (hex code points):
  v <unicode version>
  d <cp> <cp> <cp>...   full compatibility decomposition (NFKD) of one code point, Hangul syllables excluded
  c <cp> <ccc>          canonical combining class, when not 0
  p <first> <second> <composite>   primary composites (canonical pairs NFC recomposes), Hangul excluded
Rerun after a Unicode update: python3 scripts/gen_nfkc_tables.py
"""
import os
import unicodedata

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
out = [f"v {unicodedata.unidata_version}"]
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF or HANGUL_FIRST <= cp <= HANGUL_LAST:
        continue
    ch = chr(cp)
    nfkd = unicodedata.normalize("NFKD", ch)
    if nfkd != ch:
        out.append("d %X %s" % (cp, " ".join("%X" % ord(x) for x in nfkd)))
    ccc = unicodedata.combining(ch)
    if ccc:
        out.append("c %X %d" % (cp, ccc))
    raw = unicodedata.decomposition(ch)
    if raw and not raw.startswith("<"):
        parts = [int(x, 16) for x in raw.split()]
        if len(parts) == 2 and unicodedata.normalize("NFC", chr(parts[0]) + chr(parts[1])) == ch:
            out.append("p %X %X %X" % (parts[0], parts[1], cp))

path = os.path.join(os.path.dirname(__file__), "..", "src", "Timbre.Core", "Text", "nfkc.txt")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w", encoding="ascii", newline="\n") as f:
    f.write("\n".join(out) + "\n")
print(f"{len(out)} lines -> {os.path.normpath(path)}")

# Test vectors: random short strings of the characters the tables touch, with Python's NFKC of each.
import random

rng = random.Random(10)
pool = sorted({int(line.split()[1], 16) for line in out[1:]} | {int(line.split()[3], 16) for line in out if line.startswith("p")})
pool += list(range(0x1100, 0x1113)) + list(range(0x1161, 0x1176)) + list(range(0x11A8, 0x11C3)) + [0xAC00, 0xAC01, 0xD7A3, 0xB098]
pool += [ord(c) for c in "aeiouAEIOU "]
vectors = []
for _ in range(3000):
    s = "".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 6)))
    vectors.append("%s;%s" % (" ".join("%X" % ord(x) for x in s), " ".join("%X" % ord(x) for x in unicodedata.normalize("NFKC", s))))
vpath = os.path.join(os.path.dirname(__file__), "..", "tests", "Timbre.Web.Tests", "Security", "nfkc-vectors.txt")
with open(vpath, "w", encoding="ascii", newline="\n") as f:
    f.write("\n".join(vectors) + "\n")
print(f"{len(vectors)} vectors -> {os.path.normpath(vpath)}")
