"""Callbacks of the /twitter page: each panel drawn from the stored posts (syncing is the shared Dashboard's job)."""

from bisect import bisect_right
from datetime import UTC, datetime

from callbacks.common import exporter, per_request
from callbacks.dashboards import Dashboard
from dashboard.components import x_cost as cost
from dashboard.components import x_insight_panels as insights
from dashboard.components import x_panels as panels
from dashboard.components.change import previous
from dashboard.components.profile import twitter_profile
from dashboard.exports import x as rows
from dashboard.figures import x as figures
from providers.x.records import PostArchive, XPost
from sync.database.archive import HistoryUnavailable
from sync.plans.x import DATASETS, TYPES
from web import accounts

PROVIDER = "twitter"
POST_PANELS = (
    "impressions",
    "interactions",
    "scatter",
    "ctr",
    "rate",
    "heatmap",
    "mix",
    "follows",
    "threads",
    "topics",
)
# What each panel's Refresh button syncs again: the profile (with its snapshot) or the timeline.
REFRESHES = {
    **{panel: ["posts"] for panel in POST_PANELS},
    "followers": ["profile"],
    "growth": ["profile", "posts"],
    "daily": ["profile"],
    "cost": ["profile", "posts"],
}
board = Dashboard(PROVIDER, DATASETS, TYPES, REFRESHES, "Fetching your posts from X…")


def posts_of(records, span: tuple[int, int]) -> list[XPost]:
    """The stored posts made inside the window, found by bisection: 3,200 posts are not scanned per panel."""
    archive = records["posts"]
    if not archive:
        return []
    posts = archive.posts  # newest first, by time
    newest = bisect_right(posts, -span[1], key=_age_key)
    return posts[newest : bisect_right(posts, -span[0], key=_age_key, lo=newest)]


def _age_key(post: XPost) -> float:
    return -post.created_at.timestamp() if post.created_at else float("inf")


def _post_panel(panel: str, builder, graph_id: str):
    board.panel(panel, ["posts"], lambda records, span: panels.chart(builder(posts_of(records, span), span), graph_id))


def _account_id() -> str:
    """Whose panels are drawn: the signed-in account, or the one whose sign-in X ended (its stored charts stay)."""
    return (accounts.account(PROVIDER) or accounts.ended_account(PROVIDER)).id


def _snapshots(account_id: str) -> dict:
    return board.counters_by_day(account_id)


# Panels -------------------------------------------------------------------------------------------

_post_panel("impressions", figures.impressions_figure, "twitter-impressions-graph")
_post_panel("interactions", figures.interactions_figure, "twitter-interactions-graph")
_post_panel("scatter", figures.engagement_scatter, "twitter-scatter-graph")
_post_panel("mix", figures.post_mix_figure, "twitter-mix-graph")


def _ctr_body(records, span):
    return panels.ctr_body(posts_of(records, span), span)


def _rate_body(records, span, by):
    return panels.rate_body(posts_of(records, span), span, by)


def _follower_body(_records, span):
    account_id = _account_id()
    return panels.follower_body(_snapshots(account_id), span, _imported(account_id)[1])


def _imported(account_id: str) -> tuple[list, list]:
    """(posts, days) imported from X's analytics export; none while the history database is away."""

    def read():
        archive = board.runtime().archive
        try:
            return archive.imported_posts(account_id), archive.imported_days(account_id)
        except HistoryUnavailable:
            return [], []

    return per_request("x imported", read)


def _import_version(_status) -> str:
    """Changes with every import that changes something: panels drawn from imports are kept by it."""

    def read():
        try:
            return board.runtime().archive.import_version(_account_id())
        except HistoryUnavailable:
            return ""

    return per_request("x import version", read)


board.panel("ctr", ["posts"], _ctr_body)
board.panel("rate", ["posts"], _rate_body, ("twitter-top-posts-by",))
board.panel("heatmap", ["posts"], lambda records, span: insights.heatmap_body(posts_of(records, span), span))
board.panel("followers", ["profile"], _follower_body, variant=_import_version)


def _follows_body(records, span):
    return insights.follows_body(posts_of(records, span), _imported(_account_id())[0], span)


def _growth_body(records, span):
    account_id = _account_id()
    return insights.growth_body(_snapshots(account_id), _imported(account_id)[1], posts_of(records, span), span)


board.panel("follows", ["posts"], _follows_body, variant=_import_version)
board.panel(
    "daily",
    ["profile"],
    lambda _records, span: insights.daily_body(_imported(_account_id())[1], span),
    variant=_import_version,
)
board.panel("growth", ["profile", "posts"], _growth_body, variant=_import_version)


def _reads(account_id: str) -> list:
    """The account's X reads per month (the last 12), once per request; none while the history database is away."""

    def read():
        try:
            return board.runtime().archive.x_reads(account_id, _months_ago(datetime.now(UTC).date(), 11))
        except HistoryUnavailable:
            return []

    return per_request("x reads", read)


def _months_ago(today, months: int):
    month = today.year * 12 + today.month - 1 - months
    return today.replace(year=month // 12, month=month % 12 + 1, day=1)


def _cost_body(_records, _span):
    account_id = _account_id()
    return cost.cost_body(_reads(account_id), board.runtime().config.x_monthly_read_cap, datetime.now(UTC).date())


def _reads_version(_status):
    return tuple((str(used.month), used.reads, used.requests) for used in _reads(_account_id()))


board.panel("threads", ["posts"], lambda records, span: insights.threads_body(posts_of(records, span), span))
board.panel("topics", ["posts"], lambda records, span: insights.topics_body(posts_of(records, span), span))
board.panel("media", ["posts"], lambda records, span: insights.media_body(posts_of(records, span), span))
board.panel("videos", ["posts"], lambda records, span: insights.playback_body(posts_of(records, span), span))
board.panel("cost", ["profile", "posts"], _cost_body, variant=_reads_version)


def _profile_and_cards(records, span):
    user = records["profile"]
    if user is None:
        return None
    earlier = previous(span)
    account_id = _account_id()
    cards = panels.metric_cards(user, _snapshots(account_id), posts_of(records, span), span, posts_of(records, earlier))
    return twitter_profile(user), cards


board.profile(["profile", "posts"], _profile_and_cards, "Fetching your profile from X…")


# CSV exports --------------------------------------------------------------------------------------


def _stored_posts(account_id: str) -> list[XPost]:
    archive = board.runtime().store.get(PROVIDER, account_id, "posts", type=PostArchive)
    return archive.posts if archive else []


for _panel in ("impressions", "interactions", "scatter", "ctr", "rate"):
    exporter(PROVIDER, _panel)(
        lambda account_id, span: ("x-posts.csv", rows.post_rows(_stored_posts(account_id), span))
    )
exporter(PROVIDER, "heatmap")(
    lambda account_id, span: ("x-posting-times.csv", rows.posting_time_rows(_stored_posts(account_id), span))
)
exporter(PROVIDER, "mix")(
    lambda account_id, span: ("x-post-mix.csv", rows.post_mix_rows(_stored_posts(account_id), span))
)
exporter(PROVIDER, "followers")(
    lambda account_id, span: ("x-follower-history.csv", rows.follower_rows(_snapshots(account_id), span))
)


def overview_cards(account_id: str, span):
    """The metric cards for the home page's overview, or None before the profile's first sync."""
    records, _status = board.load(account_id, ["profile", "posts"])
    if records["profile"] is None:
        return None
    posts, earlier = posts_of(records, span), posts_of(records, previous(span))
    return panels.metric_cards(records["profile"], _snapshots(account_id), posts, span, earlier)
