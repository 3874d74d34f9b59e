"""A small encoder-decoder Transformer (Vaswani et al. 2017) for the toy grammar, written out stage by stage.

The encoder's layers let every English word attend to every other (self-attention); the decoder's layers let each
Korean word attend to the words written before it (masked self-attention: the lecture notes' S4_new without the
future word s5), then to the encoder's self-attended states (cross-attention: the notes' C4_new), each followed by a
two-layer feed-forward net, each with a residual connection and a layer norm after it (the paper's post-norm order,
as torch.nn.TransformerEncoderLayer and TransformerDecoderLayer by default). Word vectors are scaled by sqrt(d) and
the sine/cosine positions of the paper are added, so the model knows the order of the words it reads.

Every attention's softmax is core.attention's ``scaled_dot``. No linear map inside the layers has a bias (their
``bias=False``), so one head is exactly Q = X W_q, K = X W_k, V = X W_v, as the self-attention lesson writes it.

Run ``python -m core.transformer_train --seed 0 --out assets/models/transformer.pt`` to make a checkpoint."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from core.attention import attention, causal_mask
from core.grammar import ENGLISH, MAX_LENGTH, MIN_LENGTH
from core.limits import SEED, Limit, check
from core.vocab import BOS, EOS, TARGET, TARGET_ID

MAX_POSITIONS = MAX_LENGTH + 3  # the longest English sentence, or its Korean with <s> and </s>
LIMITS = {"d_model": Limit("d_model", 4, 256), "heads": Limit("heads", 1, 8), "layers": Limit("layers", 1, 4),
          "ff": Limit("ff", 4, 1024), "steps": Limit("steps", 1, 20_000), "batch": Limit("batch", 1, 512),
          "lr": Limit("learning_rate", 0, 1, whole=False, above=True), "warmup": Limit("warmup", 0, 20_000),
          "train_max": Limit("train_max", MIN_LENGTH, MAX_LENGTH), "seed": SEED}


@dataclass(frozen=True)
class TransformerConfig:
    d_model: int = 64  # the width of every word's vector, in every layer
    heads: int = 4  # d_model / heads = d_k, the width of one head's queries, keys and values
    layers: int = 2  # encoder layers, and as many decoder layers
    ff: int = 128  # the feed-forward net's hidden width
    steps: int = 1200  # Adam steps on fresh batches of one source length each
    batch: int = 64
    lr: float = 0.002
    warmup: int = 200  # steps over which the learning rate rises from 0 (Vaswani et al. 2017 warm up too)
    train_max: int = 14  # the longest English sentence seen in training; longer ones are held out
    seed: int = 0

    def __post_init__(self):
        check(self, LIMITS)
        if self.d_model % self.heads:
            raise ValueError(f"d_model ({self.d_model}) must split evenly into {self.heads} heads")

    @property
    def d_k(self) -> int:
        return self.d_model // self.heads


def sinusoids(positions: int, d: int) -> torch.Tensor:
    """(positions, d): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(the same) (Vaswani et al. 2017)."""
    p = torch.arange(positions, dtype=torch.float64)[:, None]
    angle = p / 10000 ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    pe = torch.zeros(positions, d, dtype=torch.float64)
    pe[:, 0::2], pe[:, 1::2] = torch.sin(angle), torch.cos(angle[:, : d // 2])
    return pe


class MultiHead(nn.Module):
    """Queries from x, keys and values from ``memory`` (x itself in self-attention), split into heads."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.W_q, self.W_k, self.W_v, self.W_o = (nn.Linear(d, d, bias=False) for _ in range(4))

    def split(self, x: torch.Tensor) -> torch.Tensor:
        return x.unflatten(-1, (self.heads, -1)).transpose(-3, -2)  # (B, T, d) -> (B, heads, T, d_k)

    def forward(self, x: torch.Tensor, memory: torch.Tensor, mask=None):
        """x (B, Tq, d), memory (B, Tk, d) -> output (B, Tq, d) and weights (B, heads, Tq, Tk)."""
        Q, K, V = self.split(self.W_q(x)), self.split(self.W_k(memory)), self.split(self.W_v(memory))
        result = attention(Q, K, V, score="scaled_dot", mask=mask)  # softmax(Q K^T / sqrt(d_k)) V, per head
        concat = result.context.transpose(-3, -2).flatten(-2)  # [head_1 ... head_h]: (B, Tq, d)
        return self.W_o(concat), result.weights


class FeedForward(nn.Module):
    def __init__(self, d: int, ff: int):
        super().__init__()
        self.linear1, self.linear2 = nn.Linear(d, ff, bias=False), nn.Linear(ff, d, bias=False)

    def forward(self, x):
        return self.linear2(torch.relu(self.linear1(x)))


class EncoderLayer(nn.Module):
    """x <- norm(x + SelfAttention(x)); x <- norm(x + FeedForward(x))."""

    def __init__(self, c: TransformerConfig):
        super().__init__()
        self.self_attn, self.ff = MultiHead(c.d_model, c.heads), FeedForward(c.d_model, c.ff)
        self.norm1, self.norm2 = (nn.LayerNorm(c.d_model, bias=False) for _ in range(2))

    def forward(self, x: torch.Tensor):
        a, weights = self.self_attn(x, x)
        x = self.norm1(x + a)
        return self.norm2(x + self.ff(x)), weights


class DecoderLayer(nn.Module):
    """s <- norm(s + MaskedSelfAttention(s)); s <- norm(s + CrossAttention(s, encoder states)); s <- norm(s + FF(s))."""

    def __init__(self, c: TransformerConfig):
        super().__init__()
        self.self_attn, self.cross_attn = MultiHead(c.d_model, c.heads), MultiHead(c.d_model, c.heads)
        self.ff = FeedForward(c.d_model, c.ff)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(c.d_model, bias=False) for _ in range(3))

    def forward(self, s: torch.Tensor, memory: torch.Tensor, masked: bool = True):
        mask = causal_mask(s.shape[-2]) if masked else None  # row t may read positions 0..t only
        a, own = self.self_attn(s, s, mask)
        s = self.norm1(s + a)
        c, cross = self.cross_attn(s, memory)
        s = self.norm2(s + c)
        return self.norm3(s + self.ff(s)), own, cross


@dataclass(frozen=True)
class Trace:
    """One pass with every attention kept: L layers, h heads, T English words, n decoder inputs (<s> y_1 ...)."""

    encoder: list  # L x (B, h, T, T) encoder self-attention weights
    decoder: list  # L x (B, h, n, n) decoder self-attention weights (0 above the diagonal when masked)
    cross: list  # L x (B, h, n, T) cross-attention weights onto the encoder's last states
    memory: torch.Tensor  # (B, T, d) the encoder's last states: the self-attended h_i_new
    logits: torch.Tensor  # (B, n, V)


class Transformer(nn.Module):
    """Embeddings and positions, the encoder's and the decoder's layers, and the word readout."""

    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.config = config
        d = config.d_model
        self.source_embed, self.target_embed = nn.Embedding(len(ENGLISH), d), nn.Embedding(len(TARGET), d)
        for table in (self.source_embed, self.target_embed):  # the paper's scale: times sqrt(d), about as large as
            nn.init.normal_(table.weight, std=d**-0.5)  # the positions, so the order is not drowned by the words
        self.encoder = nn.ModuleList(EncoderLayer(config) for _ in range(config.layers))
        self.decoder = nn.ModuleList(DecoderLayer(config) for _ in range(config.layers))
        self.out = nn.Linear(d, len(TARGET))
        self.register_buffer("positions", sinusoids(MAX_POSITIONS, d).float(), persistent=False)

    def embed(self, table: nn.Embedding, words: torch.Tensor) -> torch.Tensor:
        """Word ids (B, T) -> x (B, T, d): the word's vector times sqrt(d), plus its position's sinusoid."""
        return table(words) * math.sqrt(self.config.d_model) + self.positions[: words.shape[-1]].to(table.weight.dtype)

    def encode(self, source: torch.Tensor):
        """English ids (B, T) -> the last layer's states (B, T, d) and each layer's weights (B, h, T, T)."""
        x, weights = self.embed(self.source_embed, source), []
        for layer in self.encoder:
            x, w = layer(x)
            weights.append(w)
        return x, weights

    def decode(self, target_in: torch.Tensor, memory: torch.Tensor, masked: bool = True):
        """Decoder inputs (B, n) -> logits (B, n, V), each layer's self-attention and cross-attention weights."""
        s, own, cross = self.embed(self.target_embed, target_in), [], []
        for layer in self.decoder:
            s, w, c = layer(s, memory, masked)
            own.append(w)
            cross.append(c)
        return self.out(s), own, cross

    def trace(self, source: torch.Tensor, target_in: torch.Tensor, masked: bool = True) -> Trace:
        """Encode source (B, T), decode target_in (B, n) with teacher forcing, keep every attention's weights."""
        memory, encoder = self.encode(source)
        logits, decoder, cross = self.decode(target_in, memory, masked)
        return Trace(encoder, decoder, cross, memory, logits)

    def forward(self, source: torch.Tensor, target_in: torch.Tensor):
        """Teacher forcing, as the recurrent Translator: logits (B, n, V) and the last layer's cross-attention
        averaged over the heads (B, n, T)."""
        t = self.trace(source, target_in)
        return t.logits, t.cross[-1].mean(1)

    @torch.no_grad()
    def greedy(self, source: torch.Tensor, max_steps: int):
        """Greedy decoding of same-length sentences: target ids (B, steps) and cross-attention (B, steps, T).
        Each step re-reads everything written so far; the causal mask makes earlier rows the same every time."""
        memory, _ = self.encode(source)
        words = torch.full((source.shape[0], 1), TARGET_ID[BOS])
        for _ in range(min(max_steps, MAX_POSITIONS - 1)):
            logits, _, _ = self.decode(words, memory)
            words = torch.cat([words, logits[:, -1].argmax(-1, keepdim=True)], 1)
            if (words[:, 1:] == TARGET_ID[EOS]).any(1).all():
                break
        _, _, cross = self.decode(words[:, :-1], memory)
        return words[:, 1:], cross[-1].mean(1)
