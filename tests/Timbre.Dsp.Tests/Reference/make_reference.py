#!/usr/bin/python3
"""Reference values for Timbre.Dsp parity tests.

Run from this folder:  /usr/bin/python3 make_reference.py
Needs Debian's python3-torchaudio (torch 1.13, torchaudio 0.13) and, only to re-render music.wav,
fluidsynth + fluid-soundfont-gm. librosa is NOT available, so every quantity follows librosa 0.10's
conventions through torchaudio configured accordingly or through a line-by-line numpy/torch
transcription of librosa's formula (marked "librosa formula" below).

Everything is computed in float64 from the float32 test signals, so the reference is exact to ~1e-12
and the C# implementation is judged against the true value of the same definition.

Conventions and where torchaudio differs from librosa (and what we do about it):
* STFT: n_fft 2048, hop 512, periodic Hann (torch.hann_window default), center=True. librosa >= 0.10 pads
  with zeros (pad_mode="constant"), torchaudio defaults to "reflect": we pass pad_mode explicitly and the
  C# side uses the same mode in each case.
* Mel: torchaudio MelSpectrogram(norm="slaney", mel_scale="slaney") builds the same triangles as
  librosa.filters.mel (edges equally spaced in mel, evaluated at k*sr/n_fft, area normalisation 2/(f[i+2]-f[i])).
* dB: torchaudio AmplitudeToDB("power", top_db=80) = 10*log10(clamp(S, 1e-10)) - 10*log10(max(1e-10, ref=1)),
  clamped to max - 80 over the whole (single-channel) spectrogram: identical to librosa.power_to_db(S, ref=1.0).
  For ref=np.max we pass db_multiplier = log10(max S) to torchaudio.functional.amplitude_to_DB.
* MFCC: torchaudio MFCC(dct_type 2, norm "ortho", log_mels=False) = DCT-II ortho of AmplitudeToDB(top_db=80)
  of the mel spectrogram = librosa.feature.mfcc. Lifter: librosa formula M *= 1 + (L/2) sin(pi (n+1)/L).
* Spectral centroid: torchaudio.functional.spectral_centroid uses a reflect-padded magnitude STFT and divides by
  the frame sum (NaN for silent frames); librosa normalises with util.normalize, which leaves frames whose sum is
  below float32 tiny unnormalised (centroid 0). We compute the librosa formula in torch and assert it equals
  torchaudio's function on the reflect-padded configuration wherever that is finite.
* Bandwidth (p=2), roll-off (0.85), flatness (amin 1e-10, power 2), ZCR, RMS: librosa formulas, transcribed.
  ZCR: edge padding of frame_length//2, |x| <= 1e-10 -> 0, np.signbit, crossings over frame_length-1 pairs
  divided by frame_length. RMS: constant padding, sqrt(mean(frame^2)).

Output: reference.bin (float32 little-endian, concatenated) + reference.json (one entry per array:
name, rows, cols, column indices kept, offset in floats). Large matrices keep every 3rd (power: 9th) frame (plus the last)
to keep the fixtures small.
"""
import json
import math
import os
import struct
import subprocess
import tempfile
import wave

import numpy as np
import torch
import torchaudio

torch.set_default_dtype(torch.float64)
SR = 22050
HERE = os.path.dirname(os.path.abspath(__file__))
TINY32 = float(np.finfo(np.float32).tiny)


# ---------------------------------------------------------------- signals (mirrored in C#: ReferenceSignals.cs)
def signals():
    n = 2 * SR
    t = np.arange(n, dtype=np.float64) / SR
    out = {}
    out["sine440"] = 0.5 * np.sin(2 * np.pi * 440.0 * t)
    dur = n / SR
    out["chirp"] = 0.5 * np.sin(2 * np.pi * (100.0 * t + (8000.0 - 100.0) / (2 * dur) * t * t))
    state = 12345
    noise = np.empty(n)
    for i in range(n):
        state = (1664525 * state + 1013904223) % (1 << 32)
        noise[i] = ((state >> 8) / float(1 << 24) * 2.0 - 1.0) * 0.3
    out["noise"] = noise
    imp = np.zeros(n)
    imp[::2205] = 1.0
    out["impulses"] = imp
    click = np.zeros(n)
    for i in range(10):
        click[SR + i] = 0.8 * (1.0 - i / 10.0)
    out["click"] = click
    out["music"] = read_wav(os.path.join(HERE, "music.wav"))
    return {k: v.astype(np.float32) for k, v in out.items()}


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == SR
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


# ---------------------------------------------------------------- music fixture (FluidSynth)
def midi_bytes():
    """A 2.5 s piano phrase: C-E-G arpeggio then a C-major chord with a bass note, format-0 SMF."""
    def vlq(v):
        b = [v & 0x7F]
        v >>= 7
        while v:
            b.insert(0, 0x80 | (v & 0x7F))
            v >>= 7
        return bytes(b)

    tpq = 480
    ev = []  # (tick, bytes)
    ev.append((0, bytes([0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20])))  # 120 bpm
    ev.append((0, bytes([0xC0, 0])))  # piano
    ev.append((0, bytes([0xC1, 32])))  # acoustic bass
    notes = [(0, 60, 240), (240, 64, 240), (480, 67, 240), (720, 72, 240),
             (960, 60, 960), (960, 64, 960), (960, 67, 960), (960, 71, 960)]
    for start, key, dur in notes:
        ev.append((start, bytes([0x90, key, 96])))
        ev.append((start + dur, bytes([0x80, key, 0])))
    ev.append((0, bytes([0x91, 36, 100])))
    ev.append((1920, bytes([0x81, 36, 0])))
    ev.sort(key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90))
    track = b""
    last = 0
    for tick, data in ev:
        track += vlq(tick - last) + data
        last = tick
    track += vlq(0) + bytes([0xFF, 0x2F, 0x00])
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq)
    return header + b"MTrk" + struct.pack(">I", len(track)) + track


def render_music():
    with tempfile.TemporaryDirectory() as tmp:
        mid = os.path.join(tmp, "in.mid")
        wav = os.path.join(tmp, "out.wav")
        with open(mid, "wb") as f:
            f.write(midi_bytes())
        subprocess.run(["fluidsynth", "-ni", "-g", "0.8", "-F", wav, "-r", str(SR),
                        "/usr/share/sounds/sf2/FluidR3_GM.sf2", mid], check=True, capture_output=True)
        with wave.open(wav, "rb") as w:
            ch = w.getnchannels()
            raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    mono = raw.reshape(-1, ch).mean(axis=1)[: int(2.5 * SR)]
    pcm = np.clip(np.round(mono), -32768, 32767).astype("<i2")
    with wave.open(os.path.join(HERE, "music.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())


# ---------------------------------------------------------------- features
def stft_mag(x, n_fft=2048, hop=512, pad_mode="constant"):
    spec = torchaudio.transforms.Spectrogram(n_fft=n_fft, hop_length=hop, power=1.0, center=True,
                                             pad_mode=pad_mode)
    return spec(x)  # (bins, frames)


def librosa_normalize_l1(S):
    length = S.abs().sum(dim=0, keepdim=True)
    length = torch.where(length < TINY32, torch.ones_like(length), length)
    return S / length


def spectral(x, n_fft=2048, hop=512, pad_mode="constant"):
    S = stft_mag(x, n_fft, hop, pad_mode)
    freq = torch.linspace(0, SR / 2, 1 + n_fft // 2).unsqueeze(1)
    Sn = librosa_normalize_l1(S)
    centroid = (freq * Sn).sum(dim=0)                                   # librosa formula
    bandwidth = ((Sn * (freq - centroid).abs() ** 2).sum(dim=0)) ** 0.5  # librosa formula, p = 2
    total = torch.cumsum(S, dim=0)                                       # librosa formula, roll_percent 0.85
    thr = 0.85 * total[-1:, :]
    ind = torch.where(total < thr, torch.full_like(total, float("nan")), torch.ones_like(total))
    rolloff = torch.from_numpy(np.nanmin((ind * freq).numpy(), axis=0))
    St = torch.clamp(S ** 2, min=1e-10)                                  # librosa formula, flatness
    flatness = torch.exp(torch.log(St).mean(dim=0)) / St.mean(dim=0)
    return centroid, bandwidth, rolloff, flatness


def zcr(x32, frame_length=2048, hop=512):
    y = np.pad(x32.astype(np.float64), frame_length // 2, mode="edge")    # librosa formula
    y[np.abs(y) <= 1e-10] = 0
    frames = 1 + (len(y) - frame_length) // hop
    s = np.signbit(y)
    out = np.empty(frames)
    for t in range(frames):
        f = s[t * hop: t * hop + frame_length]
        out[t] = np.sum(f[1:] != f[:-1]) / frame_length
    return out


def rms(x32, frame_length=2048, hop=512):
    y = np.pad(x32.astype(np.float64), frame_length // 2, mode="constant")  # librosa formula
    frames = 1 + (len(y) - frame_length) // hop
    return np.array([math.sqrt(np.mean(y[t * hop: t * hop + frame_length] ** 2)) for t in range(frames)])


def melspec(x, n_fft=2048, hop=512, n_mels=128, f_min=0.0, f_max=None, norm="slaney", mel_scale="slaney",
            pad_mode="constant"):
    return torchaudio.transforms.MelSpectrogram(sample_rate=SR, n_fft=n_fft, hop_length=hop, f_min=f_min,
                                                f_max=f_max, n_mels=n_mels, power=2.0, center=True,
                                                pad_mode=pad_mode, norm=norm, mel_scale=mel_scale)(x)


def main():
    if not os.path.exists(os.path.join(HERE, "music.wav")):
        render_music()
    entries = []
    blob = bytearray()

    def add(name, arr, subsample=False, step=3):
        a = np.asarray(arr, dtype=np.float64)
        if a.ndim == 1:
            a = a[None, :]
        cols = list(range(a.shape[1]))
        if subsample:
            cols = list(range(0, a.shape[1], step))
            if cols[-1] != a.shape[1] - 1:
                cols.append(a.shape[1] - 1)
        sub = np.ascontiguousarray(a[:, cols]).astype("<f4")
        entries.append({"name": name, "rows": int(a.shape[0]), "cols": int(a.shape[1]), "columns": cols,
                        "offset": len(blob) // 4})
        blob.extend(sub.tobytes())

    to_db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80.0)
    for name, x32 in signals().items():
        x = torch.from_numpy(x32.astype(np.float64))
        mel = melspec(x)
        add(f"{name}/logmel", to_db(mel), subsample=True)
        mfcc = torchaudio.transforms.MFCC(sample_rate=SR, n_mfcc=20, dct_type=2, norm="ortho", log_mels=False,
                                          melkwargs=dict(n_fft=2048, hop_length=512, n_mels=128, center=True,
                                                         pad_mode="constant", norm="slaney",
                                                         mel_scale="slaney"))(x)
        add(f"{name}/mfcc", mfcc)
        c, b, r, f = spectral(x)
        add(f"{name}/centroid", c)
        add(f"{name}/bandwidth", b)
        add(f"{name}/rolloff", r)
        add(f"{name}/flatness", f)
        add(f"{name}/zcr", zcr(x32))
        add(f"{name}/rms", rms(x32))
        if name == "music":
            add(f"{name}/power", stft_mag(x) ** 2, subsample=True, step=9)
        if name == "music":
            lifter = 22.0
            li = 1 + (lifter / 2) * np.sin(np.pi * np.arange(1, 21) / lifter)
            add("music/mfcc_lifter22", mfcc.numpy() * li[:, None])
            db_max = torchaudio.functional.amplitude_to_DB(mel, multiplier=10.0, amin=1e-10,
                                                           db_multiplier=math.log10(max(1e-10, mel.max().item())),
                                                           top_db=80.0)
            add("music/logmel_refmax", db_max, subsample=True)
            # Configuration B: HTK scale, no norm, reflect padding, 1024/256, 64 bands, 50–8000 Hz, 13 MFCC.
            melb = melspec(x, n_fft=1024, hop=256, n_mels=64, f_min=50.0, f_max=8000.0, norm=None,
                           mel_scale="htk", pad_mode="reflect")
            add("music/htk_logmel", to_db(melb), subsample=True)
            mfccb = torchaudio.transforms.MFCC(sample_rate=SR, n_mfcc=13, dct_type=2, norm="ortho",
                                               log_mels=False,
                                               melkwargs=dict(n_fft=1024, hop_length=256, n_mels=64, f_min=50.0,
                                                              f_max=8000.0, center=True, pad_mode="reflect",
                                                              norm=None, mel_scale="htk"))(x)
            add("music/htk_mfcc", mfccb)
            cb, _, _, _ = spectral(x, 1024, 256, "reflect")
            ta = torchaudio.functional.spectral_centroid(x, SR, 0, torch.hann_window(1024), 1024, 256, 1024)
            ok = torch.isfinite(ta)
            assert torch.allclose(ta[ok], cb[ok], rtol=1e-9, atol=1e-9), "centroid formula != torchaudio"
            add("music/reflect1024_centroid", ta)
    with open(os.path.join(HERE, "reference.bin"), "wb") as f:
        f.write(bytes(blob))
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump({"sampleRate": SR, "torch": torch.__version__, "torchaudio": torchaudio.__version__,
                   "arrays": entries}, f, separators=(",", ":"))
    print(f"{len(entries)} arrays, {len(blob)} bytes")


if __name__ == "__main__":
    main()
