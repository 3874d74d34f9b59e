"""강의 지도 | Lecture map: every point of the five lecture notes, in the notes' order and under their headings, each
a link that opens the view of the lab that shows it, with how far the lab covers it (the data: assets/lecture.toml)."""

import streamlit as st

from lessons.lecture.study import ALL, STATUSES, Point, Section, lecture
from ui.choices import choice
from ui.language import lang
from ui.registry import GLOSSARY, HOME, LESSONS
from ui.strings import strings

language = lang()
S = strings("lecture", language)
L = lecture()
PAGES = {lesson.url_path: lesson.path for lesson in (*LESSONS, HOME, GLOSSARY)}
COLOURS = {"live": "green", "prose": "blue", "partial": "orange", "missing": "red"}  # the status badges


def summary() -> None:
    """The teaching points counted by status."""
    st.subheader(S["summary_heading"])
    counts = L.counts("T")
    for column, status in zip(st.columns(len(STATUSES)), STATUSES, strict=True):
        column.metric(S[f"status_{status}"], counts[status], help=S[f"status_{status}_help"])
    teaching, incidental = sum(counts.values()), sum(L.counts("I").values())
    st.caption(S["summary_caption"].format(teaching=teaching, incidental=incidental, total=teaching + incidental))


def filters() -> tuple[str, str]:
    """The note and the status to show, kept in the address as keys (?note=004&status=missing)."""
    notes = {ALL: S["all_notes"]} | {n: S["note_option"].format(number=n, title=L.title(n, language)) for n in L.order}
    statuses = {ALL: S["all_statuses"]} | {status: S[f"status_{status}"] for status in STATUSES}
    left, right = st.columns([2, 3])
    note = choice(left.selectbox, S["filter_note"], notes, "note")
    status = choice(right.radio, S["filter_status"], statuses, "status", horizontal=True)
    return note, status


def point_line(point: Point) -> None:
    """One line: the status badge, the id and the point in the lab's words, then the link that opens its view (in
    this session). A point in one section of a long page also links to that section: Streamlit's page links carry
    no #anchor, so that link is an address, opened in a new tab at the section's heading."""
    aside = f" :gray-badge[{S['aside']}]" if point.kind == "I" else ""
    section = f" · [{S['section_link']}]({point.address(language)})" if point.anchor else ""
    text, link = st.columns([7, 1], vertical_alignment="center")
    text.markdown(f":{COLOURS[point.status]}-badge[{S[f'status_{point.status}']}]{aside} **{point.id}** · "
                  f"{point.line(language)}{section}")
    page = point.link.split("#", 1)[0]
    tip = S["link_help_section"] if point.anchor else S["link_help"]
    link.page_link(PAGES[point.page], label=S["open"], icon=":material/play_circle:",
                   query_params={**point.settings, "lang": language},
                   help=tip.format(address=page, anchor=point.anchor, section=S["section_link"]))


def sections(chosen: tuple[Section, ...], shown: tuple[Point, ...]) -> None:
    for section in chosen:
        points = L.points_in(section, shown)
        if points:
            st.markdown(f"##### {section.heading(language)}")
            for point in points:
                point_line(point)


def has_points(chosen: tuple[Section, ...], shown: tuple[Point, ...]) -> bool:
    return any(L.points_in(section, shown) for section in chosen)


def note_view(note: str, shown: tuple[Point, ...]) -> None:
    """A note's points under its headings; note 001's grouped by the parts of its own outline."""
    if not has_points(L.sections_of(note), shown):
        return
    st.header(S["note_heading"].format(number=note, title=L.title(note, language)), divider="gray")
    if not any(section.part for section in L.sections_of(note)):
        sections(L.sections_of(note), shown)
        return
    parts = [S["part_heading"].format(number=number, name=name) for number, name in enumerate(L.outline, start=1)]
    st.caption(S["outline"].format(parts=" · ".join(parts)))
    sections(L.sections_of(note, 0), shown)
    for number, heading in enumerate(parts, start=1):
        if has_points(L.sections_of(note, number), shown):
            st.subheader(heading)
            sections(L.sections_of(note, number), shown)


st.title(f"{S['icon']} {S['title']}")
st.markdown(S["intro"])
summary()
chosen_note, chosen_status = filters()
shown = L.shown(chosen_note, chosen_status)
st.caption(S["count"].format(n=len(shown), total=len(L.points)))
if not shown:
    st.info(S["filter_none"], icon=":material/filter_alt_off:")
for note in L.order:
    note_view(note, shown)
