"""What every provider dashboard's callbacks share: syncing what is stale in a background job with a
progress bar, the sync's outcome, and panels drawn from the store with fetched-at, notices and empty states."""
import threading
import time
from collections import OrderedDict

from dash import ALL, Input, Output, callback, ctx, no_update
from flask import current_app

from dashboard.components.daterange import window
from dashboard.components.panels import empty_state, fetched_text, panel_notice
from dashboard.components.status import problem
from providers.errors import provider_label
from webapp import accounts
from webapp.background import job_identity
from webapp.sync_jobs import sync_job

DECODED_KEPT = 64  # datasets kept decoded per dashboard and process: a few accounts' worth


class Dashboard:
    """One provider's dashboard: its datasets, what each panel's Refresh syncs, and its panel callbacks."""

    def __init__(self, provider: str, datasets: tuple[str, ...], types: dict, refreshes: dict[str, list[str]],
                 fetching: str):
        self.provider, self.datasets, self.types, self.refreshes = provider, datasets, types, refreshes
        self.fetching = fetching  # what a panel says before its first sync has finished
        self.expired = f"Your {provider_label(provider)} sign-in has ended; please sign in again."
        self.opened = Input(f"{provider}-page-opened", "data")
        self.synced = Input(f"{provider}-synced", "data")
        self.range = [Input({"type": "range-dates", "provider": provider}, "start_date"),
                      Input({"type": "range-dates", "provider": provider}, "end_date")]
        self.renderers = {}  # panel -> its render callback, for the benchmarks
        self._decoded: OrderedDict = OrderedDict()  # (account, dataset) -> (fetched_at, records), oldest out first
        self._decoded_lock = threading.Lock()
        self.plan_sync = self._register_sync()

    @staticmethod
    def runtime():
        return current_app.extensions["runtime"]

    def load(self, account_id: str, datasets: list[str]) -> tuple[dict, dict]:
        """(records by dataset, status by dataset) in at most two Redis round trips.

        A page's panels each load the same datasets: decoded ones are kept in this process, by the
        time they were fetched, so 3,200 posts are decoded once per sync rather than once per panel.
        Callers must not change what they get.
        """
        store = self.runtime().store
        status = store.status(self.provider, account_id)
        records, missing = {}, {}
        for dataset in datasets:
            fetched = status[dataset].fetched_at if dataset in status else None
            kept = self._decoded.get((account_id, dataset))
            if kept and fetched is not None and kept[0] == fetched:
                records[dataset] = kept[1]
            else:
                missing[dataset] = self.types[dataset]
        if missing:
            for dataset, value in store.get_many(self.provider, account_id, missing).items():
                records[dataset] = value
                fetched = status[dataset].fetched_at if dataset in status else None
                if value is not None and fetched is not None:
                    with self._decoded_lock:  # callbacks run in threads
                        self._decoded[(account_id, dataset)] = (fetched, value)
                        while len(self._decoded) > DECODED_KEPT:
                            self._decoded.popitem(last=False)
        return records, status

    def signed_out(self):
        return problem(self.expired, self.provider, sign_in_again=True)

    def _register_sync(self):
        provider = self.provider

        @callback(Output(f"{provider}-sync-request", "data"), self.opened,
                  Input({"type": "panel-refresh", "provider": provider, "panel": ALL}, "n_clicks"))
        def plan_sync(_opened, _clicks):
            """On opening, sync what is stale; on a panel's Refresh, sync that panel's data."""
            account = accounts.account(provider)
            if account is None:
                return no_update
            trigger = ctx.triggered_id
            if isinstance(trigger, dict):
                if not ctx.triggered[0].get("value"):
                    return no_update
                return {"provider": provider, "datasets": self.refreshes[trigger["panel"]], "at": time.time()}
            max_age = self.runtime().config.sync_max_age_minutes * 60
            status = self.runtime().store.status(provider, account.id)
            stale = [d for d in self.datasets if d not in status or not status[d].fetched_at
                     or time.time() - status[d].fetched_at > max_age]
            return {"provider": provider, "datasets": stale, "at": time.time()} if stale else no_update

        @callback(Output(f"{provider}-synced", "data"), Input(f"{provider}-sync-request", "data"),
                  background=True, interval=500, prevent_initial_call=True,
                  progress=[Output(f"{provider}-progress", "value"), Output(f"{provider}-progress", "max"),
                            Output(f"{provider}-progress-label", "children")],
                  running=[(Output(f"{provider}-progress-box", "style"), {"display": "block"}, {"display": "none"})])
        def run_sync(set_progress, request):
            """Runs in the job process: no session here; the job manager attached who to sync for."""
            if not request or not request.get("datasets"):
                return no_update
            return sync_job(request["provider"], job_identity(), request["datasets"],
                            lambda done, total, label: set_progress((done, total, f"{label}: {done} of {total} steps")))

        @callback(Output(f"{provider}-alerts", "children"), self.synced, prevent_initial_call=True)
        def sync_outcome(result):
            if not result:
                return no_update
            if result.get("expired"):  # the job has ended the sign-in (see webapp/sync_jobs.py)
                return self.signed_out()
            if result.get("error"):
                return problem(result["error"])
            return None

        plan_sync.__name__, run_sync.__name__, sync_outcome.__name__ = (
            f"plan_{provider}_sync", f"run_{provider}_sync", f"{provider}_sync_outcome")
        return plan_sync

    def panel(self, panel: str, datasets: list[str], build, extra_inputs=()):
        """Register the callback drawing one panel; ``build(records, window, *extra)`` returns its body."""
        provider = self.provider

        @callback(Output({"type": "panel-body", "provider": provider, "panel": panel}, "children"),
                  Output({"type": "panel-fetched", "provider": provider, "panel": panel}, "children"),
                  self.opened, self.synced, *self.range, *extra_inputs)
        def render(_opened, _synced, start, end, *extra):
            account = accounts.account(provider)
            if account is None:
                return self.signed_out(), ""
            records, status = self.load(account.id, datasets)
            states = [status.get(d) for d in datasets]
            fetched = min((s.fetched_at for s in states if s and s.fetched_at), default=None)
            stale = next((s for s in states if s and s.kind == "error"), None)
            if fetched is None:  # never synced: still on its way, or the first sync failed
                return (panel_notice(stale.notice, "error") if stale else empty_state(self.fetching)), fetched_text(None)
            unavailable = next((s for s in states if s and s.kind == "unavailable"), None)
            if unavailable:
                return panel_notice(unavailable.notice, "unavailable"), fetched_text(fetched)
            body = build(records, window(start, end), *extra)
            notice = panel_notice(stale.notice + " Showing the data fetched earlier.", "error") if stale else None
            # Dash renders one level of children lists: flatten, never nest.
            return [notice, *(body if isinstance(body, list) else [body])], fetched_text(fetched)
        render.__name__ = f"render_{provider}_{panel}"
        self.renderers[panel] = render
        return render
