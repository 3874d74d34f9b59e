"""Vanishing lesson, the notes' example (note 004): dh_3/dh_1 of a one-unit RNN with W_hh = 3, written out factor
by factor with its numbers, then the same product as T grows to 50; and the note's "tanh values are multiplied"
against the derivatives the chain rule multiplies. A fragment: its own sliders rerun only this."""

import math

import streamlit as st

from lessons.vanishing.study_notes import GROWN, MAX_STEPS, NOTES_W, Example, ExampleConfig, example
from ui.callout import notes_say
from ui.latex import latex
from ui.store import shared
from viz.chain_product import chain_products

WRITTEN = 4  # factor pairs written out in full; more are shortened with \cdots (the first two and the last two)
FORWARD = r"h_0 = 0, \qquad a_t = W_{hh}\, h_{t-1} + u, \qquad h_t = \tanh(a_t), \qquad \tanh'(a_t) = 1 - h_t^2"


@shared(64)
def worked(config: ExampleConfig) -> Example:
    return example(config)


@shared(96)
def product_chart(config: ExampleConfig, T: int, caption: str, lang: str):
    e = worked(config)
    parts = {"gradient": e.gradient, "weight_part": e.weight_part, "slope_part": e.slope_part,
             "value_part": e.value_part}
    return chain_products(parts, T, GROWN, caption, lang)


def tex(v: float) -> str:
    """A number for LaTeX: three significant digits, powers of ten written out when it is very small or large."""
    if v == 0 or not math.isfinite(v) or 1e-3 <= abs(v) < 1e4:
        return f"{v:.3g}"
    exponent = math.floor(math.log10(abs(v)))
    return rf"{v / 10**exponent:.3g} \times 10^{{{exponent}}}"


def chain_lines(e: Example, T: int) -> list[str]:
    """The chain rule for dh_T/dh_1: the symbols, then every factor's number (the first two and last two pairs
    when there are more than WRITTEN), then the two parts."""
    w = f"{e.config.w_hh:g}"
    pairs = e.factors(T)  # (t, tanh'(a_t)) for t = T .. 2
    groups = [pairs] if len(pairs) <= WRITTEN else [pairs[:2], pairs[-2:]]  # written as "a · b ⋯ c · d"

    def written(term) -> str:
        return r" \cdots ".join(r" \cdot ".join(term(t, slope) for t, slope in group) for group in groups)

    symbols = written(lambda t, _: rf"\tanh'(a_{{{t}}}) \cdot W_{{hh}}")
    numbers = written(lambda _, slope: rf"{tex(slope)} \cdot {w}")
    g, slopes, power = e.gradient[T - 1], e.slope_part[T - 1], e.weight_part[T - 1]
    return [rf"\frac{{\partial h_{{{T}}}}}{{\partial h_1}} = {symbols}",
            rf"= {numbers} = {tex(g)}",
            rf"= \Big(\prod_{{t=2}}^{{{T}}} \tanh'(a_t)\Big) \cdot W_{{hh}}^{{{T - 1}}}"
            rf" = {tex(slopes)} \cdot {tex(power)} = {tex(g)}"]


def back_to_notes() -> None:
    """The reset button: the notes' W_hh = 3, our u = 0.1, the notes' T = 3."""
    st.session_state.update(ex_w=NOTES_W, ex_u=ExampleConfig.drive, ex_T=3)


def controls(S: dict) -> tuple[ExampleConfig, int]:
    a, b, c = st.columns(3)
    w = a.slider(S["example_w"], -5.0, 5.0, NOTES_W, step=0.1, key="ex_w", bind="query-params",
                 help=S["example_w_help"])
    u = b.slider(S["example_u"], -2.0, 2.0, ExampleConfig.drive, step=0.05, key="ex_u", bind="query-params",
                 help=S["example_u_help"])
    T = c.slider(S["example_T"], 2, MAX_STEPS, 3, key="ex_T", bind="query-params")
    st.button(S["example_reset"], key="ex_reset", on_click=back_to_notes, icon=":material/restart_alt:")
    return ExampleConfig(w_hh=float(w), drive=float(u)), int(T)


@st.fragment
def example_section(S: dict, lang: str) -> None:
    st.subheader(S["example_heading"], anchor="notes-example")
    st.caption(S["example_intro"])
    config, T = controls(S)
    e = worked(config)
    latex(FORWARD)
    for line in chain_lines(e, T):
        latex(line)
    first, last = e.slope[1] * config.w_hh, e.slope[T - 1] * config.w_hh
    st.markdown(S["example_factor"].format(first=f"{first:.3g}", last=f"{last:.3g}", T=T))
    for column, t in zip(st.columns(len(GROWN)), GROWN, strict=True):
        column.metric(S["example_metric"].format(T=t), f"{e.gradient[t - 1]:.3g}")
    caption = S["example_caption"].format(w=config.w_hh, u=config.drive)
    st.plotly_chart(product_chart(config, T, caption, lang), key="example_chart")
    values, slopes = float(e.value_part[T - 1]), float(e.slope_part[T - 1])
    notes_say("004", S["tanh_said"], S["tanh_measured"].format(
        T=T, values=f"{values:.3g}", slopes=f"{slopes:.3g}", power=f"{e.weight_part[T - 1]:.3g}",
        gradient=f"{e.gradient[T - 1]:.3g}", h=f"{e.h[T - 1]:.3f}", slope=f"{e.slope[T - 1]:.3g}"), lang)
