"""API clients for a sync job, from the identity its job manager attached (never from a browser request),
or for a collection round, from the tracked account's credentials in the history database."""

import logging

from core.errors import SignInExpired
from providers.recording import Observer, exchange
from providers.redaction import redact_known
from providers.refresh import TokenKeeper
from providers.twitch.client import TwitchClient
from providers.x.client import XClient
from sync.cache.signin_replays import add_first
from sync.database.archive import HistoryUnavailable
from sync.jobs.budgets import Budgets
from sync.runtime import Runtime
from sync.upstreams import twitch_app, x_app

log = logging.getLogger(__name__)

TWITCH_EXPIRED = "Your Twitch sign-in has ended; please sign in again."
TWITTER_EXPIRED = "Your X sign-in has ended; please sign in again."
LATER_STEPS = {"token": "refresh", "validate": "validation"}  # by the Twitch OAuth endpoint the client called


def _refresh_lock(runtime: Runtime, user_id: str) -> str:
    """One refresh at a time per Twitch user, whether a browser's job or a collection round refreshes."""
    return f"{runtime.key}lock:twitch-refresh:{user_id}"


def _twitch_keeper(runtime: Runtime, vault_id: str, user_id: str) -> TokenKeeper:
    """The vault entry of one browser session; a refreshed token also replaces the tracked account's copy."""

    def save(new: dict) -> None:
        runtime.vault.put(vault_id, "twitch", new)
        try:
            runtime.archive.save_credentials("twitch", user_id, new)
        except HistoryUnavailable:
            log.warning("Refreshed Twitch token not kept for collection: the history database is away")

    return TokenKeeper(
        load=lambda: runtime.vault.get(vault_id, "twitch"),
        save=save,
        redis=runtime.redis,
        lock_key=_refresh_lock(runtime, user_id),
        forget=lambda: runtime.vault.end(vault_id, "twitch"),
    )


def _tracked_keeper(runtime: Runtime, user_id: str) -> TokenKeeper:
    """The tracked account's own credentials in the history database (a collection round's)."""
    return TokenKeeper(
        load=lambda: runtime.archive.credentials("twitch", user_id),
        save=lambda new: runtime.archive.save_credentials("twitch", user_id, new),
        redis=runtime.redis,
        lock_key=_refresh_lock(runtime, user_id),
    )


def _later_steps(runtime: Runtime, user_id: str, client_secret: str) -> Observer:
    """Adds the first refresh and the first hourly validation to the account's kept sign-in replay."""

    def record(response) -> None:
        step = exchange(response)
        kind = LATER_STEPS.get(step["address"].rsplit("/", 1)[-1])
        if kind:
            step = redact_known({"kind": kind, **step}, [client_secret])
            add_first(runtime.redis, runtime.key, "twitch", user_id, kind, step)

    return record


def _twitch_client(runtime: Runtime, token: dict, keeper: TokenKeeper, user_id: str, max_wait: float) -> TwitchClient:
    app = twitch_app(runtime.config)
    client = TwitchClient(app, token, keeper, max_wait)
    client.token_observer = _later_steps(runtime, user_id, app.client_secret)
    return client


def tracked_client(runtime: Runtime, provider: str, account_id: str, max_wait: float):
    """The client a collection round uses: the account's stored credentials; SignInExpired when there are none."""
    credentials = runtime.archive.credentials(provider, account_id)
    if not credentials:
        raise SignInExpired(provider, TWITCH_EXPIRED if provider == "twitch" else TWITTER_EXPIRED)
    if provider == "twitch":
        return _twitch_client(runtime, credentials, _tracked_keeper(runtime, account_id), account_id, max_wait)
    return XClient(x_app(runtime.config), credentials)


def twitch_client_for(runtime: Runtime, vault_id: str | None, user_id: str, max_wait: float = 2.0) -> TwitchClient:
    token = runtime.vault.get(vault_id, "twitch")
    if not token:
        raise SignInExpired("twitch", TWITCH_EXPIRED)
    return _twitch_client(runtime, token, _twitch_keeper(runtime, vault_id, user_id), user_id, max_wait)


def x_client_for(runtime: Runtime, vault_id: str | None) -> XClient:
    token = runtime.vault.get(vault_id, "twitter")
    if not token:
        raise SignInExpired("twitter", TWITTER_EXPIRED)
    return XClient(x_app(runtime.config), token)


def job_client(provider: str, runtime: Runtime, identity: dict, max_wait: float):
    """The client a sync job uses for ``provider``, from the identity its job manager attached; it takes
    from the same rate budgets as collection rounds, so pages and rounds share the providers' limits."""
    account = identity["accounts"][provider]
    budgets = Budgets(runtime.redis, runtime.key)
    if provider == "twitch":
        client = twitch_client_for(runtime, identity.get("vault"), account, max_wait=max_wait)
        client.budget = budgets.twitch(account)
        return client
    # X's client waits only for a reset that is seconds away, whoever calls it.
    client = x_client_for(runtime, identity.get("vault"))
    client.budget = budgets.x(account)
    return client


def tracked_user_token(runtime: Runtime, account_id: str) -> str:
    """A working user access token of a tracked Twitch channel, refreshed when Twitch no longer takes it (an
    EventSub WebSocket subscribes with it); SignInExpired when there is none to be had."""
    client = tracked_client(runtime, "twitch", account_id, max_wait=2.0)
    client.ensure_valid()
    return client.token["access_token"]
