"""Hello lesson, sections 3-5: the loss per step, gradients through time, truncated BPTT."""

import streamlit as st

from core.hello import HelloStudy, norms, relative_change, truncated
from ui.store import cached_chart, cached_run
from ui.widgets import step_slider
from viz.gradients import contribution_map, gradient_norms, parameter_gradients
from viz.states import step_losses


def _chars(s: HelloStudy) -> list[str]:
    task = s.result.task
    return [task.vocab[j] for j in task.inputs]


def loss_section(s: HelloStudy, S: dict, caption: str) -> None:
    task = s.result.task
    st.subheader(S["loss_heading"])
    st.caption(S["loss_intro"])
    st.plotly_chart(cached_chart(("step_losses", s.result.config, caption), lambda: step_losses(
        s.analysis.losses, [task.vocab[j] for j in task.inputs], [task.vocab[j] for j in task.targets], caption)),
        key="step_losses")


def gradient_section(s: HelloStudy, S: dict, caption: str) -> None:
    st.subheader(S["grad_heading"])
    st.markdown(S["grad_intro"])
    if s.numpy is not None:
        series = [(S["grad_numpy_name"], norms(s.numpy.dh), "solid", "circle"),
                  (S["grad_autograd_name"], norms(s.autograd_dh), "dash", "x")]
        note = S["grad_agree"].format(gap=s.bptt_gap)
    else:
        series = [(S["grad_loop_name"], norms(s.autograd_dh), "solid", "circle"),
                  (S["grad_windows_name"], norms(s.flow.dh), "dash", "x")]
        note = S["grad_no_numpy"].format(cell=s.result.config.cell.upper(), gap=s.autograd_gap)
    st.plotly_chart(cached_chart(("grad_norms", s.result.config, caption),
                                 lambda: gradient_norms(series, _chars(s), caption, S["grad_title"])), key="grad_norms")
    st.markdown(note)


@st.fragment
def truncation_view(s: HelloStudy, S: dict, caption: str) -> None:
    T = s.result.task.T
    st.subheader(S["trunc_heading"])
    st.markdown(S["trunc_intro"])
    k = step_slider(S["trunc_label"], "k", T, max(1, T // 2))  # start with something cut, to see what it does
    cut = cached_run(("hello-trunc", s.result.config, k), lambda _: truncated(s, k))
    contrib = norms(s.flow.contrib)  # (T, T): ||dL_t/dh_s||
    key = (s.result.config, k, caption)  # everything the three charts in this section show
    st.plotly_chart(cached_chart(("contribution", *key), lambda: contribution_map(contrib, _chars(s), k, caption)),
                    key="contribution_map")
    if k >= T:
        st.info(S["trunc_full"].format(T=T), icon=":material/info:")
    left, right = st.columns(2)
    series = [(S["trunc_full_name"], norms(s.flow.dh), "solid", "circle"),
              (S["trunc_cut_name"].format(k=k), norms(cut.dh), "dash", "diamond")]
    left.plotly_chart(cached_chart(("trunc_norms", *key), lambda: gradient_norms(series, _chars(s), caption,
                                                                                  S["trunc_dh_title"])),
                      key="trunc_norms")
    right.plotly_chart(cached_chart(("param_grads", *key), lambda: parameter_gradients(
        s.flow.param_grads, cut.param_grads, k, caption)), key="param_grads")
    st.markdown(S["trunc_change"].format(k=k, rel=relative_change(s.flow.param_grads, cut.param_grads)))
