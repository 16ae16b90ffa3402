"""Where the sandbox's consent pages may send a browser: only back to the app that mounted it.

The real providers redirect only to the callback URLs an app registered. The sandbox is mounted on
the app's own server, so "registered" means: on the host this consent page was served from, and,
when the app named its callback paths, on that path. Anything else would make the public sandbox
an open redirect.
"""

from urllib.parse import urlsplit

from flask import current_app, request

PATHS = "sandbox_callback_paths"


def registered_path(provider: str) -> str | None:
    return current_app.extensions.get(PATHS, {}).get(provider)


def path_allowed(provider: str, url: str) -> bool:
    """``url`` is an absolute http(s) URL on the registered path (checked where no browser is involved)."""
    parts = urlsplit(url)
    expected = registered_path(provider)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and (expected is None or parts.path == expected)


def allowed(provider: str, url: str) -> bool:
    """``url`` leads back to the app this page is part of: the same host, the registered path."""
    return path_allowed(provider, url) and urlsplit(url).hostname == urlsplit(request.host_url).hostname
