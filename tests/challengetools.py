"""Reading a lesson's challenges (ui/challenges.py) off an AppTest run: each challenge is a container keyed
challenge_<key> holding one success (met now), info (met earlier in the session) or warning (not yet)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from ui.registry import LESSONS

STATES = {"success": "met", "info": "before", "warning": "not yet"}


def opened(page: str, settings: dict[str, str], lang: str = "en", timeout: int = 300) -> AppTest:
    """The lesson at address ``page`` opened from a link carrying ``settings`` (as a challenge's link does)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in settings.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(next(lesson.path for lesson in LESSONS if lesson.url_path == page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _elements(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _elements(child)


def verdicts(at: AppTest) -> dict[str, tuple[str, str]]:
    """challenge key -> (state: "met", "before" or "not yet"; the verdict's text)."""
    out = {}
    for block in _elements(at.main):
        block_id = getattr(getattr(block, "proto", None), "id", "")
        if "-challenge_" not in str(block_id):
            continue
        key = block_id.split("-challenge_", 1)[1]
        found = [(STATES[e.type], e.value) for e in _elements(block) if getattr(e, "type", None) in STATES]
        assert len(found) == 1, (key, found)
        out[key] = found[0]
    return out


def heading(at: AppTest) -> str:
    """The challenges' heading, which counts the done ones."""
    (text,) = [s.value for s in at.subheader if s.value.startswith(("Challenges", "도전 과제"))]
    return text


def outside(at: AppTest, kind: str) -> list:
    """The page's ``kind`` elements ("error", "warning", "info", "success") that are not a challenge's verdict: a
    challenge not met yet shows a warning on every run, which must not pass for the page's own messages."""
    verdict = {text for _, text in verdicts(at).values()}
    return [e for e in at.get(kind) if e.value not in verdict]
