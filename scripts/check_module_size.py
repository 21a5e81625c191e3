"""Fail when a Python module of the project is over MAX_LINES lines (`make lint` runs this).

Small modules with one job are the house style (docs/architecture.md); a module that grows past
the limit is split by concern rather than allowed to sprawl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAX_LINES = 400
ROOT = Path(__file__).resolve().parent.parent


def tracked_python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).exists()]


def main() -> int:
    too_long = []
    for path in tracked_python_files():
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for _ in handle)
        if count > MAX_LINES:
            too_long.append((count, path.relative_to(ROOT)))
    for count, path in sorted(too_long, reverse=True):
        print(f"{path}: {count} lines (at most {MAX_LINES}: split it by concern)")
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
