"""What the translation lesson's Transformer section computes (Vaswani et al. 2017; core/transformer.py): the shipped
Transformer's greedy translation of the learner's sentence, then one teacher-forced pass over (English, <s> y_1..y_n)
with the decoder's causal mask on and one with it off, every attention kept.

One time axis: output step t = 1..n+1 is row t - 1 of every decoder array. At step t the decoder reads the words
written so far, positions 1..t (<s>, y_1..y_{t-1}); its state there is the notes' s_t, and it writes y_t (</s> at
t = n + 1). Positions t+1..n+1 hold words not yet written: the notes' s5 in S4_new = Σ_j ⟨s4, s_j⟩ s_j, which the
mask takes out. Layers are numbered 1..L and heads 1..h, as the page shows them. Torch and NumPy only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.seq2seq import translate
from core.transformer import Transformer
from core.vocab import BOS, TARGET, TARGET_ID, ids


@dataclass(frozen=True)
class TransformerView:
    """L layers, h heads, T English words, n + 1 decoder steps (n Korean words, then </s>)."""

    source: tuple[str, ...]  # (T,) the English words
    inputs: tuple[str, ...]  # (n + 1,) what the decoder reads: <s>, y_1 .. y_n
    written: tuple[str, ...]  # (n + 1,) what it writes at each step, read off the masked pass: y_1 .. y_n, </s>
    encoder: np.ndarray  # (L, h, T, T) encoder self-attention: row i is how h_i_new mixes the English words
    masked: np.ndarray  # (L, h, n + 1, n + 1) decoder self-attention, mask on: exactly 0 above the diagonal
    unmasked: np.ndarray  # (L, h, n + 1, n + 1) the same pass with the mask off in every decoder layer
    cross: np.ndarray  # (L, h, n + 1, T) cross-attention onto the encoder's last states h_i_new
    probs: np.ndarray  # (n + 1, V) softmax of the masked pass's logits: the next word at each step
    unmasked_probs: np.ndarray  # (n + 1, V) the same with the mask off (a pass the model was never trained on)

    @property
    def steps(self) -> int:
        return len(self.inputs)

    @property
    def layers(self) -> int:
        return self.masked.shape[0]

    def check(self, t: int, layer: int) -> None:
        if not 1 <= t <= self.steps:
            raise ValueError(f"the output step t runs from 1 to {self.steps} here; got {t}")
        if not 1 <= layer <= self.layers:
            raise ValueError(f"the decoder has layers 1 to {self.layers}; got {layer}")

    def leaked(self, t: int, layer: int) -> np.ndarray:
        """(h,) each head's weight on the words not yet written (positions t+1..n+1) at step t with the mask off."""
        self.check(t, layer)
        return self.unmasked[layer - 1, :, t - 1, t:].sum(-1)

    def numbers(self, t: int, layer: int) -> dict:
        """What the page says about step t in ``layer``: the word written and its probability, the head that
        leaks most to the future with the mask off and how much (percent), the average leak over the heads, the
        word the unmasked pass would write, and where the leaking head's cross-attention looks most."""
        leak = self.leaked(t, layer)
        head, k = int(np.argmax(leak)), t - 1
        cross = self.cross[layer - 1, head, k]
        top = int(np.argmax(cross))
        return dict(t=t, steps=self.steps, layer=layer, future=self.steps - t, word=self.written[k],
                    p=float(self.probs[k].max()), head=head + 1, leak=100 * float(leak[head]),
                    leak_mean=100 * float(leak.mean()), open_word=TARGET[int(self.unmasked_probs[k].argmax())],
                    open_p=float(self.unmasked_probs[k].max()), cross_word=self.source[top],
                    cross_weight=float(cross[top]))


def _stack(weights: list) -> np.ndarray:
    """L x (1, h, a, b) -> (L, h, a, b) in float64 (the weights themselves, only widened)."""
    return torch.stack([w[0] for w in weights]).double().numpy()


@torch.no_grad()
def transformer_view(model: Transformer, words: list[str]) -> TransformerView:
    """Greedy-decode ``words`` with ``model``, then trace (English, <s> y_1..y_n) with the mask on and off."""
    korean, _ = translate(model, words)
    source = ids(words)  # (1, T)
    target_in = torch.tensor([[TARGET_ID[BOS]] + [TARGET_ID[w] for w in korean]])  # (1, n + 1)
    on = model.trace(source, target_in, masked=True)
    off = model.trace(source, target_in, masked=False)
    probs = torch.softmax(on.logits[0].double(), dim=-1).numpy()  # (n + 1, V)
    return TransformerView(
        source=tuple(words), inputs=(BOS, *korean), written=tuple(TARGET[int(k)] for k in probs.argmax(-1)),
        encoder=_stack(on.encoder), masked=_stack(on.decoder), unmasked=_stack(off.decoder), cross=_stack(on.cross),
        probs=probs, unmasked_probs=torch.softmax(off.logits[0].double(), dim=-1).numpy())
