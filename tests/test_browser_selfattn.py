"""The self-attention lesson in Chromium: the trained layer by default, the random weights on request; the mask radio
changes the softmax weights (and the URL's key); the custom mask editor lets a word see the future, and a row with
nothing allowed is refused; the why-mask section trains both models; the Korean page. Weights are read from the drawn
figures; screenshots go to test-results/ (section 6 is in test_browser_selfattn_speed.py)."""

import re

import numpy as np
import pytest

from tests.browsertools import (
    ALERT,
    CHARTS,
    EXCEPTION,
    IDLE,
    RERUN_TIMEOUT,
    RESULTS_DIR,
    assert_no_exception,
    chart_titles,
    choose,
    open_page,
    screenshot,
    section_screenshot,
    wait_for,
    wait_for_charts,
    wait_for_title,
)
from tests.selfattntools import (
    ALL_MASKED,
    CAUSAL,
    CELL_SHOWN,
    GUESS,
    HANGUL,
    HEADS,
    HEADS_HEADING,
    KO,
    LOSS,
    NO_NULLS,
    NO_SCORES,
    NONE,
    OWN,
    PAGE_CHARTS,
    QUESTION,
    ROW_LABEL,
    SCORES,
    SOFTMAX,
    STAGES_HEADING,
    TITLE_HAS,
    WORDS,
    allowed_select,
    assert_rows_sum_to_one,
    checked,
    chips,
    mask_radio,
    pick_row,
    softmax,
    traces,
)

pytestmark = pytest.mark.browser


def test_selfattn_mask_radio_changes_the_weights(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, SCORES)
    assert_no_exception(page)
    assert any("trained Transformer, encoder layer 1 of" in t for t in chart_titles(page)), chart_titles(page)
    screenshot(page, "selfattn_en.png")
    assert checked(page, mask_radio(page)) == CAUSAL, checked(page, mask_radio(page))
    assert f"{SOFTMAX}: masked" in traces(page, SCORES), "the causal mask draws no grey (masked) cells"
    causal = softmax(page)
    assert causal.shape == (len(WORDS), len(WORDS)), causal
    assert np.count_nonzero(~np.isnan(causal[0])) == 1 and causal[0, 0] == pytest.approx(1.0), causal[0]
    upper = np.triu_indices(len(WORDS), k=1)
    assert np.isnan(causal[upper]).all(), f"the causal softmax shows future weights:\n{causal}"
    assert not np.isnan(causal[np.tril_indices(len(WORDS))]).any(), f"an allowed weight is missing:\n{causal}"
    assert_rows_sum_to_one(causal)
    heads_before = traces(page, HEADS)

    mask_radio(page).get_by_text(NONE, exact=True).click()
    wait_for(page, NO_NULLS, what="the softmax panel losing its masked cells after choosing mask 'none'")
    assert re.search(r"[?&]mask=none(&|$)", page.url), f"the mask radio is not bound to the URL: {page.url}"
    free = softmax(page)
    assert free.shape == causal.shape, free
    assert not np.isnan(free).any(), free
    assert (free > 0).all(), f"with no mask every weight is positive:\n{free}"
    assert_rows_sum_to_one(free)
    assert not np.allclose(free[0, 0], causal[0, 0]), "row 0 did not change: 'i' still looks only at itself"
    assert not np.allclose(np.nan_to_num(free[:-1]), np.nan_to_num(causal[:-1])), (causal, free)
    # The last word may look at every word under both masks, so its row is the same (same seed, same projections).
    np.testing.assert_allclose(free[-1], causal[-1], atol=1e-9)
    assert f"{SOFTMAX}: masked" not in traces(page, SCORES), "mask 'none' still draws grey (masked) cells"
    heads_after = traces(page, HEADS)
    assert any(name.endswith(": masked") for name in heads_before), list(heads_before)
    assert not any(name.endswith(": masked") for name in heads_after), list(heads_after)
    assert any("mask: none" in t for t in chart_titles(page)), chart_titles(page)
    mask_radio(page, "Weights").get_by_text("random (seeded)", exact=False).click()  # the random projections
    wait_for(page, TITLE_HAS, arg="random projections (seed 0)", what="the caption naming the random weights")
    assert re.search(r"[?&]weights=random(&|$)", page.url), page.url
    random = softmax(page)
    assert random.shape == free.shape and not np.allclose(random, free), (free, random)
    assert_rows_sum_to_one(random)
    assert_no_exception(page)


def test_selfattn_custom_mask_lets_a_word_see_the_future(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, SCORES)
    mask_radio(page).get_by_text(OWN, exact=True).click()
    row_select = page.locator("[data-testid=stSelectbox]").filter(has_text=ROW_LABEL)
    row_select.wait_for(state="visible", timeout=RERUN_TIMEOUT)  # the row editor, once the mask is "my own"
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    wait_for_title(page, SCORES)
    assert re.search(r"[?&]mask=custom(&|$)", page.url), page.url  # the option's key, not its label
    assert_no_exception(page)
    start = softmax(page)  # the custom mask starts as the causal one
    assert np.isnan(start[np.triu_indices(len(WORDS), k=1)]).all(), f"the custom mask does not start causal:\n{start}"

    eat = pick_row(page, "2. eat", "eat")
    assert chips(eat) == ["1. i", "2. eat"], chips(eat)
    choose(page, eat, "4. apple")
    wait_for(page, CELL_SHOWN, arg=[1, 3], what="row 'eat' getting a weight on 'apple' (a future word)")
    page.keyboard.press("Escape")  # close the dropdown, which would cover the section in the screenshot
    page.get_by_role("listbox").wait_for(state="hidden", timeout=RERUN_TIMEOUT)
    assert chips(eat) == ["1. i", "2. eat", "4. apple"], chips(eat)
    own = softmax(page)
    assert np.isnan(start[1, 3]) and own[1, 3] > 0, f"'eat' does not look at 'apple':\n{own}"
    assert np.isnan(own[1, 2]), f"'eat' looks at 'red', which was not allowed:\n{own}"
    np.testing.assert_allclose(own[[0, 2, 3]], start[[0, 2, 3]], atol=1e-9)  # only row 'eat' was edited
    assert_rows_sum_to_one(own)
    assert_no_exception(page)
    section_screenshot(page, STAGES_HEADING, HEADS_HEADING, "selfattn_custom_mask.png")
    assert (RESULTS_DIR / "selfattn_custom_mask.png").stat().st_size > 0

    i = pick_row(page, "1. i", "i")  # another row: the edit of 'eat' is kept
    assert chips(i) == ["1. i"], chips(i)
    assert not np.isnan(softmax(page)[1, 3]), "switching rows lost the edit of 'eat'"
    i.get_by_role("button", name="Remove 1. i").click()
    alert = page.locator(ALERT).filter(has_text=ALL_MASKED).first
    alert.wait_for(state="visible", timeout=RERUN_TIMEOUT)  # the error that says which row allows nothing
    wait_for(page, NO_SCORES, what=f"the chart {SCORES!r} going away")
    assert [c.strip() for c in alert.locator("code").all_inner_texts()] == ["i"], alert.inner_text()
    assert page.locator(CHARTS).count() == 0, chart_titles(page)
    assert page.locator("h3").filter(has_text=STAGES_HEADING).count() == 0
    assert allowed_select(page, "i").count() == 1, "the editor went away with the charts: nothing left to fix"
    assert_no_exception(page)


def test_selfattn_why_mask_trains_both_models(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, LOSS)
    assert_no_exception(page)
    lines = [t.strip() for t in page.locator("[data-testid=stMarkdownContainer]").filter(
        has_text="generating from").all_inner_texts()]
    masked = [t for t in lines if t.startswith("with the causal mask")]
    free = [t for t in lines if t.startswith("without a mask")]
    assert len(masked) == 1 and len(free) == 1, lines
    assert re.search(r"with the causal mask.*generating from h: hello$", masked[0]), masked[0]
    assert re.search(r"without a mask.*generating from h: ", free[0]), free[0]

    curves = traces(page, LOSS)
    assert list(curves) == ["with the causal mask", "without a mask"], list(curves)
    for name, trace in curves.items():
        assert trace["y"].size > 1 and np.isfinite(trace["y"]).all(), (name, trace["y"])
    assert curves["without a mask"]["y"][-1] < curves["with the causal mask"]["y"][-1], \
        "without the mask the model reads the answer, so its loss should end lower"
    losses = {name: float(m.group(1)) for t in lines
              if (m := re.search(r"final loss ([0-9.]+)", t)) and (name := t.split(" (final")[0])}
    for name, trace in curves.items():
        assert losses[name] == pytest.approx(trace["y"][-1], abs=1e-4), (name, losses, trace["y"][-1])


def test_selfattn_question_offers_choices_and_grades_the_guess(app_url, browser_page):
    """The predict-then-reveal question: four choices in a radio, and the answer, read from the causal mask, says
    which words 'eat' sees and whether the guess was right."""
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    radio = page.locator("[data-testid=stRadio]").filter(has_text=GUESS)
    radio.scroll_into_view_if_needed()
    options = [o.strip() for o in radio.locator("[data-testid=stRadioOption]").all_inner_texts()]
    assert options == ["only itself", "itself and the words before it", "itself and the words after it",
                       "every word of the sentence"], options
    radio.get_by_text("itself and the words after it", exact=True).click()
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    page.locator("[data-testid=stCheckbox]").filter(has_text="Reveal").locator("label").click()
    answer = page.locator(ALERT).filter(has_text="Under the causal mask, eat sees").first
    answer.wait_for(state="visible", timeout=RERUN_TIMEOUT)  # the answer, after Reveal
    text = answer.inner_text()
    assert [c.strip() for c in answer.locator("code").all_inner_texts()] == ["i", "eat"], text
    assert "itself and the words before it" in text and "was “itself and the words after it”" in text, text
    assert page.get_by_text(QUESTION).count() == 1
    answer.screenshot(path=str(RESULTS_DIR / "selfattn_question.png"))
    assert_no_exception(page)


def test_selfattn_in_korean_opens_an_old_link_and_keeps_keys_in_the_address(app_url, browser_page):
    """?lang=ko with an old link (?mask=my+own) opens the custom mask; 없음 puts its key in the address; every chart
    title is Korean and KaTeX draws the equation's Hangul. The page is saved as test-results/selfattn_ko.png."""
    page = browser_page
    open_page(page, f"{app_url}/self-attention?lang=ko&mask=my+own")
    wait_for_charts(page, PAGE_CHARTS)
    radio = mask_radio(page, KO["mask_label"])
    assert checked(page, radio) == KO["mask_custom"] and "mask=custom" in page.url, page.url
    radio.get_by_text(KO["mask_none"], exact=True).click()
    wait_for(page, TITLE_HAS, arg=f"마스크: {KO['mask_none']}", what="the caption naming the mask 없음")
    assert re.search(r"[?&]mask=none(&|$)", page.url) and "lang=ko" in page.url, page.url
    assert not np.isnan(softmax(page, KO["scores_title"])).any()
    assert len(t := chart_titles(page)) >= PAGE_CHARTS and all(map(HANGUL.search, t)), t  # section 6 included
    assert any(KO["caption_trained"].split(",")[0] in title for title in t), t  # the trained layer, said in Korean
    drawn = " ".join(page.locator(".katex .katex-html").all_inner_texts())  # the equation's \text{허용}, \text{마스킹}
    assert "허용" in drawn and "마스킹" in drawn and page.locator(EXCEPTION).count() == 0, drawn[:500]
    screenshot(page, "selfattn_ko.png")
