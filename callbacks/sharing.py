"""The glue of share links: what a link shows, drawn from its owner's stored data by the dashboards' own panels,
and the creator's pages, handed to web/sharing.py as its views (factory.py wires them).

A shared page is drawn in a request with no session: ``accounts.viewing_as`` makes the panels' loaders read
the link's owner, and only it (never the other provider's account: the Twitch charts' X posts stay out). Times
are on UTC's clock, as the visitor's own zone is unknown.
"""

from datetime import UTC, date, datetime, timedelta

import dash
from flask import has_request_context, request

from callbacks import stream_report, twitch, x
from callbacks.dashboards import Dashboard
from callbacks.page_template import PageTemplate, plain, template_of
from core.labels import provider_label
from dashboard.analysis.streams import group_streams
from dashboard.components.daterange import window
from dashboard.components.profile import image_src
from dashboard.figures.x import average_engagement_rate
from dashboard.sharing import forms
from dashboard.sharing.document import THEMES, Assets
from dashboard.sharing.media_kit import KIT_PARTS, KitPost, KitProvider, KitStream, media_kit_body
from dashboard.sharing.navigation import back_link, creator_bar
from dashboard.sharing.page import Section, SharedPage, shared_page
from dashboard.sharing.preview import preview_png
from sync.database.archive import HistoryUnavailable
from sync.database.share_links import Owner, Share
from web import accounts

BOARDS: dict[str, Dashboard] = {twitch.PROVIDER: twitch.board, x.PROVIDER: x.board}
PAGES = {twitch.PROVIDER: "/twitch", x.PROVIDER: "/twitter"}
NOT_SHARED = {"cost"}  # what this app's collection read and X bills for it: the operator's business, not a sponsor's
ROLLING_DAYS = 30
PROFILE_TITLE = "Profile and headline numbers"


def _template(provider: str) -> PageTemplate:
    page = next(p for p in dash.page_registry.values() if p["path"] == PAGES[provider])
    return template_of(getattr(page["layout"], "static", page["layout"]), {})


def panel_titles(provider: str) -> list[tuple[str, str]]:
    """(name, title) of every panel a link may show, in page order: the profile first."""
    page, board = _template(provider), BOARDS[provider]
    titled = [("profile", PROFILE_TITLE)]
    for name in board.chart_panels:
        if name in NOT_SHARED:
            continue
        try:
            title = page.props(f"{provider}-panel-{name}").get("title")  # its card (components/panel_frame.py)
        except KeyError:
            title = None
        titled.append((name, title or name.replace("-", " ").capitalize()))
    return titled


def _defaults(provider: str) -> dict:
    """The options the dashboard opens with (a bucket, a period): a shared panel is drawn with them."""
    page = _template(provider)
    options = {option for panel in BOARDS[provider].panels.values() for option in panel.options}
    return {option: page.props(option).get("value") for option in options}


def _back_to_dashboard(node) -> bool:
    """The report's link back to the owner's dashboard: nothing a visitor can open."""
    return (
        isinstance(node, dict) and node.get("type") == "A" and str(node["props"].get("href", "")).startswith("/twitch")
    )


def _days(share: Share) -> tuple[date, date]:
    if share.days:
        return share.days
    today = datetime.now(UTC).date()
    return today - timedelta(days=ROLLING_DAYS - 1), today


def _as_owner(owner: Owner) -> None:
    accounts.viewing_as(accounts.Account(owner.provider, owner.account_id, owner.username, owner.name, False))


def _creator(owner: Owner) -> tuple[str, str]:
    """(name, avatar address) from the owner's stored profile."""
    records, _status = BOARDS[owner.provider].load(owner.account_id, ["profile"])
    profile = records.get("profile")
    user = getattr(profile, "user", profile)  # Twitch keeps a Profile around its user; X the user itself
    avatar = image_src(getattr(user, "profile_image_url", "") or "") if user else ""
    return (getattr(user, "display_name", None) or getattr(user, "name", None) or owner.name), avatar


class SharedViews:
    """web/sharing.py's views (its ShareViews protocol)."""

    def __init__(self, assets: Assets):
        self.assets = assets

    # The visitor's pages -------------------------------------------------------------------------------

    def page(self, share: Share, address: str) -> str:
        return shared_page(self._shared(share), address, self.assets)

    def _shared(self, share: Share) -> SharedPage:
        _as_owner(share.owner)
        name, avatar = _creator(share.owner)
        if share.kind == "media-kit":
            kit = self._kit(share)
            return SharedPage(name, avatar, share.title or "Media kit", forms.period_words(None), [kit[0]], kit[1])
        if share.kind == "stream":
            report = plain(stream_report._report(share.owner.account_id, share.stream_id or ""))
            body = [node for node in report if not _back_to_dashboard(node)] if isinstance(report, list) else report
            heading = share.title or "Stream report"
            return SharedPage(name, avatar, heading, "one stream", [Section("Stream report", body)], heading)
        provider, board = share.owner.provider, BOARDS[share.owner.provider]
        days = _days(share)
        span = window(days[0].isoformat(), days[1].isoformat(), UTC)
        names = [n for n, _ in panel_titles(provider) if n in share.panels]
        titles = dict(panel_titles(provider))
        bodies = board.shared_bodies(share.owner.account_id, span, names, _defaults(provider))
        heading = share.title or f"{provider_label(provider)} dashboard"
        sections = [Section(titles[n], bodies[n]) for n in names]
        period = forms.period_words(share.days)
        return SharedPage(name, avatar, heading, period, sections, f"{heading}: {period}")

    def password_page(self, address: str) -> str:
        return forms.password_page(address, self.assets)

    def ended_page(self, address: str | None) -> str:
        return forms.ended_page(address, self.assets)

    def preview(self, share: Share) -> bytes:
        if share.password_hash:  # a protected link's card tells nothing of whose it is, nor any number
            return preview_png("A shared page", "Creator Analytics", "Protected by a password")
        _as_owner(share.owner)
        name, _avatar = _creator(share.owner)
        heading = share.title or forms.KIND_WORDS[share.kind].capitalize()
        headline, series = _headline(share.owner)
        return preview_png(name, heading, headline, series)

    # Media kit ------------------------------------------------------------------------------------------

    def _kit(self, share: Share) -> tuple[Section, str]:
        providers = [share.owner, *([share.partner] if share.partner else [])]
        kits = [_kit_of(owner) for owner in providers]
        summary = ", ".join(f"{k.followers:,} followers on {k.label}" for k in kits if k.followers is not None)
        return Section("Headline numbers", plain(media_kit_body(kits, set(share.panels)))), summary or "Media kit"

    # The creator's pages --------------------------------------------------------------------------------

    def panels_of(self, kind: str, provider: str) -> list[str]:
        if kind == "media-kit":
            return [name for name, _ in KIT_PARTS]
        return [name for name, _ in panel_titles(provider)] if kind == "dashboard" and provider in BOARDS else []

    def new_form(self, signed_in: dict, query: dict, csrf: str | None) -> str:
        kind = query.get("kind") if query.get("kind") in forms.KIND_WORDS else "dashboard"
        provider = query.get("provider") if query.get("provider") in signed_in else next(iter(signed_in))
        if kind == "stream":
            provider = twitch.PROVIDER
        start, end = query.get("start", "")[:10], query.get("end", "")[:10]
        days = (start, end) if _is_day(start) and _is_day(end) else None
        panels = panel_titles(provider) if kind == "dashboard" else list(KIT_PARTS) if kind == "media-kit" else []
        bar = creator_bar(list(signed_in), back_link(kind, provider, query.get("id")))
        return forms.new_form(
            kind, provider, panels, days, query.get("id"), csrf, self.assets, theme=_creator_theme(), bar=bar
        )

    def created_page(self, share: Share, address: str) -> str:
        what = share.title or forms.KIND_WORDS[share.kind]
        providers = [share.owner.provider, *([share.partner.provider] if share.partner else [])]
        bar = creator_bar(providers, back_link(share.kind, share.owner.provider, share.stream_id))
        return forms.created_page(address, what, self.assets, theme=_creator_theme(), bar=bar)

    def links_page(self, shares: list[Share], csrf: str | None, signed_in: dict) -> str:
        now = datetime.now(UTC)
        listed = [
            forms.Listed(
                id=s.id,
                what=f"{provider_label(s.owner.provider)} {forms.KIND_WORDS[s.kind]}"
                if s.kind != "media-kit"
                else "media kit",
                title=s.title,
                created=s.created_at,
                period=forms.period_words(s.days) if s.kind == "dashboard" else "—",
                expires=s.expires_at,
                protected=bool(s.password_hash),
                views=s.views,
                state="revoked" if s.revoked_at else "expired" if s.expires_at and s.expires_at <= now else "live",
            )
            for s in shares
        ]
        bar = creator_bar(list(signed_in))
        return forms.links_page(listed, csrf, bool(signed_in), self.assets, theme=_creator_theme(), bar=bar)


def _creator_theme() -> str | None:
    """The theme the creator's dashboards last used (their "theme" cookie): the creator's pages follow it.
    The visitor's pages never read it: they follow the visitor's system."""
    theme = request.cookies.get("theme") if has_request_context() else None
    return theme if theme in THEMES else None


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# Headline numbers, read from the history database at each view (collection keeps them current) -----------


def _archive():
    return twitch.board.runtime().archive


def _followers_by_day(owner: Owner) -> list[int]:
    try:
        days = _archive().counters_by_day(owner.provider, owner.account_id, date.min, date.max)
    except HistoryUnavailable:
        return []
    return [counters["followers"] for _day, counters in sorted(days.items()) if counters.get("followers") is not None]


def _headline(owner: Owner) -> tuple[str, tuple[float, ...]]:
    series = _followers_by_day(owner)[-30:]
    if series:
        return f"{series[-1]:,} followers on {provider_label(owner.provider)}", tuple(series)
    return f"On {provider_label(owner.provider)}", ()


def _kit_of(owner: Owner) -> KitProvider:
    now = datetime.now(UTC)
    since = now - timedelta(days=ROLLING_DAYS)
    followers = _followers_by_day(owner)
    kit = KitProvider(owner.provider, provider_label(owner.provider), followers[-1] if followers else None)
    try:
        if owner.provider == twitch.PROVIDER:
            streams = [s for s in group_streams(_archive().stream_samples(owner.account_id, since, now)) if s.minutes]
            minutes = sum(s.minutes for s in streams)
            average = sum(s.viewer_minutes for s in streams) / minutes if minutes else None
            best = sorted(streams, key=lambda s: s.average, reverse=True)[:3]
            return kit.with_streams(
                average, [KitStream(s.titles[-1][1] if s.titles else "", s.started_at, s.average, s.peak) for s in best]
            )
        posts = [p for p in _archive().stored_posts(owner.account_id) if p.created_at and p.created_at >= since]
        rate = average_engagement_rate(posts, window(since.date().isoformat(), now.date().isoformat(), UTC))
        best = sorted(posts, key=lambda p: p.engagements, reverse=True)[:3]
        return kit.with_posts(rate, [KitPost(p.text[:140], p.created_at, p.engagements, p.impressions) for p in best])
    except HistoryUnavailable:
        return kit
