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

from flask import Blueprint, abort, current_app, request

from core.labels import PROVIDERS
from providers.twitch import oauth as twitch_oauth
from providers.x import oauth as x_oauth
from sync.archive import HistoryUnavailable
from sync.forget import forget_account_keys
from sync.upstreams import twitch_app, x_app
from web import accounts
from web.signin.common import archive, config, home_with_notice, public_base

log = logging.getLogger(__name__)

blueprint = Blueprint("disconnect", __name__)
CONFIRMATION = "delete"


def _revoke(provider: str, token: dict | None) -> None:
    if not token:
        return
    if provider == "twitch":
        twitch_oauth.revoke(twitch_app(config(), public_base()), token)
    else:
        x_oauth.invalidate(x_app(config(), public_base()), token)


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
    # Every grant the app holds for the account: this session's, every other session's, the tracked one.
    grants = [accounts.token(provider), *accounts.vault().end_everywhere(provider, account.id), kept_credentials]
    revoked = []
    for grant in grants:
        if grant and grant not in revoked:
            _revoke(provider, grant)
            revoked.append(grant)
    accounts.remove(provider)
    keys = forget_account_keys(runtime.redis, runtime.key, provider, account.id)
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
