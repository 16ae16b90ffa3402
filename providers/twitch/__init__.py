"""Twitch: OAuth 2.0 sign-in (auth.py), the Helix client (client.py) and its parsing."""
from dataclasses import dataclass

from sandbox import TWITCH_PREFIX
from sandbox import credentials as sandbox_credentials
from core.config import Config


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


def twitch_app(config: Config, public_base: str | None = None) -> TwitchApp:
    """The Twitch settings; ``public_base`` (this app's URL as the browser sees it) only shapes browser-facing URLs."""
    browser_base = config.front_end_url or public_base or ""
    redirect_uri = config.twitch_callback or f"{browser_base}/callback/twitch"
    if config.uses_sandbox("twitch"):
        base = config.sandbox_upstream + TWITCH_PREFIX
        return TwitchApp(sandbox_credentials.TWITCH_CLIENT_ID, sandbox_credentials.TWITCH_CLIENT_SECRET,
                         base, base + "/helix", redirect_uri, config.twitch_scopes, sandbox=True,
                         authorize_base=browser_base + TWITCH_PREFIX)
    return TwitchApp(config.twitch_api_key, config.twitch_api_secret, config.twitch_auth_base,
                     config.twitch_api_base, redirect_uri, config.twitch_scopes, sandbox=False)
