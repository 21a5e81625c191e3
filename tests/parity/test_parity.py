"""Every documented operation over REST and over GraphQL: the same data, the pinned costs.

The table is ``tests/parity/operations.py``; how to add a row or move a baseline is in
``docs/testing.md``. ``PARITY_RECORD=1`` prints each operation's measured costs in the table's
notation instead of failing on them (for writing a new row; a moved baseline needs a reason).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.parity.harness import Operation, World
from tests.parity.operations import OPERATIONS
from tests.parity.runner import assert_costs, assert_same_result, run


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_parity(op: Operation, world: World, fake_tmdb: Any) -> None:
    report = run(op, world, fake_tmdb)
    assert_same_result(op, report)
    if os.environ.get("PARITY_RECORD") == "1":
        print(f"\nPARITY {op.name}: {report.as_row()}")
        return
    assert_costs(report)
