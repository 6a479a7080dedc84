#!/usr/bin/python3
"""torchaudio side of `Timbre.Bench features`: times log-mel and MFCC on the same audio.

usage: /usr/bin/python3 torchaudio_features.py AUDIO.f32 SAMPLE_RATE
AUDIO.f32 is mono float32 little-endian. Same settings as Timbre's defaults (librosa conventions):
n_fft 2048, hop 512, Hann, center with zero padding, 128 Slaney mels, AmplitudeToDB(power, top_db 80), MFCC 20 ortho.
Prints one JSON object: {"logmel/1": {"cpu_seconds", "wall_seconds", "reps"}, ...} for 1 thread and all threads.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torchaudio


def measure(fn):
    fn()
    fn()
    reps = 0
    c0, w0 = time.process_time(), time.perf_counter()
    while reps < 3 or time.perf_counter() - w0 < 2.0:
        fn()
        reps += 1
    return {"cpu_seconds": time.process_time() - c0, "wall_seconds": time.perf_counter() - w0, "reps": reps}


def main():
    path, sr = sys.argv[1], int(sys.argv[2])
    x = torch.from_numpy(np.fromfile(path, dtype="<f4"))
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, n_fft=2048, hop_length=512, n_mels=128, power=2.0,
                                               center=True, pad_mode="constant", norm="slaney", mel_scale="slaney")
    to_db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80.0)
    mfcc = torchaudio.transforms.MFCC(sample_rate=sr, n_mfcc=20, dct_type=2, norm="ortho", log_mels=False,
                                      melkwargs=dict(n_fft=2048, hop_length=512, n_mels=128, center=True,
                                                     pad_mode="constant", norm="slaney", mel_scale="slaney"))
    out = {}
    with torch.inference_mode():
        for threads, label in ((1, "1"), (os.cpu_count() or 1, "all")):
            torch.set_num_threads(threads)
            out[f"logmel/{label}"] = measure(lambda: to_db(mel(x)))
            out[f"mfcc/{label}"] = measure(lambda: mfcc(x))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
