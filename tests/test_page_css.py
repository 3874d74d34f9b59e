"""ui/page.css, the lab's own CSS on every page (issue 20): it reaches the page, Streamlit's sanitiser keeps it, and
the charts it widens on a phone exist. tests/test_browser_layout.py checks what it does in Chromium."""

import ast
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from ui.present import PAGE_CSS

ROOT = Path(__file__).resolve().parent.parent


def test_the_css_has_no_less_than_sign():
    """Streamlit sanitises st.html and drops a <style> whose text has a '<' followed by a letter or '/': one in a
    comment was enough to lose every rule."""
    assert "<" not in PAGE_CSS and PAGE_CSS.count("{") == PAGE_CSS.count("}")


def test_every_widened_chart_is_a_chart_of_a_lesson():
    keys = set(re.findall(r"\.st-key-([A-Za-z0-9_]+)", PAGE_CSS))
    assert len(keys) >= 10
    charts, prefixes = set(), set()  # literal keys, and the literal start of f-string keys (f"shape_{kind}")
    for path in (ROOT / "lessons").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "plotly_chart":
                for key in (k.value for k in node.keywords if k.arg == "key"):
                    if isinstance(key, ast.Constant):
                        charts.add(key.value)
                    elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                        prefixes.add(key.values[0].value)
    unknown = {k for k in keys - charts if not any(k.startswith(p) for p in prefixes)}
    assert not unknown, sorted(unknown)
    assert "shape_" in prefixes and "gate_panels" in charts  # the check sees both kinds of key


def test_every_page_gets_the_css():
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    styles = [h.proto.body for h in at.get("html") if "<style>" in h.proto.body]
    assert len(styles) == 1 and PAGE_CSS in styles[0]
