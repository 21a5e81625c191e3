"""core.gc_tuning: the serving process freezes its start-up heap and collects young objects
less often (safe because requests leave no cycles: tests/library/test_request_garbage.py)."""

from __future__ import annotations

import gc

import pytest

from core.gc_tuning import DEFAULT_GEN0_THRESHOLD, tune_for_serving


@pytest.fixture
def restore_gc():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_tuning_freezes_the_heap_and_raises_the_young_threshold(restore_gc, settings):
    settings.GC_GEN0_THRESHOLD = DEFAULT_GEN0_THRESHOLD
    tune_for_serving()
    assert gc.get_freeze_count() > 10_000  # modules, settings, the schema...
    assert gc.get_threshold()[0] == DEFAULT_GEN0_THRESHOLD


def test_zero_leaves_the_collector_alone(restore_gc, settings):
    settings.GC_GEN0_THRESHOLD = 0  # the test settings' value
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    tune_for_serving()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_production_reads_the_threshold_from_the_environment(restore_gc, settings, monkeypatch):
    del settings.GC_GEN0_THRESHOLD  # backend.settings has none: the environment decides
    monkeypatch.setenv("GC_GEN0_THRESHOLD", "12345")
    tune_for_serving()
    assert gc.get_threshold()[0] == 12345
