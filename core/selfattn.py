"""Self-attention stage by stage: the words attend to each other, every stage named, for 1 to 4 heads.

X (T, d) are word vectors; each head h has its own W_q, W_k, W_v (d, d_k), and the heads' outputs side by side
(T, heads x d_k) go through W_o back to width d (Vaswani et al. 2017). Here d_k = 8 for any number of heads, so 1
to 4 heads all work on the 32-wide word vectors. Every head's softmax is core.attention's
``scaled_dot``. The projections are either random (seeded: what the layer computes, not learned meaning, see
``projections``) or a trained Transformer encoder layer's own, on what that layer reads (``trained_projections``,
``encoder_input``; core.transformer, d_k = 16 there)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from core.attention import attention, causal_mask
from core.vocab import ids

MAX_TOKENS, MAX_HEADS = 16, 4
HEAD_WIDTH = 8  # d_k
MASKS = ("none", "causal", "padding", "custom")


@dataclass(frozen=True)
class Projections:
    """W_q, W_k, W_v: (heads, d, d_k); W_o: (heads x d_k, d)."""

    W_q: np.ndarray
    W_k: np.ndarray
    W_v: np.ndarray
    W_o: np.ndarray

    @property
    def heads(self) -> int:
        return self.W_q.shape[0]


@dataclass(frozen=True)
class Stages:
    """Each stage of one layer. T tokens, H heads, d_k per head."""

    X: np.ndarray  # (T, d) the input word vectors
    Q: np.ndarray  # (H, T, d_k) Q = X W_q
    K: np.ndarray  # (H, T, d_k)
    V: np.ndarray  # (H, T, d_k)
    scores: np.ndarray  # (H, T, T) Q K^T
    scaled: np.ndarray  # (H, T, T) Q K^T / sqrt(d_k)
    masked: np.ndarray  # (H, T, T) scaled, -inf where the mask forbids
    weights: np.ndarray  # (H, T, T) softmax of each row of masked
    heads_out: np.ndarray  # (H, T, d_k) weights V
    concat: np.ndarray  # (T, H * d_k) [head_1 ... head_H]
    output: np.ndarray  # (T, d) concat W_o
    mask: np.ndarray  # (T, T) bool, True where attending is allowed


def projections(d: int, heads: int, seed: int, d_k: int = HEAD_WIDTH) -> Projections:
    """Random projections (seeded), each scaled by 1/sqrt(its input width) so values keep about the same size."""
    if not isinstance(heads, int) or not 1 <= heads <= MAX_HEADS:
        raise ValueError(f"heads must be a whole number from 1 to {MAX_HEADS}; got {heads!r}")
    g = torch.Generator().manual_seed(seed)

    def draw(*shape):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) / math.sqrt(shape[-2])).numpy()

    return Projections(draw(heads, d, d_k), draw(heads, d, d_k), draw(heads, d, d_k), draw(heads * d_k, d))


def trained_projections(attn) -> Projections:
    """A trained core.transformer.MultiHead as Projections, float64. nn.Linear keeps its weight as (out, in), so
    x W_q is ``x @ W_q.weight.T``; head h's W_q is the h-th block of d_k columns of that (d, d) matrix, the same split
    as MultiHead.split. W_o is ``W_o.weight.T``: concat (T, heads x d_k) times it gives the layer's output."""

    def split(linear) -> np.ndarray:
        W = linear.weight.detach().double().T.numpy()  # (d, heads x d_k)
        return W.reshape(W.shape[0], attn.heads, -1).transpose(1, 0, 2).copy()  # (heads, d, d_k)

    return Projections(split(attn.W_q), split(attn.W_k), split(attn.W_v), attn.W_o.weight.detach().double().T.numpy())


@torch.no_grad()
def encoder_input(model, words, layer: int, T: int | None = None) -> np.ndarray:
    """(T, d) float64: what encoder layer ``layer`` (1-based) of a trained core.transformer.Transformer reads for the
    words: for layer 1 each word's vector times sqrt(d) plus its position's sinusoid (model.embed), for a later layer
    the output of the layer before, run as the trained encoder runs (every word sees every word). Rows from
    len(words) to T are padding: zero vectors, which the words never read (as a padding mask in every layer does).
    Raises ValueError for a word the model does not know or a layer it does not have."""
    if not isinstance(layer, int) or not 1 <= layer <= len(model.encoder):
        raise ValueError(f"this Transformer's encoder has layers 1 to {len(model.encoder)}; got {layer!r}")
    n = len(words)
    T = n if T is None else T
    x = model.embed(model.source_embed, ids(list(words)))  # (1, n, d)
    for block in model.encoder[: layer - 1]:
        x, _ = block(x)
    X = np.zeros((T, x.shape[-1]))
    X[:n] = x[0].double().numpy()
    return X


def padding_mask(T: int, real: int) -> np.ndarray:
    """(T, T): every query may look at the first ``real`` tokens and never at the padding after them."""
    mask = np.zeros((T, T), dtype=bool)
    mask[:, :real] = True
    return mask


def stages(X: np.ndarray, p: Projections, mask: np.ndarray | None = None) -> Stages:
    """Run the layer on X (T, d) and keep every stage. Raises ValueError for a mask row that allows nothing."""
    T, d = X.shape
    if not 1 <= T <= MAX_TOKENS:
        raise ValueError(f"self-attention here takes 1 to {MAX_TOKENS} tokens; got {T}")
    allowed = np.ones((T, T), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    Q, K, V = (np.einsum("td,hdk->htk", X, W) for W in (p.W_q, p.W_k, p.W_v))  # (H, T, d_k) each
    results = [attention(Q[h], K[h], V[h], score="scaled_dot", mask=allowed) for h in range(p.heads)]
    scaled = np.stack([r.scores for r in results])  # core.attention's scaled_dot scores are already / sqrt(d_k)
    heads_out = np.stack([r.context for r in results])  # (H, T, d_k)
    concat = np.concatenate(list(heads_out), axis=1)  # (T, H * d_k)
    return Stages(X, Q, K, V, scaled * math.sqrt(Q.shape[-1]), scaled, np.where(allowed, scaled, -np.inf),
                  np.stack([r.weights for r in results]), heads_out, concat, concat @ p.W_o, allowed)


def mask_for(kind: str, T: int, real: int | None = None, custom: np.ndarray | None = None) -> np.ndarray:
    """The (T, T) mask of each kind the lesson offers."""
    if kind == "none":
        return np.ones((T, T), dtype=bool)
    if kind == "causal":
        return causal_mask(T)
    if kind == "padding":
        return padding_mask(T, T if real is None else real)
    if kind == "custom" and custom is not None and custom.shape == (T, T):
        return custom.astype(bool)
    raise ValueError(f"mask must be one of {', '.join(MASKS)} (custom needs a ({T}, {T}) grid); got {kind!r}")


def distance_gradients(X: np.ndarray, p: Projections, seed: int, radius: float = 0.9) -> dict[str, np.ndarray]:
    """||dy_T/dx_k|| for k = 1..T (Frobenius norm of the Jacobian of the last output by each input vector), for
    a tanh RNN reading X (random W_hh with spectral radius ``radius``, same seed) and for this attention layer."""
    T, d = X.shape
    g = torch.Generator().manual_seed(seed + 1)
    W_xh = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
    W_hh = torch.randn(d, d, generator=g, dtype=torch.float64)
    W_hh = W_hh * radius / torch.linalg.eigvals(W_hh).abs().max()

    def rnn_last(x):
        h = torch.zeros(d, dtype=torch.float64)
        for t in range(T):
            h = torch.tanh(x[t] @ W_xh + h @ W_hh)
        return h

    W = {name: torch.as_tensor(getattr(p, name)) for name in ("W_q", "W_k", "W_v", "W_o")}

    def attention_last(x):
        heads = [attention(x @ W["W_q"][h], x @ W["W_k"][h], x @ W["W_v"][h], score="scaled_dot").context
                 for h in range(p.heads)]
        return (torch.cat(heads, dim=1) @ W["W_o"])[-1]

    x = torch.as_tensor(X, dtype=torch.float64)
    out = {}
    for name, f in (("tanh RNN", rnn_last), ("self-attention", attention_last)):
        jac = torch.autograd.functional.jacobian(f, x)  # (d, T, d)
        out[name] = jac.pow(2).sum(dim=(0, 2)).sqrt().numpy()
    return out
