"""core.memory: a served worker gives a burst's freed heap back to the system once it is idle,
and never trims while requests keep arriving."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.memory import IdleTrimmer
from tests.fresh_process import run_code, settings_test_env

# A worker (ASGI lifespan started) goes through a burst that leaves its heap fragmented, then
# gets no request for 2.5 s. Prints its resident MB right after the burst and after the pause.
BURST_THEN_IDLE = """
import asyncio, random
from backend.asgi import application
from core import memory

def rss():
    return int([l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]) // 1024

out = {}
async def receive():
    if not out:
        out["started"] = True
        return {"type": "lifespan.startup"}
    memory.note_request()
    burst = [bytearray(random.randint(1000, 4000)) for _ in range(40000)]  # ~100 MB of bodies
    survivors = burst[::20]  # what outlives a burst (caches) is spread over the whole heap
    del burst
    out["burst"] = rss()
    await asyncio.sleep(2.5)
    out["idle"] = rss()
    out["survivors"] = len(survivors)
    return {"type": "lifespan.shutdown"}

async def send(message):
    pass

asyncio.run(application({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
print(out["burst"], out["idle"])
"""


def _burst_then_idle(tmp_path: Path, idle_seconds: str) -> tuple[int, int]:
    env = settings_test_env(tmp_path, MALLOC_TRIM_IDLE_SECONDS=idle_seconds)
    result = run_code(BURST_THEN_IDLE, env)
    assert result.returncode == 0, result.stderr
    burst, idle = result.stdout.split()[-2:]
    return int(burst), int(idle)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_an_idle_worker_returns_a_bursts_freed_heap(tmp_path) -> None:
    burst, idle = _burst_then_idle(tmp_path, "1")
    assert idle < burst - 40  # most of the ~100 MB burst is back with the system
    kept_burst, kept_idle = _burst_then_idle(tmp_path, "0")  # off: glibc keeps it
    assert kept_idle > kept_burst - 20


def test_the_trim_waits_for_a_quiet_spell_and_runs_once_per_spell() -> None:
    requests = [0]
    trims: list[int] = []
    trimmer = IdleTrimmer(lambda: trims.append(requests[0]), lambda: requests[0])

    requests[0] += 3  # busy: requests started since the last look
    assert trimmer.tick() is False
    requests[0] += 1
    assert trimmer.tick() is False
    assert trims == []
    assert trimmer.tick() is True  # a whole tick without a new request
    assert trimmer.tick() is False  # still idle: nothing more to give back
    requests[0] += 1  # a new burst ...
    assert trimmer.tick() is False
    assert trimmer.tick() is True  # ... and the next quiet spell trims again
    assert trims == [4, 5]
