"""용어집 | Glossary: every term of the lecture notes, in both languages, with a link to where it is computed live."""

import streamlit as st

from lessons.glossary.study import glossary
from ui.language import lang
from ui.registry import HOME, LESSONS
from ui.strings import strings

language = lang()
S = strings("glossary", language)
PAGES = {lesson.url_path: lesson.path for lesson in (*LESSONS, HOME)}

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["intro"])
terms, sources = glossary()
query = st.text_input(S["filter_label"], key="q", bind="query-params", help=S["filter_help"])
shown = [term for term in terms if term.matches(query)] if query.strip() else list(terms)
st.caption(S["count"].format(n=len(shown)))
if not shown:
    st.info(S["filter_none"].format(query=query), icon=":material/search:")
for term in shown:
    with st.container(border=True):
        left, right = st.columns([2, 3])
        left.markdown(f"#### {term.name(language)}")
        left.markdown(f"{term.other(language)} · `{term.symbol}`")
        right.markdown(term.definition(language))
        if term.notes:
            lines = [f"- {word} ({S['note_source'].format(source=number, title=sources[number][language])})"
                     for word, number in term.notes]
            right.markdown(f"**{S['notes_heading']}**\n" + "\n".join(lines))
        else:
            right.caption(S["no_notes"])
        right.page_link(PAGES[term.page], label=S["live"], icon=":material/play_circle:",
                        query_params={**term.settings, "lang": language})
