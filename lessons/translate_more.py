"""Translation lesson: accuracy against length, attention beside saliency, and the closing sections."""

import streamlit as st

from core import attention, decoding, seq2seq
from core.decoding import Decoding
from lessons.translate_data import SHIPPED, alignment_csv, cached_accuracy, cached_saliency, results_json, shipped_run
from ui.widgets import show_code
from viz.translate_more import accuracy_curves, saliency_bars

VERB_STEP = -1  # the verb is the last Korean word


def accuracy_section(S: dict) -> None:
    st.subheader(S["accuracy_heading"])
    st.markdown(S["accuracy_intro"])
    with st.spinner(S["accuracy_running"]):
        curves = {name: cached_accuracy(name) for name in SHIPPED}
    train_max = shipped_run("attention").config.train_max
    st.plotly_chart(accuracy_curves(curves, train_max, S["accuracy_title"], S["accuracy_caption"]), key="accuracy")
    longest = max(curves["attention"])
    st.markdown(S["accuracy_notice"].format(
        train_max=train_max, longest=longest, seen_att=100 * min(v for k, v in curves["attention"].items()
                                                                  if k <= train_max),
        seen_none=100 * min(v for k, v in curves["no attention"].items() if k <= train_max),
        held=train_max + 6, held_att=100 * curves["attention"][train_max + 6],
        held_none=100 * curves["no attention"][train_max + 6]))


@st.fragment  # the output-word slider reruns only this section
def saliency_section(words: list[str], target: list[str], is_reference: bool, S: dict) -> None:
    st.subheader(S["saliency_heading"])
    st.markdown(S["saliency_intro"])
    if not target:
        st.info(S["saliency_empty"], icon=":material/info:")
        return
    results = {name: cached_saliency(name, tuple(words), tuple(target)) for name in SHIPPED}
    options = [f"{k + 1}. {w}" for k, w in enumerate(target)]
    pick = st.select_slider(S["saliency_pick"], options, value=options[VERB_STEP], key="out_word")
    k = options.index(pick)
    gradient = {name: r.gradient[k] for name, r in results.items()}
    caption = S["saliency_caption"].format(source=S["target_reference"] if is_reference else S["target_model"])
    st.plotly_chart(saliency_bars(results["attention"].weights[k], gradient, words,
                                  S["saliency_title"].format(word=target[k]), caption), key="saliency")
    st.markdown(S["saliency_notice"])


def _question(words: list[str], d: Decoding, S: dict) -> None:
    st.subheader(S["question_heading"])
    verb = d.korean[VERB_STEP] if d.korean else None
    if verb is None:
        return
    st.markdown(S["question"].format(verb=verb))
    st.radio(S["question_pick"], range(len(words)), format_func=lambda i: words[i], index=None, horizontal=True,
             key="guess")
    if st.toggle(S["question_reveal"], key="reveal"):
        row = d.weights[len(d.korean) - 1]
        top = int(row.argmax())
        guess = st.session_state.get("guess")
        verdict = S["question_right"] if guess == top else ""
        st.success(S["question_answer"].format(verb=verb, word=words[top], weight=row[top], position=top + 1,
                                               n=len(words), verdict=verdict))


def closing_sections(words: list[str], decodings: dict[str, Decoding], S: dict) -> None:
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    _question(words, decodings["attention"], S)
    show_code(S, (attention.score_fn, attention.attention, seq2seq.Translator, decoding.decode, decoding.saliency))
    st.subheader(S["download_heading"])
    a, b = st.columns(2)
    # the files are written when clicked (Streamlit calls these then), not on every rerun
    a.download_button(S["download_csv"], lambda: alignment_csv(decodings["attention"]), "alignment.csv", "text/csv",
                      on_click="ignore", key="download_csv")
    curves = {name: cached_accuracy(name) for name in SHIPPED}
    configs = {name: shipped_run(name).config for name in SHIPPED}
    b.download_button(S["download_json"], lambda: results_json(curves, configs), "translation_accuracy.json",
                      "application/json", on_click="ignore", key="download_json")
