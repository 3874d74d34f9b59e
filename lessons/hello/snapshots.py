"""Hello lesson, section 2: the model before training and while it learns, over the snapshots kept during training
(lecture note 004: before training it said "o" where "e" was right). The slider is a fragment: it reruns only this."""

import streamlit as st

from lessons.hello.study import HelloStudy
from ui.callout import notes_say
from ui.safe import code
from ui.store import shared
from viz.snapshots import loss_terms, prediction_map

SNAPSHOT_CHARTS = 128  # per chart: a few studies' worth of kept steps (at most 41 each)


@shared(SNAPSHOT_CHARTS)
def map_chart(s: HelloStudy, step: int, caption: str, lang: str):
    task = s.result.task
    return prediction_map(s.snapshots.at(step), task.vocab, s.chars, task.targets, step, caption, lang)


@shared(SNAPSHOT_CHARTS)
def loss_chart(s: HelloStudy, step: int, caption: str, lang: str):
    task, snaps = s.result.task, s.snapshots
    top = max(float(snaps.losses(k).max()) for k in snaps.steps)  # one axis for the whole run: the bars shrink
    return loss_terms(snaps.losses(step), s.chars, [task.vocab[j] for j in task.targets], step, top, caption, lang)


def measured(s: HelloStudy, S: dict) -> str:
    """Note 004's example on this model: the first output before training, and after."""
    task, snaps = s.result.task, s.snapshots
    read, target = task.inputs[0], task.targets[0]
    first, last = snaps.at(0)[0], snaps.at(snaps.steps[-1])[0]
    predicted = int(first.argmax())
    key = "snap_measured_right" if predicted == target else "snap_measured"
    return S[key].format(read=code(task.vocab[read]), predicted=code(task.vocab[predicted]),
                         p_pred=first[predicted], target=code(task.vocab[target]), p0=first[target],
                         p1=last[target], steps=snaps.steps[-1])


def snapshot_slider(S: dict, steps: tuple[int, ...]) -> int:
    """The kept training steps, bound to the address (?snap=); a value left over from another run is pulled to the
    nearest kept step."""
    if "snap" in st.session_state and st.session_state["snap"] not in steps:
        st.session_state["snap"] = min(steps, key=lambda k: abs(k - st.session_state["snap"]))
    if "snap" in st.session_state:
        return st.select_slider(S["snap_label"], steps, key="snap", bind="query-params", help=S["snap_help"])
    return st.select_slider(S["snap_label"], steps, 0, key="snap", bind="query-params", help=S["snap_help"])


@st.fragment
def snapshot_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    snaps, T = s.snapshots, s.result.task.T
    step = snapshot_slider(S, snaps.steps)
    right = int((snaps.predicted(step) == snaps.targets).sum())
    st.markdown(S["snap_status"].format(step=step, steps=snaps.steps[-1], right=right, T=T,
                                        loss=float(snaps.losses(step).sum())))
    left, middle = st.columns([3, 2])
    left.plotly_chart(map_chart(s, step, caption, lang), key="snap_map")
    middle.plotly_chart(loss_chart(s, step, caption, lang), key="snap_losses")


def snapshot_section(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["snap_heading"], anchor="snapshots")
    st.markdown(S["snap_intro"])
    notes_say("004", S["snap_said"], measured(s, S), lang)
    snapshot_view(s, S, caption, lang)
