"""Adam (Kingma & Ba 2015, Algorithm 1), written out.

Why not ``torch.optim.Adam``: its constructor imports ``torch._dynamo``, which costs ~1.4 s the first time in a
process, and that would be the first learner's wait. The update below follows PyTorch's arithmetic order, so it
matches ``torch.optim.Adam`` (default betas and eps, no weight decay) to rounding error.
"""

from __future__ import annotations

import math

import torch


class Adam:
    r"""m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t,  v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,
    \theta_t = \theta_{t-1} - \frac{\alpha}{1 - \beta_1^t} \, m_t / (\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon)"""

    def __init__(self, params, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        self.params = [p for p in params]
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        bias1, bias2 = 1 - self.beta1**self.t, 1 - self.beta2**self.t
        for p, m, v in zip(self.params, self.m, self.v, strict=True):
            if p.grad is None:
                continue
            g = p.grad
            m.lerp_(g, 1 - self.beta1)  # m = beta1 m + (1 - beta1) g
            v.mul_(self.beta2).addcmul_(g, g, value=1 - self.beta2)
            denom = (v.sqrt() / math.sqrt(bias2)).add_(self.eps)
            p.addcdiv_(m, denom, value=-self.lr / bias1)
