"""The token vault: OAuth tokens, encrypted, in Redis, one hash per signed-in browser session.

Tokens live beside the session rather than inside it because Flask-Session rewrites the whole
session at the end of every request: a token refreshed by one Dash callback would be overwritten
by a concurrent callback that loaded the session earlier. A hash field per provider is updated
on its own. Values are Fernet tokens; anything that fails to decrypt reads as "signed out".
"""
import base64
import hashlib
import json
import secrets

import redis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def fernet_from(secret_key: str, extra_keys: tuple[str, ...] = ()) -> MultiFernet:
    """Encrypt with the first key; decrypt with any, so keys can be rotated without sign-outs.

    Explicit Fernet keys (TOKEN_ENCRYPTION_KEYS, newest first) come first; the key derived from
    SECRET_KEY stays last so tokens written before explicit keys existed still open.
    """
    derived = base64.urlsafe_b64encode(hashlib.sha256(b"token-vault:" + secret_key.encode()).digest())
    return MultiFernet([Fernet(k) for k in extra_keys] + [Fernet(derived)])


class TokenVault:
    def __init__(self, client: redis.Redis, fernet: MultiFernet, key_prefix: str, ttl_seconds: int):
        self.client = client
        self.fernet = fernet
        self.prefix = key_prefix + "vault:"
        self.ttl = ttl_seconds

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(24)

    def put(self, vault_id: str, provider: str, token: dict) -> None:
        key = self.prefix + vault_id
        sealed = self.fernet.encrypt(json.dumps(token).encode())
        pipe = self.client.pipeline()
        pipe.hset(key, provider, sealed)
        pipe.expire(key, self.ttl)
        pipe.execute()

    def get(self, vault_id: str | None, provider: str) -> dict | None:
        if not vault_id:
            return None
        return self._open(self.client.hget(self.prefix + vault_id, provider))

    def _open(self, sealed: bytes | None) -> dict | None:
        if not sealed:
            return None
        try:
            return json.loads(self.fernet.decrypt(sealed))
        except (InvalidToken, ValueError):
            return None

    def take(self, vault_id: str | None, field: str) -> dict | None:
        """Read and delete one field atomically, so a one-time value is used at most once."""
        if not vault_id:
            return None
        pipe = self.client.pipeline(transaction=True)
        pipe.hget(self.prefix + vault_id, field)
        pipe.hdel(self.prefix + vault_id, field)
        sealed, _ = pipe.execute()
        return self._open(sealed)

    def remove(self, vault_id: str | None, provider: str) -> None:
        if vault_id:
            self.client.hdel(self.prefix + vault_id, provider)

    def destroy(self, vault_id: str | None) -> None:
        if vault_id:
            self.client.delete(self.prefix + vault_id)
