"""The vanishing lesson's chart functions (viz.vanishing, viz.backward, viz.labs) in Korean and in English (issue
15): every function needs a language, and on data that reaches every title, axis, legend, hover text and note the
Korean chart has Hangul where it must and no English-only word, the English one no Hangul, and both the same
numbers."""

import inspect
from types import SimpleNamespace

import numpy as np

from tests.i18ntools import HANGUL, axis_titles, english_only, title_of
from viz import backward, labs, vanishing

CHART_FUNCTIONS = (vanishing.distance_curves, vanishing.flow_map, vanishing.fading_chain, backward.jacobian,
                   backward.singular_values, backward.forget_product, backward.layer_curves, labs.clip_losses,
                   labs.clip_norms, labs.recall_accuracy)


def _run(losses, before, after, diverged_at):
    return SimpleNamespace(losses=np.asarray(losses, dtype=float), norm_before=np.asarray(before, dtype=float),
                           norm_after=np.asarray(after, dtype=float), diverged_at=diverged_at)


def _charts(lang: str):
    """Every chart of the three modules, on data that reaches every word: 0 and inf on the curves and maps, a
    bound that leaves the chart and overflows, an LSTM Jacobian, an underflowed forget product, layers that
    overflow and underflow, and a diverged clipping run."""
    rng = np.random.default_rng(0)
    norms = {"rnn": np.array([np.inf, 1e-3, 0.0, 1.0]), "lstm": np.array([0.5, 0.5, 0.5, 1.0]),
             "gru": np.array([0.2, 0.3, 0.4, 1.0])}
    matrix = np.tril(np.full((4, 4), 0.5))
    matrix[np.triu_indices(4, 1)] = np.nan
    matrix[2, 0], matrix[3, 0] = 0.0, np.inf
    layers = np.array([[np.inf, 1e-2, 1.0], [0.0, 1e-1, 1.0]])
    clip = SimpleNamespace(plain=_run([3, 9, np.nan], [5, np.inf, np.nan], [5, np.inf, np.nan], 2),
                           clipped=_run([3, 2, 1], [5, 2, 0.5], [1, 1, 0.5], None),
                           config=SimpleNamespace(threshold=1.0))
    return [
        vanishing.distance_curves(norms, np.array([np.inf, 1e30, 10.0, 1.0]), 1e-3, "float32", "c", lang),
        vanishing.flow_map(matrix, list("abcd"), "rnn", (-1.0, 0.0), "c", lang),
        vanishing.fading_chain(norms, list("abcd"), 2, "c", lang),
        backward.jacobian(rng.standard_normal((6, 6)), 2, "lstm", "c", lang),
        backward.jacobian(rng.standard_normal((3, 3)), 2, "rnn", "c", lang),
        backward.singular_values(np.array([2.0, 0.5, 0.1]), "gru", 2, "c", lang),
        backward.forget_product(np.array([0.5, 0.0, 0.9]), 2, "c", lang),
        backward.layer_curves(layers, "float32", "c", lang),
        labs.clip_losses(clip, "c", lang),
        labs.clip_norms(clip, "c", lang),
        labs.recall_accuracy({"rnn": {2: 0.3, 5: 0.25}, "lstm": {2: 1.0}, "gru": {2: 0.9}}, 0.25, "c", lang),
    ]


def _words(fig) -> list[str]:
    """A chart's title, axis titles, trace names, hover templates and notes."""
    spec = fig.to_dict()
    out = [title_of(spec), *axis_titles(spec)]
    out += [t.get(k) or "" for t in spec["data"] for k in ("name", "hovertemplate")]
    out += [n.get("text", "") for n in spec["layout"].get("annotations") or []]
    return [s for s in out if s and s != "c"]


def test_every_chart_function_needs_a_language():
    for fn in CHART_FUNCTIONS:
        assert inspect.signature(fn).parameters["lang"].default is inspect.Parameter.empty, fn.__name__


def test_chart_words_follow_the_language():
    for en, ko in zip(_charts("en"), _charts("ko"), strict=True):
        title = title_of(ko.to_dict())
        assert HANGUL.search(title) and all(HANGUL.search(t) for t in axis_titles(ko.to_dict())), title
        assert not [w for w in _words(en) if HANGUL.search(w)], title_of(en.to_dict())
        english = [w for w in _words(ko) if english_only(w)]
        assert not english, (title, english)
        assert len(_words(en)) == len(_words(ko))  # the same notes and markers in both
        for a, b in zip(en.to_dict()["data"], ko.to_dict()["data"], strict=True):  # the same numbers
            assert a.get("y") == b.get("y") and a.get("z") == b.get("z")
