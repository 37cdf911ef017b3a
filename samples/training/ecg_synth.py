"""Synthetic ECG-like heartbeats for the ecg_cnn1d sample. THESE ARE NOT REAL RECORDINGS.

No public ECG database can be fetched on the bnnc build machines, so the sample uses beats drawn
from a simple generative model: each wave of the P-QRS-T complex is a Gaussian bump
a * exp(-((t - c) / w)^2 / 2), with per-beat random amplitudes, widths and timing, plus white
noise, a slow sinusoidal baseline wander and a random overall gain. 256 samples per beat
(about one second at 250 Hz), values clipped to [-1, 1].

Classes (balanced):
    0 normal        R at ~96, P 40 samples before it, upright T 70 samples after it
    1 premature     R early (~60), no P wave, the previous beat's T wave just before it
    2 wide QRS      Q, R and S about 2.5x wider, R lower, S deeper (bundle-branch-block like)
    3 inverted T    normal QRS, T wave negative
"""

import numpy as np

CLASSES = ["normal", "premature", "wide_qrs", "inverted_t"]
LENGTH = 256


def _bump(t, center, width, amp):
    return amp * np.exp(-0.5 * ((t - center) / width) ** 2)


def _beat(rng, label):
    """One clean beat of class `label` as a float64 vector of LENGTH samples."""
    t = np.arange(LENGTH, dtype=np.float64)
    jit = lambda s: rng.uniform(1 - s, 1 + s)  # noqa: E731  (multiplicative jitter)
    r = rng.uniform(90, 102) if label != 1 else rng.uniform(54, 68)
    qrs_w = 2.5 * jit(0.15) if label == 2 else jit(0.15)
    wave = np.zeros(LENGTH)
    if label != 1:
        wave += _bump(t, r - 40 * jit(0.1), 6 * jit(0.2), 0.12 * jit(0.3))  # P
    else:
        wave += _bump(t, r - 42 * jit(0.1), 12 * jit(0.2), 0.25 * jit(0.3))  # previous T
    wave += _bump(t, r - 6 * qrs_w, 2 * qrs_w, -0.12 * jit(0.3))  # Q
    wave += _bump(t, r, 3 * qrs_w, (0.75 if label == 2 else 1.0) * jit(0.15))  # R
    wave += _bump(t, r + 6 * qrs_w, 2.5 * qrs_w, (-0.4 if label == 2 else -0.25) * jit(0.3))  # S
    t_amp = -rng.uniform(0.15, 0.35) if label == 3 else rng.uniform(0.15, 0.35)
    wave += _bump(t, r + 70 * jit(0.1), 14 * jit(0.2), t_amp)  # T
    return wave


def make_beats(n, seed):
    """n beats (float64, n x LENGTH, in [-1, 1]) and labels 0..3 (balanced, shuffled)."""
    rng = np.random.RandomState(seed)
    labels = rng.permutation(np.arange(n) % len(CLASSES))
    t = np.arange(LENGTH) / 250.0
    beats = np.empty((n, LENGTH))
    for i, label in enumerate(labels):
        x = rng.uniform(0.55, 0.85) * _beat(rng, label)
        wander = rng.uniform(0.0, 0.25) * np.sin(
            2 * np.pi * rng.uniform(0.15, 0.5) * t + rng.uniform(0, 2 * np.pi))
        x += wander + rng.normal(0.0, rng.uniform(0.01, 0.05), LENGTH)
        beats[i] = np.clip(x, -1.0, 1.0)
    return beats, labels.astype(np.int64)


def quantize(x, lo=-1.0, hi=1.0, bits=8):
    """Codes q = round((x - lo) / step) in 0..2^bits-1 and the float32 values lo + q * step."""
    levels = 2**bits - 1
    q = np.clip(np.round((x - lo) / (hi - lo) * levels), 0, levels).astype(np.int64)
    return q, (lo + q * (hi - lo) / levels).astype(np.float32)
