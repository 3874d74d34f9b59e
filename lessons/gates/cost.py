"""Gates lesson, section 7: what memory costs, in parameters and in time per step."""

import streamlit as st

from lessons.gates.study import GatesStudy
from lessons.gates.study_cost import keras_lstm_params, param_counts, speed_verdict, time_per_step
from ui.callout import notes_say
from ui.store import shared
from viz.memory import param_bars, step_times

WORKING = dict(input_size=256, hidden_size=256, steps=32, repeats=10, batch=64)  # where arithmetic dominates


@shared(16)
def times(input_size: int, hidden_size: int, steps: int = 64, repeats: int = 30, batch: int = 1) -> dict[str, float]:
    """Measured once per server and size: every learner sees the same timings."""
    return time_per_step(input_size, hidden_size, steps=steps, repeats=repeats, batch=batch)


@shared(32)
def params_chart(input_size: int, hidden_size: int, caption: str, lang: str):
    return param_bars(param_counts(input_size, hidden_size), caption, lang=lang)


@shared(32)
def times_chart(input_size: int, hidden_size: int, title: str, caption: str, lang: str):
    return step_times(times(input_size, hidden_size), title, caption, lang=lang)


@shared(4)
def working_times_chart(title: str, caption: str, lang: str):
    return step_times(times(**WORKING), title, caption, lang=lang)


def cost_section(s: GatesStudy, S: dict, lang: str) -> None:
    st.subheader(S["cost_heading"], anchor="cost")  # /gates#cost
    st.markdown(S["cost_intro"])
    I, H = s.task.V, s.config.hidden_size
    caption = S["cost_caption"].format(I=I, H=H)
    counts = param_counts(I, H)
    a, b = st.columns(2)
    a.plotly_chart(params_chart(I, H, caption, lang), key="cost_params")
    b.markdown(S["cost_counts"].format(H=H, I=I, **{kind: c["total"] for kind, c in counts.items()}))
    b.caption(S["keras_note"].format(keras=keras_lstm_params(I, H), lstm=counts["lstm"]["total"]))
    a, b = st.columns(2)
    a.plotly_chart(times_chart(I, H, S["time_small"], caption, lang), key="cost_times")
    b.plotly_chart(working_times_chart(S["time_large"], S["time_large_caption"], lang), key="cost_times_large")
    large = times(**WORKING)
    st.caption(S["cost_note"].format(gru=large["gru"] / large["rnn"], lstm=large["lstm"] / large["rnn"]))
    speed_callout(counts, times(I, H), large, S, lang)


def speed_callout(counts: dict, small: dict[str, float], large: dict[str, float], S: dict, lang: str) -> None:
    """Notes 000 and 002: "the GRU is faster", against the time per step measured at both sizes above."""
    us = {f"{kind}_{size}": 1e6 * times[kind] for size, times in (("small", small), ("large", large))
          for kind in ("gru", "lstm")}
    measured = S["speed_measured"].format(**us, ratio_small=small["gru"] / small["lstm"],
                                          ratio_large=large["gru"] / large["lstm"],
                                          verdict=S[f"speed_{speed_verdict(small, large)}"])
    notes_say("000, 002", S["speed_said"].format(gru=counts["gru"]["total"], lstm=counts["lstm"]["total"]), measured,
              lang)
