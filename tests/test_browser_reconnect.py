"""Nothing lost on reconnect: after the server restarts, a shared address opens the same view (the settings live in
the URL), and a result that took seconds to train is computed once for every learner who asks for it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import APP, chart
from tests.browsertools import (
    open_page,
    wait_for_title,
)
from tests.conftest import _free_port, _stop, start_app

pytestmark = pytest.mark.browser


def test_a_shared_address_survives_a_server_restart(chromium_path, browser_page, tmp_path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/translate?t=3&sentence=i+eat+red+apple"
    server = start_app(port, tmp_path / "first.log")
    try:
        open_page(browser_page, url)
        wait_for_title(browser_page, "Step 3: scores")
    finally:
        _stop(server)
    server = start_app(port, tmp_path / "second.log")  # a fresh process: no session, no cache survives
    try:
        open_page(browser_page, url)
        wait_for_title(browser_page, "Step 3: scores")
        assert browser_page.get_by_text("At step 3 of 5 the decoder writes").count() == 1
    finally:
        _stop(server)


def test_a_second_learner_gets_the_trained_model_without_training():
    """Two sessions of one server (two AppTests in one process share ui.store's tables): the second one asking for
    the same gates configuration finds the trained study in ui.store and shows no progress bar."""
    from lessons.gates import training as gates

    calls = []
    original = gates.study
    gates.study = lambda config, on_step=None: calls.append(config) or original(config, on_step)
    try:
        for _ in range(2):
            at = AppTest.from_file(APP, default_timeout=120).run()
            at.query_params.update({"seed": "4242"})  # a configuration no other test trains
            at.switch_page("lessons/gates/page.py").run()
            assert not at.exception and chart(at, "LSTM: every gate")
    finally:
        gates.study = original
    assert len(calls) == 1
