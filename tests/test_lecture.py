"""The lecture map (/lecture): every point of the five lecture notes is in assets/lecture.toml under the id of
../shared/lecture-points.md, in both languages, with a status and a link to a page that exists, in the notes' own
order; the page shows them all with their links, counts the teaching points, filters from the address, in Korean
and in English."""

import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from lessons.lecture.study import ALL, KINDS, STATUSES, lecture
from tests.i18ntools import HANGUL, assert_korean, english_only, hangul_in, open_page
from ui.registry import GLOSSARY, HOME, LECTURE, LESSONS

ROOT = Path(__file__).resolve().parents[1]
POINTS = ROOT.parent / "shared" / "lecture-points.md"  # not in a clean clone (CI): then the frozen copy below
FROZEN_COUNTS = {"000": 55, "001": 57, "002": 14, "003": 17, "004": 23}  # points per note, ids 01..n
FROZEN_ASIDES = {"000-01", "000-08", "000-09", "000-12", "000-17", "000-24", "000-30", "000-31", "000-41", "000-49",
                 "000-55", "001-01", "001-34", "001-47", "002-04", "002-05", "002-07", "002-10", "002-13", "003-17",
                 "004-20"}  # the incidental remarks (I); every other point teaches (T)
ROW = re.compile(r"^\| (\d{3}-\d{2}) \|.*?\| ([TI]) \|")


def frozen() -> dict[str, str]:
    ids = [f"{note}-{i:02d}" for note, n in FROZEN_COUNTS.items() for i in range(1, n + 1)]
    return {pid: "I" if pid in FROZEN_ASIDES else "T" for pid in ids}


def table() -> dict[str, str]:
    """id -> kind, from the list of lecture points when it is there, else the frozen copy."""
    if not POINTS.exists():
        return frozen()
    return {m.group(1): m.group(2) for line in POINTS.read_text().splitlines() if (m := ROW.match(line))}


def test_the_frozen_copy_is_the_list():
    if not POINTS.exists():
        pytest.skip("../shared/lecture-points.md is not here (a clean clone): the map is checked on the frozen copy")
    assert table() == frozen()


def test_every_point_of_the_notes_is_on_the_map_with_its_id_and_kind():
    points = lecture().points
    assert len({p.id for p in points}) == len(points)
    assert {p.id: p.kind for p in points} == table()


def test_the_teaching_points_are_counted_by_status():
    counts = lecture().counts("T")
    assert list(counts) == list(STATUSES)
    assert sum(counts.values()) == sum(kind == "T" for kind in table().values()) == 145
    assert sum(lecture().counts("I").values()) == 21


def test_every_point_is_complete_in_both_languages():
    L = lecture()
    pages = {page.url_path for page in (*LESSONS, HOME, GLOSSARY)}
    for p in L.points:
        assert p.kind in KINDS and p.status in STATUSES, p.id
        assert p.note == p.id[:3] and p.note in L.order, p.id
        assert p.page in pages, (p.id, p.link)
        assert all(key and value for key, value in p.settings.items()), (p.id, p.link)
        assert re.search(r"[A-Za-z]{3}", p.en) and not english_only(p.ko), p.id
        assert HANGUL.search(p.ko) and "니다" in p.ko, (p.id, p.ko)  # Korean, in 합니다체
        assert p.en.rstrip()[-1] in ".?)" and p.ko.rstrip()[-1] in ".?)", p.id


def test_the_map_follows_the_notes_order():
    """Note 001 first (its outline's parts in order), then 000, 002, 003, 004; within a note the points go by the
    note's own sections, which is also the order of their ids."""
    L = lecture()
    assert L.order == ("001", "000", "002", "003", "004")
    assert L.outline == ("RNN", "LSTM", "GRU", "seq2seq", "RNN+attention", "Self attention")
    assert [p.note for p in L.points] == sorted((p.note for p in L.points), key=L.order.index)
    for note in L.order:
        ids = [p.id for p in L.points if p.note == note]
        assert ids == sorted(ids), note
        sections = L.sections_of(note)
        assert len({s.words for s in sections}) == len(sections), note
        assert all(L.points_in(s, L.points) for s in sections), f"a section of note {note} without points"
        parts = [s.part for s in sections]
        assert parts == sorted(parts) and set(parts) <= set(range(len(L.outline) + 1)), note
    assert {s.part for s in L.sections_of("001")} == set(range(len(L.outline) + 1))
    assert all(title["en"] and HANGUL.search(title["ko"]) for title in L.titles.values())


def links(at) -> list[dict[str, str]]:
    return [dict(parse_qsl(el.proto.query_string)) for el in at.get("page_link")]


def test_the_korean_map_shows_every_point_with_the_link_to_its_view():
    L = lecture()
    at = open_page(LECTURE.path, "ko")
    assert_korean(at, "the lecture map")
    assert links(at) == [{**p.settings, "lang": "ko"} for p in L.points]  # in the map's order
    shown = "\n".join(el.value for el in at.markdown)
    assert all(f"**{p.id}** · {p.ko}" in shown for p in L.points)
    assert [int(m.value) for m in at.metric] == list(L.counts("T").values())
    assert [el.label for el in at.get("page_link")] == ["열기"] * len(L.points)
    sections_open_at_their_heading(at, "ko")


def sections_open_at_their_heading(at, lang: str) -> None:
    """A point in one section of a page also links to that section's address, ?lang= before the #anchor (page
    links carry no anchor); its page link's help says so, and a point without one links to the page only."""
    lines = {el.value.split("**")[1]: el.value for el in at.markdown if el.value.startswith(":") and "**" in el.value}
    helps = [el.proto.help for el in at.get("page_link")]
    for p, help_text in zip(lecture().points, helps, strict=True):
        assert (f"]({p.address(lang)})" in lines[p.id]) == bool(p.anchor), p.id
        assert (f"#{p.anchor}" in help_text) == bool(p.anchor) and "#" not in p.link.split("#")[0], p.id
        assert p.address(lang).startswith(f"{p.page}?") and f"lang={lang}" in p.address(lang), p.id


def test_a_points_address_keeps_its_settings_and_anchor():
    point = next(p for p in lecture().points if p.id == "001-19")
    assert (point.page, point.settings, point.anchor) == ("hello", {"wx": "4"}, "input-terms")
    assert point.address("en") == "hello?wx=4&lang=en#input-terms"
    top = next(p for p in lecture().points if p.id == "001-20")
    assert (top.page, top.settings, top.address("ko")) == ("hello", {}, "hello?lang=ko#blurring")


def test_the_english_map_has_no_korean_but_the_notes_own_words():
    L = lecture()
    at = open_page(LECTURE.path, "en")
    notes_words = [s.words for s in L.sections] + [p.en for p in L.points] + [t["en"] for t in L.titles.values()]
    allowed = tuple({word for text in notes_words for word in re.findall(r"\S*[\uac00-\ud7a3]\S*", text)})
    assert hangul_in(at, allowed=allowed) == []
    assert links(at) == [{**p.settings, "lang": "en"} for p in L.points]
    sections_open_at_their_heading(at, "en")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("note, status", [("004", "partial"), ("001", ALL), (ALL, "missing"), ("003", "missing")])
def test_the_filters_come_from_the_address(lang, note, status):
    L = lecture()
    query = {k: v for k, v in (("note", note), ("status", status)) if v != ALL}
    at = open_page(LECTURE.path, lang, **query)
    assert at.selectbox(key="note").value == note and at.radio(key="status").value == status
    expected = L.shown(note, status)
    assert links(at) == [{**p.settings, "lang": lang} for p in expected]
    assert bool(at.info) == (not expected)
    at.radio(key="status").set_value(ALL).run()  # the map opens up again, the note kept
    assert not at.exception and len(at.get("page_link")) == len(L.shown(note, ALL))
    assert at.query_params.get("note") == query.get("note") and "status" not in at.query_params
