"""A Streamlit client without a browser: it speaks the front end's websocket protocol, so a benchmark can open
many sessions at once and move their widgets.

The protocol (Streamlit 1.67, streamlit/web/server/starlette/starlette_websocket.py, runtime/app_session.py):

1. ``GET /_stcore/health`` (the front end pings it first) sets the XSRF cookie ``_streamlit_xsrf``.
2. The websocket ``ws://HOST:PORT/_stcore/stream`` is opened with the subprotocols ``["streamlit", <the XSRF
   cookie's value>]`` (the second entry is the token the server compares with the cookie), the cookie itself and
   a same-origin ``Origin`` header. XSRF protection stays on in the server.
3. Nothing runs until the client asks: every run, the first included, is a binary ``BackMsg`` whose
   ``rerun_script`` is a ``ClientState``: the query string, every widget value the client holds
   (``WidgetStates``), the page (first run: ``page_name`` = the URL path, e.g. "hello", with an empty
   ``page_script_hash``; later runs: the hash the server named in its ``navigation`` message), and, when the
   widget that changed lives in an ``st.fragment``, that fragment's id (the server then reruns only the fragment).
4. The server answers with binary ``ForwardMsg``s (new_session, navigation, page_info_changed with the new query
   string of widgets bound to the URL, deltas with the elements, ...) and ends every run with ``script_finished``.
   A delta that repeats one the client says it has cached (``cached_message_hashes``) comes as a ``ref_hash``;
   this client keeps that cache as the front end does.

Widgets are found in the deltas: every widget element carries its ``id``; a keyed widget's id ends with
``-<key>`` (``$$ID-<md5>-<key>``), and a delta sent from inside a fragment carries the fragment's id.
Two simplifications: the front end sends the value of every widget on the page with each rerun, this client only
the values it has set (the server keeps the others from the previous run, so the script sees the same values);
and it writes a URL-bound widget's new value into its query string in a simpler format than the front end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
MAX_CACHED = 2_000  # bound on the client's message cache (the front end expires by age only)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY: "full", ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment",
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error"}


@dataclass
class Widget:
    id: str
    key: str | None
    kind: str  # the Element field: "slider", "radio", "selectbox", "text_input", ...
    proto: object  # the widget's element proto (min, max, options, default, ...)
    fragment_id: str  # "" outside any fragment

    def values(self) -> list:
        """The values the widget can take, for sliders, select sliders, radios and select boxes."""
        p = self.proto
        if self.kind == "slider" and p.type == Slider.SELECT_SLIDER:
            return list(p.options)
        if self.kind == "slider":
            n = int(round((p.max - p.min) / p.step))
            return [p.min + i * p.step if p.data_type == Slider.FLOAT else int(p.min + i * p.step)
                    for i in range(min(n, 10_000) + 1)]
        if self.kind in ("radio", "selectbox"):
            return list(p.options)
        raise TypeError(f"{self.kind} has no list of values")


@dataclass
class Run:
    """What one run cost and showed: time from sending the rerun to script_finished."""
    seconds: float
    status: str  # "full", "fragment", "compile_error", "timeout", "disconnected"
    exceptions: list[str] = field(default_factory=list)  # st.exception elements: "Type: message"
    alerts: list[str] = field(default_factory=list)  # st.error elements (the app's own messages)
    headings: list[str] = field(default_factory=list)
    progress: int = 0  # st.progress elements: the lessons show one while they train (ui/store.cached_run)
    messages: int = 0
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.status in ("full", "fragment")


def widget_state(widget: Widget, value) -> WidgetState:
    """The WidgetState the front end sends for ``value`` (value types as the widgets register them)."""
    state = WidgetState(id=widget.id)
    kind, p = widget.kind, widget.proto
    if kind == "slider" and p.type == Slider.SELECT_SLIDER:
        state.string_array_value.data.extend([str(value)])  # the formatted option
    elif kind == "slider":
        state.double_array_value.data.extend([float(value)])
    elif kind in ("radio", "selectbox", "text_input", "text_area", "color_picker"):
        state.string_value = value if isinstance(value, str) else list(p.options)[value]
    elif kind == "number_input":
        state.double_value = float(value)
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "button":
        state.trigger_value = True
    else:
        raise TypeError(f"setting a {kind} is not implemented")
    return state


def start_server(port: int, log: Path | None = None) -> subprocess.Popen:
    """``streamlit run app.py`` as README's "Running it for a class" says, on 127.0.0.1; stderr to ``log``."""
    err = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (the child keeps the file)
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=err, stderr=subprocess.STDOUT)


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (read from /proc; psutil is not installed)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def rss_mb(pid: int) -> float:
    """Resident memory (VmRSS) of ``pid`` and its descendants, in MB."""
    total_kb = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                total_kb += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total_kb / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its live descendants."""
    ticks = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def xsrf_cookie(port: int) -> str:
    """The XSRF cookie the server sets on its health endpoint (as the front end's first request gets it)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0].strip('"')
    raise RuntimeError("the server set no _streamlit_xsrf cookie (is XSRF protection off?)")


class Client:
    """One browser tab's session. ``await Client(port).connect("/hello")``, then ``await c.set(t=3)``."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.port, self.host = port, host
        self.ws = None
        self.widgets: dict[str, Widget] = {}  # by key (unkeyed widgets by id)
        self.values: dict[str, WidgetState] = {}  # by key: every value this client has set, sent on every run
        self.query_string = ""
        self.page_script_hash = ""
        self.path = ""
        self.closed_reason: str | None = None
        self._cache: dict[str, tuple[int, ForwardMsg]] = {}  # hash -> (run number, message)
        self._runs = 0
        self._max_age = 2
        self._run: Run | None = None
        self._done: asyncio.Event | None = None
        self._reader: asyncio.Task | None = None

    async def connect(self, path: str = "/", query_string: str = "", timeout: float = 300) -> Run:
        """Open the websocket as the front end does and run the page at ``path`` (e.g. "/hello"); the Run of
        that first page load (script_finished)."""
        cookie = await asyncio.to_thread(xsrf_cookie, self.port)
        origin = f"http://{self.host}:{self.port}"
        self.ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit", cookie],
            additional_headers={"Origin": origin, "Cookie": f"_streamlit_xsrf={cookie}"},
            max_size=None, max_queue=None, open_timeout=60, ping_interval=20, ping_timeout=60,
            compression=None)
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
        fragment_ids = set()
        for key, value in (widgets or {}).items():
            w = self.widgets[key]
            self.values[key] = widget_state(w, value)
            fragment_ids.add(w.fragment_id)
            self._bind_query(w, value)
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
        cs.cached_message_hashes.extend(self._cache)
        ci = cs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "UTC", 0, "en-US"
        ci.url, ci.is_embedded, ci.color_scheme = f"http://{self.host}:{self.port}/{self.path}", False, "light"

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

    def _bind_query(self, w: Widget, value) -> None:
        """A widget bound to the URL writes its new value into the address (the front end does this itself; the
        server answers with page_info_changed only when it computes something else), the default left out."""
        param = getattr(w.proto, "query_param_key", "")
        if not param:
            return
        default = getattr(w.proto, "default", None)
        default = list(default) if default is not None and not isinstance(default, (str, int, float)) else [default]
        if w.kind in ("radio", "selectbox") and isinstance(value, int):
            value = list(w.proto.options)[value]
        text = f"{value:g}" if isinstance(value, float) else str(value)
        pairs = [(k, v) for k, v in urllib.parse.parse_qsl(self.query_string, keep_blank_values=True) if k != param]
        numeric = w.kind == "slider" and w.proto.type != Slider.SELECT_SLIDER and isinstance(value, (int, float))
        is_default = ((numeric and [float(value)] == [float(d) for d in default])
                      or (isinstance(value, str) and [value] == default))
        if not is_default:
            pairs.append((param, text))
        self.query_string = urllib.parse.urlencode(pairs)

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
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                if run is not None:
                    run.exceptions.append(f"client: cache miss for {msg.ref_hash}")
                return
            self._cache[msg.ref_hash] = (self._runs, cached[1])  # a hit keeps it fresh, as in the front end
            full = ForwardMsg()
            full.CopyFrom(cached[1])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, "delta"
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (self._runs, msg)
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash or self.page_script_hash
            self._max_age = msg.new_session.config.max_cached_message_age or self._max_age
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
            if name == "exception":
                frames = [f for f in proto.stack_trace if str(ROOT) in f]  # the app's innermost line
                where = f" [{frames[-1].strip().splitlines()[0].replace(str(ROOT) + '/', '')}]" if frames else ""
                run.exceptions.append(f"{proto.type}: {proto.message}{where}")
            elif name == "alert" and proto.format == proto.ERROR:
                run.alerts.append(proto.body)
            elif name == "heading":
                run.headings.append(proto.body)
            elif name == "progress":
                run.progress += 1
        element_id = getattr(proto, "id", "") if name not in ("plotly_chart", "heading") else ""
        if element_id:
            parts = element_id.split("-", 2)
            key = parts[2] if element_id.startswith("$$ID-") and len(parts) == 3 and parts[2] != "None" else None
            copy = type(proto)()
            copy.CopyFrom(proto)
            self.widgets[key or element_id] = Widget(element_id, key, name, copy, msg.delta.fragment_id)

    def _finished(self, status, run: Run | None) -> None:
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # another run follows; its script_finished ends this request
        self._runs += 1
        for h, (seen, _) in list(self._cache.items()):  # the front end drops messages not seen for max age runs
            if self._runs - seen > self._max_age:
                del self._cache[h]
        while len(self._cache) > MAX_CACHED:
            del self._cache[next(iter(self._cache))]
        if run is not None:
            run.status = FINISHED.get(status, f"status {status}")
            self._done.set()
