"""POST /logout: end this browser's session (its tokens, accounts and the session id itself).

The provider tokens are not revoked: the tracked accounts keep their own credentials for daily
collection, and the person's other browsers stay signed in. "Disconnect and delete my data"
(web/disconnect.py) is what revokes them.
"""

from flask import Blueprint, abort, request

from web import accounts
from web.signin.common import home_with_notice

blueprint = Blueprint("signout", __name__)


@blueprint.post("/logout")
def logout():
    # A cross-site page cannot read our CSRF token, so it cannot sign anyone out.
    if not accounts.csrf_valid(request.form.get("csrf_token")):
        abort(400, description="The sign-out form expired; reload the page and try again.")
    accounts.sign_out()
    return home_with_notice("signed-out")
