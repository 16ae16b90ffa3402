"""The token vault: OAuth tokens, encrypted, in Redis, one hash per signed-in browser session.

Tokens live beside the session rather than inside it because Flask-Session rewrites the whole
session at the end of every request: a token refreshed by one Dash callback would be overwritten
by a concurrent callback that loaded the session earlier. A hash field per provider is updated
on its own. Values are Fernet tokens; anything that fails to decrypt reads as "signed out".

Which accounts are signed in lives here too, for the same reason: a sign-in that ended must stay
ended whatever a concurrent request saves. A provider's account facts (public: id, names) sit in
the field ``account:<provider>`` beside its token; both are written and removed in one command.
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


ACCOUNT = "account:"  # field prefix of a signed-in provider's account facts
ENDED = "ended:"  # field prefix of a provider whose sign-in the provider ended (its facts stay, its token goes)


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

    def sign_in(self, vault_id: str, provider: str, token: dict, account: dict) -> None:
        """Store a provider's token and account facts together: no reader sees one without the other. The
        account's index of vaults gains this one, so that a disconnect reaches every session of the person."""
        key = self.prefix + vault_id
        index = self._index(provider, account["id"])
        pipe = self.client.pipeline()
        pipe.hset(
            key,
            mapping={
                provider: self.fernet.encrypt(json.dumps(token).encode()),
                ACCOUNT + provider: json.dumps(account),
            },
        )
        pipe.hdel(key, ENDED + provider)
        pipe.expire(key, self.ttl)
        pipe.sadd(index, vault_id)
        pipe.expire(index, self.ttl)
        pipe.execute()

    def _index(self, provider: str, account_id: str) -> str:
        return f"{self.prefix}index:{provider}:{account_id}"

    def end_everywhere(self, provider: str, account_id: str) -> list[dict]:
        """End ``provider``'s sign-in to the account in every vault that holds it; returns their tokens (to
        revoke), each once. Vaults signed in to another account of the provider keep theirs."""
        index = self._index(provider, account_id)
        tokens: list[dict] = []
        for raw_id in self.client.smembers(index):
            vault_id = raw_id.decode()
            facts = self.accounts(vault_id).get(provider)
            if facts is None or str(facts.get("id")) != str(account_id):
                continue  # gone, or signed in to someone else since
            token = self.get(vault_id, provider)
            self.remove(vault_id, provider)
            if token and token not in tokens:
                tokens.append(token)
        self.client.delete(index)
        return tokens

    def accounts(self, vault_id: str | None) -> dict[str, dict]:
        """The account facts of every provider signed in here: those with both a token and an account."""
        return self._facts(vault_id, ended=False)

    def remove(self, vault_id: str | None, provider: str) -> None:
        """End one provider's sign-in: its token and its account go in one command."""
        if vault_id:
            self.client.hdel(self.prefix + vault_id, provider, ACCOUNT + provider, ENDED + provider)

    def end(self, vault_id: str | None, provider: str, refused: dict | None = None) -> None:
        """The provider no longer accepts this sign-in: its token goes, and the account's facts stay marked
        ended, so the dashboard keeps showing what is stored and says why it cannot fetch more.

        ``refused``: the token the provider turned down. A different one in the vault is a new sign-in made
        meanwhile (in another tab): it stays."""
        if not vault_id:
            return
        key = self.prefix + vault_id
        with self.client.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(key)
                current = self._open(pipe.hget(key, provider))
                if refused is not None and current is not None and current != refused:
                    return
                signed_in = pipe.hexists(key, ACCOUNT + provider)
                pipe.multi()
                pipe.hdel(key, provider)
                if signed_in:
                    pipe.hset(key, ENDED + provider, "1")
                pipe.execute()
            except redis.WatchError:
                return  # the vault changed under us: a new sign-in, which stays

    def ended(self, vault_id: str | None) -> dict[str, dict]:
        """The account facts of every provider whose sign-in the provider ended here (until a new sign-in)."""
        return self._facts(vault_id, ended=True)

    def _facts(self, vault_id: str | None, ended: bool) -> dict[str, dict]:
        """Account facts by provider, of the sign-ins that hold a token (or, ``ended``, that lost it and say so)."""
        if not vault_id:
            return {}
        fields = self.client.hgetall(self.prefix + vault_id)
        found = {}
        for name, raw in fields.items():
            if not name.startswith(ACCOUNT.encode()):
                continue
            provider = name.decode().removeprefix(ACCOUNT)
            has_token = provider.encode() in fields
            if (not ended and has_token) or (ended and not has_token and (ENDED + provider).encode() in fields):
                try:
                    found[provider] = json.loads(raw)
                except ValueError:
                    continue
        return found

    def destroy(self, vault_id: str | None) -> None:
        if vault_id:
            self.client.delete(self.prefix + vault_id)
