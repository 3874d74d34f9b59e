"""What a gate costs: parameters and time per step of an RNN, a GRU and an LSTM of the same size.

A gated cell stacks one H-row block per gate (plus the candidate) in each weight matrix, so a GRU has exactly
3 times and an LSTM 4 times the parameters of a plain RNN with the same input and hidden sizes. Time per step
is measured on PyTorch's own C++ kernels (``torch.nn.RNN/GRU/LSTM``), not on our teaching cells, whose Python
loop would measure the interpreter rather than the arithmetic.
"""

from __future__ import annotations

import numbers
import statistics
import time

import torch
from torch import nn

from core.limits import MAX_HIDDEN, SEED, Limit, in_range

KINDS = ("rnn", "gru", "lstm")
BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}  # H-row blocks in the stacked weight matrices (gates + candidate)
MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
MAX_INPUT = 1024  # a character vocabulary or an embedding in this lab is far smaller; bounds one timing's memory
MAX_STEPS = 512  # with MAX_REPEATS, I = MAX_INPUT and H = MAX_HIDDEN one call takes ~9 s (measured, 1 thread)
MAX_REPEATS = 200
MAX_BATCH = 64  # a batch of 64 at H = 256 is where the gate arithmetic, not overhead, sets the time
WARMUP = 3  # untimed passes first: the first calls pay for allocation and kernel selection
LIMITS = {"input_size": Limit("input_size", 1, MAX_INPUT), "hidden_size": Limit("hidden_size", 1, MAX_HIDDEN),
          "steps": Limit("steps", 1, MAX_STEPS), "repeats": Limit("repeats", 1, MAX_REPEATS),
          "batch": Limit("batch", 1, MAX_BATCH), "seed": SEED}


def _whole(name: str, value) -> int:
    """``value`` as an int within LIMITS[name], else a ValueError that names the argument and its range. NumPy
    integers (from a widget) are whole numbers too."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    in_range(value, LIMITS[name])
    return value


def _sizes(input_size, hidden_size) -> tuple[int, int]:
    return _whole("input_size", input_size), _whole("hidden_size", hidden_size)


def param_counts(input_size: int, hidden_size: int) -> dict[str, dict[str, int]]:
    r"""Parameters of a single-layer RNN, GRU and LSTM, counted the way ``torch.nn`` stores them.

    .. math::
        G \cdot H \cdot I \;(W_{ih}) + G \cdot H \cdot H \;(W_{hh}) + 2 \cdot G \cdot H \;(b_{ih}, b_{hh})

    with G = 1 (RNN), 3 (GRU: r, z, n) or 4 (LSTM: i, f, g, o). PyTorch keeps two bias vectors per layer
    (cuDNN compatibility) although one would do; the counts here follow PyTorch.
    Returns kind -> {"blocks", "weight_ih", "weight_hh", "biases", "total"}.
    """
    I, H = _sizes(input_size, hidden_size)
    counts = {}
    for kind in KINDS:
        G = BLOCKS[kind]
        parts = {"weight_ih": G * H * I, "weight_hh": G * H * H, "biases": 2 * G * H}
        counts[kind] = {"blocks": G, **parts, "total": sum(parts.values())}
    return counts


def keras_lstm_params(input_size: int, hidden_size: int) -> int:
    """Parameters of note 002's ``tf.keras.layers.LSTM(hidden_size)`` on ``input_size`` features: its kernel
    (I x 4H), recurrent kernel (H x 4H) and one bias vector (4H), where PyTorch keeps two bias vectors."""
    I, H = _sizes(input_size, hidden_size)
    return 4 * H * I + 4 * H * H + 4 * H


def time_per_step(input_size: int, hidden_size: int, steps: int = 64, repeats: int = 30,
                  seed: int = 0, batch: int = 1) -> dict[str, float]:
    """Seconds per time step of ``torch.nn.RNN/GRU/LSTM`` (float32, no autograd) on one random
    (steps, batch, input_size) input: the median of ``repeats`` timed forward passes, divided by ``steps``.

    The median, not the mean, because a single descheduled pass on a shared machine would drag a mean up.
    Batch 1 is the learner's case and the one where the recurrence is hardest to hide: every step waits for
    the previous one, so the ratio to the RNN shows the extra gate arithmetic plus per-step overhead.
    Runs on one thread and restores the caller's thread count. On CPU, PyTorch runs the LSTM (not the RNN or
    GRU) through oneDNN's fused kernel, so at small sizes an LSTM step can be faster than an RNN step.
    """
    I, H = _sizes(input_size, hidden_size)
    T, n, B = _whole("steps", steps), _whole("repeats", repeats), _whole("batch", batch)
    seed = _whole("seed", seed)
    times = {}
    threads = torch.get_num_threads()
    # One thread, as the app runs: batch-1 steps are far too small to share, and on a busy 2-core machine two
    # OpenMP threads stalled at barriers (measured: a GRU step at ~7 ms instead of ~12 µs, most passes).
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]), torch.no_grad():  # seeded weights/input; caller's RNG untouched
            torch.manual_seed(seed)
            x = torch.randn(T, B, I)  # (T, B, I), time-major like the modules' default
            for kind in KINDS:
                module = MODULES[kind](I, H).eval()
                for _ in range(WARMUP):
                    module(x)
                samples = []
                for _ in range(n):
                    start = time.perf_counter()
                    module(x)
                    samples.append(time.perf_counter() - start)
                times[kind] = statistics.median(samples) / T
    finally:
        torch.set_num_threads(threads)
    return times


def speed_verdict(small: dict[str, float], large: dict[str, float]) -> str:
    """"faster", "slower" or "mixed": the GRU's time per step against the LSTM's at two sizes (``time_per_step``
    results). Note 002 says the GRU is faster; this is what the measurement says."""
    faster = [times["gru"] < times["lstm"] for times in (small, large)]
    return "faster" if all(faster) else "slower" if not any(faster) else "mixed"
