"""Translation lesson, section 6: train a translator yourself and watch the alignment heatmap form over training;
then your model on the lesson's sentence, and its accuracy beside the shipped ones."""

import streamlit as st

from core.errors import explain
from core.seq2seq import ATTENTIONS, Seq2SeqConfig
from core.seq2seq_train import PROBE, TrainRun
from lessons.translate.models import accuracy_of, decoded, record, shipped_curves, trained
from lessons.translate.study import SHIPPED, encoder_parameters
from viz.translate import alignment
from viz.translate_more import accuracy_curves, loss_curve

STEPS = (250, 500, 1000, 2500, 5000)


def controls(S: dict, lang: str) -> Seq2SeqConfig:
    a, b, c, d = st.columns(4)
    score = a.selectbox(S["own_attention"], ATTENTIONS, index=ATTENTIONS.index("dot"), key="own_score",
                        bind="query-params", help=S["own_attention_help"])
    encoder = b.radio(S["own_encoder"], ["gru", "lstm"], key="own_encoder", bind="query-params", horizontal=True)
    bidirectional = b.toggle(S["own_bidirectional"], True, key="own_bi", bind="query-params")
    decoder = c.radio(S["own_decoder"], ["gru", "lstm"], key="own_decoder", bind="query-params", horizontal=True)
    steps = c.select_slider(S["own_steps"], STEPS, Seq2SeqConfig.steps, key="own_steps", bind="query-params")
    seed = d.number_input(S["own_seed"], 0, 99_999, 0, key="own_seed", bind="query-params")
    try:
        return Seq2SeqConfig(attention=score, encoder=encoder, bidirectional=bool(bidirectional), decoder=decoder,
                             steps=int(steps), seed=int(seed))
    except ValueError as error:  # core's message says what to change, in the page's language
        st.error(S["bad_input"].format(message=explain(error, lang)), icon=":material/error:")
        st.stop()


def named(config: Seq2SeqConfig, S: dict) -> None:
    """The notes' names for the encoder and the score picked (BiLSTM, matching NN, inner product), with the
    encoder's parameter count beside the one-way count."""
    params = encoder_parameters(config)
    count = (S["own_params_bi"].format(params=params, one=encoder_parameters(config, bidirectional=False))
             if config.bidirectional else S["own_params"].format(params=params))
    kind = ("bi_" if config.bidirectional else "") + config.encoder
    st.caption(" ".join((S["own_names_encoder"][kind], count, S["own_names_attention"][config.attention])))


def shipped_with(config: Seq2SeqConfig) -> TrainRun | None:
    """The shipped run with exactly this config, if there is one (its record comes with the checkpoint)."""
    for name in SHIPPED:
        if record(name).config == config:
            return record(name)
    return None


@st.fragment
def forming_view(run: TrainRun, S: dict, caption: str, lang: str) -> None:
    steps = [s.step for s in run.snapshots]
    step = st.select_slider(S["snap_label"], steps, steps[-1], key="snap", help=S["snap_help"])
    snap = run.snapshots[steps.index(step)]
    st.markdown(S["snap_words"].format(step=step, words=" ".join(f"`{w}`" for w in snap.words) or "—"))
    a, b = st.columns([3, 2])
    if snap.weights is not None and len(snap.words):
        title = S["snap_title"].format(step=step, sentence=" ".join(PROBE))
        a.plotly_chart(alignment(snap.weights, PROBE, snap.words, title, caption, lang=lang), key="snap_heatmap")
    else:
        a.info(S["snap_none"])
    b.plotly_chart(loss_curve(run.losses, S["loss_title"], caption, step=step, lang=lang), key="snap_loss")


def train_section(words: list[str], S: dict, lang: str) -> None:
    st.subheader(S["train_heading"])
    st.markdown(S["train_intro"])
    config = controls(S, lang)
    named(config, S)
    shipped = shipped_with(config)
    if shipped is not None:
        st.info(S["train_is_shipped"].format(seconds=shipped.seconds), icon=":material/inventory_2:")
        forming_view(shipped, S, S["train_caption_shipped"].format(c=config), lang)
        return
    run = trained.peek(config)
    caption = S["train_caption"].format(c=config)
    if run is None:
        prompt = st.empty()
        prompt.info(S["train_prompt"], icon=":material/model_training:")
        if not st.button(S["train_button"], key="own_train", icon=":material/play_arrow:", type="primary"):
            run = record("attention")
            forming_view(run, S, S["train_caption_shipped"].format(c=run.config), lang)
            return
        prompt.empty()
        run = trained(config, label=S["training"])
    st.success(S["train_done"].format(seconds=run.seconds, c=config), icon=":material/check:")
    forming_view(run, S, caption, lang)
    yours(words, config, S, caption, lang)


def yours(words: list[str], config: Seq2SeqConfig, S: dict, caption: str, lang: str) -> None:
    """Your model on the lesson's sentence, and its accuracy curve beside the shipped ones."""
    d = decoded(config, tuple(words))
    st.markdown(S["yours_output"].format(words=" ".join(f"`{w}`" for w in d.korean)))
    if d.weights is not None:
        st.plotly_chart(alignment(d.weights, d.source, d.words, S["yours_alignment"], caption, lang=lang),
                        key="yours_alignment")
    curves = {"yours": accuracy_of(config), **shipped_curves()}
    st.plotly_chart(accuracy_curves(curves, config.train_max, S["yours_accuracy"], caption, lang=lang),
                    key="yours_accuracy")
