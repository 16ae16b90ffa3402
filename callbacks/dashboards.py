"""What every provider dashboard's callbacks share: syncing what is stale in a background job with a
progress bar, the sync's outcome, and panels drawn from the store with fetched-at, notices and empty states.

Panels never wait for the sync job: they draw what is stored at once, and each redraws when its own
datasets land. The job's progress says which datasets finished (``<provider>-landed``); a small
clientside callback passes that on only to the panels it concerns (``panel-landed`` stores). A job
that died is answered LOST_JOB; the page then asks for the same sync again.
"""

import time
from datetime import date

from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, no_update, set_props
from flask import current_app

from callbacks.common import browser_zone
from callbacks.panel_cache import PANELS, version
from core.labels import provider_label
from dashboard.components.daterange import window
from dashboard.components.panels import empty_state, fetched_text, panel_id, panel_notice
from dashboard.components.status import problem
from sync.archive import HistoryUnavailable
from sync.reader import StoredRecords
from sync.runner import sync_job
from web import accounts
from web.background import job_identity

RESTARTS = 2  # a sync whose job dies is started again this many times, then the page asks for a Refresh
INTERRUPTED = "The sync was interrupted twice; press a panel's Refresh to try again."

# Per panel-landed store: its stamp when one of its panel's datasets newly landed, else no update.
_PASS_ON_LANDINGS = """
function (landed, current, ids) {
    return ids.map(function (id, i) {
        var datasets = landed && landed.panels[id.panel];
        var stamp = datasets ? landed.job + ":" + datasets : null;
        return stamp && stamp !== current[i] ? stamp : window.dash_clientside.no_update;
    });
}
"""


class Dashboard:
    """One provider's dashboard: its datasets, what each panel's Refresh syncs, and its panel callbacks."""

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
        self.sources: dict[str, set[str]] = {}  # panel (or "profile") -> the sync datasets it shows
        self.renderers = {}  # panel -> its render callback, for the benchmarks
        self._stored = StoredRecords(provider, types)
        self.plan_sync = self._register_sync()

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

    def drawn(self, panel: str, account_id: str, status: dict, datasets: list[str], options: tuple, build):
        """``build(records)`` of ``panel``, or the same panel kept from a view of the same data and options."""
        key = (self.provider, panel, account_id, version(status, datasets), *options)
        return PANELS.get_or_render(key, lambda: build(self.load(account_id, datasets, status)[0]))

    def signed_out(self):
        return problem(self.expired, self.provider, sign_in_again=True)

    def landed(self, panel: str, records: list[str]) -> Input:
        """The input that fires ``panel``'s callback once at page load and again when its ``records`` land."""
        self.sources[panel] = {self.produced_by.get(record, record) for record in records}
        return Input(panel_id("panel-landed", self.provider, panel), "data")

    def _landings(self, job: float, finished: list[str]) -> dict:
        """Which panels the finished datasets concern, for the clientside callback that redraws them."""
        done = set(finished)
        return {
            "job": job,
            "panels": {
                panel: ",".join(sorted(sources & done)) for panel, sources in self.sources.items() if sources & done
            },
        }

    def statuses(self, status: dict, records: list[str]) -> list:
        """The stored status of each sync dataset behind ``records`` (a panel's notice comes from them)."""
        return [status.get(self.produced_by.get(record, record)) for record in records]

    def not_yet_drawn(self, status: dict, records: list[str], fetching: str | None = None):
        """What stands in for data never fetched: the first sync's failure, or that it is on its way."""
        failed = next((s for s in self.statuses(status, records) if s and s.kind == "error"), None)
        return panel_notice(failed.notice, "error") if failed else empty_state(fetching or self.fetching)

    def _register_sync(self):
        provider = self.provider

        @callback(
            Output(f"{provider}-sync-request", "data"),
            Input(f"{provider}-page-opened", "data"),
            Input({"type": "panel-refresh", "provider": provider, "panel": ALL}, "n_clicks"),
            Input(f"{provider}-restart", "data"),
            State(f"{provider}-sync-request", "data"),
        )
        def plan_sync(_opened, _clicks, _restart, previous):
            """On opening, sync what is stale; on a panel's Refresh, sync that panel's data; after a lost job, again."""
            account = accounts.account(provider)
            if account is None:
                return no_update
            trigger = ctx.triggered_id
            if isinstance(trigger, dict):
                if not ctx.triggered[0].get("value"):
                    return no_update
                return {"provider": provider, "datasets": self.refreshes[trigger["panel"]], "at": time.time()}
            if trigger == f"{provider}-restart":
                return {**(previous or {}), "at": time.time(), "restarts": (previous or {}).get("restarts", 0) + 1}
            max_age = self.runtime().config.sync_max_age_minutes * 60
            status = self.runtime().store.status(provider, account.id)
            stale = [
                d
                for d in self.datasets
                if d not in status or not status[d].fetched_at or time.time() - status[d].fetched_at > max_age
            ]
            return {"provider": provider, "datasets": stale, "at": time.time()} if stale else no_update

        @callback(
            Output(f"{provider}-synced", "data"),
            Input(f"{provider}-sync-request", "data"),
            background=True,
            interval=500,
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

            result = sync_job(request["provider"], job_identity(), request["datasets"], relay)
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
            if result.get("expired"):  # the job has ended the sign-in (see sync/runner.py)
                return self.signed_out()
            if result.get("error"):
                return problem(result["error"])
            return None

        clientside_callback(
            _PASS_ON_LANDINGS,
            Output({"type": "panel-landed", "provider": provider, "panel": ALL}, "data"),
            Input(f"{provider}-landed", "data"),
            State({"type": "panel-landed", "provider": provider, "panel": ALL}, "data"),
            State({"type": "panel-landed", "provider": provider, "panel": ALL}, "id"),
            prevent_initial_call=True,
        )

        plan_sync.__name__, run_sync.__name__, sync_outcome.__name__ = (
            f"plan_{provider}_sync",
            f"run_{provider}_sync",
            f"{provider}_sync_outcome",
        )
        return plan_sync

    def panel(self, panel: str, datasets: list[str], build, extra_inputs=(), cached: bool = True, variant=None):
        """Register the callback drawing one panel; ``build(records, window, *extra)`` returns its body.

        ``cached=False``: the body reads what the datasets' versions do not follow (live-stream samples in
        the database), so it is drawn anew each time instead of kept. ``variant()``: what else the kept
        panel depends on (another provider's data), part of its key."""
        provider = self.provider

        @callback(
            Output({"type": "panel-body", "provider": provider, "panel": panel}, "children"),
            Output({"type": "panel-fetched", "provider": provider, "panel": panel}, "children"),
            self.landed(panel, datasets),
            *self.range,
            *extra_inputs,
        )
        def render(_landed, start, end, *extra):
            account = accounts.account(provider)
            if account is None:  # the sign-in ended: one banner above the panels says so; keep what they show
                return no_update, no_update
            status = self.status(account.id)
            states = self.statuses(status, datasets)
            fetched = min((s.fetched_at for s in states if s and s.fetched_at), default=None)
            if fetched is None:  # never synced: still on its way, or the first sync failed
                return self.not_yet_drawn(status, datasets), fetched_text(None)
            unavailable = next((s for s in states if s and s.kind == "unavailable"), None)
            if unavailable:
                return panel_notice(unavailable.notice, "unavailable"), fetched_text(fetched)
            span = window(start, end, browser_zone())
            if cached:
                options = (span, *extra, variant() if variant else None)
                body = self.drawn(
                    panel, account.id, status, datasets, options, lambda records: build(records, span, *extra)
                )
            else:
                body = build(self.load(account.id, datasets, status)[0], span, *extra)
            stale = next((s for s in states if s and s.kind == "error"), None)
            notice = panel_notice(stale.notice + " Showing the data fetched earlier.", "error") if stale else None
            # Dash renders one level of children lists: flatten, never nest.
            return [notice, *(body if isinstance(body, list) else [body])], fetched_text(fetched)

        render.__name__ = f"render_{provider}_{panel}"
        self.renderers[panel] = render
        return render
