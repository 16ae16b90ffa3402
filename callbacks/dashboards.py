"""What every provider dashboard's callbacks share: its panels drawn from the store, syncing what is stale
in a background job with a progress bar, and the sync's outcome.

A page arrives with its profile and metric cards drawn on the server, into the page's layout, by
``Dashboard.first_render`` (on a computer its charts too: callbacks/pages.py); on a phone its chart panels
come as they come into view. The browser says which panels are in view, or about to be
(``<provider>-in-view``, kept by dashboard/assets/70-panels-in-view.js), and one callback, ``redraw``,
draws what is in view and out of date: the panels coming into view, those whose datasets landed, those in
view for a new date range, one panel for its own option. A phone then lays out and draws only the charts
a person looks at, and its page's first load carries no figure at all. Which
panels are drawn, and from what, is kept in the page (``<provider>-drawn``: a key per panel); a redraw
compares each panel's key with it, so a redraw the browser dropped for a newer one loses nothing (the
newer one finds the same panels out of date), and a panel scrolled past before a range change is drawn
for the new range when it comes back into view.

Panels never wait for the sync job: they show what is stored at once, and the job's progress says
which datasets finished (``<provider>-landed``). A job that died is answered LOST_JOB; the page then
asks for the same sync again.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import orjson
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, no_update, set_props
from flask import current_app

from callbacks.common import browser_zone
from callbacks.page_template import id_key, plain
from callbacks.panel_cache import PANELS, version
from core.labels import provider_label
from dashboard.components.daterange import window
from dashboard.components.panels import empty_state, fetched_text, panel_id, panel_notice
from dashboard.components.status import problem
from sync.cache.reader import StoredRecords
from sync.database.archive import HistoryUnavailable
from sync.jobs.runner import sync_job
from web import accounts
from web.background import job_identity

RESTARTS = 2  # a sync whose job dies is started again this many times, then the page asks for a Refresh
NOT_COLLECTED = "Not collected yet."
INTERRUPTED = "The sync was interrupted twice; press a panel's Refresh to try again."

# The job's landings as one stamp, passed on only when it changed (progress repeats itself every poll).
_STAMP_LANDINGS = """
function (landed, current) {
    var stamp = landed ? landed.job + ":" + landed.finished : null;
    return stamp && stamp !== current ? stamp : window.dash_clientside.no_update;
}
"""
# The sync the page's first render found due, started as soon as the page is up.
_START_DUE_SYNC = "function (due) { return due || window.dash_clientside.no_update; }"
# The panels the first render left undrawn (its time ran out), drawn by a redraw as soon as the page is up.
_DRAW_THE_REST = """
function (undrawn) {
    return undrawn && undrawn.length ? "rest:" + undrawn.join(",") : window.dash_clientside.no_update;
}
"""


@dataclass(frozen=True)
class Panel:
    """One part of the page drawn from stored records: a chart panel, or the profile with the metric cards."""

    name: str
    records: tuple[str, ...]  # the stored records it is drawn from
    build: Callable  # build(records, window, *option values) -> what its first output shows
    options: tuple[str, ...] = ()  # ids of the controls (RadioItems) whose value it is drawn with
    variant: Callable | None = None  # variant(status): what else it is drawn from (another provider's data)
    outputs: tuple = ()  # (component id, property) of what it fills: its body first


class Dashboard:
    """One provider's dashboard: its datasets, its panels, what each panel's Refresh syncs, and its callbacks."""

    def __init__(
        self,
        provider: str,
        datasets: tuple[str, ...],
        types: dict,
        refreshes: dict[str, list[str]],
        fetching: str,
        produced_by: dict[str, str] | None = None,
    ):
        self.provider, self.datasets, self.types, self.refreshes = provider, datasets, types, refreshes
        self.fetching = fetching  # what a panel says before its first sync has finished
        self.produced_by = produced_by or {}  # stored record -> the sync dataset that writes it
        self.expired = f"Your {provider_label(provider)} sign-in has ended; please sign in again."
        self.range = [
            Input({"type": "range-dates", "provider": provider}, "start_date"),
            Input({"type": "range-dates", "provider": provider}, "end_date"),
        ]
        self.panels: dict[str, Panel] = {}  # in page order; the profile is one of them
        self._profile_fetching: str | None = None  # what the profile card says before its first sync
        self._stored = StoredRecords(provider, types)
        self._register_sync()

    @staticmethod
    def runtime():
        return current_app.extensions["runtime"]

    def counters_by_day(self, account_id: str) -> dict[str, dict[str, int]]:
        """The account's daily counters from the history database ({ISO day: {counter: value}}); {} while it is away."""
        try:
            return self.runtime().archive.counters_by_day(self.provider, account_id, date.min, date.max)
        except HistoryUnavailable:
            return {}

    def load(self, account_id: str, datasets: list[str], status: dict | None = None) -> tuple[dict, dict]:
        """(records by dataset, status by dataset) of the signed-in account, decoded once per sync."""
        return self._stored.load(self.runtime().store, account_id, datasets, status)

    def status(self, account_id: str) -> dict:
        return self.runtime().store.status(self.provider, account_id)

    def signed_out(self):
        return problem(self.expired, self.provider, sign_in_again=True)

    def statuses(self, status: dict, records) -> list:
        """The stored status of each sync dataset behind ``records`` (a panel's notice comes from them)."""
        return [status.get(self.produced_by.get(record, record)) for record in records]

    def not_yet_drawn(self, status: dict, records, fetching: str | None = None):
        """What stands in for data never fetched: the first sync's failure, or that it is on its way."""
        failed = next((s for s in self.statuses(status, records) if s and s.kind == "error"), None)
        return panel_notice(failed.notice, "error") if failed else empty_state(fetching or self.fetching)

    # Panels -------------------------------------------------------------------------------------------

    def panel(self, panel: str, records: list[str], build, options=(), variant=None):
        """Add a chart panel drawn by ``build(records, window, *option values)``, in page order.

        ``variant(status)``: what else the panel is drawn from that its records' versions do not follow
        (another provider's data, live-stream samples in the database), part of its keys."""
        outputs = ((panel_id(kind, self.provider, panel), "children") for kind in ("panel-body", "panel-fetched"))
        self.panels[panel] = Panel(panel, tuple(records), build, tuple(options), variant, tuple(outputs))

    def profile(self, records: list[str], build, fetching: str | None = None):
        """Add the profile card and the metric cards: ``build(records, window)`` -> (profile, cards), or None
        before the profile's first sync (the cards' skeleton then stays)."""
        outputs = ((f"{self.provider}-profile", "children"), (f"{self.provider}-cards", "children"))
        self.panels["profile"] = Panel("profile", tuple(records), build, outputs=tuple(outputs))
        self._profile_fetching = fetching

    def _key(self, panel: Panel, status: dict, dates: tuple, zone, chosen: tuple, variant) -> str:
        """What the panel is drawn from: its datasets' versions and states, the dates, the zone, its options."""
        states = [(s.fetched_at, s.kind, s.notice) if s else None for s in self.statuses(status, panel.records)]
        return orjson.dumps([states, *dates, str(zone), chosen, variant]).decode()

    def draw(
        self,
        account_id: str,
        start,
        end,
        options: dict,
        drawn: dict,
        status=None,
        seconds: float | None = None,
        shown=None,
    ) -> tuple[dict, dict]:
        """({(id key, property): value} of every panel whose key differs from ``drawn``'s, the key of every panel).

        With ``shown`` (panel names), only those panels and the profile are drawn; the others keep the key
        ``drawn`` has for them. With ``seconds``, once that much time is spent, panels that are not kept drawn
        are left out, keys too."""
        status, zone = self.status(account_id) if status is None else status, browser_zone()
        span = window(start, end, zone)
        values, keys = {}, {}
        ends = time.perf_counter() + seconds if seconds is not None else None
        for panel in self.panels.values():
            if shown is not None and panel.name != "profile" and panel.name not in shown:
                if panel.name in drawn:
                    keys[panel.name] = drawn[panel.name]  # as it was drawn last: redrawn when it comes into view
                continue
            chosen = tuple(options.get(option) for option in panel.options)
            variant = panel.variant(status) if panel.variant else None
            key = self._key(panel, status, (start, end), zone, chosen, variant)
            if drawn.get(panel.name) == key:
                keys[panel.name] = key
                continue
            if (
                ends
                and time.perf_counter() > ends
                and not self._cheap(panel, account_id, status, span, chosen, variant)
            ):
                continue
            keys[panel.name] = key
            drawing = self._draw_profile if panel.name == "profile" else self._draw_panel
            parts = drawing(panel, account_id, status, span, chosen, variant)
            # Plain JSON values and kept fragments only: Dash's orjson encoder then writes them out directly.
            values.update(
                ((id_key(i), prop), plain(part)) for (i, prop), part in zip(panel.outputs, parts, strict=True)
            )
        return values, keys

    def _kept_as(self, panel: Panel, account_id: str, status: dict, span, chosen: tuple, variant) -> tuple:
        return (self.provider, panel.name, account_id, version(status, panel.records), span, *chosen, variant)

    def _cheap(self, panel: Panel, account_id: str, status: dict, span, chosen: tuple, variant) -> bool:
        """Drawn without building a figure: kept from an earlier view, or with no data yet (a notice)."""
        if not any(s and s.fetched_at for s in self.statuses(status, panel.records)):
            return True
        return self._kept_as(panel, account_id, status, span, chosen, variant) in PANELS

    def _drawn(self, panel: Panel, account_id: str, status: dict, span, chosen: tuple, variant):
        """``panel.build`` of the stored records, or the same drawing kept from a view of the same data and options."""
        key = self._kept_as(panel, account_id, status, span, chosen, variant)
        records = lambda: self.load(account_id, list(panel.records), status)[0]  # noqa: E731
        return PANELS.get_or_render(key, lambda: panel.build(records(), span, *chosen))

    def _draw_panel(self, panel: Panel, account_id: str, status: dict, span, chosen: tuple, variant) -> tuple:
        states = self.statuses(status, panel.records)
        fetched = min((s.fetched_at for s in states if s and s.fetched_at), default=None)
        if fetched is None:  # never synced: still on its way, or the first sync failed
            return self.not_yet_drawn(status, panel.records), fetched_text(None)
        unavailable = next((s for s in states if s and s.kind == "unavailable"), None)
        if unavailable:
            return panel_notice(unavailable.notice, "unavailable"), fetched_text(fetched)
        body = self._drawn(panel, account_id, status, span, chosen, variant)
        stale = next((s for s in states if s and s.kind == "error"), None)
        notice = panel_notice(stale.notice + " Showing the data fetched earlier.", "error") if stale else None
        # Dash renders one level of children lists: flatten, never nest.
        return [notice, *(body if isinstance(body, list) else [body])], fetched_text(fetched)

    def _draw_profile(self, panel: Panel, account_id: str, status: dict, span, chosen: tuple, variant) -> tuple:
        drawn = self._drawn(panel, account_id, status, span, chosen, variant)
        return drawn or (self.not_yet_drawn(status, ["profile"], self._profile_fetching), no_update)

    def bodies(self, account_id: str, start, end, options: dict) -> dict[str, object]:
        """Each panel's body drawn for the dates and options, by panel, as redraw sends it (tests, benchmarks)."""
        values, _keys = self.draw(account_id, start, end, options, {})
        return {name: values.get((id_key(p.outputs[0][0]), p.outputs[0][1])) for name, p in self.panels.items()}

    def shared_bodies(self, account_id: str, span, names, options: dict) -> dict[str, object]:
        """The panels ``names`` of ``account_id`` drawn as a redraw draws them (plain JSON by name), for a shared
        page: the profile as its card and metric cards, each chart panel as its body."""
        status, drawn = self.status(account_id), {}
        for name in names:
            panel = self.panels[name]
            if not any(s and s.fetched_at for s in self.statuses(status, panel.records)):
                drawn[name] = plain(empty_state(NOT_COLLECTED))  # not "fetching your…": a visitor reads it
                continue
            chosen = tuple(options.get(option) for option in panel.options)
            variant = panel.variant(status) if panel.variant else None
            drawing = self._draw_profile if name == "profile" else self._draw_panel
            parts = drawing(panel, account_id, status, span, chosen, variant)
            drawn[name] = plain([part for part in parts[: 2 if name == "profile" else 1] if part is not no_update])
        return drawn

    def outputs(self) -> list[tuple]:
        return [output for panel in self.panels.values() for output in panel.outputs]

    @property
    def chart_panels(self) -> tuple[str, ...]:
        """Every panel but the profile, in page order."""
        return tuple(name for name in self.panels if name != "profile")

    def first_render(
        self, account_id: str, start, end, options: dict, sync: bool = True, with_page: tuple[str, ...] = ()
    ) -> dict:
        """The profile and metric cards, and the panels ``with_page``, drawn on the server before the page is
        sent: {(id key, property): value}, with the keys of what is drawn (for redraws) and the sync that is
        due (none when ``sync`` is off: a sign-in the provider ended). The other chart panels wait for the
        browser to say they are in view."""
        status = self.status(account_id)
        due = self._due(status) if sync else None
        if due:  # begun now, on the server, before the drawing: the page's job (started from sync-due) joins it
            current_app.extensions["head_start"](self.provider, due["datasets"], due["at"])
        # Within the configured time (FIRST_RENDER_MS): panels not kept drawn yet then wait, as skeletons, for the
        # redraw the page asks for as soon as it is up.
        seconds = self.runtime().config.first_render_ms / 1000
        values, keys = self.draw(account_id, start, end, options, {}, status, seconds, shown=with_page)
        values[(f"{self.provider}-drawn", "data")] = keys
        values[(f"{self.provider}-undrawn", "data")] = [p for p in ("profile", *with_page) if p not in keys] or None
        values[(f"{self.provider}-sync-due", "data")] = due
        return {output: value for output, value in values.items() if value is not no_update}

    def _due(self, status: dict) -> dict | None:
        """The sync request for what is stale (older than the configured age, or never fetched), or None."""
        max_age = self.runtime().config.sync_max_age_minutes * 60
        stale = [
            d
            for d in self.datasets
            if d not in status or not status[d].fetched_at or time.time() - status[d].fetched_at > max_age
        ]
        return {"provider": self.provider, "datasets": stale, "at": time.time()} if stale else None

    def register_redraw(self) -> None:
        """The one callback that draws panels again after the page's first render (call once every panel is added)."""
        provider, outputs = self.provider, self.outputs()
        options = sorted({option for panel in self.panels.values() for option in panel.options})

        @callback(
            *(Output(component, prop) for component, prop in outputs),
            Output(f"{provider}-drawn", "data"),
            Input(f"{provider}-redraw", "data"),
            Input(f"{provider}-in-view", "data"),
            *self.range,
            *(Input(option, "value") for option in options),
            State(f"{provider}-drawn", "data"),
            prevent_initial_call=True,
        )
        def redraw(_landed, in_view, start, end, *chosen_and_drawn):
            account = accounts.account(provider)
            if account is None:  # the sign-in ended (here or in another tab): one banner says so; panels stay
                set_props(f"{provider}-alerts", {"children": self.signed_out()})
                account = accounts.ended_account(provider)  # the provider ended it: its stored charts still draw
                if account is None:
                    return [no_update] * (len(outputs) + 1)
            *chosen, drawn = chosen_and_drawn
            shown = set((in_view or {}).get("panels") or ()) & set(self.panels)
            chosen = dict(zip(options, chosen, strict=True))
            values, keys = self.draw(account.id, start, end, chosen, drawn or {}, shown=shown)
            return [*(values.get((id_key(i), prop), no_update) for i, prop in outputs), keys]

        redraw.__name__ = f"redraw_{provider}"
        # A new range redraws the panels on screen now, not those near view at the last report (the reader may
        # have scrolled away since): this runs first, and the redraw waits for it, so it runs once. (It is the
        # store's only callback output: a duplicate output would hide from Dash that the redraw waits for it.)
        named = orjson.dumps(provider).decode()
        clientside_callback(
            f"function () {{ return window.creatorAnalyticsPanelsInView({named}); }}",
            Output(f"{provider}-in-view", "data"),
            *self.range,
            prevent_initial_call=True,
        )
        # A range change drew the panels on screen: the browser then asks for the others near view (a store of
        # its own as the output: in-view would close a loop Dash refuses).
        clientside_callback(
            f"function () {{ window.creatorAnalyticsRedrawn({named}); return window.dash_clientside.no_update; }}",
            Output(f"{provider}-redrawn", "data"),
            Input(f"{provider}-drawn", "data"),
            prevent_initial_call=True,
        )

    # Syncing ------------------------------------------------------------------------------------------

    def _landings(self, job: float, finished: list[str]) -> dict:
        """Which datasets the job has finished, for the clientside callback that asks for a redraw."""
        return {"job": job, "finished": ",".join(sorted(finished))}

    def _register_sync(self):
        provider = self.provider

        @callback(
            Output(f"{provider}-sync-request", "data"),
            Input({"type": "panel-refresh", "provider": provider, "panel": ALL}, "n_clicks"),
            Input(f"{provider}-restart", "data"),
            State(f"{provider}-sync-request", "data"),
            prevent_initial_call=True,
        )
        def plan_sync(_clicks, _restart, previous):
            """On a panel's Refresh, sync that panel's data; after a lost job, the same sync again."""
            if accounts.account(provider) is None:
                return no_update
            trigger = ctx.triggered_id
            if isinstance(trigger, dict):
                if not ctx.triggered[0].get("value"):
                    return no_update
                return {"provider": provider, "datasets": self.refreshes[trigger["panel"]], "at": time.time()}
            return {**(previous or {}), "at": time.time(), "restarts": (previous or {}).get("restarts", 0) + 1}

        clientside_callback(
            _DRAW_THE_REST,
            Output(f"{provider}-redraw", "data", allow_duplicate=True),
            Input(f"{provider}-undrawn", "data"),
            prevent_initial_call="initial_duplicate",
        )
        clientside_callback(
            _START_DUE_SYNC,
            Output(f"{provider}-sync-request", "data", allow_duplicate=True),
            Input(f"{provider}-sync-due", "data"),
            prevent_initial_call="initial_duplicate",
        )

        @callback(
            Output(f"{provider}-synced", "data"),
            Input(f"{provider}-sync-request", "data"),
            background=True,
            interval=250,  # how soon a landed dataset is redrawn: a poll is one small request
            prevent_initial_call=True,
            progress=[
                Output(f"{provider}-progress", "value"),
                Output(f"{provider}-progress", "max"),
                Output(f"{provider}-progress-label", "children"),
                Output(f"{provider}-landed", "data"),
            ],
            running=[(Output(f"{provider}-progress-box", "style"), {"display": "block"}, {"display": "none"})],
        )
        def run_sync(set_progress, request):
            """Runs in the job process: no session here; the job manager attached who to sync for."""
            if not request or not request.get("datasets"):
                return no_update

            def relay(done, total, _label, finished):
                # Our own words: the job's label names the provider by its key ("Twitter"); people know X.
                label = f"Fetching from {provider_label(provider)}: {done} of {total} steps"
                set_progress((done, total, label, self._landings(request["at"], finished)))

            result = sync_job(request["provider"], job_identity(), request["datasets"], relay, since=request.get("at"))
            return {**result, "landed": self._landings(request["at"], result.get("finished", []))}

        @callback(
            Output(f"{provider}-alerts", "children"),
            Input(f"{provider}-synced", "data"),
            State(f"{provider}-sync-request", "data"),
            prevent_initial_call=True,
        )
        def sync_outcome(result, request):
            if not result:
                return no_update
            if result.get("lost"):  # the job died: ask for the same sync again (not a callback output: no loop)
                if (request or {}).get("restarts", 0) >= RESTARTS:
                    return problem(INTERRUPTED)
                set_props(f"{provider}-restart", {"data": time.time()})
                return no_update
            # The last progress can be overtaken by the result: redraw the panels of every dataset it touched.
            set_props(f"{provider}-landed", {"data": result.get("landed")})
            if result.get("expired"):  # the job has ended the sign-in (see sync/jobs/runner.py)
                return self.signed_out()
            if result.get("error"):
                return problem(result["error"])
            return None

        clientside_callback(
            _STAMP_LANDINGS,
            Output(f"{provider}-redraw", "data"),
            Input(f"{provider}-landed", "data"),
            State(f"{provider}-redraw", "data"),
            prevent_initial_call=True,
        )

        plan_sync.__name__, run_sync.__name__, sync_outcome.__name__ = (
            f"plan_{provider}_sync",
            f"run_{provider}_sync",
            f"{provider}_sync_outcome",
        )
