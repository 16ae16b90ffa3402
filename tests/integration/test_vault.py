"""The token vault: encrypted at rest, rotatable keys, tampering reads as signed out."""

from cryptography.fernet import Fernet

from core.vault import TokenVault, fernet_from

TOKEN = {"access_token": "plain-access-token-value", "refresh_token": "plain-refresh-token-value"}


def vault(redis_client, key_prefix, secret="secret-one", extra=()):
    return TokenVault(redis_client, fernet_from(secret, extra), key_prefix, ttl_seconds=60)


def test_tokens_are_not_stored_in_plain_text(redis_client, key_prefix):
    v = vault(redis_client, key_prefix)
    v.put("abc", "twitch", TOKEN)
    raw = b"".join(redis_client.hgetall(key_prefix + "vault:abc").values())
    assert b"plain-access-token-value" not in raw and b"plain-refresh" not in raw
    assert v.get("abc", "twitch") == TOKEN
    assert 0 < redis_client.ttl(key_prefix + "vault:abc") <= 60


def test_a_new_key_still_reads_tokens_sealed_with_the_old_one(redis_client, key_prefix):
    vault(redis_client, key_prefix).put("abc", "twitch", TOKEN)
    rotated = vault(redis_client, key_prefix, extra=(Fernet.generate_key().decode(),))
    assert rotated.get("abc", "twitch") == TOKEN


def test_tampered_or_foreign_data_reads_as_signed_out(redis_client, key_prefix):
    v = vault(redis_client, key_prefix)
    redis_client.hset(key_prefix + "vault:abc", "twitch", b"not a fernet token")
    assert v.get("abc", "twitch") is None
    vault(redis_client, key_prefix, secret="another-secret").put("def", "twitch", TOKEN)
    assert v.get("def", "twitch") is None


def test_take_gives_a_value_once(redis_client, key_prefix):
    v = vault(redis_client, key_prefix)
    v.put("abc", "pending:twitch", {"state": "s"})
    assert v.take("abc", "pending:twitch") == {"state": "s"}
    assert v.take("abc", "pending:twitch") is None


def test_a_sign_in_the_provider_ended_keeps_its_account_marked_until_a_new_sign_in(redis_client, key_prefix):
    v = vault(redis_client, key_prefix)
    facts = {"provider": "twitch", "id": "42", "username": "u", "name": "U", "sandbox": True}
    v.sign_in("vault-1", "twitch", {"access_token": "a"}, facts)
    v.end("vault-1", "twitch")
    assert v.get("vault-1", "twitch") is None and v.accounts("vault-1") == {}  # nothing can be fetched
    assert v.ended("vault-1") == {"twitch": facts}  # what is stored can still be shown, and why not more
    v.sign_in("vault-1", "twitch", {"access_token": "b"}, facts)
    assert v.ended("vault-1") == {} and v.accounts("vault-1") == {"twitch": facts}
    v.end("vault-1", "twitch")
    v.remove("vault-1", "twitch")  # signing out of it: nothing left
    assert v.ended("vault-1") == {} and v.accounts("vault-1") == {}


def test_an_ended_sign_in_never_ends_a_new_one_made_meanwhile(redis_client, key_prefix):
    """A job's provider refused the old token just after the person signed in again in another tab."""
    v = vault(redis_client, key_prefix)
    facts = {"provider": "twitch", "id": "42", "username": "u", "name": "U", "sandbox": True}
    v.sign_in("vault-2", "twitch", {"access_token": "new"}, facts)
    v.end("vault-2", "twitch", refused={"access_token": "old"})
    assert v.get("vault-2", "twitch") == {"access_token": "new"} and v.ended("vault-2") == {}
    v.end("vault-2", "twitch", refused={"access_token": "new"})
    assert v.get("vault-2", "twitch") is None and v.ended("vault-2") == {"twitch": facts}
