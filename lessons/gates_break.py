"""Gates lesson, sections 5-6: pin the LSTM's gates and watch it fail; the GRU's three ways of being written."""

import streamlit as st

from core.gates import Broken, GatesConfig, GatesStudy, accuracy, break_gates, predicted_text
from core.gru_forms import Placements, compare
from ui.store import cached_chart
from viz.breaks import BROKEN, LEARNED, cell_gradients, placement_gaps, prediction_bars
from viz.gates import gate_panels


@st.cache_resource(max_entries=48, show_spinner=False)
def cached_break(config: GatesConfig, pins: tuple, _s: GatesStudy) -> Broken:
    return break_gates(_s, pins)  # _s is the study trained for this config (not hashed: the config names it)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_forms(config: GatesConfig, _s: GatesStudy) -> Placements:
    return compare(_s.model("gru"), _s.task)


def _pins(S: dict) -> tuple[tuple[str, float], ...]:
    choices = {S["f_free"]: None, S["f_one"]: 1.0, S["f_zero"]: 0.0}
    a, b, c = st.columns([2, 1, 1])
    f = choices[a.radio(S["pin_f"], list(choices), key="pin_f", bind="query-params", horizontal=True)]
    pins = [] if f is None else [("f", f)]
    if b.toggle(S["pin_i"], key="pin_i", bind="query-params"):
        pins.append(("i", 0.0))
    if c.toggle(S["pin_o"], key="pin_o", bind="query-params"):
        pins.append(("o", 1.0))
    return tuple(pins)


@st.fragment
def break_view(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["break_heading"])
    st.markdown(S["break_intro"])
    pins = _pins(S)
    learned = cached_break(s.config, (), s)
    broken = cached_break(s.config, pins, s)
    task = s.task
    label = ", ".join(f"{name} = {value:g}" for name, value in pins)
    runs = [(S["as_trained"], learned, LEARNED)] + ([(label, broken, BROKEN)] if pins else [])
    for column, (name, run, _) in zip(st.columns(len(runs)), runs, strict=True):
        column.metric(S["break_accuracy"].format(what=name), f"{100 * accuracy(run.analysis, task):.0f} %")
    st.markdown(S["break_texts"])
    lines = [f"{S['text_due']:<12}{task.text[1:]}"] + [f"{name:<12}{predicted_text(run.analysis, task)}"
                                                     for name, run, _ in runs]
    st.code("\n".join(lines), language=None)
    if not pins:
        st.info(S["break_pick"], icon=":material/touch_app:")
    chars = [task.vocab[i] for i in task.inputs]
    c_max = max(1.0, *(float(abs(run.analysis.c).max()) for _, run, _ in runs))
    panels = [(f"c, {name}", run.analysis.c[1:], "cell") for name, run, _ in runs]
    panels += [(f"h, {name}", run.analysis.h[1:], "signed") for name, run, _ in runs]
    key = (s.config, pins, label, caption)  # everything the three charts below show
    st.plotly_chart(cached_chart(("break_states", *key), lambda: gate_panels(panels, chars, None, S["break_states"],
                                                                             caption, c_max)), key="break_states")
    targets = list(task.targets)
    p_right = [run.analysis.probs[range(task.T), targets] for _, run, _ in runs]
    st.plotly_chart(cached_chart(("break_predictions", *key), lambda: prediction_bars(
        p_right, [(name, colour) for name, _, colour in runs], chars, [task.vocab[i] for i in targets], caption)),
        key="break_predictions")
    series = [(f"{name}: {path}", values, colour, dash) for name, run, colour in runs
              for path, values, dash in ((S["all_paths"], run.gradient, "solid"), (S["highway"], run.highway, "dot"))]
    st.plotly_chart(cached_chart(("break_gradient", *key), lambda: cell_gradients(series, task.T, caption)),
                    key="break_gradient")
    st.caption(S["break_gradient_note"])


def gru_forms_section(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["forms_heading"])
    st.markdown(S["forms_intro"])
    for column, key in zip(st.columns(3), ("form_after", "form_before", "form_notes"), strict=True):
        with column:
            st.markdown(f"**{S[key + '_title']}**")
            st.latex(S[key])
            st.caption(S[key + "_source"])
    p = cached_forms(s.config, s)
    chars = [s.task.vocab[i] for i in s.task.inputs]
    st.plotly_chart(cached_chart(("forms", s.config, caption), lambda: placement_gaps(p.step_gap, p.run_gap, chars,
                                                                                      caption)), key="forms_gaps")
    st.markdown(S["forms_numbers"].format(step=float(p.step_gap.max()), run=float(p.run_gap.max()),
                                          after=100 * p.accuracy_after, before=100 * p.accuracy_before,
                                          z=p.z_mean, notes_z=1 - p.z_mean))
