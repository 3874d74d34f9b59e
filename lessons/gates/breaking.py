"""Gates lesson, section 5: pin the LSTM's gates and watch it fail (a fragment: the pins rerun only this)."""

import streamlit as st

from lessons.gates.study import GatesStudy, accuracy, predicted_text
from lessons.gates.study_break import Broken, break_gates
from ui.choices import choice, legacy
from ui.safe import code
from ui.store import shared
from ui.strings import strings
from viz.breaks import BROKEN, LEARNED, cell_gradients, prediction_bars
from viz.gates import gate_panels

Pins = tuple[tuple[str, float], ...]  # e.g. (("f", 1.0), ("i", 0.0)); () is the model as trained
PIN_F = {"free": None, "one": 1.0, "zero": 0.0}  # the forget gate's choices; the key is the address's ?pin_f=zero


@shared(48)
def broken(s: GatesStudy, pins: Pins) -> Broken:
    """The trained LSTM rerun with ``pins`` (the question asks about one of these too)."""
    return break_gates(s, pins)


def label(pins: Pins) -> str:
    return ", ".join(f"{name} = {value:g}" for name, value in pins)


def aligned(rows: list[tuple[str, str]]) -> str:
    """(name, text) rows as Markdown lines: the text as a code span (monospace, spaces shown as ␣), then the name.
    The texts, all as long as the task, line up character under character whatever the names are (Hangul is wider
    than a monospace column, by a different amount per font). Code spans, not st.code: st.code loads Streamlit's
    syntax highlighter, 1.5 MB of script at first paint to colour nothing (issue 19)."""
    return "  \n".join(f"{code(text)} {name}" for name, text in rows)


def runs(s: GatesStudy, pins: Pins, as_trained: str) -> list[tuple[str, Broken, str]]:
    """(name, run, colour): the model as trained, and with ``pins`` if there are any."""
    return [(as_trained, broken(s, ()), LEARNED)] + ([(label(pins), broken(s, pins), BROKEN)] if pins else [])


@shared(48)
def states_chart(s: GatesStudy, pins: Pins, as_trained: str, names: tuple[str, str], title: str, caption: str,
                 lang: str):
    """names: how a panel of c and one of h is named, each with a {run} to fill (e.g. "c, {run}")."""
    shown = runs(s, pins, as_trained)
    c_max = max(1.0, *(float(abs(run.analysis.c).max()) for _, run, _ in shown))
    panels = [(names[0].format(run=name), run.analysis.c, "cell") for name, run, _ in shown]
    panels += [(names[1].format(run=name), run.analysis.h, "signed") for name, run, _ in shown]
    return gate_panels(panels, s.chars, None, title, caption, c_max, lang=lang)


@shared(48)
def predictions_chart(s: GatesStudy, pins: Pins, as_trained: str, caption: str, lang: str):
    task, shown = s.task, runs(s, pins, as_trained)
    targets = list(task.targets)
    p_right = [run.analysis.probs[range(task.T), targets] for _, run, _ in shown]
    return prediction_bars(p_right, [(name, colour) for name, _, colour in shown], s.chars,
                           [task.vocab[i] for i in targets], caption, lang=lang)


@shared(48)
def gradient_chart(s: GatesStudy, pins: Pins, as_trained: str, paths: tuple[str, str], caption: str, lang: str):
    """paths: the names of the two measures, (every path, the forget-gate highway alone)."""
    series = [(f"{name}: {path}", values, colour, dash) for name, run, colour in runs(s, pins, as_trained)
              for path, values, dash in ((paths[0], run.gradient, "solid"), (paths[1], run.highway, "dot"))]
    return cell_gradients(series, s.task.T, caption, lang=lang)


def pin_labels(texts: dict) -> dict[str, str]:
    """key -> the forget gate's option label, in the language of ``texts`` (a strings table)."""
    return {key: texts[f"f_{key}"] for key in PIN_F}


def pin_widgets(S: dict) -> Pins:
    a, b, c = st.columns([2, 1, 1])
    f = PIN_F[choice(a.radio, S["pin_f"], pin_labels(S), "pin_f", aliases=legacy(pin_labels(strings("gates", "en"))),
                     horizontal=True)]
    pins = [] if f is None else [("f", f)]
    if b.toggle(S["pin_i"], key="pin_i", bind="query-params"):
        pins.append(("i", 0.0))
    if c.toggle(S["pin_o"], key="pin_o", bind="query-params"):
        pins.append(("o", 1.0))
    return tuple(pins)


@st.fragment
def break_view(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["break_heading"])
    st.markdown(S["break_intro"])
    pins = pin_widgets(S)
    task, shown = s.task, runs(s, pins, S["as_trained"])
    for column, (name, run, _) in zip(st.columns(len(shown)), shown, strict=True):
        column.metric(S["break_accuracy"].format(what=name), f"{100 * accuracy(run.analysis, task):.0f} %")
    st.markdown(S["break_texts"])
    rows = [(S["text_due"], task.text[1:])] + [(name, predicted_text(run.analysis, task)) for name, run, _ in shown]
    st.markdown(aligned(rows))
    if not pins:
        st.info(S["break_pick"], icon=":material/touch_app:")
    names = (S["break_c"], S["break_h"])
    st.plotly_chart(states_chart(s, pins, S["as_trained"], names, S["break_states"], caption, lang),
                    key="break_states")
    st.plotly_chart(predictions_chart(s, pins, S["as_trained"], caption, lang), key="break_predictions")
    paths = (S["all_paths"], S["highway"])
    st.plotly_chart(gradient_chart(s, pins, S["as_trained"], paths, caption, lang), key="break_gradient")
    st.caption(S["break_gradient_note"])
