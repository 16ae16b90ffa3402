"""POST /logout: revoke both providers' tokens (best effort), then delete the whole session."""
import logging

from flask import Blueprint, abort, request

from web.signin import twitch as twitch_auth
from web.signin import x as twitter_auth

from web import accounts
from web.signin.common import home_with_notice

log = logging.getLogger(__name__)

blueprint = Blueprint("signout", __name__)


@blueprint.post("/logout")
def logout():
    # A cross-site page cannot read our CSRF token, so it cannot sign anyone out.
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The sign-out form expired; reload the page and try again.")
    if twitch_token := accounts.token("twitch"):
        twitch_auth.revoke(twitch_auth.current_app_settings(), twitch_token)
    if twitter_token := accounts.token("twitter"):
        twitter_auth.invalidate(twitter_auth.current_app_settings(), twitter_token)
    accounts.sign_out()
    return home_with_notice("signed-out")
