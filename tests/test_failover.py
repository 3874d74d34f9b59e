"""ui/failover.py: a fragment rerun that reaches a session which has never run the page (the learner's replica died
and the page reconnected to another) becomes a full run with the same settings; any other request is untouched."""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

from ui import failover


class Session:
    """What rerun_state asks of an AppSession."""

    def __init__(self, fragments=(), session_id: str = "s1"):
        self.fragments = set(fragments)
        self.id = session_id

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id in self.fragments


def state(fragment_id: str = "") -> ClientState:
    s = ClientState(query_string="hidden=8&t=4", page_script_hash="abc", fragment_id=fragment_id)
    s.widget_states.widgets.add(id="$$ID-1-t").double_array_value.data.append(4.0)
    return s


def test_a_fresh_sessions_fragment_rerun_becomes_a_full_run_with_the_same_settings():
    full = failover.rerun_state(Session(), state("f1"))
    assert full.fragment_id == "" and full.query_string == "hidden=8&t=4" and full.page_script_hash == "abc"
    assert list(full.widget_states.widgets[0].double_array_value.data) == [4.0]


def test_a_session_that_ran_the_page_keeps_streamlits_behaviour():
    session = Session()
    assert failover.rerun_state(session, state()).fragment_id == ""  # the front end's first request: a full run
    assert failover.rerun_state(session, state("gone")).fragment_id == "gone"  # dropped by Streamlit, as before
    assert failover.rerun_state(Session({"f1"}), state("f1")).fragment_id == "f1"
    assert failover.rerun_state(Session(), None) is None


def test_a_resumed_run_is_named_once_so_the_page_is_not_cut_back_to_its_first_screen():
    assert not failover.resumed("s2")
    failover.rerun_state(Session(session_id="s2"), state())  # a page's own first request: not a resumed one
    assert not failover.resumed("s2")
    failover.rerun_state(Session(session_id="s2"), state("f1"))  # a fragment this session never ran: resumed
    assert failover.resumed("s2")
    assert not failover.resumed("s2")  # asked once (ui/later.py's first run), then forgotten


def test_install_wraps_request_rerun_once():
    failover.install()
    assert getattr(AppSession.request_rerun, "vp_failover", False)
    assert failover.install() is False
