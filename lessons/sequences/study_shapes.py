"""What sections 4 and 5 of "Sequences and recurrence" compute (torch, NumPy and core only). Section 4: the tokens
each shape's diagram reads and writes (from the tasks in core) and the views of this lab that run each shape live.
Section 5 (note 004): a tiny next-token model at character level ("hello": Hello, RNN's default model) or word level.
The downloads' pieces too. One time axis: step t = 1..T reads token t and is scored on token t + 1 (row t - 1)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import torch
from torch.nn import functional as F

from core import limits
from core.charlm import CharLM
from core.grammar import MIN_LENGTH, sample
from core.limits import Limit, check
from core.optim import Adam
from core.recall import RecallConfig, make_batch
from core.text import CharTask, make_task

TEXT = "hello hello"  # Hello, RNN's "hello", twice, so every T up to 8 has characters; its first 4 steps are "hello"
SEED = 0  # the recall sequence and the grammar sentence
STEPS = (2, 8)  # the unrolled steps T a diagram can draw: the slider's range
OWN = "own"  # the translation lesson's option key for a sentence of one's own (?sentence=own&own=...)
Tokens = tuple[tuple[str, ...], tuple[str, ...]]  # (inputs, outputs)
Link = tuple[str, tuple[tuple[str, str], ...]]  # (a lesson's key in ui.registry, the address's settings)


def tokens(T: int, recall_key: str = "key #{i}") -> dict[str, Tokens]:
    """Inputs and outputs of every shape at T steps, read from the tasks in core. ``recall_key`` labels the recall
    task's key (``{i}`` is its one-hot index)."""
    task = make_task(TEXT)
    read = tuple(task.vocab[i] for i in task.inputs[:T])
    due = tuple(task.vocab[i] for i in task.targets[:T])
    recall = RecallConfig(distance=max(T - 2, 1), seed=SEED)  # key, d distractors, query: T = d + 2
    x, key = make_batch(recall, 1, torch.Generator().manual_seed(SEED))
    ids = x[:, 0].argmax(-1).tolist()  # (d + 2,) the index of each one-hot input
    recall_in = (recall_key.format(i=ids[0]), *(f"#{i}" for i in ids[1:-1]), "?")
    said = sentence(T)
    english = tuple(said.english())
    annotations = tuple(f"h{chr(0x2080 + t)}" for t in range(1, len(english) + 1))  # h₁, h₂, ...: [→h_t; ←h_t]
    return {"one_to_one": (read[:1], due[:1]), "one_to_many": (read[:1], due),
            "many_to_one": (recall_in, (f"#{int(key[0])}",)), "encoder_decoder": (english, tuple(said.korean())),
            "synced": (read, due),
            "bidirectional": (english, annotations), "stacked": (read, due)}


def sentence(T: int):
    """The toy grammar's sentence the encoder-decoder and bidirectional diagrams read at T steps (seed 0)."""
    return sample(np.random.default_rng(SEED), max(T, MIN_LENGTH))


def live_links(T: int) -> dict[str, tuple[Link, ...]]:
    """Where this lab runs each shape live, set up like its diagram at T steps: (lesson key, address settings)."""
    english = " ".join(sentence(T).english())
    return {"one_to_one": (("hello", (("text", TEXT[:2]),)),),  # "he": one step, T = 1
            "one_to_many": (("hello", (("n", str(T)),)),),  # writes T characters from its first, "h"
            "many_to_one": (("vanishing", (("d", str(max(T - 2, 1))),)),),
            "encoder_decoder": (("translate", (("sentence", OWN), ("own", english))),),
            "synced": (("hello", (("text", TEXT[:T + 1].strip()), ("t", str(T)))), ("gates", ())),
            "bidirectional": (("translate", (("sentence", OWN), ("own", english))),),
            "stacked": (("vanishing", (("layers", "2"),)),)}


# Section 5: a language model at character or word level --------------------------------------------------------

LEVELS = {"char": "hello", "word": "the cat sat on the mat"}  # note 004's "hello"; the gates lesson's sentence
MAX_TOKENS = 64
LIMITS = {"hidden_size": Limit("hidden_size", 1, 16), "lr": Limit("learning_rate", 0, 1, whole=False, above=True),
          "steps": Limit("training_steps", 1, 500), "seed": limits.SEED}


@dataclass(frozen=True)
class LMConfig:
    level: str = "char"  # "char": a token is a character; "word": a token is a word (split at spaces)
    text: str = "hello"  # the sequence it learns: inputs are its tokens but the last, targets all but the first
    hidden_size: int = 3  # Hello, RNN's defaults, so the char model is that page's default model, number for number
    lr: float = 0.1  # Adam step size
    steps: int = 100  # full-batch training steps
    seed: int = 0  # the initial weights (PyTorch's default initialisation after torch.manual_seed)

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {self.level!r}")
        token_task(self.level, self.text)  # raises a LabError that says what is wrong with the text
        check(self, LIMITS)


def token_task(level: str, text: str) -> CharTask:
    """The next-token task: at character level core.text.make_task itself; at word level the same task over words
    (vocabulary in order of first appearance, inputs all words but the last, targets all but the first)."""
    if level == "char":
        return make_task(text)
    words = tuple(text.split())
    task = make_task(" ".join(words) or text)  # its messages for an empty, too long or unprintable text
    if not 2 <= len(words) <= MAX_TOKENS:
        raise ValueError(f"a word-level model needs 2 to {MAX_TOKENS} words, got {len(words)}")
    vocab = tuple(dict.fromkeys(words))
    ids = [vocab.index(w) for w in words]
    return CharTask(task.text, vocab, tuple(ids[:-1]), tuple(ids[1:]))


@dataclass(frozen=True)
class LMStudy:
    """A trained next-token model and what it predicts. h: (T, H) hidden states. logits: (T, V), z_t = W_hy h_t + b_y.
    probs: (T, V) their softmax. before: (T, V) the same model's probabilities before training (step 0).
    losses: (steps,) L = sum_t L_t before each update. W_hy: (V, H), b_y: (V,): the read-out."""

    config: LMConfig
    task: CharTask
    h: np.ndarray
    logits: np.ndarray
    probs: np.ndarray
    before: np.ndarray
    losses: np.ndarray
    W_hy: np.ndarray
    b_y: np.ndarray

    cache_key = property(lambda self: self.config)  # a study is named by its config (the core is deterministic)
    right = property(lambda self: int((self.probs.argmax(-1) == np.array(self.task.targets)).sum()))  # of T

    def p_truth(self, probs: np.ndarray | None = None) -> np.ndarray:
        """(T,) the probability given to the true next token at each step (of ``probs``, default the trained)."""
        probs = self.probs if probs is None else probs
        return probs[np.arange(self.task.T), list(self.task.targets)]


@torch.no_grad()
def forward(model: CharLM, task: CharTask) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(h, logits, p) of ``model`` reading the task's inputs: (T, H), (T, V) and their softmax (T, V)."""
    trace, logits = model(task.one_hot())
    return trace.h.numpy(), logits.numpy(), torch.softmax(logits, -1).numpy()


def train_lm(config: LMConfig, on_step=None) -> LMStudy:
    """Train full-batch with Adam on L = L_1 + ... + L_T, each L_t the cross-entropy against the next token: the
    loop of core.charlm.train, over any tokens (at character level the two give the same numbers)."""
    task = token_task(config.level, config.text)
    torch.manual_seed(config.seed)
    model = CharLM("rnn", task.V, config.hidden_size).double()
    x, y = task.one_hot(), torch.tensor(task.targets)
    before = forward(model, task)[2]
    optimizer = Adam(model.parameters(), lr=config.lr)
    losses = np.zeros(config.steps)
    for step in range(config.steps):
        loss = F.cross_entropy(model(x)[1], y, reduction="sum")  # the next token is the truth at every step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses[step] = loss.item()
        if on_step is not None:
            on_step(step + 1, config.steps, losses[step])
    h, logits, probs = forward(model.eval(), task)
    W_hy, b_y = (p.detach().numpy().copy() for p in (model.head.weight, model.head.bias))
    return LMStudy(config, task, h, logits, probs, before, losses, W_hy, b_y)


def shapes_csv(rows: list[dict], names: dict[str, str], T: int = 4) -> str:
    """One row per shape: kind, name, the notes' names, the notes' applications, and the addresses in this lab that
    run it live (set up as the diagrams at T steps). The header is one English schema in both languages."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "shape", "notes_names", "applications", "live_in_this_lab"])
    links = live_links(T)
    for row in rows:
        writer.writerow([row["kind"], names[row["kind"]], row["notes"], row["apps"],
                         " ".join(address(link) for link in links[row["kind"]])])
    return out.getvalue()


def address(link: Link) -> str:
    """A link as the address a learner can type: "hello?text=he"."""
    return f"{link[0]}?{urlencode(link[1])}" if link[1] else link[0]


def shapes_data(rows: list[dict], names: dict[str, str], recall_key: str) -> list[dict]:
    """Each shape (JSON-ready): kind, name, the notes' names and applications, and at every T the diagrams can draw,
    the input and output tokens and the addresses that run it live."""
    low, high = STEPS
    drawn = {T: (tokens(T, recall_key), live_links(T)) for T in range(low, high + 1)}
    return [{"kind": row["kind"], "name": names[row["kind"]], "notes": row["notes"], "applications": row["apps"],
             "unrolled": [{"T": T, "inputs": list(found[row["kind"]][0]), "outputs": list(found[row["kind"]][1]),
                           "live": [address(link) for link in links[row["kind"]]]}
                          for T, (found, links) in drawn.items()]} for row in rows]


def lm_data(s: LMStudy) -> dict:
    """A trained language model's predictions (JSON-ready): its settings, tokens, vocabulary, and at every step the
    token read, the truth, the logits, p(next token) after and before training."""
    task = s.task
    return {"level": s.config.level, "text": s.config.text, "hidden_size": s.config.hidden_size,
            "steps": s.config.steps, "seed": s.config.seed, "vocab": list(task.vocab), "final_loss": s.losses[-1],
            "predictions": [{"t": t, "read": task.vocab[task.inputs[t - 1]], "truth": task.vocab[task.targets[t - 1]],
                             "logits": s.logits[t - 1].tolist(), "p": s.probs[t - 1].tolist(),
                             "p_before_training": s.before[t - 1].tolist()} for t in range(1, task.T + 1)]}
