"""X (formerly Twitter): its OAuth 1.0a exchanges (oauth.py), the API v2 client (client.py), its records and parsing."""

from dataclasses import dataclass


@dataclass(frozen=True)
class XApp:
    """Which X to talk to, as whom: the real one with our keys, or the sandbox.

    ``api_base`` is where this server's own calls go: fixed by configuration, never taken from a
    request. ``authenticate_base`` is where the browser is sent to consent.
    """

    consumer_key: str
    consumer_secret: str
    api_base: str
    callback_uri: str
    sandbox: bool
    authenticate_base: str = ""

    def authenticate_url(self, request_token: str, force_login: bool = False) -> str:
        """X's sign-in page; ``force_login``: asks for the account even of a person who approved this app before
        (X's documented way to sign in as someone else), where it would otherwise send them straight back."""
        url = f"{self.authenticate_base or self.api_base}/oauth/authenticate?oauth_token={request_token}"
        return url + "&force_login=true" if force_login else url
