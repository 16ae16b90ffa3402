"""POST /logout: revoke both providers' tokens (best effort), then delete the whole session."""

import logging

from flask import Blueprint, abort, request

from providers.twitch import oauth as twitch_oauth
from providers.x import oauth as x_oauth
from sync.upstreams import twitch_app, x_app
from web import accounts
from web.signin.common import config, home_with_notice, public_base

log = logging.getLogger(__name__)

blueprint = Blueprint("signout", __name__)


@blueprint.post("/logout")
def logout():
    # A cross-site page cannot read our CSRF token, so it cannot sign anyone out.
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The sign-out form expired; reload the page and try again.")
    if twitch_token := accounts.token("twitch"):
        twitch_oauth.revoke(twitch_app(config(), public_base()), twitch_token)
    if x_token := accounts.token("twitter"):
        x_oauth.invalidate(x_app(config(), public_base()), x_token)
    accounts.sign_out()
    return home_with_notice("signed-out")
