"""Secrets cut to a few leading characters where they are recorded, so that a whole one is never kept.

A sign-in's replay (providers/recording.py) passes every parameter, header and reply field through here
before it is stored: what is kept can then reach no page, callback payload or log whole.
"""

import re

ELLIPSIS = "…"
SHOWN = 4  # leading characters kept of a long secret; fewer of a short one (a quarter of it at most)

# Parameter, form and reply field names whose values are secrets, tokens, one-time codes or credentials.
SECRET_NAMES = frozenset(
    {
        "oauth_token",
        "oauth_token_secret",
        "oauth_verifier",
        "oauth_signature",
        "oauth_consumer_key",  # X calls it the API key: half of the app's credentials
        "denied",  # X's cancel carries the request token under this name
        "code",
        "state",
        "access_token",
        "refresh_token",
        "client_secret",
        "token",
    }
)
_OAUTH1_PARAM = re.compile(r'([A-Za-z0-9_]+)="([^"]*)"')


def redact(value: str) -> str:
    """``value``'s first few characters and an ellipsis: enough to tell two apart, never enough to use."""
    shown = min(SHOWN, len(value) // 4)
    return value[:shown] + ELLIPSIS


def redact_pairs(pairs) -> list[list[str]]:
    """(name, value) pairs with the values of secret names cut."""
    return [[name, redact(value) if name in SECRET_NAMES else value] for name, value in pairs]


def redact_authorization(header: str) -> str:
    """An Authorization header with its credentials cut: OAuth 1.0a's parameters one by one, else the token."""
    scheme, _, credentials = header.partition(" ")
    if "=" in credentials:  # OAuth 1.0a: oauth_consumer_key="...", oauth_signature="...", ...
        return f"{scheme} " + _OAUTH1_PARAM.sub(
            lambda m: f'{m[1]}="{redact(m[2]) if m[1] in SECRET_NAMES else m[2]}"', credentials
        )
    return f"{scheme} {redact(credentials)}" if credentials else redact(header)


def redact_known(node, secrets: list[str]):
    """``node`` (plain JSON) with every whole occurrence of any of ``secrets`` cut, wherever it sits: a second
    net under the name-based redaction, for a provider that echoes a secret under a name not listed above."""
    wanted = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)
    if not wanted:
        return node
    return _scrub(node, wanted)


def _scrub(node, secrets: list[str]):
    if isinstance(node, str):
        for secret in secrets:
            if secret in node:
                node = node.replace(secret, redact(secret))
        return node
    if isinstance(node, list):
        return [_scrub(item, secrets) for item in node]
    if isinstance(node, dict):
        return {name: _scrub(value, secrets) for name, value in node.items()}
    return node
