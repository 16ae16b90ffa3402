"""Callbacks of the stream panels on /twitch: streams from the live samples kept in the history database.

The panels redraw with the profile (every sync), with new samples and with the date range; the samples
are read from the database for the range plus the 30 days the paths to Affiliate and Partner need.
"""

from datetime import UTC, datetime, timedelta

from dash import Input, Output, State, callback

from callbacks.common import browser_zone, exporter, per_request
from callbacks.crossover import x_posts_of_this_person, x_posts_version
from callbacks.twitch import board
from dashboard.analysis.milestones import affiliate_path, last_30_days, partner_path
from dashboard.analysis.streams import (
    Stream,
    by_game,
    clips_during,
    followers_during,
    going_live_posts,
    group_streams,
    viewers_by_weekday_hour,
    vod_of,
)
from dashboard.components import stream_panels as panels
from dashboard.components.daterange import window
from dashboard.components.status import problem
from dashboard.figures import stream_story as story_figures
from dashboard.figures import streams as figures
from dashboard.figures.common import zone_name, zone_of
from sync.database.archive import HistoryUnavailable
from web import accounts

PROVIDER = "twitch"
LOOKBACK = timedelta(days=31)
STORY_MARGIN = timedelta(minutes=10)  # samples come every 5 minutes: the stream began and ended a little beyond them


def _streams(account_id: str, span: tuple[int, int]) -> list[Stream]:
    """Every stream sampled from 31 days before the range (for the 30-day paths) to its end."""
    start = min(datetime.fromtimestamp(span[0], UTC), datetime.now(UTC) - LOOKBACK)
    end = max(datetime.fromtimestamp(span[1], UTC), datetime.now(UTC))
    read = lambda: group_streams(board.runtime().archive.stream_samples(account_id, start, end))  # noqa: E731
    return per_request(f"streams {account_id} {span}", read)


def _samples_version(account_id: str) -> tuple[int, str | None]:
    return per_request(f"version {account_id}", lambda: board.runtime().archive.stream_samples_version(account_id))


def _ever_live(account_id: str) -> bool:
    return _samples_version(account_id)[0] > 0


def _drawn_from(status: dict):
    """What else a kept stream panel is drawn from: the samples, the recent follows, the X posts it marks."""
    account_id = accounts.account(PROVIDER).id
    try:
        samples = _samples_version(account_id)
    except HistoryUnavailable:
        samples = "away"  # drawn with the database's message; drawn again once it is back
    follows = status["follower_days"].fetched_at if "follower_days" in status else None
    return samples, follows, x_posts_version()


def _follows(account_id: str) -> list[int]:
    """When each follower of the last 31 days followed (epoch seconds); [] before the first follower sync."""
    records, _status = board.load(account_id, ["follower_days"])
    days = records.get("follower_days")
    return list(days.recent) if days else []


def _gained(streams: list[Stream], follows: list[int]) -> dict[str, tuple[int, int]]:
    return {stream.stream_id: followers_during(stream, follows) for stream in streams} if follows else {}


def _guarded(build):
    """A stream panel body, or the history database's message when it is away."""

    def body(records, span, *extra):
        try:
            return build(records, span, *extra)
        except HistoryUnavailable as error:
            return problem(str(error))

    return body


def _streams_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = figures.streams_in(_streams(account_id, span), span)
    return panels.streams_body(
        streams, bool(streams) or _ever_live(account_id), _gained(streams, _follows(account_id)), span
    )


def _trend_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = _streams(account_id, span)
    empty = panels.NONE_IN_RANGE if streams or _ever_live(account_id) else panels.NEVER_LIVE
    return [
        panels.chart_or_empty(figures.stream_trend_figure(streams, span), "twitch-stream-trend-graph", empty),
        panels.chart_or_empty(figures.hours_watched_by_week(streams, span), "twitch-hours-watched-graph", empty),
    ]


def _chat_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = figures.streams_in(_streams(account_id, span), span)
    empty = panels.NONE_IN_RANGE if streams or _ever_live(account_id) else panels.NEVER_LIVE
    windows = [(s.stream_id, s.started_at - STORY_MARGIN, s.last_seen + STORY_MARGIN) for s in streams]
    chat = board.runtime().archive.chat_by_stream(account_id, windows)
    if streams and not chat:
        empty = panels.NO_STORY
    return panels.chart_or_empty(story_figures.chat_per_stream_figure(streams, chat, span), "twitch-chat-graph", empty)


def _paths_body(records, span):
    account_id = accounts.account(PROVIDER).id
    streams = _streams(account_id, span)
    profile, days = records.get("profile"), records.get("follower_days")
    followers = days.total if days else 0
    kind = profile.user.broadcaster_type if profile else ""
    window_ = last_30_days(streams)
    return panels.paths_body(
        affiliate_path(window_, followers),
        partner_path(window_),
        window_,
        kind,
        bool(streams) or _ever_live(account_id),
    )


def _best_times_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = figures.streams_in(_streams(account_id, span), span)
    empty = panels.NONE_IN_RANGE if streams or _ever_live(account_id) else panels.NEVER_LIVE
    cells = viewers_by_weekday_hour(streams, zone_of(span))
    return panels.best_times_body(figures.best_times_figure(cells, zone_name(span)), empty)


def _games_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = figures.streams_in(_streams(account_id, span), span)
    return panels.games_body(by_game(streams, _follows(account_id)), bool(streams) or _ever_live(account_id))


def _going_live_body(_records, span):
    account_id = accounts.account(PROVIDER).id
    streams = figures.streams_in(_streams(account_id, span), span)
    split = None
    if accounts.account("twitter") is not None:
        split = going_live_posts(streams, [at for at, _text in x_posts_of_this_person()])
    ever_live = bool(streams) or _ever_live(account_id)
    return panels.going_live_body(split, _gained(streams, _follows(account_id)), ever_live)


# Kept like the other panels, keyed also by the samples' version (one small query per page view).
board.panel("streams", ["profile"], _guarded(_streams_body), variant=_drawn_from)
board.panel("games", ["profile"], _guarded(_games_body), variant=_drawn_from)
board.panel("going-live", ["profile"], _guarded(_going_live_body), variant=_drawn_from)
board.panel("stream-trend", ["profile"], _guarded(_trend_body), variant=_drawn_from)
board.panel("chat", ["profile"], _guarded(_chat_body), variant=_drawn_from)
board.panel("paths", ["profile", "follower_days"], _guarded(_paths_body), variant=_drawn_from)
board.panel("best-times", ["profile"], _guarded(_best_times_body), variant=_drawn_from)


@callback(
    Output("twitch-stream-detail", "children"),
    Input("twitch-streams-table", "selected_rows"),
    Input("twitch-streams-table", "derived_virtual_data"),
    State({"type": "range-dates", "provider": PROVIDER}, "start_date"),
    State({"type": "range-dates", "provider": PROVIDER}, "end_date"),
)
def show_stream(selected, rows, start, end):
    """The picked stream's viewer curve with its games shaded and its follows marked."""
    account = accounts.account(PROVIDER)
    if account is None or not rows or not selected:
        return None
    wanted = rows[selected[0]]["id"] if selected[0] < len(rows) else rows[0]["id"]
    span = window(start, end, browser_zone())
    try:
        streams = _streams(account.id, span)
    except HistoryUnavailable as error:
        return problem(str(error))
    stream = next((s for s in streams if s.stream_id == wanted), None)
    if stream is None:
        return None
    follows = _follows(account.id)
    during = [at for at in follows if stream.started_at.timestamp() <= at <= stream.last_seen.timestamp()]
    gained = followers_during(stream, follows) if follows else None
    records, _status = board.load(account.id, ["videos", "clips"])
    vod = vod_of(stream, records.get("videos") or [])
    clips = clips_during(stream, records.get("clips") or [])
    story = board.runtime().archive.stream_story(
        account.id, stream.stream_id, stream.started_at - STORY_MARGIN, stream.last_seen + STORY_MARGIN
    )
    return panels.stream_detail(stream, during, x_posts_of_this_person(), gained, vod, clips, span, story)


@exporter(PROVIDER, "streams")
def _stream_csv(account_id: str, span):
    streams = figures.streams_in(_streams(account_id, span), span)
    rows = panels.stream_rows(streams, _gained(streams, _follows(account_id)), span)
    return "twitch-streams.csv", [{k: v for k, v in row.items() if k != "duration"} for row in rows]
