"""Who is signed in to which provider, in this browser session; sign-in and sign-out bookkeeping.

The session holds only the id of this session's token vault (and when it started, and its CSRF
token). The vault holds the rest in Redis fields of their own: tokens and pending sign-in secrets,
encrypted, and each signed-in account's public facts (id, name, whether it is a sandbox account).
Dash runs callbacks concurrently and each one saves the whole session it loaded, so anything that
changes after sign-in must not live in the session: an ended sign-in would come back.
"""

import hmac
import secrets
import time
from dataclasses import asdict, dataclass

from flask import current_app, g, has_request_context, session

from core.labels import PROVIDERS
from core.vault import TokenVault


@dataclass(frozen=True)
class Account:
    provider: str
    id: str
    username: str
    name: str
    sandbox: bool


def vault() -> TokenVault:
    return current_app.extensions["token_vault"]


def _vault_id(create: bool = False) -> str | None:
    if create and "vault" not in session:
        session["vault"] = TokenVault.new_id()
    return session.get("vault")


def vault_id() -> str | None:
    """This session's vault, for the provider calls a request makes itself (a CSV export)."""
    return session.get("vault")


def signed_in() -> dict[str, Account]:
    """The accounts signed in here, by provider; those whose token is gone are dropped.

    Read once per request: a page drawn on the server asks it for each of its panels."""
    if not has_request_context():
        return _read_signed_in()
    if _SIGNED_IN not in g:
        setattr(g, _SIGNED_IN, _read_signed_in())
    return g.get(_SIGNED_IN)


_SIGNED_IN = "signed_in_accounts"


def _read_signed_in() -> dict[str, Account]:
    return {p: Account(**a) for p, a in vault().accounts(session.get("vault")).items() if p in PROVIDERS}


def _changed() -> None:
    """Who is signed in has changed in this request: read it again when next asked."""
    if has_request_context():
        g.pop(_SIGNED_IN, None)


def viewing_as(acct: Account) -> None:
    """A shared page's request (web/sharing.py): the dashboards' loaders draw ``acct``'s stored data as if it were
    signed in here, for this request only. No session is read or written, and no token is reachable: the account
    carries none, and ``token()`` still reads this request's own (empty) session."""
    setattr(g, _SIGNED_IN, {acct.provider: acct})


def account(provider: str) -> Account | None:
    return signed_in().get(provider)


def ended_account(provider: str) -> Account | None:
    """The account whose sign-in the provider ended in this session (until the person signs in again)."""
    facts = vault().ended(session.get("vault")).get(provider)
    return Account(**facts) if facts else None


def remove(provider: str) -> None:
    """End this session's sign-in to ``provider`` (its token and account facts)."""
    vault().remove(session.get("vault"), provider)
    _changed()


def token(provider: str) -> dict | None:
    return vault().get(session.get("vault"), provider)


def begin_sign_in(provider: str, pending: dict) -> None:
    """Remember a sign-in in progress (state, request token...) for this session only."""
    vault().put(_vault_id(create=True), f"pending:{provider}", pending)


def take_pending(provider: str) -> dict | None:
    """The sign-in pending for ``provider`` in this session, once: a second call gets None."""
    return vault().take(session.get("vault"), f"pending:{provider}")


def complete_sign_in(acct: Account, new_token: dict) -> None:
    # A new session id at every sign-in: a session id planted before sign-in is worth nothing.
    current_app.session_interface.regenerate(session)
    vault().sign_in(_vault_id(create=True), acct.provider, new_token, asdict(acct))
    _changed()
    session.setdefault("started_at", time.time())
    # Made here, on a plain page load, and only read later: a token first written by a Dash
    # request could be lost to a concurrent request that saves the session it loaded earlier.
    session.setdefault("csrf", secrets.token_urlsafe(32))


def sign_out() -> None:
    """Forget everything: tokens, accounts, and the session id itself, so an old cookie is dead."""
    vault().destroy(session.get("vault"))
    _changed()
    session.clear()
    current_app.session_interface.regenerate(session)


def csrf_token() -> str | None:
    """The sign-out form's token, made at sign-in."""
    return session.get("csrf")


def csrf_valid(candidate: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and candidate) and hmac.compare_digest(expected, candidate)
