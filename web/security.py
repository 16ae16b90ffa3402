"""Web hardening: which hosts and proxies to believe, request size, security headers, sign-in rate limits."""

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import Config
from core.connections import Store

# Dash's callback bodies here are a few KiB; anything past this is refused with 413 before it is read.
MAX_REQUEST_BYTES = 512 * 1024

# What Dash, Plotly, dcc's date picker and dash-bootstrap-components need, and nothing more. Dash's
# own inline script is allowed by its hash (see allow_dash_inline_scripts); Plotly and React set
# inline styles, hence 'unsafe-inline' for styles only. Avatars and thumbnails come from the providers;
# a panel's PNG export draws the chart's SVG through a blob: image.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def trust_proxy(server: Flask, config: Config) -> None:
    """Behind Heroku's router (production), believe one hop of what the router sets: the client's
    address, scheme and port. Never the host: X-Forwarded-Host would let a request pick our URLs."""
    if config.production:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=1, x_proto=1, x_host=0, x_port=1)


def limit_hosts_and_sizes(server: Flask, config: Config) -> None:
    """Answer only for our own host names (400 otherwise) and refuse bodies past MAX_REQUEST_BYTES (413)."""
    server.config.update(TRUSTED_HOSTS=config.trusted_hosts(), MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES)


def add_security_headers(server: Flask, config: Config) -> Talisman:
    """CSP, no framing, nosniff and a referrer policy on every response; HSTS and https-only in production."""
    return Talisman(
        server,
        force_https=config.production,
        strict_transport_security=config.production,
        strict_transport_security_max_age=365 * 86_400,
        content_security_policy={k: list(v) if isinstance(v, list) else v for k, v in CONTENT_SECURITY_POLICY.items()},
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        # Cookies are Flask-Session's business (web/sessions.py); leave their flags alone.
        session_cookie_secure=config.production,
        session_cookie_http_only=True,
    )


def keep_pages_private(server: Flask) -> None:
    """Pages and Dash's replies carry a person's numbers (the first paint, the layout, every redraw): no shared
    cache may keep them, and a browser asks again each time. What sets its own caching (bundles) keeps it."""

    @server.after_request
    def private(response):
        if "Cache-Control" not in response.headers and response.mimetype in ("text/html", "application/json"):
            response.headers["Cache-Control"] = "private, no-cache"
        return response


def exempt_from_https_redirect(server: Flask, prefix: str) -> None:
    """Views whose endpoint starts with ``prefix`` answer plain http too (calls from this server to itself)."""
    for endpoint, view in server.view_functions.items():
        if endpoint.startswith(prefix):
            view.talisman_view_options = {"force_https": False}


def allow_dash_inline_scripts(app, headers: Talisman) -> None:
    """Dash's page carries inline scripts (the renderer's start, the pages' clientside functions):
    allow exactly those, by hash. Dash collects some of them at its first request, so hash them then."""
    hashed = []

    @app.server.before_request  # registered after Dash's own first-request setup, so it runs after it
    def hash_dash_inline_scripts():
        if not hashed:
            headers.content_security_policy["script-src"] = ["'self'", *app.csp_hashes()]
            hashed.append(True)


def rate_limit_sign_in(server: Flask, store: Store, config: Config, blueprints) -> Limiter:
    """Limit the sign-in routes per client address; Dash's own routes are left alone."""
    # The limiter's keys go under the app's prefix too ("LIMITS" would be its own default); it shares
    # the app's bounded connection pool instead of opening its own.
    options = {"key_prefix": config.key_prefix + "LIMITS", "connection_pool": store.client.connection_pool}
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
