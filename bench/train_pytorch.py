#!/usr/bin/env python3
"""PyTorch twin of Timbre's training benchmark (bench/TrainBench).

Builds the same Crnn / Cnn4 architectures as src/Timbre.Models (same layers, pools, GRU), runs warm-up and timed
training steps (forward, softmax cross-entropy, backward, Adam step) on one random batch, and prints one JSON line:
{"model": ..., "samples_per_s": ..., "seconds_per_step": ..., "torch": ..., "threads": ...}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def collapse_pools(size, preferred):
    kernels, left = [], size
    for i, p in enumerate(preferred):
        k = left if i == len(preferred) - 1 else max(1, min(p, left))
        kernels.append(k)
        left //= k
    return kernels


def clamp_pools(size, preferred):
    kernels, left = [], size
    for p in preferred:
        k = max(1, min(p, left))
        kernels.append(k)
        left //= k
    return kernels, left


class Crnn(nn.Module):
    """Timbre.Models.Spectrogram.Crnn with default options."""

    def __init__(self, height, width, classes, filters=(64, 128, 128, 128), pools=(2, 3, 4, 4), hidden=32):
        super().__init__()
        product = math.prod(pools)
        padded = math.ceil(width / product) * product
        pad = padded - width
        self.pad = (pad // 2, pad - pad // 2)
        fp = collapse_pools(height, pools)
        tp, _ = clamp_pools(padded, pools)
        blocks, ch = [], 1
        for i in range(4):
            blocks.append(nn.Sequential(
                nn.Conv2d(ch, filters[i], 3, padding=1), nn.BatchNorm2d(filters[i]), nn.ReLU(),
                nn.MaxPool2d((fp[i], tp[i]), (fp[i], tp[i])), nn.Dropout(0.1)))
            ch = filters[i]
        self.features = nn.Sequential(*blocks)
        self.gru = nn.GRU(ch, hidden, 2, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.classifier = nn.Linear(hidden, classes)

    def forward(self, x):
        if sum(self.pad) > 0:
            x = F.pad(x, self.pad)
        seq = self.features(x).squeeze(2).permute(0, 2, 1)
        out, _ = self.gru(seq)
        return self.classifier(self.dropout(out[:, -1]))


class Cnn4(nn.Module):
    """Timbre.Models.Spectrogram.Cnn4 with default options (ReLU)."""

    def __init__(self, height, width, classes, filters=(32, 64, 128, 128), hidden=1024):
        super().__init__()
        layers, ch, h, w = [], 1, height, width
        for f in filters:
            layers += [nn.Conv2d(ch, f, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
            ch, h, w = f, h // 2, w // 2
        self.features = nn.Sequential(*layers)
        self.hidden = nn.Sequential(nn.Flatten(), nn.Linear(ch * h * w, hidden), nn.ReLU())
        self.dropout = nn.Dropout(0.5)
        self.classifier = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.classifier(self.dropout(self.hidden(self.features(x))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["crnn", "cnn4"], required=True)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--height", type=int, required=True)
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = (Crnn if args.model == "crnn" else Cnn4)(args.height, args.width, args.classes)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999))
    x = torch.randn(args.batch, 1, args.height, args.width)
    y = torch.randint(0, args.classes, (args.batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "model": args.model,
        "samples_per_s": args.batch * args.steps / elapsed,
        "seconds_per_step": elapsed / args.steps,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
