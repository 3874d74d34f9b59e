"""Our written-out Adam against torch.optim.Adam on the same parameters and gradients."""

import pytest
import torch

from core.optim import Adam


@pytest.mark.parametrize("lr", [0.001, 0.1, 0.3])
def test_adam_matches_torch(lr):
    torch.manual_seed(0)
    ours = [torch.randn(4, 3, dtype=torch.float64, requires_grad=True), torch.randn(5, dtype=torch.float64,
                                                                                    requires_grad=True)]
    theirs = [p.detach().clone().requires_grad_(True) for p in ours]
    start = [p.detach().clone() for p in ours]
    opt_ours, opt_theirs = Adam(ours, lr=lr), torch.optim.Adam(theirs, lr=lr)
    for step in range(25):
        grads = [torch.randn_like(p) * (step + 1) for p in ours]
        for opt, params in ((opt_ours, ours), (opt_theirs, theirs)):
            opt.zero_grad()
            for p, g in zip(params, grads, strict=True):
                p.grad = g.clone()
            opt.step()
    for a, b in zip(ours, theirs, strict=True):
        torch.testing.assert_close(a, b, atol=1e-12, rtol=0)
    assert all(not torch.equal(a.detach(), s) for a, s in zip(ours, start, strict=True))  # they moved
    assert opt_ours.t == 25


def test_adam_skips_parameters_without_gradient():
    p = torch.ones(3, requires_grad=True)
    opt = Adam([p], lr=0.1)
    opt.step()
    assert torch.equal(p.detach(), torch.ones(3))
