"""The table: every documented operation, its two calls and its pinned costs.

One row per operation. ``cost`` holds, per edge, ``costs((sql, tmdb) cold, (sql, tmdb) warm)``:
SQL statements (every thread) and requests to the offline TMDb server, cold = every cache empty,
warm = the same call again right after. A row's numbers move only with a reason (see
docs/testing.md); a lower number is a win to pin, a higher one a regression to explain.

Not here: ``GET /system/health`` (REST only, no GraphQL twin; tests/core/test_health.py).
"""

from __future__ import annotations

from tests.parity.harness import GRAPHQL, REST, GraphQL, Operation, Rest, costs, envelope
from tests.parity.shapes import (
    CARD,
    LIST,
    NOTIFICATION,
    PAGE,
    PROFILE,
    SEASONS,
    TITLE,
    anonymous,
    auth,
    field,
    me,
    message,
    reset_token,
)
from tests.parity.state import (
    MOVIE,
    NEW_PASSWORD,
    SERIES,
    add_favourites,
    add_history,
    add_notifications,
    favourites,
    forgot_password,
    history_rows,
    password_is_new,
    profile_row,
    resets,
    sessions,
    signed_up,
    unread,
    verified_reset,
)

FACTS_NOTE = (
    "issue 10: the cards come from the list call alone (was 1 + 20 details calls) plus the "
    "title-facts and genres-table reads; warm, the facts read stays while the titles' facts are "
    "unknown (the background filler is off in tests; once they are known the page is cached)"
)

OPERATIONS: list[Operation] = [
    # ---- catalogue (anonymous unless said otherwise)
    Operation(
        name="popular",
        rest=Rest("GET", "/movies/popular", bearer=anonymous),
        graphql=GraphQL(f"{{ popular {LIST} }}", field("popular"), bearer=anonymous),
        cost={REST: costs((3, 1), (1, 0)), GRAPHQL: costs((3, 1), (1, 0))},
        note=FACTS_NOTE,
    ),
    Operation(
        name="coming-soon",
        rest=Rest("GET", "/movies/coming-soon", bearer=anonymous),
        graphql=GraphQL(f"{{ comingSoon {LIST} }}", field("coming_soon"), bearer=anonymous),
        cost={REST: costs((3, 1), (1, 0)), GRAPHQL: costs((3, 1), (1, 0))},
        note=FACTS_NOTE,
    ),
    Operation(
        name="trending",
        rest=Rest("GET", "/movies/trending", params={"window": "week"}, bearer=anonymous),
        graphql=GraphQL(
            f"{{ trending(window: WEEK) {LIST} }}", field("trending"), bearer=anonymous
        ),
        cost={REST: costs((3, 1), (1, 0)), GRAPHQL: costs((3, 1), (1, 0))},
        note=FACTS_NOTE,
    ),
    Operation(
        name="search",
        rest=Rest("GET", "/movies/search", params={"q": "Midnight"}, bearer=anonymous),
        graphql=GraphQL(f'{{ search(q: "Midnight") {LIST} }}', field("search"), bearer=anonymous),
        cost={REST: costs((3, 4), (1, 0)), GRAPHQL: costs((3, 4), (1, 0))},
        note="issue 10: every source at once (3 title pages + people; no genre matches "
        "'Midnight'), no details calls (was 14 calls in rounds). " + FACTS_NOTE,
    ),
    Operation(
        name="genres",
        rest=Rest("GET", "/movies/genres", bearer=anonymous),
        graphql=GraphQL(
            "{ genres { id name } }",
            lambda data: envelope({"genres": data["genres"]}),
            bearer=anonymous,
        ),
        cost={REST: costs((2, 0), (0, 0)), GRAPHQL: costs((2, 0), (0, 0))},
    ),
    Operation(
        name="movie-details",
        rest=Rest("GET", f"/movies/{MOVIE}"),
        graphql=GraphQL(
            f'{{ title(id: "{MOVIE}") {{ {TITLE} }} }}',
            lambda data: envelope({"movie": data["title"]}),
        ),
        cost={REST: costs((6, 1), (1, 0)), GRAPHQL: costs((6, 1), (1, 0))},
        rest_only=("data.movie.seasons",),
        stored=history_rows,
        expect_stored=lambda rows: rows == [MOVIE],
        note="signed in: the view is recorded in the history. REST's MOVIE_DETAILS always has "
        "`seasons` (null for a movie); GraphQL's MovieDetails has no such field. Recommendation "
        "cards from the recommendations list itself: " + FACTS_NOTE,
    ),
    Operation(
        name="series-details",
        rest=Rest("GET", f"/movies/{SERIES}", bearer=anonymous),
        graphql=GraphQL(
            f'{{ title(id: "{SERIES}") {{ {TITLE} {SEASONS} }} }}',
            lambda data: envelope({"movie": data["title"]}),
            bearer=anonymous,
        ),
        cost={REST: costs((3, 1), (1, 0)), GRAPHQL: costs((3, 1), (1, 0))},
        note="one upstream call for a cold series page (was 1 + 16 recommendation details): "
        + FACTS_NOTE,
    ),
    # ---- favourites and recommendations
    Operation(
        name="favourites-add",
        rest=Rest(
            "POST", "/movies/favourites", body={"movie_id": MOVIE}, status=201, warm_status=200
        ),
        graphql=GraphQL(
            f'mutation {{ addFavourite(movieId: "{MOVIE}") {{ added movie {{ {CARD} }} }} }}',
            lambda data: envelope(
                {"movie": data["add_favourite"]["movie"]},
                "Added to favourites"
                if data["add_favourite"]["added"]
                else "Already in favourites",
            ),
        ),
        cost={REST: costs((13, 1), (3, 0)), GRAPHQL: costs((14, 1), (4, 0))},
        stored=favourites,
        expect_stored=lambda rows: rows == [MOVIE],
        note="GraphQL's `added` is REST's status (201, then 200) and message",
    ),
    Operation(
        name="favourites-list",
        rest=Rest("GET", "/movies/favourites"),
        graphql=GraphQL(f"{{ me {{ favourites {LIST} }} }}", me("favourites")),
        cost={REST: costs((3, 3), (0, 0)), GRAPHQL: costs((3, 3), (0, 0))},
        prepare=add_favourites,
    ),
    Operation(
        name="favourites-delete",
        rest=Rest("DELETE", f"/movies/favourites?movie_id={MOVIE}"),
        graphql=GraphQL(
            f'mutation {{ removeFavourite(movieId: "{MOVIE}") }}',
            lambda data: envelope({"movie_id": data["remove_favourite"]}),
        ),
        cost={REST: costs((3, 0), None), GRAPHQL: costs((3, 0), None)},
        prepare=add_favourites,
        rest_only=("message",),
        stored=favourites,
        expect_stored=lambda rows: rows == sorted([SERIES, "603"]),
        note="one-shot: a second removal is NOT_FOUND",
    ),
    Operation(
        name="recommendations",
        rest=Rest("GET", "/movies/recommendations"),
        graphql=GraphQL(f"{{ me {{ recommendations {LIST} }} }}", me("recommendations")),
        cost={REST: costs((6, 26), (0, 0)), GRAPHQL: costs((6, 26), (0, 0))},
        prepare=add_favourites,
    ),
    # ---- profile, history, notifications
    Operation(
        name="profile",
        rest=Rest("GET", "/profile"),
        graphql=GraphQL(
            f"{{ me {{ profile {{ {PROFILE} }} }} }}",
            lambda data: envelope({"user": data["me"]["profile"]}),
        ),
        cost={REST: costs((4, 0), (0, 0)), GRAPHQL: costs((4, 0), (0, 0))},
    ),
    Operation(
        name="profile-update",
        rest=Rest(
            "POST",
            "/profile",
            body={
                "name": "Renamed",
                "genres": ["18"],
                "maturity_filter": "teen",
                "preferred_language": "es",
            },
        ),
        graphql=GraphQL(
            'mutation { updateProfile(input: {name: "Renamed", genres: ["18"], '
            f'maturityFilter: "teen", preferredLanguage: "es"}}) {{ {PROFILE} }} }}',
            lambda data: envelope({"user": data["update_profile"]}),
        ),
        cost={REST: costs((12, 0), (5, 0)), GRAPHQL: costs((12, 0), (5, 0))},
        rest_only=("message",),
        stored=profile_row,
        expect_stored=lambda row: (
            row == {"name": "Renamed", "maturity": "teen", "language": "es", "genres": ["18"]}
        ),
    ),
    Operation(
        name="change-password",
        rest=Rest(
            "POST",
            "/profile/change-password",
            body=lambda w: {"old_password": w.password, "new_password": NEW_PASSWORD},
        ),
        graphql=GraphQL(
            "mutation($old: String!, $new: String!) "
            "{ changePassword(oldPassword: $old, newPassword: $new) { authToken } }",
            lambda data: envelope(data["change_password"]),
            variables=lambda w: {"old": w.password, "new": NEW_PASSWORD},
        ),
        cost={REST: costs((9, 0), None), GRAPHQL: costs((9, 0), None)},
        rest_only=("message",),
        volatile=("data.auth_token",),
        stored=password_is_new,
        expect_stored=lambda got: got == (True, ["active"]),
        note="one-shot: the old password no longer matches. The session goes on (new token)",
    ),
    Operation(
        name="history",
        rest=Rest("GET", "/profile/history"),
        graphql=GraphQL(
            f"{{ me {{ history {{ {PAGE} movies {{ {CARD} viewedAt }} }} }} }}",
            me("history"),
        ),
        cost={REST: costs((5, 2), (2, 0)), GRAPHQL: costs((5, 2), (2, 0))},
        prepare=add_history,
    ),
    Operation(
        name="notifications",
        rest=Rest("GET", "/profile/notifications"),
        graphql=GraphQL(
            f"{{ me {{ notifications {{ notifications {{ {NOTIFICATION} }} unreadCount {PAGE} }} }} }}",
            me("notifications"),
        ),
        cost={REST: costs((4, 0), (2, 0)), GRAPHQL: costs((4, 0), (2, 0))},
        prepare=add_notifications,
    ),
    Operation(
        name="notifications-read",
        rest=Rest(
            "POST",
            "/profile/notifications/read",
            body=lambda w: {"notification_id": w.state["notification_ids"][:2]},
        ),
        graphql=GraphQL(
            "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }",
            lambda data: envelope(data["mark_notifications_read"]),
            variables=lambda w: {"ids": w.state["notification_ids"][:2]},
        ),
        cost={REST: costs((4, 0), (2, 0)), GRAPHQL: costs((4, 0), (2, 0))},
        prepare=add_notifications,
        rest_only=("message",),
        stored=unread,
        expect_stored=lambda rows: rows == [True, True, True],
    ),
    # ---- authentication
    Operation(
        name="signup",
        rest=Rest(
            "POST",
            "/auth/signup",
            body={
                "name": "New Member",
                "email": "new.member@example.com",
                "password": NEW_PASSWORD,
                "genres": ["28"],
            },
            status=201,
            bearer=anonymous,
        ),
        graphql=GraphQL(
            'mutation { signup(input: {name: "New Member", email: "new.member@example.com", '
            f'password: "{NEW_PASSWORD}", genres: ["28"]}}) '
            "{ success message authToken user { id name email } } }",
            auth("signup", user=True),
            bearer=anonymous,
        ),
        cost={REST: costs((8, 0), None), GRAPHQL: costs((8, 0), None)},
        volatile=("data.auth_token", "data.user.id"),
        stored=signed_up,
        expect_stored=lambda row: row == {"name": "New Member", "genres": ["28"]},
        note="one-shot: the email is taken afterwards",
    ),
    Operation(
        name="login",
        rest=Rest(
            "POST",
            "/auth/login",
            body=lambda w: {"email": w.email, "password": w.password},
            bearer=anonymous,
        ),
        graphql=GraphQL(
            "mutation($email: String!, $password: String!) "
            "{ login(input: {email: $email, password: $password}) "
            "{ success message authToken user { id name email } } }",
            auth("login", user=True),
            variables=lambda w: {"email": w.email, "password": w.password},
            bearer=anonymous,
        ),
        cost={REST: costs((4, 0), (3, 0)), GRAPHQL: costs((4, 0), (3, 0))},
        volatile=("data.auth_token",),
        stored=sessions,
        expect_stored=lambda rows: rows == ["active", "active"],
        note="each login opens a session (the fixture's own is the first)",
    ),
    Operation(
        name="refresh-token",
        rest=Rest("POST", "/auth/refresh-token"),
        graphql=GraphQL(
            "mutation { refreshToken { success message authToken } }",
            auth("refresh_token", user=False),
        ),
        cost={REST: costs((5, 0), None), GRAPHQL: costs((5, 0), None)},
        volatile=("data.auth_token",),
        stored=sessions,
        expect_stored=lambda rows: rows == ["active"],
        note="one-shot: refreshing with the same token again is reuse (SESSION_TERMINATED)",
    ),
    Operation(
        name="logout",
        rest=Rest("POST", "/auth/logout"),
        graphql=GraphQL("mutation { logout { success message } }", message("logout")),
        cost={REST: costs((2, 0), None), GRAPHQL: costs((2, 0), None)},
        stored=sessions,
        expect_stored=lambda rows: rows == ["terminated"],
        note="one-shot: the session is over",
    ),
    Operation(
        name="forgot-password",
        rest=Rest(
            "POST", "/auth/forgot-password", body=lambda w: {"email": w.email}, bearer=anonymous
        ),
        graphql=GraphQL(
            "mutation($email: String!) "
            "{ forgotPassword(email: $email) { success message resetToken } }",
            lambda data: envelope(
                {"reset_token": data["forgot_password"]["reset_token"]},
                data["forgot_password"]["message"],
            ),
            variables=lambda w: {"email": w.email},
            bearer=anonymous,
        ),
        cost={REST: costs((6, 0), (5, 0)), GRAPHQL: costs((6, 0), (5, 0))},
        volatile=("data.reset_token",),
        stored=resets,
        expect_stored=lambda rows: rows == ["pending"],
    ),
    Operation(
        name="verify-otp",
        rest=Rest(
            "POST",
            "/auth/forgot-password/verify",
            body=lambda w: {"otp_code": w.state["otp"]},
            bearer=reset_token,
        ),
        graphql=GraphQL(
            "mutation($code: String!) { verifyResetOtp(otpCode: $code) { success message } }",
            message("verify_reset_otp"),
            variables=lambda w: {"code": w.state["otp"]},
            bearer=reset_token,
        ),
        cost={REST: costs((5, 0), None), GRAPHQL: costs((5, 0), None)},
        prepare=forgot_password,
        stored=resets,
        expect_stored=lambda rows: rows == ["verified"],
        note="one-shot: the code is spent",
    ),
    Operation(
        name="reset-password",
        rest=Rest(
            "POST",
            "/auth/forgot-password/change",
            body={"new_password": NEW_PASSWORD},
            bearer=reset_token,
        ),
        graphql=GraphQL(
            "mutation($new: String!) { resetPassword(newPassword: $new) { success message } }",
            message("reset_password"),
            variables={"new": NEW_PASSWORD},
            bearer=reset_token,
        ),
        cost={REST: costs((10, 0), None), GRAPHQL: costs((10, 0), None)},
        prepare=verified_reset,
        stored=password_is_new,
        expect_stored=lambda got: got == (True, ["terminated"]),
        note="one-shot: the reset token is spent. A reset ends every session",
    ),
]
