"""API clients for a sync job, from the identity its job manager attached (never from a browser request)."""

from core.errors import SignInExpired
from providers.refresh import TokenKeeper
from providers.twitch.client import TwitchClient
from providers.x.client import XClient
from sync.runtime import Runtime
from sync.upstreams import twitch_app, x_app

TWITCH_EXPIRED = "Your Twitch sign-in has ended; please sign in again."
TWITTER_EXPIRED = "Your X sign-in has ended; please sign in again."


def _twitch_keeper(runtime: Runtime, vault_id: str, user_id: str) -> TokenKeeper:
    """The vault entry of one browser session, guarded by a refresh lock per Twitch user."""
    return TokenKeeper(
        load=lambda: runtime.vault.get(vault_id, "twitch"),
        save=lambda new: runtime.vault.put(vault_id, "twitch", new),
        redis=runtime.redis,
        lock_key=f"{runtime.key}lock:twitch-refresh:{user_id}",
        forget=lambda: runtime.vault.remove(vault_id, "twitch"),
    )


def twitch_client_for(runtime: Runtime, vault_id: str | None, user_id: str, max_wait: float = 2.0) -> TwitchClient:
    token = runtime.vault.get(vault_id, "twitch")
    if not token:
        raise SignInExpired("twitch", TWITCH_EXPIRED)
    return TwitchClient(twitch_app(runtime.config), token, _twitch_keeper(runtime, vault_id, user_id), max_wait)


def x_client_for(runtime: Runtime, vault_id: str | None) -> XClient:
    token = runtime.vault.get(vault_id, "twitter")
    if not token:
        raise SignInExpired("twitter", TWITTER_EXPIRED)
    return XClient(x_app(runtime.config), token)


def job_client(provider: str, runtime: Runtime, identity: dict, max_wait: float):
    """The client a sync job uses for ``provider``, from the identity its job manager attached."""
    if provider == "twitch":
        return twitch_client_for(runtime, identity.get("vault"), identity["accounts"]["twitch"], max_wait=max_wait)
    # X's client waits only for a reset that is seconds away, whoever calls it.
    return x_client_for(runtime, identity.get("vault"))
