"""POST /disconnect/<provider>: "Disconnect and delete my data".

Revokes every grant the app holds for the account (this browser's, every other browser's session of it,
and the tracked account's), ends the account's sign-in in every session, stops collection, deletes
every stored row of the account in the database and every key naming it in Redis (cached datasets,
round claims, job locks, rate budgets; a sync still running stores nothing after it), and says on the
home page how much was deleted.
The form carries the session's CSRF token and an explicit confirmation, so neither another site
nor a stray click can delete anyone's history.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, abort, current_app, request

from core.labels import PROVIDERS
from providers.twitch import oauth as twitch_oauth
from providers.x import oauth as x_oauth
from sync.cache.forget import forget_account_keys
from sync.database.archive import HistoryUnavailable
from sync.upstreams import twitch_app, x_app
from web import accounts
from web.eventsub import drop_channel
from web.signin.common import archive, config, home_with_notice, public_base

log = logging.getLogger(__name__)

blueprint = Blueprint("disconnect", __name__)
CONFIRMATION = "delete"


def _revoke_all(provider: str, grants: list[dict]) -> None:
    """Tell the provider to revoke each grant, all at once (each call may take seconds: best effort, bounded)."""
    if provider == "twitch":
        app, revoke = twitch_app(config(), public_base()), twitch_oauth.revoke
    else:
        app, revoke = x_app(config(), public_base()), x_oauth.invalidate
    with ThreadPoolExecutor(max_workers=max(len(grants), 1)) as pool:
        list(pool.map(lambda grant: revoke(app, grant), grants))


@blueprint.post("/disconnect/<provider>")
def disconnect(provider: str):
    if provider not in PROVIDERS:
        abort(404)
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The form expired; reload the page and try again.")
    if request.form.get("confirm") != CONFIRMATION:
        abort(400, description="Deleting your history needs your confirmation; nothing was deleted.")
    account = accounts.account(provider)
    if account is None:
        return home_with_notice("signin-required", provider)
    try:
        kept_credentials = archive().credentials(provider, account.id)
    except (HistoryUnavailable, LookupError):
        kept_credentials = None
    try:
        deleted = archive().delete_everything(provider, account.id)
    except HistoryUnavailable:
        # Nothing is revoked either: the person can try again and lose nothing half-way.
        return home_with_notice("delete-failed", provider)
    runtime = current_app.extensions["runtime"]
    cached = runtime.store.delete_account(provider, account.id)  # and no sync still running may store again
    # Every grant the app holds for the account: this session's, every other session's, the tracked one. The
    # sessions end and the keys go first; the provider is told after, all grants at once (each may be slow).
    grants = [accounts.token(provider), *accounts.vault().end_everywhere(provider, account.id), kept_credentials]
    accounts.remove(provider)
    keys = forget_account_keys(runtime.redis, runtime.key, provider, account.id)
    if provider == "twitch":
        drop_channel(account.id)  # its EventSub subscriptions: no story of it is told to this app again
    revoked = []
    for grant in grants:
        if grant and grant not in revoked:
            revoked.append(grant)
    _revoke_all(provider, revoked)
    rows = sum(deleted.values())
    log.info(
        "%s account disconnected: %d rows, %d cached datasets and %d other keys deleted, %d grants revoked",
        provider,
        rows,
        cached,
        keys,
        len(revoked),
    )
    return home_with_notice("deleted", provider, deleted=rows)
