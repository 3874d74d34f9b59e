"""A Streamlit client without a browser: it speaks the front end's websocket protocol, so a benchmark can open
many sessions at once and move their widgets.

The protocol and the data this client keeps (Widget, Run, MessageCache) are in benchmarks/protocol.py; the server
process (start it, its memory and CPU time) is in benchmarks/procs.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.protocol import (
    FINISHED,
    MessageCache,
    Run,
    Widget,
    bound_query,
    health,
    note_element,
    widget_of,
    widget_state,
)


class Client:
    """One browser tab's session. ``await Client(port).connect("/hello")``, then ``await c.set(t=3)``. ``jar`` is
    the browser's cookie jar (a reload's new Client gets the same one): behind the balancer its sticky cookie keeps
    the tab on one replica, whose name ``replica`` then holds."""

    def __init__(self, port: int, host: str = "127.0.0.1", jar: dict[str, str] | None = None):
        self.port, self.host = port, host
        self.jar = {} if jar is None else jar
        self.replica: str | None = None
        self.ws = None
        self.widgets: dict[str, Widget] = {}  # by key (unkeyed widgets by id)
        self.values: dict[str, WidgetState] = {}  # by key: every value this client has set, sent on every run
        self.query_string = ""
        self.page_script_hash = ""
        self.path = ""
        self.closed_reason: str | None = None
        self._cache = MessageCache()
        self._run: Run | None = None
        self._done: asyncio.Event | None = None
        self._reader: asyncio.Task | None = None

    async def connect(self, path: str = "/", query_string: str = "", timeout: float = 300) -> Run:
        """Open the websocket as the front end does and run the page at ``path`` (e.g. "/hello"); the Run of
        that first page load (script_finished)."""
        await asyncio.to_thread(health, self.port, self.jar, self.host)
        origin = f"http://{self.host}:{self.port}"
        self.ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit", self.jar["_streamlit_xsrf"]],
            additional_headers={"Origin": origin, "Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())},
            max_size=None, max_queue=None, open_timeout=60, ping_interval=20, ping_timeout=60,
            compression=None)
        self.replica = self.ws.response.headers.get("X-VP-Replica")  # who holds the session (None: no balancer)
        self.path = path.strip("/")
        self.query_string = query_string
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(page_name=self.path, query_string=query_string, timeout=timeout)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    def widget(self, key: str) -> Widget:
        return self.widgets[key]

    async def set(self, timeout: float = 120, **values) -> Run:
        """Set keyed widgets (``t=3``) and rerun as the front end would: the fragment alone when every widget
        set lives in the same fragment."""
        return await self.rerun(widgets=values, timeout=timeout)

    async def rerun(self, query_string: str | None = None, page_name: str | None = None,
                    widgets: dict | None = None, fragment: bool = True, timeout: float = 120) -> Run:
        """Send one rerun and wait for its script_finished. ``widgets`` maps keys to new values; the client sends
        them with every value it set before. ``page_name`` switches page (first run: the URL path)."""
        if self.closed_reason is not None:
            return Run(0.0, "disconnected")
        msg = self._rerun_message(query_string, page_name, widgets, fragment)
        self._run, self._done = Run(0.0, "timeout"), asyncio.Event()
        run, start = self._run, time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            async with asyncio.timeout(timeout):
                await self._done.wait()
        except TimeoutError:
            run.status = "timeout"
        except websockets.ConnectionClosed as error:
            self.closed_reason = self.closed_reason or f"closed: {error}"
            run.status = "disconnected"
        run.seconds = time.perf_counter() - start
        self._run = None
        return run

    def _rerun_message(self, query_string: str | None, page_name: str | None, widgets: dict | None,
                       fragment: bool) -> BackMsg:
        """The BackMsg the front end sends for this rerun, with the new widget values noted first."""
        fragment_ids = set()
        for key, value in (widgets or {}).items():
            w = self.widgets[key]
            self.values[key] = widget_state(w, value)
            fragment_ids.add(w.fragment_id)
            self.query_string = bound_query(self.query_string, w, value)
        if query_string is not None:
            self.query_string = query_string
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        for key, state in self.values.items():
            w = self.widgets.get(key)
            if w is not None:  # the id may have changed since the value was set (a widget's range changed)
                state.id = w.id
                cs.widget_states.widgets.append(state)
        if page_name is not None:
            cs.page_name = page_name  # the front end sends the path and no hash for a page it has not run
        else:
            cs.page_script_hash = self.page_script_hash
        if fragment and widgets and len(fragment_ids) == 1:
            cs.fragment_id = fragment_ids.pop()
        cs.cached_message_hashes.extend(self._cache.held)
        ci = cs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "UTC", 0, "en-US"
        ci.url, ci.is_embedded, ci.color_scheme = f"http://{self.host}:{self.port}/{self.path}", False, "light"
        return msg

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._handle(data)
        except websockets.ConnectionClosed as error:
            self.closed_reason = f"closed: {error}"
        except Exception as error:  # a message this client cannot read: count it, do not hang the run
            self.closed_reason = f"client error: {type(error).__name__}: {error}"
        finally:
            self.closed_reason = self.closed_reason or "closed by the server"
            if self._run is not None:
                self._run.status = "disconnected"
                self._done.set()

    def _handle(self, data: bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        run = self._run
        if run is not None:
            run.messages += 1
            run.bytes += len(data)
        kind = msg.WhichOneof("type")
        full = self._cache.resolve(msg)
        if full is None:
            if run is not None:
                run.exceptions.append(f"client: cache miss for {msg.ref_hash}")
            return
        msg, kind = full, "delta" if kind == "ref_hash" else kind
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash or self.page_script_hash
            self._cache.max_age = msg.new_session.config.max_cached_message_age or self._cache.max_age
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found" and run is not None:
            run.exceptions.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "delta":
            self._delta(msg, run)
        elif kind == "script_finished":
            self._finished(msg.script_finished, run)

    def _delta(self, msg: ForwardMsg, run: Run | None) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        name = element.WhichOneof("type")
        if name is None:
            return
        proto = getattr(element, name)
        if run is not None:
            note_element(name, proto, run)
        widget = widget_of(name, proto, msg.delta.fragment_id)
        if widget is not None:
            self.widgets[widget.key or widget.id] = widget

    def _finished(self, status, run: Run | None) -> None:
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # another run follows; its script_finished ends this request
        self._cache.run_finished()
        if run is not None:
            run.status = FINISHED.get(status, f"status {status}")
            self._done.set()
