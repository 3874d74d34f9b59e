"""Translation lesson, the first thing under the sentence: the grammar's translation and each shipped model's, the two
recurrent models' and the Transformer's (Vaswani et al. 2017), each word that differs struck through."""

import streamlit as st

from core.decoding import Decoding
from lessons.translate.models import translated
from lessons.translate.study import TRANSFORMER


def marked(words: list[str], reference: list[str] | None, S: dict) -> str:
    """The words as code spans, the ones that differ from the grammar's translation struck through."""
    if reference is None:
        return " ".join(f"`{w}`" for w in words)
    out = [f"`{w}`" if k < len(reference) and reference[k] == w else f"~~`{w}`~~" for k, w in enumerate(words)]
    missing = len(reference) - len(words)
    return " ".join(out) + (" " + S["missing"].format(missing=missing) if missing > 0 else "")


def results(words: list[str], reference: list[str] | None, decodings: dict[str, Decoding], S: dict) -> None:
    """``decodings``: the recurrent models' by their code keys; the Transformer's translation is added after them.
    The page names the models in its language (S["model_names"])."""
    st.markdown(S["english"].format(words=" ".join(f"`{w}`" for w in words), n=len(words)))
    if reference is None:
        st.warning(S["not_grammar"], icon=":material/help:")
    else:
        st.markdown(S["reference"].format(words=marked(reference, None, S)))
    korean = {key: d.korean for key, d in decodings.items()} | {TRANSFORMER: translated(TRANSFORMER, tuple(words))}
    for key, out in korean.items():
        ok = reference is not None and out == reference
        verdict = S["right"] if ok else S["wrong"] if reference is not None else ""
        st.markdown(S["model_output"].format(name=S["model_names"][key], words=marked(out, reference, S),
                                             verdict=verdict))
