"""A learner whose replica died goes on where they were: a fragment rerun that reaches a session which has never run
the page becomes a full run with the same settings.

When a replica dies, Streamlit's page (1.67) reconnects through the balancer to another replica, gets a new session
there and keeps showing what it drew; it does not run the script again. The learner's next move is often a slider in
an ``st.fragment`` (every step slider), and its rerun names the fragment by id. The new session has never run the
page, so it holds no fragment, and ``AppSession.request_rerun`` drops the request (it logs "The fragment with id ...
does not exist anymore"): the slider moves and nothing else does. The request carries everything a full run needs
(the address's query string, the page, every widget's value), so this module runs the whole page with it instead.
A session that has run the page keeps Streamlit's behaviour (a fragment removed by a full run is still dropped).

``install()`` wraps ``AppSession.request_rerun`` once per process (app.py calls it on the first page run; the class
cluster warms every replica before it takes learners, so it is in place before any learner arrives)."""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

_RAN_PAGE = "_vp_requested_a_full_run"  # set on a session once it has been asked for a full run
_RESUMED: set[str] = set()  # sessions whose first run is such a resumed one, until that run asks (resumed())


def resumed(session_id: str) -> bool:
    """Whether this session's run resumes a learner's page after a replica died (asked once: it is forgotten). The
    browser still shows that whole page, so ui/later.py must not cut it back to its first screen."""
    if session_id in _RESUMED:
        _RESUMED.discard(session_id)
        return True
    return False


def rerun_state(session, client_state: ClientState | None) -> ClientState | None:
    """The client state to run ``session`` with: a fragment rerun the session cannot serve because it has never run
    the page becomes the same request without its fragment id (a full run)."""
    fragment_id = client_state.fragment_id if client_state is not None else ""
    if not fragment_id:
        setattr(session, _RAN_PAGE, True)
        return client_state
    if getattr(session, _RAN_PAGE, False) or session.has_fragment(fragment_id):
        return client_state
    full = ClientState()
    full.CopyFrom(client_state)
    full.fragment_id = ""
    setattr(session, _RAN_PAGE, True)
    _RESUMED.add(session.id)
    return full


def install() -> bool:
    """Wrap AppSession.request_rerun (once); whether it was wrapped now."""
    original = AppSession.request_rerun
    if getattr(original, "vp_failover", False):
        return False

    def request_rerun(self, client_state: ClientState | None) -> None:
        return original(self, rerun_state(self, client_state))

    request_rerun.vp_failover = True
    AppSession.request_rerun = request_rerun
    return True
