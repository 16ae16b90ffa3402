"""X (Twitter): OAuth 1.0a sign-in (auth.py), the API v2 client (client.py) and its parsing."""
from dataclasses import dataclass

from providers.sandbox import X_PREFIX
from providers.sandbox import credentials as sandbox_credentials
from webapp.config import Config


@dataclass(frozen=True)
class TwitterApp:
    """Which X to talk to, as whom: the real one with our keys, or the sandbox."""
    consumer_key: str
    consumer_secret: str
    api_base: str
    callback_uri: str
    sandbox: bool


def twitter_app(config: Config, public_base: str) -> TwitterApp:
    callback_uri = config.twitter_callback or f"{config.front_end_url or public_base}/callback/twitter"
    if config.uses_sandbox("twitter"):
        return TwitterApp(sandbox_credentials.X_CONSUMER_KEY, sandbox_credentials.X_CONSUMER_SECRET,
                          public_base + X_PREFIX, callback_uri, sandbox=True)
    return TwitterApp(config.twitter_api_key, config.twitter_api_secret, config.twitter_api_base,
                      callback_uri, sandbox=False)
