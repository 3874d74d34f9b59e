"""Every expensive entry point is bounded in core, not only by the widgets: one session cannot ask for more."""

import numpy as np
import pytest

from core.charlm import MAX_STEPS, HelloConfig
from core.limits import MAX_HIDDEN
from core.recall import MAX_DISTANCE, RecallConfig
from core.recurrent import LSTM
from core.selfattn import MAX_HEADS, MAX_TOKENS, projections, stages
from core.seq2seq import Seq2SeqConfig
from core.text import MAX_CHARS, make_task
from lessons.gates.study import GatesConfig
from lessons.selfattn.study_mask import MAX_TEXT, CharAttnConfig
from lessons.vanishing.study import FlowConfig
from lessons.vanishing.study_clipping import ClipConfig


@pytest.mark.parametrize("make", [
    lambda: HelloConfig(steps=MAX_STEPS + 1),
    lambda: HelloConfig(hidden_size=MAX_HIDDEN + 1),
    lambda: make_task("x" * (MAX_CHARS + 1)),
    lambda: LSTM(4, MAX_HIDDEN + 1),
    lambda: GatesConfig(hidden_size=33),
    lambda: RecallConfig(distance=MAX_DISTANCE + 1),
    lambda: ClipConfig(hidden_size=10_000),
    lambda: FlowConfig(length=10_000),
    lambda: Seq2SeqConfig(steps=20_001),
    lambda: Seq2SeqConfig(hidden=257),
    lambda: CharAttnConfig(text="x" * (MAX_TEXT + 1)),
    lambda: CharAttnConfig(steps=5001),
    lambda: projections(32, MAX_HEADS + 1, 0),
    lambda: stages(np.zeros((MAX_TOKENS + 1, 32)), projections(32, 1, 0)),
])
def test_over_the_limit_is_refused_with_a_message(make):
    with pytest.raises(ValueError) as error:
        make()
    assert len(str(error.value)) > 20  # a sentence a learner can act on, not a bare number
