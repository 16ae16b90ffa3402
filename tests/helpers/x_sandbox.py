"""The X sandbox on its own live server, for tests that talk to it over real HTTP as the app would."""

import requests
from requests_oauthlib import OAuth1Session

from providers.x import XApp
from providers.x.client import XClient
from sandbox import X_PREFIX
from sandbox.credentials import X_CONSUMER_KEY, X_CONSUMER_SECRET
from sandbox.x import crowd


class Sandbox:
    def __init__(self, root: str):
        self.root, self.base = root, root + X_PREFIX
        self.app = XApp(X_CONSUMER_KEY, X_CONSUMER_SECRET, self.base, root + "/callback/twitter", sandbox=True)

    def token(self, username: str) -> dict:
        """An access token for ``username``, by the three OAuth 1.0a legs."""
        oauth = OAuth1Session(X_CONSUMER_KEY, X_CONSUMER_SECRET, callback_uri=self.app.callback_uri)
        request_token = oauth.fetch_request_token(self.base + "/oauth/request_token")["oauth_token"]
        consent = requests.post(
            self.base + "/oauth/authorize",
            allow_redirects=False,
            data={"oauth_token": request_token, "account": username, "decision": "authorize"},
        )
        oauth.parse_authorization_response(consent.headers["Location"])
        access = oauth.fetch_access_token(self.base + "/oauth/access_token")
        return {"oauth_token": access["oauth_token"], "oauth_token_secret": access["oauth_token_secret"]}

    def client(self, username: str = "sandbox_creator") -> XClient:
        return XClient(self.app, self.token(username))

    def session(self, token: dict) -> OAuth1Session:
        """A requests session that signs every call with ``token`` (from ``token()``)."""
        return OAuth1Session(X_CONSUMER_KEY, X_CONSUMER_SECRET, token["oauth_token"], token["oauth_token_secret"])

    def crowd_token(self, n: int) -> dict:
        """An access token for crowd account ``n`` (1 to 9,999), by the same three legs."""
        return self.token(crowd.username(n))

    def crowd_client(self, n: int) -> XClient:
        return XClient(self.app, self.crowd_token(n))

    def faults(self, **body) -> None:
        requests.post(self.root + "/sandbox/_faults", json={"provider": "x", **body}).raise_for_status()
