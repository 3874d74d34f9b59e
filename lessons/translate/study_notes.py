"""Note 001's context vector C₄ = ⟨S₄,h₁⟩h₁ + ⟨S₄,h₂⟩h₂ + ⟨S₄,h₃⟩h₃ beside the model's c_t, at every decoder step.

The note's five steps put a softmax between the scores and the sum ("the scores sum to 1"), but its formula for C₄
weights each encoder state by the raw inner product. Here both are computed from the same decoder states s_t and
encoder states h_i of a dot-attention translator's greedy decoding: the raw inner products, their softmax, the
note's vector sum_i <s_t, h_i> h_i and the model's c_t = sum_i softmax_i h_i, and the word the model's own readout
would write from each (softmax(W_o tanh(W_c [context; s_t]))). Torch and NumPy only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.decoding import Decoding
from core.seq2seq import TARGET, Translator


@dataclass(frozen=True)
class NotesContext:
    """T_out decoder steps, T_in English words, D units per state. Row t - 1 is about decoder step t."""

    inner: np.ndarray  # (T_out, T_in) <s_t, h_i>, the note's weights
    weights: np.ndarray  # (T_out, T_in) softmax of each row: the model's weights
    notes: np.ndarray  # (T_out, D) sum_i <s_t, h_i> h_i, the note's C_t
    context: np.ndarray  # (T_out, D) sum_i softmax_i h_i, the model's c_t
    notes_word: tuple[str, ...]  # (T_out,) the word the readout writes from the note's C_t
    notes_p: np.ndarray  # (T_out,) its probability
    model_word: tuple[str, ...]  # (T_out,) the word the readout writes from c_t (the greedy decoding's own)
    model_p: np.ndarray  # (T_out,)

    def numbers(self, t: int) -> dict:
        """What the page says about step t (1-based): the raw inner products' sum and range, the weights' sum, the
        two vectors' lengths and largest units, and how many steps of the sentence the note's vector gets right."""
        k = t - 1
        inner, notes, context = self.inner[k], self.notes[k], self.context[k]
        top = int(np.argmax(inner))
        return dict(t=t, inner_sum=float(inner.sum()), inner_min=float(inner.min()), inner_max=float(inner.max()),
                    negative=int((inner < 0).sum()), n=len(inner), weight_sum=float(self.weights[k].sum()),
                    top=top, top_weight=float(self.weights[k, top]),
                    notes_norm=float(np.linalg.norm(notes)), context_norm=float(np.linalg.norm(context)),
                    ratio=float(np.linalg.norm(notes) / np.linalg.norm(context)),
                    notes_peak=float(np.abs(notes).max()), context_peak=float(np.abs(context).max()),
                    notes_word=self.notes_word[k], notes_p=float(self.notes_p[k]),
                    model_word=self.model_word[k], model_p=float(self.model_p[k]),
                    same=sum(a == b for a, b in zip(self.notes_word, self.model_word, strict=True)),
                    steps=len(self.notes_word))


@torch.no_grad()
def readout(model: Translator, context: np.ndarray, s: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """The word the translator's readout writes from each (context, s_t) row, and its probability."""
    c = torch.as_tensor(context, dtype=torch.float32)  # (T_out, D)
    q = torch.as_tensor(s, dtype=torch.float32)  # (T_out, D)
    probs = torch.softmax(model.out(torch.tanh(model.combine(torch.cat([c, q], dim=-1)))), dim=-1)  # (T_out, V)
    p, ids = probs.max(dim=-1)
    return tuple(TARGET[int(i)] for i in ids), p.numpy()


def notes_context(model: Translator, d: Decoding) -> NotesContext:
    """The note's C_t and the model's c_t at every step of ``d``, a decoding by ``model`` (dot attention only: the
    note's score is the inner product)."""
    if model.config.attention != "dot":
        raise ValueError(f"note 001's C_4 = sum <S_4, h_i> h_i is dot attention; this model uses "
                         f"{model.config.attention!r}")
    H = d.states.astype(np.float64)  # (T_in, D) the encoder states h_i
    s = d.s.astype(np.float64)  # (T_out, D) the decoder states s_t
    inner = s @ H.T  # (T_out, T_in) <s_t, h_i>
    weights = np.exp(inner - inner.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    notes, context = inner @ H, weights @ H  # (T_out, D) each
    notes_word, notes_p = readout(model, notes, s)
    model_word, model_p = readout(model, context, s)
    return NotesContext(inner, weights, notes, context, notes_word, notes_p, model_word, model_p)
