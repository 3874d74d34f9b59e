"""Training curves. The words are in viz/text/training.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import OKABE_ITO, axis, figure, layout, log_axis
from viz.words import words


def loss_curve(losses: np.ndarray, accuracies: np.ndarray, solved_at: int | None, caption: str,
               lang: str) -> go.Figure:
    """Summed cross-entropy per training step (log axis) and next-character accuracy (right axis)."""
    W = words("training", lang)
    steps = np.arange(1, len(losses) + 1)
    data = [dict(type="scatter", x=steps, y=losses, name=W["loss_name"], line=dict(color=OKABE_ITO[0])),
            dict(type="scatter", x=steps, y=100 * accuracies, name=W["accuracy_name"], yaxis="y2",
                 line=dict(color=OKABE_ITO[1], dash="dot"))]
    marks = {}
    if solved_at is not None:
        marks = dict(shapes=[dict(type="line", x0=solved_at, x1=solved_at, y0=0, y1=1, yref="paper",
                                  line=dict(color=OKABE_ITO[2], dash="dash"))],
                     annotations=[dict(x=solved_at, y=1, yref="paper", text=W["solved"].format(step=solved_at),
                                       showarrow=False, xanchor="left", yanchor="top")])
    return figure(data=data, layout=layout(
        W["title"], caption,
        xaxis=axis(W["x"]),
        yaxis=log_axis(W["loss_y"], losses),
        yaxis2=axis(W["accuracy_y"], overlaying="y", side="right", range=[-5, 105], tickvals=[0, 25, 50, 75, 100],
                    showgrid=False),
        **marks))
