"""scripts/load_test.py: its protocol driver reads the server's messages as the browser does (error boxes
counted, widget values reported back), and a small run through the real server settles every page."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import load_test  # noqa: E402


class _Socket:
    """A websocket that replays the server's messages and keeps what the client sent."""

    def __init__(self, messages: list[ForwardMsg]) -> None:
        self.incoming = [m.SerializeToString() for m in messages]
        self.sent: list[BackMsg] = []

    async def send(self, data: bytes) -> None:
        message = BackMsg()
        message.ParseFromString(data)
        self.sent.append(message)

    async def recv(self) -> bytes:
        if not self.incoming:
            await asyncio.sleep(3600)  # silence: the driver's settle wait ends it
        return self.incoming.pop(0)



def _run_apart(coroutine) -> None:
    """Run a coroutine to its end on an event loop of its own thread: in the whole suite the browser
    tests' Playwright keeps an event loop running in this thread, where asyncio.run() refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _page_run() -> list[ForwardMsg]:
    navigation = ForwardMsg()
    for name, key, default in (("", "h-overview", True), ("funding", "h-funding", False)):
        page = navigation.navigation.app_pages.add()
        page.url_pathname, page.page_script_hash, page.is_default = name, key, default
    slider = ForwardMsg()
    slider.delta.new_element.slider.id = "years"
    slider.delta.new_element.slider.default.extend([2014, 2024])
    chosen = ForwardMsg()
    box = chosen.delta.new_element.selectbox
    box.id, box.default = "snapshot", 1
    box.options.extend(["demo-2024-12-31", "demo-2026-06-30"])
    picked = ForwardMsg()
    multi = picked.delta.new_element.multiselect
    multi.id, multi.set_value = "units", True
    multi.options.extend(["Đà Lạt", "Bảo Lộc"])
    multi.raw_values.extend(["Bảo Lộc"])
    error = ForwardMsg()
    error.delta.new_element.alert.body = "Không đọc được ảnh chụp dữ liệu"
    error.delta.new_element.alert.format = error.delta.new_element.alert.ERROR
    running = ForwardMsg()
    running.session_status_changed.script_is_running = True
    return [running, navigation, slider, chosen, picked, error,
            ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)]


def test_the_protocol_driver_counts_error_boxes_and_reports_the_widgets_it_was_shown():
    socket = _Socket(_page_run())
    wire = load_test._Wire(socket, "http://127.0.0.1:1")
    _run_apart(wire.open("", timeout_s=5))
    assert wire.error_boxes == 1 and "Không đọc được" in wire.last_error
    assert wire.pages == {"": "h-overview", "funding": "h-funding"}
    socket.incoming = [m.SerializeToString() for m in _page_run()[-1:]]
    _run_apart(wire.open("funding", timeout_s=5))  # the next page, as a click on its link
    state = socket.sent[-1].rerun_script
    assert state.page_script_hash == "h-funding"
    widgets = {w.id: w for w in state.widget_states.widgets}
    assert list(widgets["years"].double_array_value.data) == [2014, 2024]  # the default shown
    assert widgets["snapshot"].string_value == "demo-2026-06-30"  # the option at the default index
    assert list(widgets["units"].string_array_value.data) == ["Bảo Lộc"]  # the value the script set


def test_the_protocol_driver_waits_for_a_run_that_follows_the_first():
    """A page that reruns itself (st.rerun) settles only when the second run has finished."""
    first = _page_run()
    again = [ForwardMsg(session_status_changed={"script_is_running": True}),
             ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)]
    socket = _Socket(first + again)
    _run_apart(load_test._Wire(socket, "http://127.0.0.1:1").open("", timeout_s=5))
    assert socket.incoming == []  # both runs read


def test_a_small_protocol_run_through_the_real_server_settles_every_page(tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/load_test.py", "--driver", "protocol", "--sessions", "3", "--store", str(tmp_path),
         "--page-timeout", "120", "--deadline", "400"],
        cwd=ROOT, capture_output=True, text=True, timeout=500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "21 of 21 page views settled; 0 errors" in result.stdout
    assert "3 sessions at once over 1 server process(es): 21 page views" in result.stdout
    assert "protocol: median page time" in result.stdout
    assert "peak RSS" in result.stdout
