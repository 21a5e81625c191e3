"""Headless Chromium loads GraphiQL from the running app, with the network restricted to
loopback, and runs a query in it (Debian's `chromium`, installed by scripts/ensure-chromium.sh;
the test skips, saying so, only when that package cannot be installed on the machine).

Chromium is driven over the DevTools protocol (aiohttp's websocket client, no extra package):
it records every request the page makes, clicks GraphiQL's run button and reads the result
pane. Every non-loopback request would go to a dead proxy (and every host name resolves to
nothing), so a CDN reference cannot load. Set CINEMATE_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
QUERY = "{ popular(page: 1, limit: 3) { movies { id title } pagination { total } } }"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}


class DevTools:
    """A minimal DevTools protocol client: commands, and the events received meanwhile."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self.ids)
        await self.ws.send_json({"id": message_id, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive(timeout=30)).data)
            if message.get("id") == message_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.25)
        raise AssertionError(f"timed out waiting for {expression}")


def _start_chromium(profile: Path) -> subprocess.Popen[bytes]:
    assert CHROMIUM is not None
    return subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            # Loopback only: every other request goes to a dead proxy, every name to nothing.
            "--proxy-server=http://127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
            "--window-size=1400,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _devtools_port(profile: Path, proc: subprocess.Popen[bytes]) -> int:
    marker = profile / "DevToolsActivePort"
    for _ in range(200):
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[0])
        if proc.poll() is not None:
            raise AssertionError(f"chromium exited with {proc.returncode}")
        await asyncio.sleep(0.1)
    raise AssertionError("chromium did not open its DevTools port")


async def _run_graphiql(page_url: str, profile: Path, screenshot: Path) -> dict[str, Any]:
    proc = _start_chromium(profile)
    try:
        port = await _devtools_port(profile, proc)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            page = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.send("Network.enable")
                await tools.send("Runtime.enable")
                await tools.send("Log.enable")
                await tools.send("Page.enable")
                await tools.send("Page.navigate", url=page_url)
                await tools.wait_for("!!document.querySelector('.graphiql-execute-button')")
                await tools.evaluate("document.querySelector('.graphiql-execute-button').click()")
                # Wait for the answer itself (the pane first shows nothing or a spinner).
                result = await tools.wait_for(
                    "(() => { const t = document.querySelector('.result-window').innerText;"
                    " return t.includes('pagination') ? t : ''; })()"
                )
                shot = await tools.send("Page.captureScreenshot", format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                requested = [
                    e["params"]["request"]["url"]
                    for e in tools.events
                    if e.get("method") == "Network.requestWillBeSent"
                ]
                failed = [
                    e["params"] for e in tools.events if e.get("method") == "Network.loadingFailed"
                ]
                problems = [
                    e["params"]
                    for e in tools.events
                    if e.get("method") in ("Log.entryAdded", "Runtime.exceptionThrown")
                    and e["params"].get("entry", {}).get("level", "error") == "error"
                ]
                # The restriction holds: a CDN address does not load at all.
                outside = await tools.send("Page.navigate", url="https://unpkg.com/react@18.2.0/")
                return {
                    "outside": outside,
                    "result": result,
                    "requested": requested,
                    "failed": failed,
                    "problems": problems,
                }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed: run scripts/ensure-chromium.sh"
)
async def test_graphiql_runs_a_query_in_headless_chromium_on_loopback_only(
    live_server, settings, fake_tmdb, tmp_path: Path
) -> None:
    settings.GRAPHIQL_ENABLED = True
    settings.GRAPHQL_INTROSPECTION = True  # the docs pane and the explorer read the schema
    base = live_server.url.replace("localhost", "127.0.0.1")
    page_url = f"{base}/graphql?q={quote(QUERY)}"
    screenshot = Path(os.environ.get("CINEMATE_SCREENSHOT_DIR", tmp_path)) / "graphiql.png"
    outcome = await _run_graphiql(page_url, tmp_path / "profile", screenshot)

    assert '"popular"' in outcome["result"] and '"title"' in outcome["result"], outcome
    hosts = {urlsplit(url).hostname for url in outcome["requested"] if url.startswith("http")}
    assert hosts and hosts <= LOOPBACK, hosts
    static = [u for u in outcome["requested"] if "/static/graphiql/" in u]
    assert len(static) >= 8  # 3 stylesheets and 5 scripts, all from this server
    assert outcome["failed"] == [], outcome["failed"]
    assert outcome["problems"] == [], outcome["problems"]
    assert screenshot.stat().st_size > 10_000
    assert outcome["outside"].get("errorText"), outcome["outside"]
