"""A second worker process for the cross-process tests, held at a start line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


class SecondProcess:
    """``python -m module args`` with this run's environment (so the same Redis key prefix).

    Entering waits for its READY line; ``go()`` releases it; ``output()`` waits for it to end
    and returns its last line of output.
    """

    def __init__(self, module: str, *args: str) -> None:
        self.command = [sys.executable, "-m", module, *args]
        self.child: subprocess.Popen[str] | None = None

    async def __aenter__(self) -> SecondProcess:
        self.child = subprocess.Popen(
            self.command,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.child.stdout is not None
        ready = await asyncio.wait_for(asyncio.to_thread(self.child.stdout.readline), 30)
        assert ready.strip() == "READY"
        return self

    def go(self) -> None:
        assert self.child is not None and self.child.stdin is not None
        self.child.stdin.write("go\n")
        self.child.stdin.flush()

    async def output(self) -> str:
        assert self.child is not None
        out, _ = await asyncio.to_thread(self.child.communicate, timeout=60)
        assert self.child.returncode == 0
        return out.strip().splitlines()[-1]

    async def __aexit__(self, *exc: Any) -> None:
        if self.child is not None and self.child.poll() is None:
            self.child.kill()
            self.child.wait()
