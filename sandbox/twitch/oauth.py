"""id.twitch.tv's OAuth 2.0: the authorization-code flow (consent page, token), the client-credentials
grant (app access tokens), validate and revoke.

The consent page is never subject to fault switches, so a browser can always sign in; the
machine endpoints (token, validate, revoke) are.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from .. import callbacks, faults
from ..credentials import TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET
from ..state import SandboxState
from . import seed, tokens
from .replies import fault_reply, id_error
from .scopes import KNOWN_SCOPES

blueprint = Blueprint("oauth", __name__, template_folder="templates")


def _state() -> SandboxState:
    return current_app.extensions["sandbox_state"]


def _with_query(url: str, params: dict) -> str:
    """``url`` with ``params`` added to whatever query string it already has."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _request_problem(values) -> str | None:
    """Why an authorize request cannot even show the consent page (Twitch answers those itself)."""
    if values.get("client_id") != TWITCH_CLIENT_ID:
        return "Unknown client_id: this sandbox only accepts its own client id (see sandbox/credentials.py)."
    if not callbacks.allowed("twitch", values.get("redirect_uri", "")):
        return "redirect_uri must be this app's registered callback URL (on this server's host)."
    if values.get("response_type") != "code":
        return 'response_type must be "code" (the sandbox only emulates the authorization code flow).'
    return None


def _invalid_scope_redirect(values) -> str | None:
    """Where to send the browser back when a requested scope does not exist, as Twitch does."""
    unknown = [scope for scope in values.get("scope", "").split() if scope not in KNOWN_SCOPES]
    if not unknown:
        return None
    return _with_query(
        values["redirect_uri"],
        {
            "error": "invalid_scope",
            "error_description": f"Invalid scope requested: {' '.join(unknown)}",
            "state": values.get("state"),
        },
    )


def _problem_page(message: str):
    return render_template("sandbox_twitch/problem.html", message=message), 400


@blueprint.get("/oauth2/authorize")
def authorize():
    problem = _request_problem(request.args)
    if problem:
        return _problem_page(problem)
    back = _invalid_scope_redirect(request.args)
    if back:
        return redirect(back)
    # force_verify needs no handling: the sandbox shows its consent page every time.
    return render_template(
        "sandbox_twitch/consent.html",
        client_id=request.args["client_id"],
        redirect_uri=request.args["redirect_uri"],
        scopes=request.args.get("scope", "").split(),
        state=request.args.get("state"),
        accounts=list(seed.ACCOUNTS.values()),
    )


@blueprint.post("/oauth2/authorize")
def decide():
    problem = _request_problem(request.form)
    if problem:
        return _problem_page(problem)
    back = _invalid_scope_redirect(request.form)
    if back:
        return redirect(back)
    redirect_uri, state = request.form["redirect_uri"], request.form.get("state")
    if request.form.get("decision") != "authorize":
        return redirect(
            _with_query(
                redirect_uri,
                {"error": "access_denied", "error_description": "The user denied you access", "state": state},
            )
        )
    account = seed.by_login(request.form.get("account", ""))
    if account is None:
        return _problem_page("Pick one of the sandbox accounts.")
    scopes = request.form.get("scope", "").split()
    code = tokens.issue_code(_state(), TWITCH_CLIENT_ID, redirect_uri, scopes, account.id)
    return redirect(_with_query(redirect_uri, {"code": code, "scope": " ".join(scopes), "state": state}))


@blueprint.post("/oauth2/token")
def token():
    fault = fault_reply(helix=False)
    if fault:
        return fault
    values = request.values  # Twitch takes these from the form body or the query string
    if values.get("client_id") != TWITCH_CLIENT_ID:
        return id_error(400, "invalid client")
    if values.get("client_secret") != TWITCH_CLIENT_SECRET:
        return id_error(403, "invalid client secret")
    grant_type = values.get("grant_type")
    if grant_type == "authorization_code":
        record = tokens.redeem_code(_state(), values.get("code", ""), TWITCH_CLIENT_ID, values.get("redirect_uri", ""))
        if record is None:
            return id_error(400, "Invalid authorization code")
        return jsonify(tokens.start_grant(_state(), TWITCH_CLIENT_ID, record["user_id"], record["scopes"]))
    if grant_type == "refresh_token":
        reply = tokens.refresh(_state(), values.get("refresh_token", ""), TWITCH_CLIENT_ID)
        if reply is None:
            return id_error(400, "Invalid refresh token")
        return jsonify(reply)
    if grant_type == "client_credentials":
        return jsonify(tokens.issue_app_token(_state(), TWITCH_CLIENT_ID))
    return id_error(400, "Invalid grant type")


@blueprint.get("/oauth2/validate")
def validate():
    fault = fault_reply(helix=False)
    if fault:
        return fault
    scheme, _, token_text = request.headers.get("Authorization", "").partition(" ")
    # Twitch documents "OAuth <token>" here and also takes "Bearer <token>".
    if scheme.lower() not in ("oauth", "bearer") or not token_text.strip():
        return id_error(401, "missing authorization token")
    record = None if faults.tokens_expired("twitch") else tokens.access(_state(), token_text.strip())
    if record and record["user_id"] is None:
        # Twitch's reply for an app access token: no login, no user_id.
        return jsonify(client_id=record["client_id"], scopes=record["scopes"], expires_in=record["expires_in"])
    account = record and seed.by_id(record["user_id"])
    if not account:
        return id_error(401, "invalid access token")
    return jsonify(
        client_id=record["client_id"],
        login=account.login,
        scopes=record["scopes"],
        user_id=account.id,
        expires_in=record["expires_in"],
    )


@blueprint.post("/oauth2/revoke")
def revoke():
    fault = fault_reply(helix=False)
    if fault:
        return fault
    client_id, token_text = request.values.get("client_id"), request.values.get("token", "")
    if not client_id:
        return id_error(400, "missing client id")
    if client_id != TWITCH_CLIENT_ID:
        return id_error(404, "client does not exist")
    if not token_text or not tokens.revoke(_state(), token_text, client_id):
        return id_error(400, "Invalid token")
    return "", 200
