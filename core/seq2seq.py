"""An encoder-decoder translator for the toy grammar, with or without attention.

The encoder (GRU or LSTM, one or two directions) reads the English words into states h_1..h_T. The decoder starts
from the last of them (the lecture notes: "the encoder's last h is the decoder's first h"; with two directions the
last forward and the last backward state side by side, through a tanh layer). Without attention that vector is all
the decoder ever sees of the sentence: the bottleneck. With attention, each decoder state s_t also looks back at
every h_i (core.attention) and the word comes from tanh(W_c [c_t; s_t]) (Luong et al. 2015, global attention
without input feeding, which lets training run the decoder over a whole sentence in one fused call).

Run ``python -m core.seq2seq_train --attention dot --seed 0 --out assets/models/attention.pt`` to make a
checkpoint (core.seq2seq_train has the options)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from core.attention import score_fn
from core.grammar import ENGLISH, MAX_LENGTH, MIN_LENGTH, pairs
from core.limits import MAX_HIDDEN, SEED, Limit, check, one_of
from core.transformer import Transformer, TransformerConfig
from core.vocab import BOS, EOS, PAD, SOURCE_ID, TARGET, TARGET_ID, ids, words_until_end  # noqa: F401 (PAD: re-exported)

ATTENTIONS = ("none", "dot", "general", "additive")
CELLS = {"gru": nn.GRU, "lstm": nn.LSTM}
MODELS = Path(__file__).resolve().parent.parent / "assets" / "models"
SHIPPED = ("no_attention", "attention", "transformer")
LIMITS = {"embed": Limit("embed", 2, 256), "hidden": Limit("hidden", 2, MAX_HIDDEN), "steps": Limit("steps", 1, 20_000),
          "batch": Limit("batch", 1, 512), "lr": Limit("learning_rate", 0, 1, whole=False, above=True),
          "train_max": Limit("train_max", MIN_LENGTH, MAX_LENGTH), "seed": SEED}


@dataclass(frozen=True)
class Seq2SeqConfig:
    attention: str = "dot"  # "none" is the plain encoder-decoder; "dot" is the lecture notes' <s_t, h_i>
    encoder: str = "gru"  # "gru" or "lstm"
    bidirectional: bool = True  # Bahdanau et al. 2015 read the sentence both ways
    decoder: str = "gru"
    embed: int = 32  # word vector size
    hidden: int = 64  # encoder units per direction; the decoder has hidden x directions, so s_t . h_i is defined
    steps: int = 2500  # Adam steps on fresh batches of one source length each
    batch: int = 64
    lr: float = 0.003
    train_max: int = 14  # the longest English sentence seen in training; longer ones are held out
    seed: int = 0

    def __post_init__(self):
        one_of("attention", self.attention, ATTENTIONS)
        one_of("encoder", self.encoder, CELLS)
        one_of("decoder", self.decoder, CELLS)
        check(self, LIMITS)

    @property
    def width(self) -> int:
        """Units in each encoder state h_i and in the decoder state s_t."""
        return self.hidden * (2 if self.bidirectional else 1)


class Translator(nn.Module):
    """Encoder, the bridge to the decoder's first state, decoder, attention and the word readout.

    .. math::

        h_i = \\mathrm{RNN}_{enc}(h_{i-1}, x_i), \\qquad s_0 = \\tanh(W_b\\, h_T) \\\\
        s_t = \\mathrm{RNN}_{dec}(s_{t-1}, y_{t-1}) \\\\
        e_{ti} = \\mathrm{score}(s_t, h_i), \\quad \\alpha_{ti} = \\frac{\\exp e_{ti}}{\\sum_j \\exp e_{tj}},
        \\quad c_t = \\sum_i \\alpha_{ti}\\, h_i \\\\
        p(y_t \\mid y_{<t}, x) = \\mathrm{softmax}\\big(W_o \\tanh(W_c\\,[c_t; s_t])\\big)

    Without attention there is no e, alpha or c, and the readout is softmax(W_o tanh(W_c s_t)).
    """

    def __init__(self, config: Seq2SeqConfig):
        super().__init__()
        self.config = config
        E, H, D = config.embed, config.hidden, config.width
        self.source_embed = nn.Embedding(len(ENGLISH), E)
        self.target_embed = nn.Embedding(len(TARGET), E)
        self.encoder = CELLS[config.encoder](E, H, batch_first=True, bidirectional=config.bidirectional)
        self.bridge = nn.Linear(D, D)  # s_0 = tanh(W_b h_T): the context vector, the decoder's first state
        self.decoder = CELLS[config.decoder](E, D, batch_first=True)
        self.score = nn.ParameterDict()
        if config.attention == "general":
            self.score["W"] = nn.Parameter(torch.randn(D, D) / D**0.5)
        elif config.attention == "additive":
            self.score.update({"W_q": nn.Parameter(torch.randn(D, H) / D**0.5),
                               "W_k": nn.Parameter(torch.randn(D, H) / D**0.5),
                               "v": nn.Parameter(torch.randn(H) / H**0.5)})
        self.combine = nn.Linear(2 * D if config.attention != "none" else D, D)
        self.out = nn.Linear(D, len(TARGET))

    def encode(self, source: torch.Tensor, embedded: torch.Tensor | None = None):
        """source (B, T) word ids -> states (B, T, D) and the decoder's first state (h, c)."""
        x = self.source_embed(source) if embedded is None else embedded  # (B, T, E)
        states, last = self.encoder(x)
        h_n = last[0] if isinstance(last, tuple) else last  # (directions, B, H)
        s_0 = torch.tanh(self.bridge(torch.cat(list(h_n), dim=-1)))[None]  # (1, B, D)
        return states, (s_0, torch.zeros_like(s_0)) if self.config.decoder == "lstm" else s_0

    def readout(self, s: torch.Tensor, states: torch.Tensor):
        """Decoder states s (B, T_out, D) -> logits (B, T_out, V) and attention weights (B, T_out, T) or None."""
        if self.config.attention == "none":
            return self.out(torch.tanh(self.combine(s))), None
        weights = torch.softmax(score_fn(s, states, self.config.attention, dict(self.score)), dim=-1)
        context = weights @ states  # (B, T_out, T) @ (B, T, D)
        return self.out(torch.tanh(self.combine(torch.cat([context, s], dim=-1)))), weights

    def forward(self, source: torch.Tensor, target_in: torch.Tensor):
        """Teacher forcing: the decoder reads the right previous words target_in (B, T_out)."""
        states, first = self.encode(source)
        s, _ = self.decoder(self.target_embed(target_in), first)  # (B, T_out, D)
        return self.readout(s, states)


@torch.no_grad()
def greedy(model: Translator | Transformer, source: torch.Tensor, max_steps: int):
    """Greedy decoding of a batch of same-length sentences: target ids (B, steps) and weights (B, steps, T)."""
    if isinstance(model, Transformer):
        return model.greedy(source, max_steps)
    states, state = model.encode(source)
    B = source.shape[0]
    word = torch.full((B, 1), TARGET_ID[BOS])
    out, weights = [], []
    for _ in range(max_steps):
        s, state = model.decoder(model.target_embed(word), state)  # (B, 1, D)
        logits, w = model.readout(s, states)
        word = logits.argmax(-1)  # (B, 1)
        out.append(word)
        weights.append(w)
        if (torch.cat(out, 1) == TARGET_ID[EOS]).any(1).all():
            break
    return torch.cat(out, 1), None if weights[0] is None else torch.cat(weights, 1)


def translate(model: Translator | Transformer, words: list[str]):
    """(Korean words, weights (T_out, T_in) or None without attention) by greedy decoding."""
    out, weights = greedy(model, ids(words), max_steps=len(words) + 3)  # Korean is never longer here
    korean = words_until_end(out[0])
    return korean, None if weights is None else weights[0, :len(korean)].numpy()


def accuracy_by_length(model: Translator | Transformer, lengths, n_per_length: int, seed: int) -> dict[int, float]:
    """Exact-match sentence accuracy of greedy decoding, per English length, on freshly generated sentences."""
    result = {}
    for length in lengths:
        data = pairs([length], n_per_length, seed + 1000 * int(length))
        source = torch.tensor([[SOURCE_ID[w] for w in en] for en, _ in data])
        out, _ = greedy(model, source, max_steps=int(length) + 2)
        right = [words_until_end(row) == ko for row, (_, ko) in zip(out, data, strict=True)]
        result[int(length)] = float(np.mean(right))
    return result


def save(model: Translator | Transformer, path, **extra) -> None:
    kind = "transformer" if isinstance(model, Transformer) else "recurrent"
    torch.save({"kind": kind, "config": asdict(model.config), "state": model.state_dict(), **extra}, path)


def load(path) -> tuple[Translator | Transformer, dict]:
    """A checkpoint written by save(): the model and whatever else was stored (losses, snapshots, ...)."""
    blob = torch.load(path, weights_only=True)
    config = blob.pop("config")
    if blob.pop("kind", "recurrent") == "transformer":
        model = Transformer(TransformerConfig(**config))
    else:
        model = Translator(Seq2SeqConfig(**config))
    model.load_state_dict(blob.pop("state"))
    return model.eval(), blob


def pretrained(name: str) -> Translator | Transformer:
    """A shipped model: ``"no_attention"``, ``"attention"`` or ``"transformer"`` (assets/models/<name>.pt)."""
    if name not in SHIPPED:
        raise ValueError(f"shipped models are {', '.join(SHIPPED)}; got {name!r}")
    return load(MODELS / f"{name}.pt")[0]
