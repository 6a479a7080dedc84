#!/usr/bin/python3
"""Reference values for the summary version 2 features (tests V2ReferenceTests / LoudnessTests).

Run from this folder:  /usr/bin/python3 make_v2_reference.py   (needs ffmpeg, numpy and scipy; no librosa)

1. Loudness: ffmpeg's `ebur128` filter (EBU R128 / ITU-R BS.1770, Tech 3342 LRA) on signals that the C# tests
   regenerate bit for bit (same formulas and the same integer LCG): a 1 kHz sine at -20 dBFS peak, pink noise
   (Paul Kellet's economy filter on LCG white noise), a 1 kHz sine stepped -20 -> -30 dBFS (EBU Tech 3342 case 1,
   LRA 10 LU) and pink noise stepped 0 / -10 / -5 dB. Each is written as 32-bit PCM WAV at 22050 and 48000 Hz;
   the integrated loudness and LRA are the last `lavfi.r128.I` / `lavfi.r128.LRA` metadata values (3 decimals).
2. MFCC deltas: scipy.signal.savgol_filter(x, 9, polyorder=1, deriv=1, mode="interp", axis=-1), which is exactly
   what librosa.feature.delta(x, width=9, order=1) calls, on a deterministic 3 x 30 matrix.

Output: v2_reference.json.
"""
import json
import math
import os
import struct
import subprocess
import tempfile
import wave

import numpy as np
from scipy.signal import savgol_filter

HERE = os.path.dirname(os.path.abspath(__file__))


def lcg_white(n, seed=12345):
    state = seed
    out = []
    for _ in range(n):
        state = (1664525 * state + 1013904223) & 0xFFFFFFFF
        out.append((state >> 8) / float(1 << 24) * 2.0 - 1.0)
    return out


def pink(n):
    b0 = b1 = b2 = 0.0
    out = []
    for w in lcg_white(n):
        b0 = 0.99765 * b0 + w * 0.0990460
        b1 = 0.96300 * b1 + w * 0.2965164
        b2 = 0.57000 * b2 + w * 1.0526913
        out.append(0.05 * (b0 + b1 + b2 + w * 0.1848))
    return out


def sine(n, sr, amplitude):
    return [amplitude * math.sin(2 * math.pi * 1000.0 * i / sr) for i in range(n)]


def signal(name, sr):
    if name == "sine":
        return sine(10 * sr, sr, 0.1)
    if name == "pink":
        return pink(10 * sr)
    if name == "sine_steps":
        a = sine(20 * sr, sr, 0.1)
        b = sine(20 * sr, sr, 0.1 * 10 ** (-10 / 20))
        return a + b
    if name == "pink_steps":
        p = pink(30 * sr)
        gains = [1.0, 10 ** (-10 / 20), 10 ** (-5 / 20)]
        return [p[i] * gains[i // (10 * sr)] for i in range(30 * sr)]
    raise ValueError(name)


def ebur128(samples, sr):
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "x.wav")
        meta = os.path.join(tmp, "meta.txt")
        with wave.open(wav, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(4)
            w.setframerate(sr)
            ints = [int(round(max(-1.0, min(1.0, float(np.float32(v)))) * 2147483647)) for v in samples]
            w.writeframes(struct.pack("<%di" % len(ints), *ints))
        subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-i", wav,
                        "-af", "ebur128=metadata=1,ametadata=print:file=" + meta, "-f", "null", "-"], check=True)
        values = {}
        with open(meta) as f:
            for line in f:
                if line.startswith("lavfi.r128."):
                    key, value = line.strip()[len("lavfi.r128."):].split("=")
                    values[key] = float(value)
        return values["I"], values["LRA"]


def main():
    loudness = []
    for sr in (22050, 48000):
        for name in ("sine", "pink", "sine_steps", "pink_steps"):
            i, lra = ebur128(signal(name, sr), sr)
            loudness.append({"signal": name, "sampleRate": sr, "integrated": i, "lra": lra})
            print(name, sr, i, lra)

    t = np.arange(30, dtype=np.float64)
    x = np.stack([np.sin(0.3 * t * (r + 1)) + 0.01 * t * t * (r - 1) for r in range(3)]).astype(np.float32).astype(np.float64)
    delta = savgol_filter(x, 9, polyorder=1, deriv=1, mode="interp", axis=-1)
    with open(os.path.join(HERE, "v2_reference.json"), "w") as f:
        json.dump({"loudness": loudness, "deltaInput": x.tolist(), "delta": delta.tolist()}, f, indent=1)


if __name__ == "__main__":
    main()
