"""A page's messages reach the event loop in batches, not one wake-up each (issue 18: the cost of a whole-page rerun).

Streamlit 1.67 hands every message a script run produces to the server's event loop with its own
``loop.call_soon_threadsafe`` (``AppSession._call_soon_on_event_loop``). Each writes a byte to the loop's self-pipe
and wakes the loop's thread, which takes the GIL from the script's thread: a whole /hello rerun sends about 130
messages, so about 130 wake-ups and GIL hand-overs. Here the script's events wait in a queue per session, in their
order, and one wake-up runs all that are waiting. Messages, their order and their timing as seen by the browser are
unchanged (a message waits at most until the loop next runs, which is what ``call_soon_threadsafe`` promised).
Measured with benchmarks/rerun_cost.py: with the other changes of the same commit, a /hello rerun went from 43.5 to
about 24-30 ms of server CPU (the runs vary by about 20 % from one to the next on this machine).

(The loop then wakes its send loop once per message too, ``Runtime._enqueued_some_message``; setting that event
directly on the loop's thread was tried and made no difference that this machine could measure, so it is left.)

``install()`` patches the method once per process; app.py calls it on the first page run."""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession

_LOGGER = logging.getLogger(__name__)


class _Waiting:
    """One session's events on their way to the event loop, and whether a wake-up is already asked for."""

    def __init__(self):
        self.lock = threading.Lock()
        self.callbacks: collections.deque[Callable[[], None]] = collections.deque()
        self.asked = False

    def run(self) -> None:
        """On the event loop: run every event waiting now, in order (later ones ask for their own wake-up)."""
        with self.lock:
            callbacks, self.callbacks = self.callbacks, collections.deque()
            self.asked = False
        for callback in callbacks:
            try:
                callback()
            except Exception:  # as asyncio does for each handle: log it, and the events after it still run
                _LOGGER.exception("Exception in a batched event-loop callback")


_LOCK = threading.Lock()


def _waiting(session: AppSession) -> _Waiting:
    waiting = session.__dict__.get("_vp_waiting")
    if waiting is None:
        with _LOCK:
            waiting = session.__dict__.setdefault("_vp_waiting", _Waiting())
    return waiting


def call_soon_on_event_loop(self: AppSession, callback: Callable[[], None]) -> None:
    """``AppSession._call_soon_on_event_loop``, one wake-up for every event waiting (as Streamlit, an event that
    arrives after the loop is closed is dropped)."""
    waiting = _waiting(self)
    with waiting.lock:
        waiting.callbacks.append(callback)
        if waiting.asked:
            return
        waiting.asked = True
    try:
        self._event_loop.call_soon_threadsafe(waiting.run)
    except RuntimeError:
        if not self._event_loop.is_closed():
            raise
        _LOGGER.debug("Dropped event-loop callback", exc_info=True)


def install() -> bool:
    """Patch the method (once); whether it was patched now."""
    if getattr(AppSession._call_soon_on_event_loop, "vp_batching", False):
        return False
    call_soon_on_event_loop.vp_batching = True
    AppSession._call_soon_on_event_loop = call_soon_on_event_loop
    return True
