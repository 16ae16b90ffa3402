"""Which provider each call goes to, from configuration: the real APIs with our keys, or the sandbox.

Where this server's own calls go is fixed here by configuration (the sandbox at its internal
address), never taken from a request; the browser-facing URLs use this app's public URL.
"""

from core.config import Config
from providers.twitch import TwitchApp
from providers.x import XApp
from sandbox import CLOCK_HEADER, TWITCH_PREFIX, X_PREFIX
from sandbox import credentials as sandbox_credentials


def twitch_app(config: Config, public_base: str | None = None) -> TwitchApp:
    """The Twitch settings; ``public_base`` (this app's URL as the browser sees it) only shapes browser-facing URLs."""
    browser_base = config.front_end_url or public_base or ""
    redirect_uri = config.twitch_callback or f"{browser_base}/callback/twitch"
    if config.uses_sandbox("twitch"):
        base = config.sandbox_upstream + TWITCH_PREFIX
        return TwitchApp(
            sandbox_credentials.TWITCH_CLIENT_ID,
            sandbox_credentials.TWITCH_CLIENT_SECRET,
            base,
            base + "/helix",
            redirect_uri,
            config.twitch_scopes,
            sandbox=True,
            authorize_base=browser_base + TWITCH_PREFIX,
        )
    return TwitchApp(
        config.twitch_api_key,
        config.twitch_api_secret,
        config.twitch_auth_base,
        config.twitch_api_base,
        redirect_uri,
        config.twitch_scopes,
        sandbox=False,
    )


def x_app(config: Config, public_base: str | None = None) -> XApp:
    """The X settings; ``public_base`` (this app's URL as the browser sees it) only shapes browser-facing URLs."""
    browser_base = config.front_end_url or public_base or ""
    callback_uri = config.twitter_callback or f"{browser_base}/callback/twitter"
    if config.uses_sandbox("twitter"):
        return XApp(
            sandbox_credentials.X_CONSUMER_KEY,
            sandbox_credentials.X_CONSUMER_SECRET,
            config.sandbox_upstream + X_PREFIX,
            callback_uri,
            sandbox=True,
            authenticate_base=browser_base + X_PREFIX,
        )
    return XApp(config.twitter_api_key, config.twitter_api_secret, config.twitter_api_base, callback_uri, sandbox=False)


def as_of(app: TwitchApp | XApp, at: float) -> dict[str, str]:
    """Headers that make a client's requests answered as of ``at`` (a simulated round of the history demo): the
    sandbox's per-request clock. Only the sandbox can answer as of the past: a real provider gets none."""
    return {CLOCK_HEADER: str(int(at))} if app.sandbox else {}


EVENTSUB_SOCKET = "wss://eventsub.wss.twitch.tv/ws"


def eventsub_socket_url(config: Config) -> str:
    """Where EventSub's WebSocket transport connects: TWITCH_EVENTSUB_WS_URL, the sandbox's, or Twitch's own."""
    if config.twitch_eventsub_ws_url:
        return config.twitch_eventsub_ws_url
    if config.uses_sandbox("twitch"):
        return "ws" + config.sandbox_upstream.removeprefix("http") + TWITCH_PREFIX + "/eventsub/ws"
    return EVENTSUB_SOCKET
