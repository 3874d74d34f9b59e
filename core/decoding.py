"""Everything the translation lesson shows about one sentence: the encoder's states, each decoder step's scores,
weights and context (the lecture notes' five steps, through core.attention), and gradients back to the words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.attention import attention
from core.seq2seq import BOS, EOS, TARGET, TARGET_ID, Translator, ids


@dataclass(frozen=True)
class Decoding:
    """One greedy translation, step by step. T_in English words, T_out steps (the last may be the end mark)."""

    source: list[str]
    words: list[str]  # (T_out,) what each step produced, "</s>" for the end mark
    states: np.ndarray  # (T_in, D) encoder states h_i: the keys and values
    first: np.ndarray  # (D,) s_0, the context vector the decoder starts from
    s: np.ndarray  # (T_out, D) decoder states, the queries
    scores: np.ndarray | None  # (T_out, T_in) score(s_t, h_i); None without attention
    weights: np.ndarray | None  # (T_out, T_in) softmax of each row
    context: np.ndarray | None  # (T_out, D) sum_i weights_ti h_i
    probs: np.ndarray  # (T_out, V) the next-word distribution at each step

    @property
    def korean(self) -> list[str]:
        return [w for w in self.words if w != EOS]


@torch.no_grad()
def decode(model: Translator, words: list[str]) -> Decoding:
    """Greedy decoding one step at a time, every attention call through core.attention.attention."""
    kind = model.config.attention
    states, state = model.encode(ids(words))
    first = (state[0] if isinstance(state, tuple) else state)[0, 0]
    H = states[0]  # (T_in, D)
    word, out, rows = TARGET_ID[BOS], [], []
    for _ in range(len(words) + 3):  # a Korean sentence here is never longer than its English one
        s, state = model.decoder(model.target_embed(torch.tensor([[word]])), state)
        s_t = s[0]  # (1, D)
        if kind == "none":
            result, h_tilde = None, torch.tanh(model.combine(s_t))
        else:
            result = attention(s_t, H, H, score=kind, params=dict(model.score))
            h_tilde = torch.tanh(model.combine(torch.cat([result.context, s_t], dim=-1)))
        probs = torch.softmax(model.out(h_tilde), dim=-1)[0]  # (V,)
        word = int(probs.argmax())
        out.append(TARGET[word])
        rows.append((s_t[0], result, probs))
        if TARGET[word] == EOS:
            break
    def stack(f):
        return None if kind == "none" else np.stack([f(r[1]).numpy() for r in rows])

    return Decoding(list(words), out, H.numpy(), first.numpy(), torch.stack([r[0] for r in rows]).numpy(),
                    stack(lambda r: r.scores[0]), stack(lambda r: r.weights[0]), stack(lambda r: r.context[0]),
                    torch.stack([r[2] for r in rows]).numpy())


@dataclass(frozen=True)
class Saliency:
    """Rows are the target words and then the end mark (T_out = len(target) + 1); columns the English words."""

    gradient: np.ndarray  # (T_out, T_in) ||dL_t / dx_i||
    weights: np.ndarray | None  # (T_out, T_in) the attention weights in the same teacher-forced pass


def saliency(model: Translator, words: list[str], target: list[str]) -> Saliency:
    """||dL_t / dx_i||: how much the loss of target word t changes with English word i's vector, by autograd
    through the whole model with the decoder fed ``target`` (teacher forcing), and the attention weights of that
    same pass."""
    source = ids(words)
    x = model.source_embed(source).detach().requires_grad_(True)  # (1, T_in, E)
    states, first = model.encode(source, embedded=x)
    y = torch.tensor([[TARGET_ID[w] for w in target + [EOS]]])
    y_in = torch.tensor([[TARGET_ID[BOS]] + [TARGET_ID[w] for w in target]])
    s, _ = model.decoder(model.target_embed(y_in), first)
    logits, weights = model.readout(s, states)
    losses = torch.nn.functional.cross_entropy(logits[0], y[0], reduction="none")  # (T_out,)
    rows = [torch.autograd.grad(loss, x, retain_graph=True)[0][0].norm(dim=-1) for loss in losses]
    return Saliency(torch.stack(rows).numpy(), None if weights is None else weights[0].detach().numpy())


def context_saliency(model: Translator, words: list[str]) -> np.ndarray:
    """(T_in,): ||ds_0 / dx_i||, how strongly each English word shapes the single context vector s_0 (the Frobenius
    norm of the Jacobian). Without attention this vector is all the decoder is told about the sentence."""
    x = model.source_embed(ids(words)).detach()[0]  # (T_in, E)

    def first(x_flat):
        _, state = model.encode(None, embedded=x_flat[None])
        return (state[0] if isinstance(state, tuple) else state)[0, 0]

    jacobian = torch.autograd.functional.jacobian(first, x)  # (D, T_in, E)
    return jacobian.pow(2).sum(dim=(0, 2)).sqrt().numpy()
