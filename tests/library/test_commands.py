"""The notification jobs: notify_favorite_updates, notify_recommendations, send_system_update.

The offline TMDb server cannot change its data while it runs (everything is relative to its
"today"), so "TMDb changed since the last run" is set up the other way round: the watch-state
row of a title is set to an older value, as the previous run would have left it.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from library.models import TitleWatchState, UserFavourite, UserNotification

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def series_with_next_episode(fake_tmdb) -> dict:
    for page in (1, 2, 3):
        for item in fake_tmdb.get("/tv/popular", {"page": page}).json()["results"]:
            details = fake_tmdb.get(f"/tv/{item['id']}").json()
            if details.get("next_episode_to_air"):
                return details
    raise AssertionError("the offline catalog has no series with a scheduled episode")


# --- notify_favorite_updates ----------------------------------------------------------------
@pytest.fixture
def followers(make_member, fake_tmdb):
    """Two users following a series, a long series, a released and an upcoming movie."""
    members = [make_member(), make_member()]
    for member in members:
        for title_id in ("tv-1399", "tv-456", "550", "1100001"):
            assert member.post("/movies/favourites", {"movie_id": title_id}).status_code == 201
    return members


def favourite_updates() -> list[UserNotification]:
    return list(UserNotification.objects.filter(type="favorite_update").order_by("movie_id"))


def test_nothing_is_news_right_after_favouriting(followers, fake_tmdb):
    out = run("notify_favorite_updates")

    assert "titles=4" in out and "notifications=0" in out
    assert favourite_updates() == []


def test_news_since_the_last_run_reaches_every_follower_once(followers, fake_tmdb):
    long_series = fake_tmdb.get("/tv/456").json()
    # What the previous run saw: an older episode of tv-1399, one season less of tv-456
    # (same latest episode), and movie 550 before its release.
    TitleWatchState.objects.filter(title_id="tv-1399").update(
        last_episode_id=1, number_of_seasons=5
    )
    TitleWatchState.objects.filter(title_id="tv-456").update(
        number_of_seasons=long_series["number_of_seasons"] - 1
    )
    TitleWatchState.objects.filter(title_id="550").update(released=False)
    TitleWatchState.objects.filter(title_id="1100001").update(released=False)
    fake_tmdb.reset()

    out = run("notify_favorite_updates", "--max-age", "0")

    assert "titles=4" in out and "news=3" in out and "notifications=6" in out
    # Each distinct title was read once, however many users follow it.
    assert fake_tmdb.calls("/3/tv/1399") == 1
    assert fake_tmdb.calls("/3/tv/456") == 1
    assert fake_tmdb.calls("/3/movie/550") == 1
    assert fake_tmdb.calls("/3/movie/1100001") == 1
    notes = favourite_updates()
    assert {n.user_id for n in notes} == {m.user.id for m in followers}
    by_title = {n.movie_id: n for n in notes}
    assert set(by_title) == {"tv-1399", "tv-456", "550"}  # the upcoming movie has no news
    episode = fake_tmdb.get("/tv/1399").json()["last_episode_to_air"]
    assert by_title["tv-1399"].title == "New Episode"
    assert by_title["tv-1399"].message == (
        f"A new episode of 'Crowns of the Ashen Realm' is out: "
        f"S{episode['season_number']}E{episode['episode_number']} '{episode['name']}'"
    )
    assert by_title["tv-456"].title == "New Season"
    assert by_title["tv-456"].message == (
        f"Season {long_series['number_of_seasons']} of 'Maple Street Forever' has been announced"
    )
    assert by_title["550"].title == "Now Released"
    assert (
        by_title["550"].message == "'Midnight Soap Society', one of your favorites, is now released"
    )
    assert by_title["550"].image.startswith("https://image.tmdb.org/t/p/w500/")
    # The state now matches TMDb: the next run finds nothing.
    state = TitleWatchState.objects.get(title_id="tv-1399")
    assert (state.last_episode_id, state.number_of_seasons) == (episode["id"], 6)

    again = run("notify_favorite_updates", "--max-age", "0")
    assert "news=0" in again and "notifications=0" in again
    assert len(favourite_updates()) == 6


def test_a_rerun_after_a_crash_repeats_nothing(followers, fake_tmdb):
    TitleWatchState.objects.filter(title_id="550").update(released=False)
    run("notify_favorite_updates")
    assert len(favourite_updates()) == 2
    # As if the state had not been saved after the notifications were.
    TitleWatchState.objects.filter(title_id="550").update(released=False)

    out = run("notify_favorite_updates")

    assert "news=1" in out and "notifications=0" in out
    assert len(favourite_updates()) == 2


def test_a_scheduled_episode_is_news(make_member, fake_tmdb):
    series = series_with_next_episode(fake_tmdb)
    member = make_member()
    member.post("/movies/favourites", {"movie_id": f"tv-{series['id']}"})
    TitleWatchState.objects.filter(title_id=f"tv-{series['id']}").update(next_episode_id=None)

    run("notify_favorite_updates")

    (note,) = favourite_updates()
    nxt = series["next_episode_to_air"]
    assert note.title == "Episode Scheduled"
    assert note.message == (
        f"S{nxt['season_number']}E{nxt['episode_number']} '{nxt['name']}' of "
        f"'{series['name']}' airs on {nxt['air_date']}"
    )


def test_a_title_seen_for_the_first_time_is_only_the_baseline(member, fake_tmdb):
    UserFavourite.objects.create(user=member.user, movie_id="603")  # favourited before the job

    out = run("notify_favorite_updates")

    assert "titles=1" in out and "notifications=0" in out
    assert TitleWatchState.objects.filter(title_id="603", released=True).exists()


def test_a_title_tmdb_cannot_give_is_skipped(member, fake_tmdb):
    UserFavourite.objects.create(user=member.user, movie_id="999999")
    UserFavourite.objects.create(user=member.user, movie_id="603")

    out = run("notify_favorite_updates")

    assert "titles=2" in out and "fetched=1" in out and "failed=1" in out
    assert not TitleWatchState.objects.filter(title_id="999999").exists()


# --- notify_recommendations -----------------------------------------------------------------
def recommended(user) -> list[str]:
    return list(
        UserNotification.objects.filter(user=user, type="movie_recommendation")
        .order_by("created_at", "movie_id")
        .values_list("movie_id", flat=True)
    )


def test_new_top_recommendations_are_announced_once(make_member, fake_tmdb):
    fan = make_member()
    UserFavourite.objects.create(user=fan.user, movie_id="550")
    genre_lover = make_member(genres=("16",))  # Animation
    make_member()  # no signal at all: not announced to
    inactive = make_member(genres=("28",))
    User.objects.filter(id=inactive.user.id).update(is_active=False)
    from_550 = {
        str(item["id"])
        for item in fake_tmdb.get("/movie/550", {"append_to_response": "recommendations"}).json()[
            "recommendations"
        ]["results"]
    }

    out = run("notify_recommendations")

    assert "users=2" in out and "notifications=6" in out
    fan_titles = recommended(fan.user)
    assert len(fan_titles) == 3 and set(fan_titles) <= from_550 and "550" not in fan_titles
    lover_titles = recommended(genre_lover.user)
    assert len(lover_titles) == 3
    for title_id in lover_titles:
        kind, _, number = title_id.rpartition("-")
        details = fake_tmdb.get(f"/{'tv' if kind else 'movie'}/{number}").json()
        assert 16 in [g["id"] for g in details["genres"]]
    note = UserNotification.objects.filter(user=fan.user).first()
    assert note.title == "Recommended for You"
    assert note.message.startswith(
        "Because you liked 'Midnight Soap Society', we think you'll enjoy '"
    )
    assert note.image.startswith("https://image.tmdb.org/t/p/w500/")

    again = run("notify_recommendations")
    assert "notifications=0" in again
    assert recommended(fan.user) == fan_titles

    # A larger top announces only what it adds.
    more = run("notify_recommendations", "--top", "5")
    assert "notifications=4" in more
    assert recommended(fan.user)[:3] == fan_titles
    assert len(set(recommended(fan.user))) == 5


def test_each_title_is_read_once_for_all_users(make_member, fake_tmdb):
    for _ in range(3):
        member = make_member(genres=("18",))
        UserFavourite.objects.create(user=member.user, movie_id="550")

    run("notify_recommendations")

    assert fake_tmdb.calls("/3/movie/550") == 1
    assert fake_tmdb.calls("/3/discover/movie") == 2  # two pages of the shared genre, once
    assert UserNotification.objects.filter(type="movie_recommendation").count() == 9


def test_teen_users_are_only_told_about_titles_they_may_see(make_member, fake_tmdb):
    teen = make_member(maturity="teen")
    UserFavourite.objects.create(user=teen.user, movie_id="680")  # an R-rated crime thriller

    run("notify_recommendations")

    titles = recommended(teen.user)
    assert titles
    for title_id in titles:
        assert not title_id.startswith("tv-")
        dates = fake_tmdb.get(f"/movie/{title_id}/release_dates").json()["results"]
        us = [
            d["certification"] for c in dates if c["iso_3166_1"] == "US" for d in c["release_dates"]
        ]
        assert set(us) & {"G", "PG", "PG-13"}
        assert not set(us) & {"R", "NC-17"}


# --- send_system_update ---------------------------------------------------------------------
def test_system_update_reaches_every_active_user_once(make_member):
    members = [make_member() for _ in range(3)]
    User.objects.filter(id=members[2].user.id).update(is_active=False)

    out = run("send_system_update", "--title", "Maintenance", "--message", "Down at 2am UTC")

    assert "users=2 notifications=2" in out
    notes = UserNotification.objects.filter(type="system_update")
    assert {n.user_id for n in notes} == {members[0].user.id, members[1].user.id}
    assert {(n.title, n.message, n.movie_id) for n in notes} == {
        ("Maintenance", "Down at 2am UTC", None)
    }
    assert "notifications=0" in run(
        "send_system_update", "--title", "Maintenance", "--message", "Down at 2am UTC"
    )
    assert "notifications=2" in run(
        "send_system_update", "--title", "Maintenance", "--message", "Back up"
    )


def test_system_update_to_chosen_users(make_member):
    chosen, other = make_member(email="chosen@example.com"), make_member()

    run(
        "send_system_update",
        "--title",
        "Hi",
        "--message",
        "Just you",
        "--email",
        "Chosen@Example.com",
    )

    assert UserNotification.objects.filter(user=chosen.user).count() == 1
    assert not UserNotification.objects.filter(user=other.user).exists()
