"""Every lesson's "Show the code" expander sends the real source only while it is open (closed, the source cost every
rerun a few kB to hash and send): opened, it shows the functions' source as it is in the modules."""

import inspect

import pytest

import core.recurrent
from tests.apptools import lesson_page
from ui.registry import LESSONS


@pytest.mark.parametrize("path", [lesson.path for lesson in LESSONS])
def test_the_code_is_sent_when_the_expander_opens(path):
    at = lesson_page(path, timeout=300)
    (box,) = [e for e in at.expander if e.label == "Show the code"]
    assert len(box.code) == 0  # closed: nothing sent
    at.session_state["show_code"] = True  # what opening it in the browser sets
    at.run()
    assert not at.exception
    (box,) = [e for e in at.expander if e.label == "Show the code"]
    sources = [c.value for c in box.code]
    assert sources and all(("def " in s or "class " in s) for s in sources)
    if path == "lessons/hello/page.py":
        assert sources[0].strip() == inspect.getsource(core.recurrent.RNN).strip()  # (st.code trims the end)
