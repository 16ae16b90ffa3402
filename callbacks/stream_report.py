"""Fills /twitch/stream?id=...: the signed-in channel's stream, its story, and the 30 days before it."""

from datetime import timedelta

from callbacks.common import browser_zone
from callbacks.crossover import x_posts_of_this_person
from callbacks.page_template import plain
from callbacks.twitch import board
from dashboard.analysis.stream_report import MEDIAN_DAYS, moments, report_figures
from dashboard.analysis.streams import clips_during, group_streams
from dashboard.components.status import problem, sign_in_prompt
from dashboard.components.stream_report import share_report_link, stream_report
from dashboard.figures.common import Window
from sync.database.archive import HistoryUnavailable
from web import accounts

PROVIDER = "twitch"
MARGIN = timedelta(minutes=10)  # samples come every few minutes: the stream began and ended a little beyond them
GATE, BODY = ("stream-report-gate", "children"), ("stream-report", "children")
UNKNOWN = "No stream with this address is in your channel's history: it may be older than what was sampled."


def report_values(_page, query: dict) -> dict:
    account = accounts.account(PROVIDER) or accounts.ended_account(PROVIDER)
    if account is None:
        return {GATE: plain(sign_in_prompt(PROVIDER))}
    try:
        report = _report(account.id, str(query.get("id", "")))
        return {BODY: plain([share_report_link(query["id"]), *report] if isinstance(report, list) else report)}
    except HistoryUnavailable as error:
        return {BODY: plain(problem(str(error)))}


def _report(account_id: str, stream_id: str):
    archive = board.runtime().archive
    span = archive.stream_span(account_id, stream_id) if stream_id else None
    if span is None:
        return problem(UNKNOWN)
    start, end = span
    streams = group_streams(archive.stream_samples(account_id, start - timedelta(days=MEDIAN_DAYS) - MARGIN, end))
    stream = next(s for s in streams if s.stream_id == stream_id)
    story = archive.stream_story(account_id, stream_id, stream.started_at - MARGIN, stream.last_seen + MARGIN)
    before = [s for s in streams if s.started_at < stream.started_at]
    told = archive.stream_stories(
        account_id, [(s.stream_id, s.started_at - MARGIN, s.last_seen + MARGIN) for s in before]
    )
    earlier = [(s, told[s.stream_id]) for s in before]
    zone = browser_zone()
    window = Window(int(stream.started_at.timestamp()), int(stream.last_seen.timestamp()) + 1, zone)
    follows = [at for kind, at, *_ in story.events if kind == "follow"]
    records, _status = board.load(account_id, ["clips"])  # what the last sync kept; none is started here
    return stream_report(
        stream,
        story,
        report_figures(stream, story, earlier),
        moments(stream, story),
        follows,
        x_posts_of_this_person(),
        window,
        clips_during(stream, records.get("clips") or []),
    )
