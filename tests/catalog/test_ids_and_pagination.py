"""Our title ids (decisions.md s2) and page/limit windows over TMDb pages (s4)."""

from __future__ import annotations

import pytest

from catalog.ids import TitleId, format_id, parse_id
from catalog.pagination import Window, parse_window
from core.exceptions import NotFound, ValidationFailed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("19404", TitleId("movie", 19404)), ("tv-119051", TitleId("tv", 119051))],
)
def test_ids_parse_and_format_round_trip(raw: str, expected: TitleId) -> None:
    assert parse_id(raw) == expected
    assert str(expected) == raw
    assert format_id(expected.kind, expected.tmdb_id) == raw


@pytest.mark.parametrize(
    "raw", ["abc", "tv-", "tv-abc", "0", "tv-0", "-5", "movie-1", "01", "99999999999", "", None, 5]
)
def test_anything_else_is_not_found(raw: object) -> None:
    with pytest.raises(NotFound):
        parse_id(raw)


def test_window_page_2_limit_50_is_positions_51_to_100() -> None:
    window = parse_window("2", "50")
    assert (window.start, window.end) == (50, 100)
    assert list(window.tmdb_pages()) == [3, 4, 5]
    pages = {n: list(range((n - 1) * 20, n * 20)) for n in (3, 4, 5)}
    assert window.slice_pages(pages) == list(range(50, 100))


def test_window_inside_one_tmdb_page_and_across_two() -> None:
    assert list(Window(3, 7).tmdb_pages()) == [1, 2]  # positions 14..20
    pages = {1: list(range(20)), 2: list(range(20, 40))}
    assert Window(3, 7).slice_pages(pages) == list(range(14, 21))
    assert list(Window(1, 20).tmdb_pages()) == [1]


def test_window_beyond_tmdb_500_pages_covers_nothing() -> None:
    assert not Window(201, 50).tmdb_pages()  # starts at position 10000
    assert list(Window(200, 50).tmdb_pages()) == [498, 499, 500]


def test_pagination_caps_total_at_what_tmdb_serves() -> None:
    assert Window(1, 20).tmdb_pagination(852_000) == {
        "page": 1,
        "limit": 20,
        "total": 10_000,
        "total_pages": 500,
    }
    assert Window(2, 50).tmdb_pagination(595) == {
        "page": 2,
        "limit": 50,
        "total": 595,
        "total_pages": 12,
    }
    assert Window(1, 20).pagination(0)["total_pages"] == 0


def test_defaults() -> None:
    assert parse_window(None, None) == Window(1, 20)
    assert parse_window("", "") == Window(1, 20)


@pytest.mark.parametrize(
    ("page", "limit", "field"),
    [
        ("0", None, "page"),
        ("-1", None, "page"),
        ("abc", None, "page"),
        ("1.5", None, "page"),
        (None, "0", "limit"),
        (None, "51", "limit"),
        (None, "x", "limit"),
        (0, 20, "page"),
        (1, 100, "limit"),
    ],
)
def test_bad_pagination_is_a_validation_error(page: object, limit: object, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_window(page, limit)
    assert caught.value.code == "VALIDATION_ERROR"
    assert field in caught.value.details or "not a whole number" in caught.value.message
