"""Vanishing lesson, section 3: walk the backward pass one step at a time (a fragment: the cell and the step
rerun only this)."""

import numpy as np
import streamlit as st

from core.recurrent import KIND, LABELS
from lessons.vanishing.study import FlowStudy
from ui.player import frames, player
from ui.store import shared
from ui.widgets import step_slider
from viz.backward import forget_product, jacobian, singular_values
from viz.labels import VISIBLE
from viz.vanishing import chain_levels, fading_chain

STEP_CHARTS = 96  # per chart: a few studies' worth of steps
JACOBIANS = 48  # the LSTM's at H = 128 is 256 x 256: ~1 MB with its JSON


@shared(STEP_CHARTS)
def chain_chart(s: FlowStudy, k: int, caption: str, lang: str):
    return fading_chain({kind: flow.norms for kind, flow in s.cells.items()}, s.labels, k, caption, lang)


@shared(JACOBIANS)
def jacobian_chart(s: FlowStudy, kind: str, k: int, caption: str, lang: str):
    """J_k = ds_{k+1}/ds_k, row k - 1 of the one-step Jacobians."""
    return jacobian(s.cells[kind].jacobian(s.x, k - 1), k, kind, caption, lang)


@shared(STEP_CHARTS)
def singular_chart(s: FlowStudy, kind: str, k: int, caption: str, lang: str):
    return singular_values(s.cells[kind].singular[k - 1], kind, k, caption, lang)


@shared(STEP_CHARTS)
def forget_chart(s: FlowStudy, k: int, caption: str, lang: str):
    return forget_product(s.cells["lstm"].forget_product[k - 1], k, caption, lang)


def size(value: float, underflow: str, overflow: str, digits: str = ".1e") -> str:
    """A number for a caption: 0 and inf (or NaN) say what they are, the dtype's range was left."""
    if value == 0:
        return underflow
    return format(value, digits) if np.isfinite(value) else overflow


@shared(STEP_CHARTS)
def player_frames(s: FlowStudy, kind: str, reading: str, grid: str, bars: str, underflow: str,
                  overflow: str) -> dict:
    """The walk played backward, for the player (ui/player.py): player step i is k = T - i, i = 1..T-1 (the slider's
    range; J_k = ds_{k+1}/ds_k). The grid is every cell's log10 ||ds_T/ds_k|| as the fading chain shades it (k = 1..T,
    its colour range), the bars each cell's sigma_1(J_k), the largest singular value the walk's chart draws; the bar
    of ``kind``, the cell the charts below show, is marked."""
    T, kinds = s.T, list(s.cells)
    cells = [LABELS[name] for name in kinds]
    levels, lo, hi = chain_levels({name: flow.norms for name, flow in s.cells.items()})
    names = [f"{k}·{VISIBLE.get(ch, ch)}" if s.config.source == "text" else str(k) for k, ch in enumerate(s.labels, 1)]
    ks = list(range(T - 1, 0, -1))  # the walk: k = T-1, T-2, ..., 1
    norms = np.array([[s.cells[name].norms[k - 1] for name in kinds] for k in ks])  # (T-1, cells)
    sigma = np.array([[s.cells[name].singular[k - 1, 0] for name in kinds] for k in ks])  # (T-1, cells)
    finite = sigma[np.isfinite(sigma)]  # a Jacobian that overflowed has no singular values (NaN): shown as missing
    top = max(1.0, float(finite.max())) if finite.size else 1.0

    def listed(values, digits: str, zero: str) -> str:
        return " · ".join(f"{cell} {size(v, zero, overflow, digits)}" for cell, v in zip(cells, values, strict=True))

    captions = [reading.format(k=k, n=T - k, norms=listed(n, ".1e", underflow), sigmas=listed(v, ".3f", "0"))
                for k, n, v in zip(ks, norms, sigma, strict=True)]
    return frames(tape=[names[k - 1] for k in ks], grid_rows=cells, grid_columns=names,
                  grid_values=[levels[name] for name in kinds], grid_range=(lo, hi),
                  grid_title=grid.format(lo=10.0 ** lo, hi=10.0 ** hi), bar_labels=cells, bar_values=sigma,
                  marked=[kinds.index(kind)] * len(ks),
                  bar_titles=[bars.format(k=k, next=k + 1, cell=LABELS[kind]) for k in ks], captions=captions,
                  grid_scale="magnitude", grid_at=[k - 1 for k in ks], bar_range=(0.0, top), bar_rule=1.0, slider=ks)


@st.fragment
def walk_view(s: FlowStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["walk_heading"])
    st.caption(S["walk_intro"])
    a, b = st.columns([1, 3])
    kind = KIND[a.radio(S["walk_cell"], list(KIND), key="walk_cell", bind="query-params",
                        horizontal=True)]  # the name is also the address value: ?walk_cell=LSTM
    with b:
        k = step_slider(S["walk_k"], "k", s.T - 1, s.T - 1)  # 1-based: J_k = ds_{k+1}/ds_k
    flow = s.cells[kind]
    if s.T >= 3:  # two steps or more to walk
        st.markdown(S["player_intro"])
        player(player_frames(s, kind, S["player_reading"], S["player_grid"], S["player_bars"], S["player_underflow"],
                             S["player_overflow"]), k, key="k_player", slider_key="k")
    st.plotly_chart(chain_chart(s, k, caption, lang), key="chain")
    value = flow.norms[k - 1]
    n = s.T - k
    st.markdown(S["walk_running_one" if n == 1 else "walk_running"].format(k=k, value=f"{value:.3e}", n=n))
    sv = flow.singular[k - 1]
    st.caption(S["walk_sv"].format(lo=np.nanmin(sv), hi=np.nanmax(sv), below=int((sv < 1).sum()), S=sv.size))
    left, right = st.columns(2)
    left.plotly_chart(jacobian_chart(s, kind, k, caption, lang), key="jacobian")
    right.plotly_chart(singular_chart(s, kind, k, caption, lang), key="singular")
    if flow.forget_product is not None:
        product = flow.forget_product[k - 1]
        st.markdown(S["walk_forget"].format(median=float(np.median(product)), best=float(product.max())))
        st.plotly_chart(forget_chart(s, k, caption, lang), key="forget_chart")
