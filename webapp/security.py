"""Web hardening: the real client address behind Heroku's router, and rate limits on sign-in."""
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Config
from .redis_store import Store


def trust_proxy(server: Flask, config: Config) -> None:
    """Behind Heroku's router (production), believe one hop of X-Forwarded-*: https redirect URIs."""
    if config.production:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)


def rate_limit_sign_in(server: Flask, store: Store, config: Config, blueprints) -> Limiter:
    """Limit the sign-in routes per client address; Dash's own routes are left alone."""
    # The limiter's keys go under the app's prefix too ("LIMITS" would be its own default).
    options = {"key_prefix": config.key_prefix + "LIMITS", **({"ssl_cert_reqs": None} if store.ssl_insecure else {})}
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=store.url,
        storage_options=options,
        key_prefix="signin",
        default_limits=[],
        headers_enabled=True,
        # If Redis is away, let people sign in rather than fail every request.
        swallow_errors=True,
    )
    for blueprint in blueprints:
        limiter.limit(config.login_rate_limit)(blueprint)
    return limiter
