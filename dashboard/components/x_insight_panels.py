"""The bodies of the /twitter panels that reach beyond the API's numbers: follows and profile visits per post,
followers gained per week, threads, topics, media, video playback, the best time to post. Pure functions of stored
records and a window."""

from statistics import median

from dash import html

from dashboard.analysis import x_posts
from dashboard.analysis.x_export import daily_impressions
from dashboard.figures import x as x_figures
from dashboard.figures import x_insights as figures
from dashboard.figures.common import zone_name

from .x_panels import chart


def follows_body(posts, imported_posts, span):
    rows = x_posts.post_reach(posts, imported_posts, span)
    missing = sum(row.new_follows is None for row in rows)
    differ = sum(row.sources_differ for row in rows)
    said = "X's API never tells follows per post, nor profile visits and link clicks after a post's first 30 days: "
    said += "these come from X's analytics export."
    if rows and missing:
        said += (
            f" {missing:,} of the range's {len(rows):,} posts have no row in an imported export: the API cannot say."
        )
    if differ:
        said += f" For {differ:,} posts the API's clicks differ from the export's; both are shown."
    return [
        html.P(said, className="small text-muted mb-1"),
        chart(figures.follows_figure(rows, span), "twitter-follows-graph", figures.NO_EXPORT),
    ]


def daily_body(imported_days, span):
    return [
        html.P(
            "Every impression the account's posts received each day, as X's account overview counts it: the API "
            "tells each post's total, never the day it was seen.",
            className="small text-muted mb-1",
        ),
        chart(
            figures.daily_impressions_figure(daily_impressions(imported_days, span), span),
            "twitter-daily-graph",
            figures.NO_DAILY,
        ),
    ]


def growth_body(snapshots, imported_days, posts, span):
    weeks = x_posts.weekly_growth(snapshots, imported_days, posts, span)
    return chart(figures.weekly_growth_figure(weeks, span), "twitter-growth-graph", figures.NO_GROWTH)


def threads_body(posts, span):
    found = x_posts.threads(posts, span)
    singles = [post.impressions for post in x_posts.single_posts(posts, span) if post.impressions is not None]
    summary = []
    if found:
        first = median(thread.impressions[0] for thread in found)
        kept = [thread.kept for thread in found if thread.kept is not None]
        said = f"{len(found):,} threads: their first parts were seen a median {first:,.0f} times"
        said += f", single posts {median(singles):,.0f} times" if singles else ""
        said += f"; a median {median(kept):.0%} of a thread's readers reached its last part." if kept else "."
        summary = [html.P(said, className="small text-muted mb-1")]
    return [*summary, chart(figures.thread_figure(found), "twitter-threads-graph", figures.NO_THREADS)]


def topics_body(posts, span):
    return chart(figures.topics_figure(x_posts.topics(posts, span)), "twitter-topics-graph", figures.NO_TOPICS)


def media_body(posts, span):
    return chart(figures.media_figure(x_posts.by_media_type(posts, span)), "twitter-media-graph")


def playback_body(posts, span):
    return [
        html.P(
            "How far viewers watched each video: X shares these counts for a video's first 30 days only; every count "
            "fetched then is kept here.",
            className="small text-muted mb-1",
        ),
        chart(figures.playback_figure(x_posts.videos(posts, span)), "twitter-playback-graph", figures.NO_VIDEOS),
    ]


def heatmap_body(posts, span, least: int = 3):
    """The day-by-hour heatmap, and in words its best slots among those with enough posts to go by."""
    best, thin = x_posts.best_slots(posts, span, least)
    zone = zone_name(span)
    if best:
        said = (
            "Best times to post ("
            + zone
            + "): "
            + "; ".join(
                f"{slot.label}, median {slot.median_engagements:,.0f} engagements over {slot.posts} posts"
                for slot in best
            )
        )
        said += f". Only slots with {least} posts or more are ranked"
        said += f" ({thin:,} slots posted in hold fewer)." if thin else "."
    else:
        said = f"No slot holds {least} posts yet: too few to tell the best time to post."
    return [
        html.P([said, " Each cell's number is how many posts it rests on."], className="small text-muted mb-1"),
        chart(x_figures.posting_heatmap(posts, span), "twitter-heatmap"),
    ]
