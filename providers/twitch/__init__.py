"""Twitch: its OAuth 2.0 exchanges (oauth.py), the Helix client (client.py), its records and parsing."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TwitchApp:
    """Which Twitch to talk to, as whom: the real one with our keys, or the sandbox.

    ``auth_base`` and ``api_base`` are where this server's own calls go: fixed by configuration,
    never taken from a request. ``authorize_base`` is where the browser is sent to consent.
    """

    client_id: str
    client_secret: str
    auth_base: str
    api_base: str
    redirect_uri: str
    scopes: tuple[str, ...]
    sandbox: bool
    authorize_base: str = ""

    @property
    def authorize_url(self) -> str:
        return f"{self.authorize_base or self.auth_base}/oauth2/authorize"
