"""Callbacks of the /twitch page: each panel drawn from the store (syncing is the shared Dashboard's job)."""

from collections.abc import Iterator

from callbacks.common import exporter
from callbacks.crossover import x_posts_of_this_person, x_posts_version
from callbacks.dashboards import Dashboard
from dashboard.components import twitch_panels as panels
from dashboard.components.profile import twitch_profile
from dashboard.exports import twitch as rows
from providers.twitch.records import Follower
from sync.jobs.clients import twitch_client_for
from sync.plans.twitch import DATASETS, TYPES
from web import accounts

PROVIDER = "twitch"
# What each panel's Refresh button syncs again.
REFRESHES = {
    "followers": ["followers"],
    "subscribers": ["subscriptions"],
    "bits": ["bits"],
    "vods": ["videos"],
    "clips": ["clips"],
    "schedule": ["videos", "schedule"],
    "goals": ["goals"],
    # The stream panels draw samples from the database; Refresh brings the profile (live or not) anew.
    "streams": ["profile"],
    "stream-trend": ["profile"],
    "chat": ["profile"],
    "paths": ["profile", "followers"],
    "best-times": ["profile"],
    "games": ["profile"],
    "going-live": ["profile"],
}
board = Dashboard(
    PROVIDER,
    DATASETS,
    TYPES,
    REFRESHES,
    "Fetching your channel from Twitch…",
    produced_by={"follower_days": "followers"},
)
PROFILE = ["profile", "follower_days", "subscriptions", "videos"]


def _follower_body(records, span, bucket):
    shots = board.counters_by_day(accounts.account(PROVIDER).id)
    return panels.follower_body(records["follower_days"], shots, span, bucket, x_posts_of_this_person())


def _subscriber_body(records, _span):
    return panels.subscriber_body(records["subscriptions"])


def _bits_body(records, _span, period):
    return panels.bits_body(records["bits"], period)


def _vod_body(records, span):
    return panels.vod_body(records["videos"] or [], span)


def _clip_body(records, span):
    return panels.clip_body(records["clips"] or [], span)


def _schedule_body(records, span):
    return panels.schedule_body(records["videos"] or [], records["schedule"] or [], span)


def _goal_body(records, _span):
    return panels.goal_body(records["goals"] or [])


# The daily aggregate only: the full follower list (50,000 rows for a big channel) stays out of page loads.
board.panel(
    "followers",
    ["follower_days"],
    _follower_body,
    ("twitch-follower-bucket",),
    variant=lambda _status: x_posts_version(),  # the creator's X posts are marked on it
)
board.panel("subscribers", ["subscriptions"], _subscriber_body)
board.panel("bits", ["bits"], _bits_body, ("twitch-bits-period",))
board.panel("vods", ["videos"], _vod_body)
board.panel("clips", ["clips"], _clip_body)
board.panel("schedule", ["videos", "schedule"], _schedule_body)
board.panel("goals", ["goals"], _goal_body)


def _profile_and_cards(records, span):
    profile, days = records["profile"], records["follower_days"]
    if profile is None:
        return None
    cards = panels.metric_cards(profile, days, records["subscriptions"], records["videos"] or [], span)
    return twitch_profile(profile.user, days.total if days else None), cards  # None: the follower walk is on its way


board.profile(PROFILE, _profile_and_cards)


# CSV exports --------------------------------------------------------------------------------------


def _stored(account_id: str, dataset: str):
    return board.runtime().store.get(PROVIDER, account_id, dataset, type=TYPES[dataset])


def _followers_since(account_id: str, start: int) -> Iterator[Follower]:
    """The channel's followers from Twitch, newest first, until the first who followed before ``start``.

    Asked of Twitch at export time: the list is not stored (only its daily counts are), and a
    30-day export of even a big channel takes a page or a few.
    """
    client = twitch_client_for(board.runtime(), accounts.vault_id(), account_id)
    for _total, followers, _cursor in client.follower_pages(account_id):
        yield from followers
        if followers and followers[-1].followed_at < start:
            return


exporter(PROVIDER, "followers")(
    lambda account_id, span: ("twitch-followers.csv", rows.follower_rows(_followers_since(account_id, span[0]), span))
)
exporter(PROVIDER, "subscribers")(
    lambda account_id, _span: ("twitch-subscribers.csv", rows.subscriber_rows(_stored(account_id, "subscriptions")))
)
exporter(PROVIDER, "bits")(
    lambda account_id, _span: ("twitch-bits-leaderboards.csv", rows.bits_rows(_stored(account_id, "bits")))
)
exporter(PROVIDER, "vods")(
    lambda account_id, span: ("twitch-vods.csv", rows.video_rows(_stored(account_id, "videos"), span))
)
exporter(PROVIDER, "schedule")(
    lambda account_id, span: ("twitch-stream-hours.csv", rows.stream_hour_rows(_stored(account_id, "videos"), span))
)
exporter(PROVIDER, "clips")(
    lambda account_id, span: ("twitch-clips.csv", rows.clip_rows(_stored(account_id, "clips"), span))
)
exporter(PROVIDER, "goals")(
    lambda account_id, _span: ("twitch-goals.csv", rows.goal_rows(_stored(account_id, "goals")))
)


def overview_cards(account_id: str, span):
    """The metric cards for the home page's overview, or None before the profile's first sync."""
    records, _status = board.load(account_id, PROFILE)
    if records["profile"] is None:
        return None
    days = records["follower_days"]
    return panels.metric_cards(records["profile"], days, records["subscriptions"], records["videos"] or [], span)
