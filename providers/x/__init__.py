"""X (Twitter): OAuth 1.0a sign-in (auth.py), the API v2 client (client.py) and its parsing."""
from dataclasses import dataclass

from sandbox import X_PREFIX
from sandbox import credentials as sandbox_credentials
from core.config import Config


@dataclass(frozen=True)
class TwitterApp:
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

    def authenticate_url(self, request_token: str) -> str:
        return f"{self.authenticate_base or self.api_base}/oauth/authenticate?oauth_token={request_token}"


def twitter_app(config: Config, public_base: str | None = None) -> TwitterApp:
    """The X settings; ``public_base`` (this app's URL as the browser sees it) only shapes browser-facing URLs."""
    browser_base = config.front_end_url or public_base or ""
    callback_uri = config.twitter_callback or f"{browser_base}/callback/twitter"
    if config.uses_sandbox("twitter"):
        return TwitterApp(sandbox_credentials.X_CONSUMER_KEY, sandbox_credentials.X_CONSUMER_SECRET,
                          config.sandbox_upstream + X_PREFIX, callback_uri, sandbox=True,
                          authenticate_base=browser_base + X_PREFIX)
    return TwitterApp(config.twitter_api_key, config.twitter_api_secret, config.twitter_api_base,
                      callback_uri, sandbox=False)
