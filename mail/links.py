"""The addresses mail links point at: the app's public URL (FRONT_END_URL), else this server on loopback."""

from urllib.parse import quote

from core.config import Config


def base_url(config: Config) -> str:
    return config.front_end_url or f"http://127.0.0.1:{config.port}"


def confirm_url(config: Config, token: str) -> str:
    return f"{base_url(config)}/mail/confirm/{quote(token)}"


def unsubscribe_url(config: Config, token: str) -> str:
    return f"{base_url(config)}/mail/unsubscribe/{quote(token)}"


def settings_url(config: Config) -> str:
    return f"{base_url(config)}/mail/settings"
