"""Bodies of the stream panels on /twitch: the stream list and one stream's detail, the trend, the paths
to Affiliate and Partner, when to stream. Pure: streams and numbers in, components out."""

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dash_table, html

from dashboard.analysis.milestones import Last30Days, Path
from dashboard.analysis.streams import GameFigures, GoingLive, Stream
from dashboard.figures import streams as figures
from dashboard.figures.common import local
from providers.twitch.records import StreamStory

from .panels import empty_state, graph, link_table

NEVER_LIVE = (
    "No stream of this channel has been seen live yet. While you are live we sample your viewers every "
    "few minutes (Twitch tells viewer counts only during a stream); your streams appear here from the next one."
)
NONE_IN_RANGE = "No stream in this date range."
NO_STORY = (
    "Twitch has told this app nothing of these streams' chat yet: it arrives by EventSub while a stream is live "
    "(a sign-in before it came may need to allow chat, above)."
)


def _duration(stream: Stream) -> str:
    minutes = round(stream.broadcast_minutes)
    return f"{minutes // 60}h {minutes % 60:02d}m"


def stream_rows(streams: list[Stream], gained: dict[str, tuple[int, int]] | None = None, window=None) -> list[dict]:
    """Table rows; times on the window's clock (the viewer's zone)."""
    gained = gained or {}
    return [
        {
            "id": stream.stream_id,
            "date": local(stream.started_at, window).strftime("%Y-%m-%d %H:%M") + (" (live)" if stream.live else ""),
            "duration": _duration(stream),
            "minutes": round(stream.broadcast_minutes),
            "average": round(stream.average, 1),
            "peak": stream.peak,
            "hours_watched": round(stream.hours_watched, 1),
            "followers": gained.get(stream.stream_id, (None, None))[0],
            "game": ", ".join(dict.fromkeys(segment.game for segment in stream.games if segment.game)),
        }
        for stream in streams
    ]


def streams_body(streams: list[Stream], ever_live: bool, gained: dict[str, tuple[int, int]] | None = None, window=None):
    if not streams:
        return html.Div(empty_state(NONE_IN_RANGE if ever_live else NEVER_LIVE), id="twitch-streams")
    columns = [
        ("date", "Started", "text"),
        ("average", "Avg viewers", "numeric"),  # the figures first: on a phone the columns past them scroll
        ("peak", "Peak", "numeric"),
        ("duration", "Duration", "text"),
        ("hours_watched", "Hours watched", "numeric"),
        ("followers", "Followers gained", "numeric"),
        ("game", "Games", "text"),
    ]
    table = dash_table.DataTable(
        id="twitch-streams-table",
        data=stream_rows(streams, gained, window),
        columns=[{"id": key, "name": name, "type": kind} for key, name, kind in columns],
        sort_action="native",
        row_selectable="single",
        selected_rows=[0],
        page_size=10,
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": "var(--bs-body-font-family)", "padding": "6px", "textAlign": "left"},
        style_header={"fontWeight": "bold", "fontFamily": "var(--bs-body-font-family)"},
    )
    hint = html.Small("Sort by any column; pick a stream to see its viewers over time.", className="text-muted")
    return html.Div([hint, table, html.Div(id="twitch-stream-detail", className="mt-3")], id="twitch-streams")


def _vod_and_clips(vod, clips) -> html.Div:
    parts = []
    if vod is not None:
        parts.append(
            html.Div(
                [
                    "VOD: ",
                    html.A(vod.title or "the recording", href=vod.url, target="_blank", rel="noopener"),
                    f" — {vod.view_count:,} views",
                ]
            )
        )
    else:
        parts.append(html.Div("No VOD of this stream (Twitch keeps past broadcasts only for a while, if at all)."))
    if clips:
        top = clips[0]
        parts.append(
            html.Div(
                [
                    f"{len(clips):,} clips made during it; the most viewed: ",
                    html.A(top.title or "a clip", href=top.url, target="_blank", rel="noopener"),
                    f" ({top.view_count:,} views)",
                ]
            )
        )
    else:
        parts.append(html.Div("No clips were made during it."))
    return html.Div(parts, className="small mb-2", id="twitch-stream-media")


def stream_detail(
    stream: Stream,
    follows: list[int],
    posts: list,
    gained: tuple[int, int] | None,
    vod=None,
    clips=(),
    window=None,
    story: StreamStory | None = None,
):
    """One stream's figures, VOD, clips and viewer curve; times on ``window``'s clock (the viewer's zone).
    With its story from EventSub, its chat, raids, subs, bits and ads too."""
    figures_row = [
        ("Average viewers", f"{stream.average:,.1f}"),
        ("Peak viewers", f"{stream.peak:,}"),
        ("Hours watched", f"{stream.hours_watched:,.1f}"),
        ("Duration", _duration(stream)),
    ]
    if gained is not None:
        figures_row += [("Followers while live", f"{gained[0]:,}"), ("…in the 2 h after", f"{gained[1]:,}")]
    told = story is not None and story.told
    if told:
        figures_row += _story_figures(stream, story)
    facts = dbc.Row(
        [
            dbc.Col([html.Div(value, className="fs-5 fw-bold"), html.Small(label, className="text-muted")], xs=6, md=2)
            for label, value in figures_row
        ],
        className="mb-2",
    )
    titles = (
        html.Ul([html.Li(f"{local(at, window):%H:%M} {title}") for at, title in stream.titles], className="small mb-0")
        if len(stream.titles) > 1
        else None
    )
    curve = graph(
        figures.viewer_curve_figure(stream, follows, posts, window, story, list(clips)), "twitch-stream-curve"
    )
    return [facts, _vod_and_clips(vod, list(clips)), curve, titles, tops(story) if told else None, _report_link(stream)]


def _report_link(stream: Stream):
    return html.A(
        "Open this stream's report",
        href=f"/twitch/stream?{urlencode({'id': stream.stream_id})}",
        className="small d-inline-block mt-2",
    )


def _story_figures(stream: Stream, story: StreamStory) -> list[tuple[str, str]]:
    messages = sum(messages for _, messages, _, _ in story.chat)
    first = sum(first for _, _, _, first in story.chat)
    per_100 = f"{story.chatters / stream.average * 100:,.0f}" if stream.average else "–"
    subs = story.count("subscribe") + story.count("resub") + story.total("gift")
    raids = story.count("raid_in")
    return [
        ("Chat messages", f"{messages:,}"),
        ("Chatters", f"{story.chatters:,}"),
        ("Chatters per 100 viewers", per_100),
        ("First-time chatters", f"{first:,}"),
        ("Raids in" + (f" ({story.total('raid_in'):,} viewers)" if raids else ""), f"{raids:,}"),
        ("Subs (gifts counted)", f"{subs:,}"),
        ("Bits", f"{story.total('cheer'):,}"),
        ("Ad minutes", f"{story.total('ad_break') / 60:,.1f}"),
    ]


def tops(story: StreamStory) -> dbc.Row:
    def listing(title: str, rows: list[tuple[str, int]], unit: str):
        items = [html.Li(f"{name}: {count:,} {unit}") for name, count in rows] or [html.Li("none yet")]
        return dbc.Col([html.H3(title, className="h6 mt-2"), html.Ol(items, className="small mb-0")], xs=12, md=6)

    return dbc.Row(
        [listing("Top chatters", story.top_chatters, "messages"), listing("Top emotes", story.top_emotes, "uses")],
        id="twitch-stream-story-tops",
    )


def chart_or_empty(figure, graph_id: str, empty: str):
    if figure is None:
        return empty_state(empty)
    return graph(figure, graph_id)


# Two heatmaps of one week on /twitch answer from different sources; each says which, so they may differ.
BEST_TIMES_SOURCE = (
    "From the viewer counts this app samples every 5 minutes while you are live: only streams since it began "
    "tracking your channel (the stream-time heatmap above counts every past broadcast Twitch keeps as a VOD)."
)


def best_times_body(figure, empty: str):
    """Average viewers by weekday and hour, with where the numbers come from."""
    return [
        html.P(BEST_TIMES_SOURCE, className="small text-muted mb-2"),
        chart_or_empty(figure, "twitch-best-times-graph", empty),
    ]


def _goal_bar(goal) -> html.Div:
    have = f"{goal.have:,.0f}" if float(goal.have).is_integer() else f"{goal.have:,.1f}"
    return html.Div(
        [
            html.Div(
                [html.Span(goal.name), html.Span(f"{have} / {goal.need:,} {goal.unit}", className="text-muted")],
                className="d-flex justify-content-between small",
            ),
            dbc.Progress(
                value=round(goal.share * 100),
                color="success" if goal.met else "primary",
                className="mb-2",
                style={"height": "10px"},
            ),
        ]
    )


def paths_body(affiliate: Path, partner: Path, window: Last30Days, broadcaster_type: str, ever_live: bool):
    explain = html.P(
        "Twitch counts the last 30 days, rolling: each stream counts for 30 days after it aired. Figures come "
        f"from the {window.streams} streams we sampled live in that time (a stream we did not see counts nowhere).",
        className="small text-muted",
    )
    if not ever_live:
        return html.Div(empty_state(NEVER_LIVE), id="twitch-paths")
    parts = []
    if broadcaster_type == "partner":
        parts.append(dbc.Alert("This channel is a Twitch Partner.", color="success", className="py-2"))
    elif broadcaster_type == "affiliate":
        parts.append(dbc.Alert("This channel is a Twitch Affiliate.", color="success", className="py-2"))
    shown = [partner] if broadcaster_type in ("affiliate", "partner") else [affiliate, partner]
    for path in shown:
        parts.append(html.H3(path.title + (" — all met" if path.met else ""), className="h6 mt-2"))
        parts.extend(_goal_bar(goal) for goal in path.goals)
    return html.Div([*parts, explain], id="twitch-paths")


def games_body(games: list[GameFigures], ever_live: bool):
    if not games:
        return empty_state(NONE_IN_RANGE if ever_live else NEVER_LIVE)
    rows = [
        [
            game.game,
            f"{game.average_viewers:,.1f}",
            f"{game.hours:,.1f}",
            "—" if game.followers_per_hour is None else f"{game.followers_per_hour:,.1f}",
        ]
        for game in games
    ]
    return html.Div(
        link_table(
            ["Game", "Avg viewers", "Hours streamed", "Followers per hour"], rows, striped=True, class_name="mb-0"
        ),
        id="twitch-games-table",
    )


def going_live_body(split: GoingLive | None, gained: dict[str, tuple[int, int]], ever_live: bool):
    """Streams announced on X within the hour before going live, against the others: correlation, not cause."""
    if split is None:
        return html.Div(
            empty_state(
                "Sign in with X as well (top right) to see your X posts on this timeline and how streams you "
                "announced on X did against the others."
            ),
            id="twitch-going-live",
        )
    if not split.announced and not split.unannounced:
        return html.Div(empty_state(NONE_IN_RANGE if ever_live else NEVER_LIVE), id="twitch-going-live")

    def row(label: str, streams: list[Stream]):
        followers = [gained[s.stream_id][0] for s in streams if s.stream_id in gained]
        average = GoingLive.mean([s.average for s in streams])
        per_stream = GoingLive.mean(followers)
        return [
            label,
            len(streams),
            "—" if average is None else f"{average:,.1f}",
            "—" if per_stream is None else f"{per_stream:,.1f}",
        ]

    table = link_table(
        ["Streams", "How many", "Avg viewers", "Followers gained per stream"],
        [row("announced on X in the hour before", split.announced), row("not announced", split.unannounced)],
        striped=True,
        class_name="mb-0",
    )
    caution = html.P(
        "Correlation, not cause: streams you announce may differ in other ways (day, game, a planned event).",
        className="small text-muted mt-2 mb-0",
    )
    return html.Div([table, caution], id="twitch-going-live")
