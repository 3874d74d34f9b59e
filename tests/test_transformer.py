"""The Transformer written out stage by stage equals PyTorch's own modules with the same weights (float64, 1e-10),
its masks are exact, and its decoder would read the future without the mask."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from core.attention import causal_mask
from core.transformer import (
    MAX_POSITIONS,
    DecoderLayer,
    EncoderLayer,
    MultiHead,
    Transformer,
    TransformerConfig,
    sinusoids,
)

CONFIG = TransformerConfig(d_model=16, heads=4, layers=2, ff=24)
TOL = 1e-10


def filled(module: nn.Module, seed: int) -> nn.Module:
    """The module in float64 with every parameter drawn anew (LayerNorm's weight too, so it is not all ones)."""
    module = module.double()
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) / p.shape[-1] ** 0.5 + (p.ndim == 1))
    return module


def torch_attention(ours: MultiHead, d: int, heads: int) -> nn.MultiheadAttention:
    """torch's MultiheadAttention with our W_q, W_k, W_v stacked into in_proj_weight, and our W_o."""
    theirs = nn.MultiheadAttention(d, heads, bias=False, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        theirs.in_proj_weight.copy_(torch.cat([ours.W_q.weight, ours.W_k.weight, ours.W_v.weight]))
        theirs.out_proj.weight.copy_(ours.W_o.weight)
    return theirs


def copy_layer(ours, theirs, cross: bool) -> None:
    d, h = CONFIG.d_model, CONFIG.heads
    theirs.self_attn.load_state_dict(torch_attention(ours.self_attn, d, h).state_dict())
    if cross:
        theirs.multihead_attn.load_state_dict(torch_attention(ours.cross_attn, d, h).state_dict())
    with torch.no_grad():
        theirs.linear1.weight.copy_(ours.ff.linear1.weight)
        theirs.linear2.weight.copy_(ours.ff.linear2.weight)
        for k in (1, 2, 3) if cross else (1, 2):
            getattr(theirs, f"norm{k}").weight.copy_(getattr(ours, f"norm{k}").weight)


def inputs(*shape, seed=1):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@pytest.mark.parametrize("masked", [False, True])
def test_one_attention_block_equals_torch_multihead_attention(masked):
    ours = filled(MultiHead(16, 4), seed=3)
    theirs = torch_attention(ours, 16, 4)
    x, memory = inputs(3, 5, 16), inputs(3, 7, 16, seed=2)
    if masked:
        out, w = ours(x, x, causal_mask(5))
        ref, ref_w = theirs(x, x, x, attn_mask=~torch.tensor(causal_mask(5)), average_attn_weights=False)
    else:
        out, w = ours(x, memory)
        ref, ref_w = theirs(x, memory, memory, average_attn_weights=False)
    assert torch.allclose(out, ref, rtol=0, atol=TOL) and torch.allclose(w, ref_w, rtol=0, atol=TOL)


def test_the_encoder_layer_equals_torch_transformer_encoder_layer():
    ours = filled(EncoderLayer(CONFIG), seed=4)
    theirs = nn.TransformerEncoderLayer(16, 4, 24, dropout=0.0, batch_first=True, bias=False, dtype=torch.float64)
    copy_layer(ours, theirs, cross=False)
    x = inputs(2, 6, 16)
    assert torch.allclose(ours(x)[0], theirs(x), rtol=0, atol=TOL)


def test_the_decoder_layer_equals_torch_transformer_decoder_layer():
    ours = filled(DecoderLayer(CONFIG), seed=5)
    theirs = nn.TransformerDecoderLayer(16, 4, 24, dropout=0.0, batch_first=True, bias=False, dtype=torch.float64)
    copy_layer(ours, theirs, cross=True)
    s, memory = inputs(2, 5, 16), inputs(2, 8, 16, seed=6)
    mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    assert torch.allclose(ours(s, memory)[0], theirs(s, memory, tgt_mask=mask), rtol=0, atol=TOL)
    assert torch.allclose(ours(s, memory, masked=False)[0], theirs(s, memory), rtol=0, atol=TOL)


def test_the_whole_model_equals_torch_transformer_with_our_embeddings():
    model = filled(Transformer(CONFIG), seed=7)
    theirs = nn.Transformer(16, 4, 2, 2, 24, dropout=0.0, batch_first=True, bias=False, dtype=torch.float64)
    for ours_layer, their_layer in zip(model.encoder, theirs.encoder.layers, strict=True):
        copy_layer(ours_layer, their_layer, cross=False)
    for ours_layer, their_layer in zip(model.decoder, theirs.decoder.layers, strict=True):
        copy_layer(ours_layer, their_layer, cross=True)
    with torch.no_grad():  # nn.Transformer adds a final norm to each stack; ours (the paper's post-norm) has none
        theirs.encoder.norm, theirs.decoder.norm = nn.Identity(), nn.Identity()
    source, target = torch.tensor([[3, 9, 14, 2]]), torch.tensor([[1, 5, 7, 20, 4]])
    x = model.embed(model.source_embed, source)
    s = model.embed(model.target_embed, target)
    mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    expected = model.out(theirs(x, s, tgt_mask=mask))
    assert torch.allclose(model(source, target)[0], expected, rtol=0, atol=TOL)


def test_the_positions_are_the_papers_sinusoids():
    pe = sinusoids(MAX_POSITIONS, 8)
    for p in (0, 1, 7, MAX_POSITIONS - 1):
        for i in range(4):
            angle = torch.tensor(p / 10000 ** (2 * i / 8), dtype=torch.float64)
            assert abs(pe[p, 2 * i] - torch.sin(angle)) < 1e-12 and abs(pe[p, 2 * i + 1] - torch.cos(angle)) < 1e-12


def test_masked_weights_are_exactly_zero_and_rows_sum_to_one():
    model = filled(Transformer(CONFIG), seed=8)
    trace = model.trace(torch.tensor([[3, 9, 14, 2, 5]]), torch.tensor([[1, 5, 7, 20, 4, 6]]))
    upper = ~torch.tensor(causal_mask(6))
    for weights in trace.decoder:
        assert (weights[..., upper] == 0).all()
    for weights in trace.encoder + trace.decoder + trace.cross:
        assert torch.allclose(weights.sum(-1), torch.ones(weights.shape[:-1], dtype=torch.float64), rtol=0, atol=1e-12)


def test_without_the_mask_the_decoder_puts_weight_on_future_words():
    model = filled(Transformer(CONFIG), seed=9)
    trace = model.trace(torch.tensor([[3, 9, 14, 2, 5]]), torch.tensor([[1, 5, 7, 20, 4, 6]]), masked=False)
    upper = ~torch.tensor(causal_mask(6))
    for weights in trace.decoder:
        assert (weights[..., upper] > 1e-6).all()  # every future word gets some weight


def test_greedy_decoding_reads_only_what_was_written():
    """Row t of the decoder does not change when later words change: greedy's one last pass gives each step's own
    cross-attention, and the logits of a prefix equal those of the whole."""
    model = filled(Transformer(CONFIG), seed=10)
    source, target = torch.tensor([[3, 9, 14, 2, 5]]), torch.tensor([[1, 5, 7, 20, 4, 6]])
    whole, prefix = model(source, target)[0], model(source, target[:, :3])[0]
    assert torch.allclose(whole[:, :3], prefix, rtol=0, atol=1e-12)
