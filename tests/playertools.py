"""Reading the step player (ui/player.py) in AppTest: its data as the browser gets it, and a stop sent as the browser
sends it."""

from __future__ import annotations

import json

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState


def strict(text: str):
    """JSON as a browser reads it: NaN and Infinity are not JSON, and JSON.parse would refuse the whole message."""
    def refuse(name):
        raise ValueError(f"{name} in the player's data")
    return json.loads(text, parse_constant=refuse)


def player_element(at):
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "vp_step_player"]
    return element


def player_data(at) -> dict:
    return strict(player_element(at).proto.json)


def stop_at(at, step: int) -> None:
    """What the browser sends when the player stops at ``step`` (player.js: setTriggerValue("stopped", t)), then the
    rerun it causes."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=_make_trigger_id(player_element(at).proto.id, "events"),
                                      json_trigger_value=json.dumps([{"event": "stopped", "value": step}])))
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
