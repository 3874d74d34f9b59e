"""Hello's step player in Chromium (issue 19): ▶ plays the steps in the browser with no message to the server, ❚❚
tells the server where it stopped (the step slider, the heatmap and the equations follow), the keyboard works, and
the server's slider moves the player."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browsertools import CHARTS, RERUN_TIMEOUT, assert_no_exception, open_page, screenshot

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
