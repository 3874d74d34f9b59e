"""ui/batching.py: a run's events reach the event loop in their order, with one wake-up for all that are waiting."""

from __future__ import annotations

import asyncio
import threading
import types

from streamlit.runtime.app_session import AppSession

from ui import batching


class CountingLoop:
    """Counts the wake-ups asked of ``loop`` (its ``call_soon_threadsafe`` calls), from now on."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop, self.wakeups = loop, 0
        original = loop.call_soon_threadsafe

        def call_soon_threadsafe(callback, *args, **kwargs):
            self.wakeups += 1
            return original(callback, *args, **kwargs)

        loop.call_soon_threadsafe = call_soon_threadsafe


def running_loop() -> tuple[asyncio.AbstractEventLoop, threading.Thread]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return loop, thread


def stop(loop, thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_waiting_events_run_in_order_after_one_wakeup():
    loop, thread = running_loop()
    try:
        busy, free = threading.Event(), threading.Event()
        loop.call_soon_threadsafe(lambda: (busy.set(), free.wait(10)))  # the loop is busy with another session
        assert busy.wait(10)
        counting = CountingLoop(loop)
        session = types.SimpleNamespace(_event_loop=loop)
        seen, done = [], threading.Event()
        for i in range(500):
            batching.call_soon_on_event_loop(session, lambda i=i: seen.append(i))
        batching.call_soon_on_event_loop(session, done.set)
        free.set()
        assert done.wait(10)
        assert seen == list(range(500))
        assert counting.wakeups == 1  # Streamlit's own method asks for 501
    finally:
        stop(loop, thread)


def test_events_after_a_run_ask_for_a_new_wakeup():
    loop, thread = running_loop()
    try:
        counting = CountingLoop(loop)
        session = types.SimpleNamespace(_event_loop=loop)
        for round_ in range(3):
            done = threading.Event()
            batching.call_soon_on_event_loop(session, done.set)
            assert done.wait(10), f"round {round_}: the event never ran"
        assert counting.wakeups == 3
    finally:
        stop(loop, thread)


def test_an_event_that_raises_does_not_stop_the_ones_after_it():
    loop, thread = running_loop()
    try:
        session = types.SimpleNamespace(_event_loop=loop)
        busy, free, seen, done = threading.Event(), threading.Event(), [], threading.Event()
        loop.call_soon_threadsafe(lambda: (busy.set(), free.wait(10)))
        assert busy.wait(10)

        def broken():
            raise ValueError("one session's event failed")

        batching.call_soon_on_event_loop(session, broken)
        batching.call_soon_on_event_loop(session, lambda: seen.append("after"))
        batching.call_soon_on_event_loop(session, done.set)
        free.set()
        assert done.wait(10) and seen == ["after"]
    finally:
        stop(loop, thread)


def test_an_event_for_a_closed_loop_is_dropped():
    loop = asyncio.new_event_loop()
    loop.close()
    session = types.SimpleNamespace(_event_loop=loop)
    batching.call_soon_on_event_loop(session, lambda: None)  # Streamlit drops it too; it must not raise


def test_app_installs_it():
    from streamlit.testing.v1 import AppTest

    AppTest.from_file("../app.py", default_timeout=120).run()
    assert AppSession._call_soon_on_event_loop is batching.call_soon_on_event_loop
    assert batching.install() is False  # once per process
