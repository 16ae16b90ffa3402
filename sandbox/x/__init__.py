"""The X emulator: OAuth 1.0a sign-in and the v2 endpoints the dashboard reads.

    POST /oauth/request_token, GET /oauth/authorize, GET /oauth/authenticate,
    POST /oauth/authorize (the consent form), POST /oauth/access_token,
    POST /1.1/oauth/invalidate_token, GET /2/users/me, GET /2/users/:id/tweets,
    GET /static/avatar/<username>.svg, GET /i/account_analytics/<username>/content.csv and overview.csv
    (X's analytics export, analytics.py)

Accounts and posts: ``seed.ACCOUNTS``, ``seed.posts(account)``; crowd.py's crowd_0001..crowd_9999 for
load benchmarks; asof.py what they held as of the sandbox's clock. Besides the shared fault switches,
variant switches make it answer as X's 2.167 spec or other emulators do (new field names, the
30-day rule as per-post errors, non-numeric ids, an endless next_token, 401s without code 89);
see sandbox/faults.py.
"""

from flask import Blueprint

from . import analytics, api, consent, oauth

blueprint = Blueprint("sandbox_x", __name__)
for part in (oauth.bp, consent.bp, api.bp, analytics.bp):
    blueprint.register_blueprint(part)
