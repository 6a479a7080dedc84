#!/usr/bin/python3
"""Writes resample_reference.json: torchaudio's Kaiser-window resampling of a fixed test signal.

Run with Debian's python3-torchaudio (torch 1.13, torchaudio 0.13):
    /usr/bin/python3 tests/Timbre.Audio.Tests/Resampling/Reference/make_resample_reference.py
The C# test rebuilds the same input from the same formula, so only the outputs are stored.
"""
import json
import math
import os

import torch
import torchaudio.functional as F

N = 300


def signal(rate):
    # Two tones plus a decaying click, deterministic, float64.
    return [0.4 * math.sin(2 * math.pi * 440 * i / rate) + 0.2 * math.sin(2 * math.pi * 3000 * i / rate + 0.3)
            + (0.5 * math.exp(-(i - 150) ** 2 / 20.0)) for i in range(N)]


cases = []
# (6, 0.99): torchaudio's defaults; (64, 0.9475937167399596): librosa's "kaiser_best" as torchaudio documents it.
for width, rolloff in [(6, 0.99), (64, 0.9475937167399596)]:
    for orig, new in [(44100, 22050), (22050, 16000), (8000, 11025), (48000, 44100), (16000, 48000)]:
        x = torch.tensor(signal(orig), dtype=torch.float64)[None]
        y = F.resample(x, orig, new, lowpass_filter_width=width, rolloff=rolloff, resampling_method="kaiser_window",
                       beta=14.769656459379492)
        cases.append({"from": orig, "to": new, "width": width, "rolloff": rolloff,
                      "output": [round(v, 9) for v in y[0].tolist()]})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resample_reference.json")
with open(out, "w") as f:
    json.dump({"n": N, "cases": cases}, f)
print(out)
