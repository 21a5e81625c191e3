"""Runs one declaration on both edges: the measurements, the comparison, the verdicts."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tests.helpers import cold_start
from tests.parity.harness import (
    EDGES,
    GRAPHQL,
    REST,
    Cost,
    Operation,
    SqlCounter,
    World,
    call_graphql,
    call_rest,
    differences,
    drop,
    mask,
)


@dataclass
class Report:
    """What one run saw: comparable results and stored state per edge and phase, the measured
    costs, and every cost that differs from its baseline (as messages)."""

    seen: dict[str, dict[str, Any]] = field(default_factory=dict)
    measured: dict[str, dict[str, Cost]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_row(self) -> str:
        """The measured costs in the table's notation (for PARITY_RECORD=1)."""

        def one(edge: str) -> str:
            got = self.measured[edge]
            warm = got.get("warm")
            return (
                f"costs(({got['cold'].sql}, {got['cold'].tmdb}), "
                f"{(warm.sql, warm.tmdb) if warm else None})"
            )

        return f"cost={{REST: {one(REST)}, GRAPHQL: {one(GRAPHQL)}}}"


def measure(op: Operation, edge: str, world: World, fake_tmdb: Any, *, warm: bool) -> Any:
    """One call on one edge: its comparable result, its cost and the SQL it ran."""
    fake_tmdb.reset()
    counter = SqlCounter()
    with counter.counting():
        data = call_rest(op, world, warm=warm) if edge == REST else call_graphql(op, world)
    cost = Cost(sql=len(counter.statements), tmdb=fake_tmdb.calls())
    return comparable(op, data), cost, counter.statements


def comparable(op: Operation, data: Any) -> Any:
    data = copy.deepcopy(data)
    for key in (*op.rest_only, *op.graphql_only):  # absent on the other side: not compared
        drop(data, key)
    for key in op.volatile:
        mask(data, key)
    return data


def verdict(op: str, edge: str, phase: str, got: Cost, want: Cost, sql: list[str]) -> list[str]:
    """Messages for every cost off its baseline, naming the operation, edge and phase."""
    problems = []
    if got.sql != want.sql:
        shown = "\n      ".join(s[:160] for s in sql)
        problems.append(
            f"{op} [{edge}, {phase}]: {got.sql} SQL queries, baseline {want.sql}:\n      {shown}"
        )
    if got.tmdb != want.tmdb:
        problems.append(f"{op} [{edge}, {phase}]: {got.tmdb} TMDb calls, baseline {want.tmdb}")
    return problems


def run(op: Operation, world: World, fake_tmdb: Any) -> Report:
    """Both edges from the same starting point: ``prepare`` once, then per edge a block whose
    writes are rolled back, with every cache emptied first (cold), then the same call (warm)."""
    report = Report()
    if op.prepare:
        op.prepare(world)
    for edge in EDGES:
        with transaction.atomic():
            cold_start()
            baseline = op.cost[edge]
            data, cost, sql = measure(op, edge, world, fake_tmdb, warm=False)
            report.seen[edge] = {"cold": data}
            report.measured[edge] = {"cold": cost}
            report.problems += verdict(op.name, edge, "cold", cost, baseline.cold, sql)
            if op.stored:
                report.seen[edge]["stored"] = op.stored(world)
            if baseline.warm is not None:
                data, cost, sql = measure(op, edge, world, fake_tmdb, warm=True)
                report.seen[edge]["warm"] = data
                report.measured[edge]["warm"] = cost
                report.problems += verdict(op.name, edge, "warm", cost, baseline.warm, sql)
            transaction.set_rollback(True)
    return report


def assert_same_result(op: Operation, report: Report) -> None:
    """Both edges answered the same data (after mapping) and stored the same state."""
    rest, graphql = report.seen[REST], report.seen[GRAPHQL]
    for phase in ("cold", "warm"):
        if phase in rest:
            diff = differences(rest[phase], graphql[phase])
            assert not diff, f"{op.name} ({phase}): REST != GraphQL:\n  " + "\n  ".join(diff)
    if op.stored:
        assert rest["stored"] == graphql["stored"], (
            f"{op.name}: stored state differs: REST {rest['stored']} GraphQL {graphql['stored']}"
        )
        if op.expect_stored:
            assert op.expect_stored(rest["stored"]), f"{op.name}: unexpected {rest['stored']}"


def assert_costs(report: Report) -> None:
    assert not report.problems, "cost baselines moved:\n  " + "\n  ".join(report.problems)
