"""Shared chart styling: one place for fonts, margins and colour choices."""

from __future__ import annotations

import plotly.graph_objects as go

# Colour-blind-safe: Okabe & Ito (2008) for categories, viridis for magnitudes, RdBu for signed values.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
DIVERGING = "RdBu_r"
MAGNITUDE = "Viridis"
FONT = "Inter, Noto Sans CJK KR, Noto Color Emoji, sans-serif"


def base_layout(fig: go.Figure, title: str, height: int = 320, caption: str | None = None) -> go.Figure:
    """Title (with the caption saying what computed the chart), margins and font."""
    text = title if caption is None else f"{title}<br><sup>{caption}</sup>"
    fig.update_layout(
        title=dict(text=text, x=0, xanchor="left", font=dict(size=15)),
        height=height,
        margin=dict(l=60, r=20, t=70 if caption else 48, b=50),
        font=dict(family=FONT, size=13),
        template="plotly_white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
    )
    return fig
