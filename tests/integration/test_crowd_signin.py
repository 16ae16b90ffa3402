"""The app signs in as sandbox crowd accounts through its own sign-in routes, as a load benchmark does."""

from urllib.parse import urlsplit

import msgspec
import pytest
import requests

from core.vault import TokenVault, fernet_from
from tests.helpers.consent import crowd_account_name, sign_in_crowd


@pytest.mark.parametrize("provider,path", [("twitch", "/twitch"), ("twitter", "/twitter")])
def test_the_app_signs_in_as_a_crowd_account(serve_flask, redis_client, key_prefix, provider, path):
    base, http = serve_flask(), requests.Session()
    landed = sign_in_crowd(http, base, provider, 321)
    assert urlsplit(landed.url).path == path
    session = msgspec.msgpack.decode(redis_client.get(f"{key_prefix}session:{http.cookies['session']}"))
    vault = TokenVault(redis_client, fernet_from("any"), key_prefix, ttl_seconds=60)
    account = vault.accounts(session["vault"])[provider]
    name = account.get("login") or account.get("username")
    assert name == crowd_account_name(provider, 321) == "crowd_0321"
