"""X's OAuth 1.0a token endpoints: request_token, access_token and 1.1/oauth/invalidate_token."""

import hmac

from flask import Blueprint, jsonify

from .. import callbacks
from . import gate, replies, seed, tokens

bp = Blueprint("oauth", __name__)


@bp.post("/oauth/request_token")
@gate.oauth(token_kind=None)
def request_token(params: dict, _record: None):
    callback = params.get("oauth_callback", "")
    if not callbacks.path_allowed("x", callback):
        return replies.v1_error(403, replies.CALLBACK_NOT_APPROVED)
    token, secret = tokens.issue_request_token(callback)
    return replies.form(oauth_token=token, oauth_token_secret=secret, oauth_callback_confirmed="true")


@bp.post("/oauth/access_token")
@gate.oauth(token_kind=tokens.REQUEST_TOKEN)
def access_token(params: dict, record: dict):
    expected = record.get("verifier")
    if not expected or not hmac.compare_digest(params.get("oauth_verifier", ""), expected):
        return replies.v1_error(401, replies.BAD_AUTH)
    if tokens.discard(params["oauth_token"]) is None:  # someone else exchanged it a moment ago
        return replies.v1_error(401, replies.BAD_AUTH)
    account = seed.by_id(record["user_id"])
    token, secret = tokens.issue_access_token(account)
    return replies.form(oauth_token=token, oauth_token_secret=secret, user_id=account.id, screen_name=account.username)


@bp.post("/1.1/oauth/invalidate_token")
@gate.oauth(token_kind=tokens.ACCESS_TOKEN)
def invalidate_token(params: dict, record: dict):
    tokens.revoke(params["oauth_token"], record)
    return jsonify(access_token=params["oauth_token"])
