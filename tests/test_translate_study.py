"""The translation lesson's study helpers for the Transformer: what its accuracy notice reads off the curves (which
text, which numbers) and the JSON download with a Transformer's config beside a recurrent one's."""

import json

import pytest

from core.seq2seq import Seq2SeqConfig
from core.transformer import TransformerConfig
from lessons.translate.study import COMPARED, PAST, SHIPPED, TRANSFORMER, results_json, transformer_numbers
from ui.strings import strings


def curves(transformer: dict[int, float]) -> dict[str, dict[int, float]]:
    return {"attention": {n: 0.9 for n in transformer}, TRANSFORMER: transformer}


def test_the_notice_says_the_transformer_falls_only_when_its_curve_does():
    falling = {12: 1.0, 13: 0.9, 14: 0.8, 15: 0.5, 16: 0.3, 17: 0.0}
    key, numbers = transformer_numbers(curves(falling), 14)
    assert key == "transformer_falls" and PAST == 2
    assert numbers == dict(train_max=14, first_new=15, at_max=80.0, past=16, at_past=30.0, att_past=90.0)
    holding = {**falling, 16: 0.7}
    assert transformer_numbers(curves(holding), 14)[0] == "transformer_holds"
    assert transformer_numbers(curves(falling), 16)[1]["past"] == 17  # no length past 17: the last one is quoted
    assert transformer_numbers(curves(falling), 17) is None  # nothing beyond the training lengths to say


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", ["transformer_falls", "transformer_holds"])
def test_both_notices_quote_the_numbers_and_cite_the_papers(lang, key):
    _, numbers = transformer_numbers(curves({14: 0.64, 15: 0.37, 16: 0.07}), 14)
    text = strings("translate", lang)[key].format(**numbers)
    assert "64 %" in text and "7 %" in text and "90 %" in text and "2017" in text and "2022" in text


def test_the_json_download_holds_the_transformers_config_beside_the_recurrent_ones():
    assert COMPARED == (*SHIPPED, TRANSFORMER) and TRANSFORMER not in SHIPPED  # the recurrent-only sections stay so
    data = json.loads(results_json({"attention": {3: 1.0}, TRANSFORMER: {3: 0.5}},
                                   {"attention": Seq2SeqConfig(), TRANSFORMER: TransformerConfig()}))
    assert data["accuracy_by_length"][TRANSFORMER] == {"3": 0.5}
    assert data["configs"][TRANSFORMER]["d_model"] == TransformerConfig().d_model
    assert data["configs"]["attention"]["hidden"] == Seq2SeqConfig().hidden
