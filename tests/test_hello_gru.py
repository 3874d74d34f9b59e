"""The GRU read two ways in "Hello, RNN" (issue 16): lecture note 001's update gate is PyTorch's read from the other
end, z_notes = 1 - z, checked against torch.nn.GRU and the notes' update written out (float64)."""

import numpy as np
import torch

from core.charlm import HelloConfig
from lessons.hello.study import study
from lessons.hello.study_gru import readings


def test_the_notes_z_is_one_minus_pytorchs_and_gives_the_same_model():
    """torch.nn.GRU with the trained weights against the notes' update, z_notes = σ(-(W_iz x + b_iz + W_hz h + b_hz))
    = 1 - z, h_t = (1 - z_notes) h_(t-1) + z_notes n_t, written out here."""
    s = study(HelloConfig(text="hello world", cell="gru", hidden_size=4, steps=60))
    g = readings(s.analysis)
    np.testing.assert_array_equal(g.z_notes, 1 - g.z)
    assert g.gap < 1e-14
    model, x = s.result.model(), s.result.task.one_hot()
    reference = torch.nn.GRU(x.shape[1], 4).double()
    reference.load_state_dict(model.cell.state_dict())
    with torch.no_grad():
        torch_h = reference(x[:, None])[0][:, 0].numpy()
    W_ir, W_iz, W_in = model.cell.weight_ih_l0.detach().chunk(3)
    W_hr, W_hz, W_hn = model.cell.weight_hh_l0.detach().chunk(3)
    b_ir, b_iz, b_in = model.cell.bias_ih_l0.detach().chunk(3)
    b_hr, b_hz, b_hn = model.cell.bias_hh_l0.detach().chunk(3)
    h, notes = torch.zeros(4, dtype=torch.float64), []
    for x_t in x:
        z_notes = torch.sigmoid(-(W_iz @ x_t + b_iz + W_hz @ h + b_hz))  # the share of the NEW state
        r = torch.sigmoid(W_ir @ x_t + b_ir + W_hr @ h + b_hr)
        n = torch.tanh(W_in @ x_t + b_in + r * (W_hn @ h + b_hn))
        h = (1 - z_notes) * h + z_notes * n
        notes.append(h.numpy())
    np.testing.assert_allclose(np.array(notes), torch_h, rtol=0, atol=1e-13)
    np.testing.assert_allclose(g.notes_h, torch_h, rtol=0, atol=1e-13)
    t, unit = g.example
    assert 2 <= t <= s.result.task.T and 1 <= unit <= 4
    assert abs(g.z[t - 1, unit - 1] - 0.5) == np.abs(g.z[1:] - 0.5).min()
