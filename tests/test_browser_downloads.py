"""The download buttons write their files when clicked (Streamlit calls the page's function then, not on every
rerun): in Chromium, each page's buttons give a file with the page's numbers in it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.browsertools import (
    assert_no_exception,
    open_page,
)

pytestmark = pytest.mark.browser

# page, the CSV button's file and a column it must have, the JSON button's file and a key it must have
PAGES = [("hello", "hello_trace.csv", "t", "hello_config.json", "config"),
         ("vanishing", "vanishing_curves.csv", "norm_rnn", "vanishing_config.json", "memory_horizon"),
         ("gates", "gates_trace.csv", None, "gates_config.json", None),
         ("translate", "alignment.csv", None, "translation_accuracy.json", None),
         ("self-attention", "self_attention_weights.csv", None, "self_attention.json", "tokens"),
         ("sequences", "sequences_order_task.csv", "split", "sequences.json", "shapes")]  # shapes: its section 4


def download(page, key: str) -> tuple[str, str]:
    """Click the page's own download button ``key`` (the skeleton's download_csv or download_json, at the end of
    the page; a section may have buttons of its own above): the file's name and its text."""
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{key} button").click()
    assert info.value.failure() is None
    with open(info.value.path(), encoding="utf-8-sig") as f:
        return info.value.suggested_filename, f.read()


@pytest.mark.parametrize(("path", "csv_name", "column", "json_name", "key"), PAGES)
def test_downloads_write_the_pages_numbers(app_url, browser_page, path, csv_name, column, json_name, key):
    open_page(browser_page, f"{app_url}/{path}")
    assert_no_exception(browser_page)
    last = ".st-key-download_json button" if json_name else ".st-key-download_csv button"
    browser_page.wait_for_selector(last, timeout=60_000)  # the end of the page is drawn
    name, text = download(browser_page, "download_csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert name == csv_name and len(rows) >= 2 and len(rows[0]) >= 2, (name, rows[:3])
    if column:
        assert column in rows[0], rows[0]
    if json_name:
        name, text = download(browser_page, "download_json")
        data = json.loads(text)
        assert name == json_name and data and (key is None or key in data), (name, list(data)[:10])
    assert_no_exception(browser_page)


def test_the_vanishing_json_follows_the_threshold_moved_in_its_fragment(app_url, browser_page):
    """The threshold slider reruns only the curves fragment; the JSON written on the next click uses the new value."""
    open_page(browser_page, f"{app_url}/vanishing")
    browser_page.wait_for_selector(".st-key-download_json button", timeout=60_000)
    assert json.loads(download(browser_page, "download_json")[1])["threshold"] == 1e-3
    browser_page.get_by_role("slider", name="Memory threshold").focus()
    browser_page.keyboard.press("ArrowRight")
    browser_page.wait_for_url("**threshold=1e-04**", timeout=30_000)
    browser_page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30_000)
    data = json.loads(download(browser_page, "download_json")[1])
    assert data["threshold"] == 1e-4 and set(data["memory_horizon"]) == {"rnn", "lstm", "gru"}
