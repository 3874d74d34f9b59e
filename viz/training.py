"""Training curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import OKABE_ITO, base_layout, log_ticks


def loss_curve(losses: np.ndarray, accuracies: np.ndarray, solved_at: int | None, caption: str) -> go.Figure:
    """Summed cross-entropy per training step (log axis) and next-character accuracy (right axis)."""
    steps = np.arange(1, len(losses) + 1)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=steps, y=losses, name="loss L = Σ L_t (nats)", line=dict(color=OKABE_ITO[0])))
    fig.add_trace(go.Scatter(x=steps, y=100 * accuracies, name="accuracy (%)", line=dict(color=OKABE_ITO[1],
                                                                                         dash="dot")),
                  secondary_y=True)
    if solved_at is not None:
        fig.add_vline(x=solved_at, line=dict(color=OKABE_ITO[2], dash="dash"),
                      annotation_text=f"100 % at step {solved_at}", annotation_position="top right")
    fig.update_xaxes(title_text="training step")
    tickvals, ticktext = log_ticks(losses)
    fig.update_yaxes(title_text="loss (nats, log scale)", type="log", tickvals=tickvals, ticktext=ticktext,
                     secondary_y=False)
    fig.update_yaxes(title_text="accuracy (%)", range=[-5, 105], tickvals=[0, 25, 50, 75, 100], secondary_y=True,
                     showgrid=False)
    return base_layout(fig, "Training: loss and accuracy", caption=caption)
