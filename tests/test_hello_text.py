"""The hello lesson's core, part 1 (no Streamlit): a learner's text becomes a task, the character model trains,
and the two helpers that keep a learner's characters from acting as markup."""

import re

import numpy as np
import pytest
import torch

from core.charlm import HelloConfig, train
from core.text import MAX_CHARS, make_task
from ui.safe import code
from viz.labels import char_label

CELL_KINDS = ("rnn", "lstm", "gru")


# ---- core.text.make_task ------------------------------------------------------------------------------------

def test_hello_task_vocab_inputs_targets():
    task = make_task("hello")
    assert task.vocab == ("h", "e", "l", "o")  # first-appearance order, as on the slide
    assert task.inputs == (0, 1, 2, 2)  # h e l l
    assert task.targets == (1, 2, 2, 3)  # e l l o
    assert (task.T, task.V) == (4, 4)
    x = task.one_hot()
    assert x.dtype == torch.float64 and x.shape == (4, 4)
    assert torch.equal(x.argmax(1), torch.tensor(task.inputs)) and torch.all(x.sum(1) == 1)


def test_text_is_stripped():
    assert make_task("  hello \n").text == "hello"


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "a", "  a  ", "x" * (MAX_CHARS + 1), "he\x00llo", "a\x07b",
                                  "ab\x1bc"])
def test_bad_text_is_rejected(text):
    with pytest.raises(ValueError):
        make_task(text)


def test_control_character_message_names_its_position():
    with pytest.raises(ValueError, match=r"Character 3 .*U\+0007"):
        make_task("ab\x07cd")


@pytest.mark.parametrize("text", ["ab", "x" * MAX_CHARS, "안녕하세요", "hi 👋🙂 hi", "tab\tand\nnewline"])
def test_good_text_is_accepted(text):
    task = make_task(text)
    assert task.T == len(text) - 1
    assert "".join(task.vocab[i] for i in task.inputs) + task.vocab[task.targets[-1]] == text
    assert task.inputs[1:] == task.targets[:-1]


def test_korean_and_emoji_vocab():
    assert make_task("안녕하세요").vocab == tuple("안녕하세요")
    assert make_task("hi 👋🙂 hi").vocab == ("h", "i", " ", "👋", "🙂")


# ---- core.charlm --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("seed", range(5))
def test_default_config_solves_hello(cell, seed):
    r = train(HelloConfig(cell=cell, seed=seed))
    assert r.accuracies[-1] == 1.0
    assert r.solved_at is not None and r.accuracies[r.solved_at - 1] == 1.0
    assert r.losses[-1] < 0.1 * r.losses[0]
    _, logits = r.model()(r.task.one_hot())
    assert torch.equal(logits.argmax(-1), torch.tensor(r.task.targets))  # the saved weights are the trained ones


def test_training_is_reproducible():
    a, b = train(HelloConfig(seed=3)), train(HelloConfig(seed=3))
    np.testing.assert_array_equal(a.losses, b.losses)


@pytest.mark.parametrize("bad", [dict(cell="cnn"), dict(cell="RNN"), dict(hidden_size=0), dict(hidden_size=257),
                                 dict(lr=0.0), dict(lr=-0.1), dict(lr=1.5), dict(steps=0), dict(steps=3001),
                                 dict(seed=-1), dict(seed=2**31)])
def test_config_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        HelloConfig(**bad)


# ---- labels and code spans ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["<b>", "<", ">", "&", "<script>"])
def test_char_label_escapes_markup(ch):
    label = char_label(ch)
    assert "<" not in label and ">" not in label
    assert label.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == ch


def test_char_label_makes_whitespace_visible():
    assert [char_label(c) for c in " \t\n"] == ["␣", "⇥", "⏎"]


@pytest.mark.parametrize("text", ["a`b", "``x``", "`", "a ``` b ` c", "x" * 3 + "`" * 5])
def test_code_span_fence_is_longer_than_any_backtick_run(text):
    span = code(text)
    fence = re.match(r"`+", span).group(0)
    assert span.endswith(fence)
    longest = max(len(run) for run in re.findall(r"`+", text))
    assert len(fence) > longest
    inner = span[len(fence):-len(fence)]
    assert not inner.startswith("`") and not inner.endswith("`")  # else the fence would absorb it
    # CommonMark strips one space from each side when both are there
    assert (inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") else inner) == text.replace(" ", "␣")


def test_code_span_plain_text():
    assert code("hello") == "`hello`"
    assert code("a b") == "`a␣b`"
