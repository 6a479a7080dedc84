#!/usr/bin/python3
"""Reference values for chroma, spectral contrast, tonnetz and the constant-Q transform (TonalReferenceTests).

Run from this folder:  /usr/bin/python3 make_tonal_reference.py   (needs python3-numpy and python3-scipy)

librosa is the reference for these features, but Debian 12 has no librosa package, so each quantity below is a
line-by-line numpy transcription of librosa 0.10's code (function names in the comments), computed in float64 from
the float32 test signals of make_reference.py (the same formulas, mirrored in C# by ReferenceData.Signal):

* STFT: n_fft 2048, hop 512, periodic Hann, center=True, zero padding (librosa >= 0.10's pad_mode="constant").
* chroma_stft(S=|X|^2, tuning=0): filters.chroma(sr, n_fft, tuning=0, n_chroma=12, ctroct=5, octwidth=2,
  base_c=True, norm=2) @ S, each frame divided by its maximum (util.normalize, norm=inf, threshold = float32 tiny).
* spectral_contrast(S=|X|, fmin=200, n_bands=6, quantile=0.02): power_to_db(peak) - power_to_db(valley)
  (ref 1, amin 1e-10, top_db 80 over the whole matrix).
* tonnetz(chroma=<the chroma_stft above>): Timbre's summary feeds STFT chroma, not librosa's default CQT chroma.
* cqt(tuning=0, fmin=C1, n_bins=84, bins_per_octave=12, hop 512, filter_scale 1, norm 1, sparsity 0.01, Hann,
  scale=True, pad_mode="constant", res_type="kaiser_fast"), magnitude: filters.wavelet + __vqt_filter_fft
  (basis * lengths / n_fft, FFT, sparsify_rows) + __cqt_response (rectangular-window STFT) octave by octave from
  the top, halving the rate after each octave while the hop is even (librosa.resample with resampy's kaiser_fast,
  scale=True), filters * sqrt(sr / sr_octave), result / sqrt(lengths). librosa 0.10's default resampler is
  soxr_hq, which Debian cannot provide either; kaiser_fast is the one Timbre's ConstantQ imitates. Only the top
  octave (bins 72-83) never goes through a resampler.

Output: tonal_reference.json - per signal and feature: rows, total frame count, the kept frame indices (every 9th
frame and the last) and the values (rows x kept columns, 5 significant digits).
"""
import json
import os
import wave

import numpy as np
from scipy.signal import get_window
from scipy.signal.windows import kaiser

SR = 22050
N_FFT = 2048
HOP = 512
TINY32 = float(np.finfo(np.float32).tiny)
HERE = os.path.dirname(os.path.abspath(__file__))
STEP = 9


# ------------------------------------------------------------ signals (as make_reference.py / ReferenceData.Signal)
def signals():
    n = 2 * SR
    t = np.arange(n, dtype=np.float64) / SR
    out = {"sine440": 0.5 * np.sin(2 * np.pi * 440.0 * t)}
    dur = n / SR
    out["chirp"] = 0.5 * np.sin(2 * np.pi * (100.0 * t + (8000.0 - 100.0) / (2 * dur) * t * t))
    state = 12345
    noise = np.empty(n)
    for i in range(n):
        state = (1664525 * state + 1013904223) % (1 << 32)
        noise[i] = ((state >> 8) / float(1 << 24) * 2.0 - 1.0) * 0.3
    out["noise"] = noise
    with wave.open(os.path.join(HERE, "music.wav"), "rb") as w:
        out["music"] = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    return {k: v.astype(np.float32).astype(np.float64) for k, v in out.items()}


# ------------------------------------------------------------ librosa helpers
def stft(y, n_fft, hop, window):
    """librosa.stft, center=True, pad_mode="constant"."""
    padded = np.pad(y, n_fft // 2)
    frames = 1 + (len(padded) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    return np.fft.rfft(padded[idx] * window[None, :], axis=1).T


def normalize(S, norm, axis):
    """librosa.util.normalize with threshold = float32 tiny and fill=None (small columns left as they are)."""
    if norm == np.inf:
        length = np.max(np.abs(S), axis=axis, keepdims=True)
    else:
        length = np.sum(np.abs(S) ** norm, axis=axis, keepdims=True) ** (1.0 / norm)
    length = np.where(length < TINY32, 1.0, length)
    return S / length


def power_to_db(S, amin=1e-10, top_db=80.0):
    log_spec = 10.0 * np.log10(np.maximum(amin, S))
    return np.maximum(log_spec, log_spec.max() - top_db)


# ------------------------------------------------------------ features
def chroma_filters(n_chroma=12, tuning=0.0, ctroct=5.0, octwidth=2.0):
    """librosa.filters.chroma."""
    frequencies = np.linspace(0, SR, N_FFT, endpoint=False)[1:]
    a440 = 440.0 * 2.0 ** (tuning / n_chroma)
    frqbins = n_chroma * np.log2(frequencies / (a440 / 16))
    frqbins = np.concatenate(([frqbins[0] - 1.5 * n_chroma], frqbins))
    binwidthbins = np.concatenate((np.maximum(frqbins[1:] - frqbins[:-1], 1.0), [1]))
    D = np.subtract.outer(frqbins, np.arange(0, n_chroma, dtype="d")).T
    n_chroma2 = np.round(float(n_chroma) / 2)
    D = np.remainder(D + n_chroma2 + 10 * n_chroma, n_chroma) - n_chroma2
    wts = np.exp(-0.5 * (2 * D / np.tile(binwidthbins, (n_chroma, 1))) ** 2)
    wts = normalize(wts, 2, axis=0)
    wts *= np.exp(-0.5 * (((frqbins / n_chroma - ctroct) / octwidth) ** 2))[np.newaxis, :]
    wts = np.roll(wts, -3 * (n_chroma // 12), axis=0)
    return wts[:, : int(1 + N_FFT / 2)]


def chroma_stft(power):
    return normalize(chroma_filters() @ power, np.inf, axis=0)


def spectral_contrast(mag, fmin=200.0, n_bands=6, quantile=0.02):
    freq = np.fft.rfftfreq(N_FFT, 1.0 / SR)
    octa = np.zeros(n_bands + 2)
    octa[1:] = fmin * (2.0 ** np.arange(0, n_bands + 1))
    valley = np.zeros((n_bands + 1, mag.shape[1]))
    peak = np.zeros_like(valley)
    for k, (f_low, f_high) in enumerate(zip(octa[:-1], octa[1:])):
        current_band = np.logical_and(freq >= f_low, freq <= f_high)
        idx = np.flatnonzero(current_band)
        if k > 0:
            current_band[idx[0] - 1] = True
        if k == n_bands:
            current_band[idx[-1] + 1:] = True
        sub_band = mag[current_band, :]
        if k < n_bands:
            sub_band = sub_band[:-1, :]
        idx = int(np.maximum(np.rint(quantile * np.sum(current_band)), 1))
        sortedr = np.sort(sub_band, axis=0)
        valley[k] = np.mean(sortedr[:idx], axis=0)
        peak[k] = np.mean(sortedr[-idx:], axis=0)
    return power_to_db(peak) - power_to_db(valley)


def tonnetz(chroma):
    dim_map = np.linspace(0, 12, num=chroma.shape[0], endpoint=False)
    scale = np.asarray([7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3])
    V = np.multiply.outer(scale, dim_map)
    V[::2] -= 0.5
    R = np.array([1, 1, 1, 1, 0.5, 0.5])
    phi = R[:, np.newaxis] * np.cos(np.pi * V)
    return phi @ normalize(chroma, 1, axis=0)


def sparsify_rows(x, quantile):
    mags = np.abs(x)
    norms = np.sum(mags, axis=1, keepdims=True)
    mag_sort = np.sort(mags, axis=1)
    cumulative_mag = np.cumsum(mag_sort / norms, axis=1)
    threshold_idx = np.argmin(cumulative_mag < quantile, axis=1)
    thresh = mag_sort[np.arange(x.shape[0]), threshold_idx]
    return x * (mags >= thresh[:, np.newaxis])


def cqt_filter_fft(sr, freqs, alpha, sparsity=0.01):
    """filters.wavelet(norm=1, pad_fft=True, window="hann") and __vqt_filter_fft."""
    lengths = (1.0 / alpha) * sr / freqs
    filters = []
    for ilen, freq in zip(lengths, freqs):
        sig = np.exp(1j * np.arange(-ilen // 2, ilen // 2, dtype=float) * 2 * np.pi * freq / sr)
        sig *= get_window("hann", len(sig), fftbins=True)
        filters.append(sig / np.sum(np.abs(sig)))
    n_fft = int(2.0 ** (np.ceil(np.log2(max(lengths)))))
    basis = np.zeros((len(freqs), n_fft), dtype=complex)
    for i, f in enumerate(filters):
        lpad = (n_fft - len(f)) // 2
        basis[i, lpad:lpad + len(f)] = f
    basis *= lengths[:, np.newaxis] / float(n_fft)
    fft_basis = np.fft.fft(basis, n=n_fft, axis=1)[:, : n_fft // 2 + 1]
    return sparsify_rows(fft_basis, sparsity), n_fft


def kaiser_fast():
    """resampy >= 0.3's kaiser_fast table (filters.sinc_window: 24 zeros, 2^9 entries per zero, roll-off 0.868212,
    Kaiser beta 9.90322), the right half of the interpolation window."""
    num_zeros, num_bits, rolloff, beta = 24, 2 ** 9, 0.868212, 9.90322
    n = num_bits * num_zeros
    sinc_win = rolloff * np.sinc(rolloff * np.linspace(0, num_zeros, num=n + 1, endpoint=True))
    return kaiser(2 * n + 1, beta)[n:] * sinc_win, num_bits


def halve(y):
    """librosa.resample(y, orig_sr=2, target_sr=1, res_type="kaiser_fast", scale=True): resampy.resample at ratio
    1/2 (the interpolation lands on table entries, so eta = 0), fix_length to ceil(n / 2), times sqrt(2)."""
    win, num_table = kaiser_fast()
    win = win * 0.5
    step = num_table // 2
    n_orig = len(y)
    out = np.zeros(int(np.ceil(n_orig / 2)))
    for t in range(n_orig // 2):
        n = 2 * t
        i_max = min(n + 1, len(win) // step)
        acc = np.dot(win[np.arange(i_max) * step], y[n - np.arange(i_max)])
        k_max = min(n_orig - n - 1, (len(win) - step) // step)
        acc += np.dot(win[step + np.arange(k_max) * step], y[n + 1 + np.arange(k_max)])
        out[t] = acc
    return out * np.sqrt(2.0)


def cqt(y, fmin=32.703195662574829, n_bins=84, bpo=12):
    freqs = fmin * 2.0 ** (np.arange(n_bins) / bpo)
    logf = np.log2(freqs)
    bpo_local = np.empty_like(freqs)
    bpo_local[0] = 1 / (logf[1] - logf[0])
    bpo_local[-1] = 1 / (logf[-1] - logf[-2])
    bpo_local[1:-1] = 2 / (logf[2:] - logf[:-2])
    alpha = (2.0 ** (2 / bpo_local) - 1) / (2.0 ** (2 / bpo_local) + 1)
    n_octaves = int(np.ceil(float(n_bins) / bpo))
    n_filters = min(bpo, n_bins)
    responses = []
    my_y, my_sr, my_hop = y, float(SR), HOP
    for i in range(n_octaves):
        sl = slice(-n_filters, None) if i == 0 else slice(-n_filters * (i + 1), -n_filters * i)
        fft_basis, n_fft = cqt_filter_fft(my_sr, freqs[sl], alpha[sl])
        fft_basis *= np.sqrt(SR / my_sr)
        responses.append(fft_basis @ stft(my_y, n_fft, my_hop, np.ones(n_fft)))
        if my_hop % 2 == 0 and i < n_octaves - 1:
            my_hop //= 2
            my_sr /= 2.0
            my_y = halve(my_y)
    max_col = min(r.shape[1] for r in responses)
    out = np.concatenate([r[:, :max_col] for r in reversed(responses)], axis=0)[-n_bins:]
    lengths = (1.0 / alpha) * SR / freqs
    return np.abs(out) / np.sqrt(lengths)[:, np.newaxis]


def main():
    window = get_window("hann", N_FFT, fftbins=True)
    result = {"sampleRate": SR, "nFft": N_FFT, "hop": HOP, "numpy": np.__version__, "arrays": []}

    def add(name, m):
        cols = list(range(0, m.shape[1], STEP))
        if cols[-1] != m.shape[1] - 1:
            cols.append(m.shape[1] - 1)
        values = [[float("%.5g" % v) for v in row] for row in m[:, cols]]
        result["arrays"].append({"name": name, "rows": m.shape[0], "cols": m.shape[1], "columns": cols, "values": values})

    for name, y in signals().items():
        X = stft(y, N_FFT, HOP, window)
        chroma = chroma_stft(np.abs(X) ** 2)
        add(name + "/chroma", chroma)
        add(name + "/contrast", spectral_contrast(np.abs(X)))
        add(name + "/tonnetz", tonnetz(chroma))
        if name in ("chirp", "music"):
            add(name + "/cqt", cqt(y))
    with open(os.path.join(HERE, "tonal_reference.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
