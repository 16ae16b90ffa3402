"""The token in a subscription's mail links (confirm, unsubscribe): an HMAC of the row's random salt under the app's
secret (256 bits), so each digest can carry it again without the token being stored; only its SHA-256 is kept, and
a new salt (a new address, a new subscription) makes every older link dead."""

import hashlib
import hmac
import secrets


def new_salt() -> str:
    return secrets.token_hex(16)


def link_token(secret_key: str, salt: str) -> str:
    return hmac.new(secret_key.encode(), f"mail-link:{salt}".encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
