"""Callbacks of the /twitch page: each panel drawn from the store (syncing is the shared Dashboard's job)."""
from datetime import datetime, timezone

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard.components.daterange import window
from dashboard.components.metrics import metric_card
from dashboard.components.panels import empty_state, graph, link_table
from dashboard.components.profile import twitch_profile
from dashboard.figures import twitch as figures
from sync.twitch import DATASETS, TYPES
from webapp import accounts

from .common import exporter
from .dashboards import Dashboard

PROVIDER = "twitch"
# What each panel's Refresh button syncs again.
REFRESHES = {"followers": ["followers"], "subscribers": ["subscriptions"], "bits": ["bits"], "vods": ["videos"],
             "clips": ["clips"], "schedule": ["videos", "schedule"], "goals": ["goals"]}
board = Dashboard(PROVIDER, DATASETS, TYPES, REFRESHES, "Fetching your channel from Twitch…",
                  produced_by={"follower_days": "followers"})
PROFILE = ["profile", "follower_days", "subscriptions", "videos"]


def _or_empty(figure, message: str, graph_id: str):
    return graph(figure, graph_id) if figure is not None else empty_state(message)


def _follower_body(records, span, bucket):
    days = records["follower_days"] or figures.FollowerDays()
    shots = board.runtime().snapshots.history(PROVIDER, accounts.account(PROVIDER).id, "followers")
    return _or_empty(figures.follower_growth(days, shots, span, bucket or "day"),
                     "No followers in this date range yet.", "twitch-follower-graph")


def _subscriber_body(records, _span):
    summary = records["subscriptions"]
    if summary is None or not summary.total:
        return empty_state("No subscribers yet.")
    return [html.P([html.Strong(f"{summary.total:,}", id="twitch-subscriber-total"), " subscribers · ",
                    html.Strong(f"{summary.points:,}"), " subscriber points"]),
            graph(figures.subscriber_breakdown(summary), "twitch-subscriber-graph")]


def _bits_body(records, _span, period):
    boards = records["bits"]
    cheerers = boards.boards.get(period or "all", []) if boards else []
    return _or_empty(figures.bits_leaderboard(cheerers), "No cheers in this period.", "twitch-bits-graph")


def _vod_body(records, span):
    videos = records["videos"] or []
    figure = figures.vod_views(videos, span)
    if figure is None:
        return empty_state("No VODs in this date range.")
    rows = [html.Tr([html.Td(html.A(v.title or v.id, href=v.url, target="_blank", rel="noopener")),
                     html.Td(datetime.fromtimestamp(v.created_at, timezone.utc).strftime("%-d %b %Y")),
                     html.Td(figures.duration_text(v.duration)), html.Td(f"{v.view_count:,}")])
            for v in figures.top_videos(videos, span)]
    return [graph(figure, "twitch-vod-graph"), html.H6("Top VODs", className="mt-2"),
            link_table(rows, ["VOD", "date", "length", "views"])]


def _clip_body(records, span):
    top = figures.top_clips(records["clips"] or [], span)
    if not top:
        return empty_state("No clips in this date range.")
    rows = [html.Tr([html.Td(html.A(c.title or c.id, href=c.url, target="_blank", rel="noopener")),
                     html.Td(c.creator_name), html.Td(f"{c.view_count:,}")]) for c in top]
    return [graph(figures.clip_chart(top), "twitch-clip-graph"), link_table(rows, ["clip", "clipped by", "views"])]


def _schedule_body(records, span):
    heatmap = figures.stream_heatmap(records["videos"] or [], span)
    segments = records["schedule"] or []
    upcoming = [html.Li([html.Strong(datetime.fromtimestamp(s.start, timezone.utc).strftime("%a %-d %b %H:%M UTC")),
                         f" · {s.title}", f" ({s.category})" if s.category else "",
                         dbc.Badge("cancelled", color="secondary", className="ms-1") if s.canceled else None])
                for s in segments[:6]]
    return [_or_empty(heatmap, "No past streams in this date range.", "twitch-heatmap"),
            html.H6("Upcoming", className="mt-3"),
            html.Ul(upcoming, className="small mb-0") if upcoming else empty_state("No streaming schedule set.")]


def _goal_body(records, _span):
    goals = records["goals"] or []
    if not goals:
        return empty_state("No active goals.")
    return [html.Div([html.Div([html.Span(g.description or g.type.replace("_", " ").title()),
                                html.Small(f"{g.current:,} / {g.target:,}", className="text-muted ms-2")]),
                      dbc.Progress(value=figures.goal_share(g), label=f"{figures.goal_share(g)}%", className="mb-3")])
             for g in goals]


# The daily aggregate only: the full follower list (50,000 rows for a big channel) stays out of page loads.
board.panel("followers", ["follower_days"], _follower_body,
       (Input("twitch-follower-bucket", "value"),))
board.panel("subscribers", ["subscriptions"], _subscriber_body)
board.panel("bits", ["bits"], _bits_body, (Input("twitch-bits-period", "value"),))
board.panel("vods", ["videos"], _vod_body)
board.panel("clips", ["clips"], _clip_body)
board.panel("schedule", ["videos", "schedule"], _schedule_body)
board.panel("goals", ["goals"], _goal_body)


@callback(Output("twitch-profile", "children"), Output("twitch-cards", "children"),
          board.landed("profile", PROFILE), *board.range)
def show_profile_and_cards(_landed, start, end):
    account = accounts.account(PROVIDER)
    if account is None:
        return board.signed_out(), None
    records, status = board.load(account.id, PROFILE)
    profile, days = records["profile"], records["follower_days"]
    if profile is None:
        return board.not_yet_drawn(status, ["profile"]), None
    total = days.total if days else None  # the follower walk has not landed yet
    span = window(start, end)
    subs, videos = records["subscriptions"], records["videos"] or []
    stream = profile.stream
    if stream:
        live = metric_card("live now", f"{stream.viewer_count:,}", f"viewers · {stream.game_name}", "twitch-card-live")
    else:
        last = next((v for v in videos if v.type == "archive"), None)
        when = datetime.fromtimestamp(last.created_at, timezone.utc).strftime("%-d %b %Y") if last else "never"
        live = metric_card("offline", when, "last stream", "twitch-card-live")
    cards = dbc.Row([
        metric_card("followers", "–" if total is None else f"{total:,}",
                    f"+{figures.follower_change(days, span):,} in range" if days else "", "twitch-card-followers"),
        metric_card("subscribers", f"{subs.total:,}" if subs else "–",
                    f"{subs.points:,} points" if subs else "Affiliate or Partner only", "twitch-card-subscribers"),
        metric_card("VOD views", f"{sum(v.view_count for v in videos):,}", f"{len(videos):,} videos",
                    "twitch-card-vod-views"),
        live,
    ])
    return twitch_profile(profile.user, total), cards


# CSV exports --------------------------------------------------------------------------------------

def _stored(account_id: str, dataset: str):
    return board.runtime().store.get(PROVIDER, account_id, dataset, type=TYPES[dataset])


@exporter(PROVIDER, "followers")
def _followers_csv(account_id, span):
    log = _stored(account_id, "followers")
    if log is None:
        return "twitch-followers.csv", []
    return "twitch-followers.csv", [
        {"followed_at": datetime.fromtimestamp(at, timezone.utc).isoformat(), "user_id": uid, "login": login}
        for uid, login, at in zip(log.ids, log.logins, log.followed_at) if figures.in_window(at, span)]


@exporter(PROVIDER, "subscribers")
def _subscribers_csv(account_id, _span):
    s = _stored(account_id, "subscriptions")
    return "twitch-subscribers.csv", [] if s is None else [
        {"total": s.total, "points": s.points, "tier_1": s.tiers[0], "tier_2": s.tiers[1], "tier_3": s.tiers[2],
         "gifted": s.gifted, "paid": s.paid}]


@exporter(PROVIDER, "bits")
def _bits_csv(account_id, _span):
    boards = _stored(account_id, "bits")
    return "twitch-bits-leaderboards.csv", [] if boards is None else [
        {"period": period, "rank": c.rank, "user_name": c.user_name, "score": c.score}
        for period, board in boards.boards.items() for c in board]


def _video_rows(videos, span):
    return [{"id": v.id, "type": v.type, "created_at": datetime.fromtimestamp(v.created_at, timezone.utc).isoformat(),
             "title": v.title, "duration_seconds": v.duration, "view_count": v.view_count, "url": v.url}
            for v in videos if figures.in_window(v.created_at, span)]


@exporter(PROVIDER, "vods")
def _vods_csv(account_id, span):
    return "twitch-vods.csv", _video_rows(_stored(account_id, "videos") or [], span)


@exporter(PROVIDER, "schedule")
def _schedule_csv(account_id, span):
    grid = figures.stream_hours(_stored(account_id, "videos") or [], span)
    return "twitch-stream-hours.csv", [{"weekday": figures.WEEKDAYS[d], "hour_utc": h, "hours_streamed": round(grid[d][h], 3)}
                                       for d in range(7) for h in range(24)]


@exporter(PROVIDER, "clips")
def _clips_csv(account_id, span):
    return "twitch-clips.csv", [
        {"id": c.id, "created_at": datetime.fromtimestamp(c.created_at, timezone.utc).isoformat(), "title": c.title,
         "creator": c.creator_name, "view_count": c.view_count, "url": c.url}
        for c in _stored(account_id, "clips") or [] if figures.in_window(c.created_at, span)]


@exporter(PROVIDER, "goals")
def _goals_csv(account_id, _span):
    return "twitch-goals.csv", [{"type": g.type, "description": g.description, "current": g.current, "target": g.target}
                                for g in _stored(account_id, "goals") or []]
