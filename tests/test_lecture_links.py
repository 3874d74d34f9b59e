"""Every link of the lecture map opens its view: the page runs with the link's settings in the address (in Korean,
as a Korean learner's click opens it), raises nothing, every widget the link names shows the link's value, and the
section a link's #anchor names is a heading of that page."""

import pytest

from lessons.lecture.study import lecture
from tests.i18ntools import WIDGETS, open_page
from ui.registry import GLOSSARY, HOME, LESSONS

PAGES = {page.url_path: page.path for page in (*LESSONS, HOME, GLOSSARY)}
LINKS = sorted({point.link for point in lecture().points})  # many points share a view: each view is opened once


def same(shown, value: str) -> bool:
    """A widget's value is the address value: the same text (True is "true"), or the same number."""
    if str(shown).lower() == value.lower():
        return True
    try:
        return float(shown) == float(value)
    except (TypeError, ValueError):
        return False


def test_the_links_are_worth_opening():
    points = lecture().points
    assert len(LINKS) >= 30 and {p.page for p in points} >= {"hello", "vanishing", "gates", "translate",
                                                            "self-attention", "sequences"}
    assert {p.anchor for p in points} >= {"snapshots", "input-terms", "blurring", "truncation", "notes-example",
                                          "matrix", "saturation", "cost"}


def anchors(at) -> set[str]:
    """The anchors of the page's headings (st.title, st.header, st.subheader with anchor=...)."""
    return {h.proto.anchor for kind in ("title", "header", "subheader") for h in at.get(kind) if h.proto.anchor}


@pytest.mark.parametrize("link", LINKS)
def test_every_link_opens_its_view(link):
    point = next(p for p in lecture().points if p.link == link)
    at = open_page(PAGES[point.page], "ko", **point.settings)  # no exception, or open_page fails
    assert not at.error, (link, [e.value for e in at.error])
    shown = {w.key: w.value for kind in WIDGETS for w in at.get(kind)}
    for key, value in point.settings.items():
        assert key in shown, (link, key, sorted(k for k in shown if k))
        assert same(shown[key], value), (link, key, shown[key], value)
    if point.anchor:
        assert point.anchor in anchors(at), (link, sorted(anchors(at)))
