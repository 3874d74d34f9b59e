"""Streamlit's front-end websocket protocol, as benchmarks/client.py speaks it: the pieces that are plain data
(widgets, what a run showed, the messages' parts), without the connection.

The protocol (Streamlit 1.67, streamlit/web/server/starlette/starlette_websocket.py, runtime/app_session.py):

1. ``GET /_stcore/health`` (the front end pings it first) sets the XSRF cookie ``_streamlit_xsrf`` (and, through the
   balancer, its sticky cookie: the client keeps a cookie jar, as a browser does).
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

import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.common import ROOT

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
    progress: int = 0  # st.progress elements: the lessons show one while they train (ui.store.shared)
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


def health(port: int, jar: dict[str, str], host: str = "127.0.0.1") -> str | None:
    """GET /_stcore/health as the front end's first request does, with the cookies in ``jar`` (a browser's cookie
    jar); the cookies the answer sets are kept in ``jar``: the XSRF cookie, and behind the balancer
    (deploy/cluster.py) its sticky ``VP_REPLICA``, which sends every later request of this jar to the same replica.
    The replica that answered (HAProxy's ``X-VP-Replica`` header), None without a balancer."""
    cookies = "; ".join(f"{k}={v}" for k, v in jar.items())
    headers = {"Cookie": cookies} if jar else {}
    request = urllib.request.Request(f"http://{host}:{port}/_stcore/health", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0].strip('"')
        replica = r.headers.get("X-VP-Replica")
    if "_streamlit_xsrf" not in jar:
        raise RuntimeError("the server set no _streamlit_xsrf cookie (is XSRF protection off?)")
    return replica


def bound_query(query_string: str, w: Widget, value) -> str:
    """The query string after a widget bound to the URL took ``value`` (the front end writes it into the address
    itself; the server answers with page_info_changed only when it computes something else), the default left
    out. Unchanged for a widget not bound to the URL."""
    param = getattr(w.proto, "query_param_key", "")
    if not param:
        return query_string
    default = getattr(w.proto, "default", None)
    default = list(default) if default is not None and not isinstance(default, (str, int, float)) else [default]
    if w.kind in ("radio", "selectbox") and isinstance(value, int):
        value = list(w.proto.options)[value]
    text = f"{value:g}" if isinstance(value, float) else str(value)
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(query_string, keep_blank_values=True) if k != param]
    numeric = w.kind == "slider" and w.proto.type != Slider.SELECT_SLIDER and isinstance(value, (int, float))
    is_default = ((numeric and [float(value)] == [float(d) for d in default])
                  or (isinstance(value, str) and [value] == default))
    if not is_default:
        pairs.append((param, text))
    return urllib.parse.urlencode(pairs)


def note_element(name: str, proto, run: Run) -> None:
    """What a new element tells about the run: a traceback, an error message, a heading, a progress bar."""
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


def widget_of(name: str, proto, fragment_id: str) -> Widget | None:
    """The widget a new element is (a copy of its proto), None for an element that is no widget."""
    element_id = getattr(proto, "id", "") if name not in ("plotly_chart", "heading") else ""
    if not element_id:
        return None
    parts = element_id.split("-", 2)
    key = parts[2] if element_id.startswith("$$ID-") and len(parts) == 3 and parts[2] != "None" else None
    copy = type(proto)()
    copy.CopyFrom(proto)
    return Widget(element_id, key, name, copy, fragment_id)


class MessageCache:
    """The front end's cache of messages by hash: the server sends a message the client holds as a ``ref_hash``."""

    def __init__(self):
        self.held: dict[str, tuple[int, ForwardMsg]] = {}  # hash -> (run number, message)
        self.runs = 0
        self.max_age = 2

    def resolve(self, msg: ForwardMsg) -> ForwardMsg | None:
        """The message ``msg`` stands for (itself unless it is a ``ref_hash``; None for a hash not held), kept
        when it is cacheable."""
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash:
                self.held[msg.hash] = (self.runs, msg)
            return msg
        cached = self.held.get(msg.ref_hash)
        if cached is None:
            return None
        self.held[msg.ref_hash] = (self.runs, cached[1])  # a hit keeps it fresh, as in the front end
        full = ForwardMsg()
        full.CopyFrom(cached[1])
        full.metadata.CopyFrom(msg.metadata)
        return full

    def run_finished(self) -> None:
        self.runs += 1
        for h, (seen, _) in list(self.held.items()):  # the front end drops messages not seen for max age runs
            if self.runs - seen > self.max_age:
                del self.held[h]
        while len(self.held) > MAX_CACHED:
            del self.held[next(iter(self.held))]
