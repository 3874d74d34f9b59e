"""The step players in Chromium (issue 19): ▶ plays the steps in the browser with no message to the server, ❚❚
tells the server where it stopped (the step slider, the heatmap and the equations follow), the keyboard works, and
the server's slider moves the player. Hello's, then the vanishing lesson's backward walk (player step i is
k = T - i) and self-attention's query words (step i is the word slider's i-th word)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browsertools import CHARTS, RERUN_TIMEOUT, assert_no_exception, katex_text, open_page, screenshot

pytestmark = pytest.mark.browser

TEXT = "hello world"  # 10 steps: "hello worl" read, "ello world" predicted


def expect_drawn(page, t: int) -> None:
    """The server's hidden-state heatmap shows step t (while Plotly redraws, the old title may linger a moment)."""
    title = page.locator(f"{CHARTS} .gtitle").filter(has_text=f"Hidden state h over time (step t = {t} boxed)")
    expect(title.first).to_be_visible(timeout=RERUN_TIMEOUT)


def test_play_pause_keyboard_and_the_server_slider_stay_in_step(app_url, browser_page):
    page = browser_page
    sent = []  # every websocket frame the page sends to the server
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    open_page(page, f"{app_url}/hello?text=hello+world&t=1")
    player = page.locator(".vp-player")
    player.wait_for(timeout=RERUN_TIMEOUT)
    expect(player).to_have_attribute("data-t", "1")
    assert page.locator(".vp-char").count() == len(TEXT) - 1
    assert "step 1 of 10" in player.locator(".vp-where").text_content()
    assert_no_exception(page)

    play = player.locator(".vp-play")
    before = len(sent)
    play.click()
    expect(player).to_have_attribute("data-playing", "1")
    expect(player).to_have_attribute("data-t", "4", timeout=RERUN_TIMEOUT)  # the steps advance on their own
    assert len(sent) == before, "the player sent messages to the server while it played"
    caption = player.locator(".vp-caption").text_content()
    assert re.match(r"t = \d+: reads “.”", caption), caption
    screenshot(page, "hello_player_playing.png")

    play.click()  # pause: the server hears where it stopped, and the views below follow
    expect(player).to_have_attribute("data-playing", "0")
    stopped = int(player.get_attribute("data-t"))
    assert 4 <= stopped <= 10
    expect_drawn(page, stopped)
    assert len(sent) > before, "the pause did not reach the server"
    assert_no_exception(page)

    back = max(stopped - 1, 1)
    player.locator(".vp-range").focus()
    page.keyboard.press("ArrowLeft")  # the range's own keys: one step back, drawn at once, then the server follows
    expect(player).to_have_attribute("data-t", str(back))
    expect_drawn(page, back)

    play.focus()
    page.keyboard.press("Space")  # the button's own key plays ...
    expect(player).to_have_attribute("data-playing", "1")
    page.keyboard.press("Space")  # ... and pauses
    expect(player).to_have_attribute("data-playing", "0")

    # the other way: the server's step slider moves the player (when it is not playing)
    shown = int(player.get_attribute("data-t"))
    expect_drawn(page, shown)
    thumb = page.locator(".st-key-t").get_by_role("slider")
    thumb.focus()
    page.keyboard.press("ArrowLeft" if shown > 1 else "ArrowRight")
    moved = shown - 1 if shown > 1 else shown + 1
    expect_drawn(page, moved)
    expect(player).to_have_attribute("data-t", str(moved), timeout=RERUN_TIMEOUT)
    assert_no_exception(page)


def test_the_player_speaks_korean(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/hello?lang=ko")
    player = page.locator(".vp-player")
    player.wait_for(timeout=RERUN_TIMEOUT)
    assert player.locator(".vp-play").text_content() == "▶ 재생"
    assert player.locator(".vp-where").text_content() == "4개 중 1번째 시점"
    assert "읽는 글자" in player.locator(".vp-caption").text_content()
    screenshot(page, "hello_player_ko.png")


def expect_walk_at(page, k: int) -> None:
    """The server's walk shows step k: its slider, and the local Jacobian J_k = ds_(k+1)/ds_k."""
    expect(page.locator(".st-key-k").get_by_role("slider")).to_have_attribute("aria-valuetext", str(k),
                                                                               timeout=RERUN_TIMEOUT)
    title = page.locator(f"{CHARTS} .gtitle").filter(has_text=f"The local Jacobian ∂s_{{{k + 1}}}/∂s_{{{k}}}")
    expect(title.first).to_be_visible(timeout=RERUN_TIMEOUT)


def test_the_vanishing_player_walks_back_and_k_follows_its_pause(app_url, browser_page):
    page = browser_page
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    open_page(page, f"{app_url}/vanishing?T=30")  # the walk: k = 29 .. 1, player step i is k = 30 - i
    player = page.locator(".vp-player")
    player.wait_for(timeout=RERUN_TIMEOUT)
    expect(player).to_have_attribute("data-t", "1")
    assert "step 1 of 29" in player.locator(".vp-where").text_content()
    assert player.locator(".vp-caption").text_content().startswith("k = 29 (T − k = 1)")
    expect_walk_at(page, 29)

    play = player.locator(".vp-play")
    before = len(sent)
    play.click()
    expect(player).to_have_attribute("data-t", "4", timeout=RERUN_TIMEOUT)  # k = 26: walking back on its own
    assert len(sent) == before, "the player sent messages to the server while it played"
    screenshot(page, "vanishing_player_playing.png")
    play.click()
    expect(player).to_have_attribute("data-playing", "0")
    stopped = int(player.get_attribute("data-t"))
    assert player.locator(".vp-caption").text_content().startswith(f"k = {30 - stopped} ")
    expect_walk_at(page, 30 - stopped)  # the slider, the Jacobian and the singular values follow the pause
    assert len(sent) > before, "the pause did not reach the server"
    assert_no_exception(page)

    thumb = page.locator(".st-key-k").get_by_role("slider")  # the other way: the server's k moves the player
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect_walk_at(page, 29 - stopped)
    expect(player).to_have_attribute("data-t", str(stopped + 1), timeout=RERUN_TIMEOUT)
    assert_no_exception(page)


SENTENCE = "he eats big red apple and bread quickly today"  # one of the examples: 9 query words


def expect_word(page, n: int) -> None:
    """The server's word slider shows the n-th word, and the layer's sum below is written for it."""
    word = f"{n}. {SENTENCE.split()[n - 1]}"
    expect(page.locator(".st-key-word").get_by_role("slider")).to_have_attribute("aria-valuetext", word,
                                                                                  timeout=RERUN_TIMEOUT)
    page.wait_for_function("w => [...document.querySelectorAll('.katex-mathml annotation')]"
                           ".some(a => a.textContent.includes(w))", arg=f"\\mathrm{{head}}_{{{n}\\,",
                           timeout=RERUN_TIMEOUT)
    assert f"\\mathrm{{head}}_{{{n}\\,{SENTENCE.split()[n - 1]}}}" in katex_text(page)


def test_the_selfattn_player_steps_through_the_words_and_the_word_slider_follows(app_url, browser_page):
    page = browser_page
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    open_page(page, f"{app_url}/self-attention?sentence={SENTENCE.replace(' ', '+')}")
    player = page.locator(".vp-player")
    player.wait_for(timeout=RERUN_TIMEOUT)
    expect(player).to_have_attribute("data-t", "2")  # the word slider's default, the second word
    expect_word(page, 2)
    assert player.locator(".vp-bar").count() == 9 and player.locator(".vp-cell").count() == 81

    play = player.locator(".vp-play")
    before = len(sent)
    play.click()
    expect(player).to_have_attribute("data-t", "4", timeout=RERUN_TIMEOUT)
    assert len(sent) == before, "the player sent messages to the server while it played"
    assert player.locator(".vp-caption").text_content().startswith("Query “")
    screenshot(page, "selfattn_player_playing.png")
    play.click()
    expect(player).to_have_attribute("data-playing", "0")
    stopped = int(player.get_attribute("data-t"))
    assert 4 <= stopped <= 9
    expect_word(page, stopped)
    assert_no_exception(page)

    player.locator(".vp-range").focus()
    page.keyboard.press("ArrowLeft")  # a step back with the keyboard: the word slider and the sum follow
    expect(player).to_have_attribute("data-t", str(stopped - 1))
    expect_word(page, stopped - 1)
    assert_no_exception(page)


def test_the_new_players_speak_korean(app_url, browser_page):
    page = browser_page
    for path, words in (("/vanishing?lang=ko&T=30", "이 단계가 기울기를 가장 크게 늘리는 배율"),
                        ("/self-attention?lang=ko", "가중치가 가장 큰 키는")):
        open_page(page, f"{app_url}{path}")
        player = page.locator(".vp-player")
        player.wait_for(timeout=RERUN_TIMEOUT)
        assert player.locator(".vp-play").text_content() == "▶ 재생"
        assert words in player.locator(".vp-caption").text_content()
        assert_no_exception(page)
