"""Self-attention lesson, challenges graded live (issue 20): each checked met and not met through AppTest, opened from
the address as a challenge's link opens it. The numbers are recomputed here (the gradients from the checkpoint's word
vectors through core, the character model trained again), not read from the page's shared results."""

import pytest
import torch

from core.selfattn import distance_gradients, projections
from core.seq2seq import SOURCE_ID, pretrained
from lessons.selfattn.challenges import START_DISTANCE, START_PEEK
from lessons.selfattn.study_mask import CharAttnConfig, generate, train
from tests.challengetools import heading, opened, verdicts

PAGE = "self-attention"
HEADS, SEED = 2, 0  # the distance section's random projections at the page's defaults
LONG = "they like big red apple and cold water and sweet cake and small old book"  # 15 words
TWELVE = "they like cold water and sweet cake and small old book today"  # the lesson's long example


def ratios(sentence: str, heads: int = HEADS, seed: int = SEED) -> tuple[float, float]:
    """The first word's gradient over the last word's, for the tanh RNN and for self-attention, on the shipped
    translator's word vectors read straight from the checkpoint."""
    table = pretrained("attention").source_embed.weight.detach().double()
    X = table[torch.tensor([SOURCE_ID[w] for w in sentence.split()])].numpy()
    g = distance_gradients(X, projections(X.shape[1], heads, seed), seed)
    rnn, att = g["tanh RNN"], g["self-attention"]
    return float(rnn[0] / rnn[-1]), float(att[0] / att[-1])


def own(sentence: str) -> dict[str, str]:
    return {"sentence": "own", "own": sentence}


def test_the_starting_points_meet_nothing():
    at = opened(PAGE, {**START_DISTANCE, **START_PEEK})
    assert {key: state for key, (state, _) in verdicts(at).items()} == {
        "selfattn_distance": "not yet", "selfattn_no_peek": "not yet"}
    assert heading(at) == "Challenges: 0 of 2 done"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_distance_is_met_when_the_rnn_has_forgotten_the_first_word_and_attention_has_not(lang):
    rnn, att = ratios(LONG)
    assert rnn < 1e-3 and att >= 0.1
    state, text = verdicts(opened(PAGE, own(LONG), lang))["selfattn_distance"]
    said = (f"the RNN's gradient is {rnn:.2g} × the last word's, self-attention's {att:.2g} ×" if lang == "en"
            else f"RNN의 기울기는 마지막 단어의 {rnn:.2g}배, 셀프 어텐션의 기울기는 {att:.2g}배")
    assert state == "met" and said in text, text


def test_distance_is_not_met_for_a_short_sentence_nor_when_attention_weighs_the_first_word_little():
    rnn, _ = ratios("i eat red apple")  # the page's default sentence
    state, text = verdicts(opened(PAGE, {}))["selfattn_distance"]
    assert rnn >= 1e-3 and state == "not yet" and f"{rnn:.2g} ×" in text, text
    rnn, att = ratios(TWELVE)
    assert rnn < 1e-3 and att < 0.1  # the RNN has forgotten, but these projections give the first word little too
    state, text = verdicts(opened(PAGE, {"sentence": TWELVE}))["selfattn_distance"]
    assert state == "not yet" and f"self-attention's {att:.2g} ×" in text, text


def test_distance_reads_the_seed_of_the_random_projections():
    """The same twelve words with another seed: the check follows the seed the page's distance section uses."""
    seed = next(s for s in range(1, 20) if ratios(TWELVE, seed=s)[1] >= 0.1 and ratios(TWELVE, seed=s)[0] < 1e-3)
    at = opened(PAGE, {"sentence": TWELVE, "weights": "random", "seed": str(seed)})
    assert verdicts(at)["selfattn_distance"][0] == "met"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_peek_is_met_by_a_text_whose_every_character_has_one_follower(lang):
    text = "abcabc"
    written = generate(train(CharAttnConfig(text=text, masked=False)))
    assert written == text
    at = opened(PAGE, {"lm_text": text}, lang)
    state, said = verdicts(at)["selfattn_no_peek"]
    assert state == "met" and f"`{written}`" in said, said
    assert any("`a` → `b`, `b` → `c`, `c` → `a`" in c.value for c in at.caption)
    assert heading(at) == ("Challenges: 1 of 2 done" if lang == "en" else "도전 과제: 2개 중 1개 완료")


def test_no_peek_is_not_met_where_the_unmasked_model_falls_apart_nor_by_a_text_without_a_repeat():
    run = train(CharAttnConfig(text="hello", masked=False))
    written = generate(run)
    assert written != "hello"  # the default text: the model without the mask falls apart on it
    at = opened(PAGE, {})
    state, said = verdicts(at)["selfattn_no_peek"]
    assert state == "not yet" and f"`{written}`" in said and f"loss {run.losses[-1]:.4f}" in said, said
    assert any("more than one character after `l` (`l`, `o`)" in c.value for c in at.caption)
    text = "round"  # written back exactly, but every character is new: nothing to tell apart
    assert generate(train(CharAttnConfig(text=text, masked=False))) == text
    state, said = verdicts(opened(PAGE, {"lm_text": text}))["selfattn_no_peek"]
    assert state == "not yet" and f"`{text}`" in said, said

