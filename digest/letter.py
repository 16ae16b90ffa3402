"""The digest's words: a plain-text part that says everything, and an HTML part with the same numbers and the charts
(inline PNG), and the shorter mail after a stream."""

from datetime import timedelta
from html import escape

from dashboard.analysis.digest import Digest, WeekNumbers
from digest.charts import bar_chart
from mail.compose import Image, Letter

PROVIDER_NAMES = {"twitch": "Twitch", "twitter": "X"}


def _change(now: float | int | None, before: float | int | None) -> str:
    if now is None or before is None:
        return ""
    delta = now - before
    return f" ({'+' if delta >= 0 else '−'}{abs(delta):,.{0 if isinstance(delta, int) else 1}f} on the week before)"


def rows(provider: str, this: WeekNumbers, before: WeekNumbers) -> list[tuple[str, str]]:
    """(label, value with its change) of the week's numbers, in the order the mail shows them."""
    found = []
    if this.followers is not None:
        found.append(("Followers", f"{this.followers:,}"))
        found.append(("Followers gained", f"{this.gained:+,}{_change(this.gained, before.gained)}"))
    if provider == "twitch":
        found.append(("Streams", f"{this.streams}{_change(this.streams, before.streams)}"))
        found.append(
            ("Hours streamed", f"{this.hours_streamed:.1f}{_change(this.hours_streamed, before.hours_streamed)}")
        )
        found.append(
            ("Average viewers", f"{this.average_viewers:.1f}{_change(this.average_viewers, before.average_viewers)}")
        )
        found.append(("Peak viewers", f"{this.peak_viewers:,}{_change(this.peak_viewers, before.peak_viewers)}"))
    else:
        found.append(("Posts", f"{this.posts}{_change(this.posts, before.posts)}"))
        found.append(("Engagements", f"{this.engagements:,}{_change(this.engagements, before.engagements)}"))
        found.append(("Impressions", f"{this.impressions:,}{_change(this.impressions, before.impressions)}"))
    return found


def _highlights(digest: Digest) -> list[str]:
    lines = []
    if digest.best_post is not None:
        post = digest.best_post
        lines.append(f"Best post: {post.text[:120]!r}, {post.engagements:,} engagements ({post.url})")
    if digest.best_stream is not None:
        stream = digest.best_stream
        day = stream.started_at.astimezone(digest.week.start.tzinfo).strftime("%A %d %B")
        lines.append(
            f"Best stream: {day}, {stream.average:.1f} average viewers, peak {stream.peak:,}, "
            f"{stream.broadcast_minutes / 60:.1f} hours"
        )
    lines += [f"Milestone: {milestone}" for milestone in digest.milestones]
    return lines


def _charts(provider: str, digest: Digest) -> list[Image]:
    gains, previous = [], None
    for day, followers in digest.daily_followers:
        if previous is not None:
            gains.append((day.strftime("%a"), followers - previous))
        previous = followers
    images = []
    if gains:
        recent = sum(1 for day, _ in digest.daily_followers[1:] if day >= digest.week.start.date())
        png = bar_chart("Followers gained per day (this week in colour)", gains[-14:], len(gains[-14:]) - recent)
        images.append(Image("followers@digest", png, "followers.png"))
    if provider == "twitch" and digest.week_streams:
        bars = [
            (s.started_at.astimezone(digest.week.start.tzinfo).strftime("%a"), s.average) for s in digest.week_streams
        ]
        images.append(Image("streams@digest", bar_chart("Average viewers per stream", bars), "streams.png"))
    return images


def digest_letter(provider: str, username: str, digest: Digest, unsubscribe: str, settings: str) -> Letter:
    week = digest.week
    last_day = (week.end - timedelta(days=1)).strftime("%d %B")
    span = f"{week.start.strftime('%d %B')} to {last_day}"
    name = PROVIDER_NAMES.get(provider, provider)
    subject = f"Your {name} week: {span}"
    table = rows(provider, digest.this, digest.before)
    highlights = _highlights(digest)
    text = "\n".join(
        [
            f"{name} @{username}, the week of {span} ({week.start.tzinfo}).",
            "",
            *(f"{label}: {value}" for label, value in table),
            "",
            *highlights,
            "",
            f"Change when this mail comes: {settings}",
            f"Stop these mails (no sign-in needed): {unsubscribe}",
        ]
    )
    images = _charts(provider, digest)
    html = "".join(
        [
            '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#28282f">',
            f'<h2 style="margin:0 0 4px">{escape(name)} @{escape(username)}</h2>',
            f'<p style="margin:0 0 12px;color:#666">The week of {escape(span)}</p>',
            '<table cellpadding="4" style="border-collapse:collapse">',
            *(f'<tr><th align="left">{escape(label)}</th><td>{escape(value)}</td></tr>' for label, value in table),
            "</table>",
            *(f"<p>{escape(line)}</p>" for line in highlights),
            *(f'<p><img src="cid:{i.cid}" alt="{escape(i.name)}" width="560" height="200"></p>' for i in images),
            f'<p style="font-size:12px;color:#666"><a href="{escape(settings)}">Change when this mail comes</a> · ',
            f'<a href="{escape(unsubscribe)}">Unsubscribe</a> (no sign-in needed)</p>',
            "</body></html>",
        ]
    )
    return Letter(subject, text, html, images, unsubscribe)


def stream_letter(username: str, stream, month_average: float, zone, unsubscribe: str, settings: str) -> Letter:
    """After a stream: its figures against the channel's 30-day average (the dashboard's Path figures)."""
    day = stream.started_at.astimezone(zone).strftime("%A %d %B, %H:%M")
    lines = [
        f"Twitch @{username}: your stream of {day} ({zone}).",
        f"Average viewers: {stream.average:.1f} (30-day average: {month_average:.1f})",
        f"Peak viewers: {stream.peak:,}",
        f"Hours: {stream.broadcast_minutes / 60:.1f}",
    ]
    text = "\n".join([*lines, "", f"Change when mail comes: {settings}", f"Stop these mails: {unsubscribe}"])
    bars = [(at.astimezone(zone).strftime("%H:%M"), viewers) for at, viewers in stream.viewers][-24:]
    images = [Image("viewers@stream", bar_chart("Viewers through the stream", bars), "viewers.png")] if bars else []
    html = "".join(
        [
            '<!doctype html><html><body style="font-family:Arial,sans-serif">',
            *(f"<p>{escape(line)}</p>" for line in lines),
            *(f'<p><img src="cid:{i.cid}" alt="viewers" width="560" height="200"></p>' for i in images),
            f'<p style="font-size:12px"><a href="{escape(settings)}">Settings</a> · ',
            f'<a href="{escape(unsubscribe)}">Unsubscribe</a></p></body></html>',
        ]
    )
    return Letter(f"Your stream of {day}", text, html, images, unsubscribe)
