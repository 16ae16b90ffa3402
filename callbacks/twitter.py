"""Callbacks of the /twitter page: each panel drawn from the stored posts (syncing is the shared Dashboard's job)."""
from bisect import bisect_right
from collections import Counter
from datetime import timezone

import dash_bootstrap_components as dbc
from dash import Output, callback, html

from dashboard.components.daterange import window
from dashboard.components.metrics import metric_card
from dashboard.components.panels import empty_state, graph, link_table
from dashboard.components.profile import twitter_profile
from dashboard.figures import twitter as figures
from providers.twitter.records import XPost
from sync.twitter import DATASETS, TYPES, PostArchive
from webapp import accounts

from .common import exporter
from .dashboards import Dashboard

PROVIDER = "twitter"
POST_PANELS = ("impressions", "interactions", "scatter", "ctr", "rate", "heatmap", "mix")
# What each panel's Refresh button syncs again: the profile (with its snapshot) or the timeline.
REFRESHES = {**{panel: ["posts"] for panel in POST_PANELS}, "followers": ["profile"]}
RATE_TOOLTIP = ("Total engagements (likes, replies, reposts, quotes, bookmarks) of the range's posts divided by "
                "their total impressions; reposts are left out: X counts them no reach of their own.")
board = Dashboard(PROVIDER, DATASETS, TYPES, REFRESHES, "Fetching your posts from X…")


def posts_of(records, span: tuple[int, int]) -> list[XPost]:
    """The stored posts made inside the window, found by bisection: 3,200 posts are not scanned per panel."""
    archive = records["posts"]
    if not archive:
        return []
    posts = archive.posts  # newest first, by time
    newest = bisect_right(posts, -span[1], key=_age_key)
    return posts[newest:bisect_right(posts, -span[0], key=_age_key, lo=newest)]


def _age_key(post: XPost) -> float:
    return -post.created_at.timestamp() if post.created_at else float("inf")


def chart(figure, graph_id: str, empty_message: str = figures.NO_POSTS):
    """The figure, or words saying why there is nothing to draw."""
    return graph(figure, graph_id) if figure is not None else empty_state(empty_message)


def _post_panel(panel: str, builder, graph_id: str):
    board.panel(panel, ["posts"], lambda records, span: chart(builder(posts_of(records, span), span), graph_id))


def _snapshots(account_id: str) -> dict:
    return board.runtime().snapshots.history(PROVIDER, account_id, "counts")


# Panels -------------------------------------------------------------------------------------------

_post_panel("impressions", figures.impressions_figure, "twitter-impressions-graph")
_post_panel("interactions", figures.interactions_figure, "twitter-interactions-graph")
_post_panel("scatter", figures.engagement_scatter, "twitter-scatter-graph")
_post_panel("heatmap", figures.posting_heatmap, "twitter-heatmap")
_post_panel("mix", figures.post_mix_figure, "twitter-mix-graph")


def _ctr_body(records, span):
    return [html.P("Profile clicks per impression. X shares profile clicks only in a post's first 30 days; "
                   "the values fetched then are kept here.", className="small text-muted mb-1"),
            chart(figures.profile_ctr_figure(posts_of(records, span), span), "twitter-ctr-graph",
                  figures.ctr_empty_message(posts_of(records, span), span))]


def _rate_body(records, span):
    posts = posts_of(records, span)
    figure = figures.engagement_rate_figure(posts, span)
    if figure is None:
        return chart(figure, "twitter-rate-graph")
    rows = [html.Tr([html.Td(html.A(figures.shorten(row["text"]), href=row["url"], target="_blank", rel="noopener")),
                     html.Td(row["posted"]), html.Td(row["kind"]),
                     html.Td("–" if row["impressions"] is None else f"{row['impressions']:,}"),
                     html.Td(f"{row['engagements']:,}"),
                     html.Td("–" if row["engagement_rate"] is None else f"{row['engagement_rate']:.2%}")])
            for row in figures.top_posts(posts, span)]
    return [chart(figure, "twitter-rate-graph"), html.H6("Top posts", className="mt-2"),
            link_table(rows, ["post", "posted (UTC)", "kind", "impressions", "engagements", "rate"])]


def _follower_body(_records, span):
    account = accounts.account(PROVIDER)
    return chart(figures.follower_history_figure(_snapshots(account.id), span), "twitter-follower-graph",
                 figures.NO_FOLLOWER_HISTORY)


board.panel("ctr", ["posts"], _ctr_body)
board.panel("rate", ["posts"], _rate_body)
board.panel("followers", ["profile"], _follower_body)


@callback(Output("twitter-profile", "children"), Output("twitter-cards", "children"),
          board.landed("profile", ["profile", "posts"]), *board.range)
def show_profile_and_cards(_landed, start, end):
    account = accounts.account(PROVIDER)
    if account is None:
        return board.signed_out(), None
    records, status = board.load(account.id, ["profile", "posts"])
    user = records["profile"]
    if user is None:
        return board.not_yet_drawn(status, ["profile"], "Fetching your profile from X…"), None
    span = window(start, end)
    change = figures.follower_change(_snapshots(account.id), span)
    since = f"{change[0]:+,} since {change[1]:%-d %b}" if change else "history starts with today's snapshot"
    rate = figures.average_engagement_rate(posts_of(records, span), span)
    cards = dbc.Row([
        metric_card("followers", f"{user.followers:,}", since, "twitter-card-followers"),
        metric_card("following", f"{user.following:,}", "", "twitter-card-following"),
        metric_card("posts", f"{user.posts:,}", "", "twitter-card-posts"),
        metric_card("listed", f"{user.listed:,}", "on others' lists", "twitter-card-listed"),
        metric_card("engagement rate", "–" if rate is None else f"{rate:.2%}",
                    "engagements ÷ impressions, posts in range", "twitter-card-rate"),
        dbc.Tooltip(RATE_TOOLTIP, target="twitter-card-rate", placement="bottom"),
    ])
    return twitter_profile(user), cards


# CSV exports --------------------------------------------------------------------------------------

def _stored_posts(account_id: str) -> list[XPost]:
    archive = board.runtime().store.get(PROVIDER, account_id, "posts", type=PostArchive)
    return archive.posts if archive else []


def _post_rows(account_id: str, span) -> list[dict]:
    return [{"id": p.id, "posted_utc": p.created_at.astimezone(timezone.utc).isoformat(), "kind": p.kind,
             "text": p.text, "url": p.url, "impressions": p.impressions, "likes": p.likes, "replies": p.replies,
             "reposts": p.reposts, "quotes": p.quotes, "bookmarks": p.bookmarks, "engagements": p.engagements,
             "engagement_rate": p.engagement_rate, "profile_clicks": p.profile_clicks, "profile_ctr": p.profile_ctr,
             "link_clicks": p.link_clicks}
            for p in figures.posts_in_range(_stored_posts(account_id), span)]


for _panel in ("impressions", "interactions", "scatter", "ctr", "rate"):
    exporter(PROVIDER, _panel)(lambda account_id, span: ("x-posts.csv", _post_rows(account_id, span)))


@exporter(PROVIDER, "heatmap")
def _heatmap_csv(account_id, span):
    rows = []
    for post in figures.posts_in_range(_stored_posts(account_id), span):
        if post.kind != "repost":
            moment = post.created_at.astimezone(timezone.utc)
            rows.append({"weekday": figures.WEEKDAYS[moment.weekday()], "hour_utc": moment.hour,
                         "engagements": post.engagements, "post_id": post.id})
    return "x-posting-times.csv", rows


@exporter(PROVIDER, "mix")
def _mix_csv(account_id, span):
    kinds = Counter(post.kind for post in figures.posts_in_range(_stored_posts(account_id), span))
    return "x-post-mix.csv", [{"kind": label, "posts": kinds.get(kind, 0)} for kind, label in figures.KIND_LABELS.items()]


@exporter(PROVIDER, "followers")
def _followers_csv(account_id, span):
    kept = {day.isoformat() for day, _ in figures.follower_points(_snapshots(account_id), span)}
    return "x-follower-history.csv", [{"day": day, **counts} for day, counts in _snapshots(account_id).items()
                                      if day in kept]
