"""Builds the whole app: Flask server, Redis, sessions, sign-in routes, sandbox, Dash pages."""

import logging
import os
import re
import sys
from pathlib import Path

import dash
from flask import Flask

from core.config import Config, load_config
from core.connections import connect
from core.vault import TokenVault, fernet_from
from dashboard import asset_bundle
from web import security
from web.background import HeadStart, job_manager
from web.compression import DASH_BUNDLES, configure_compression

log = logging.getLogger(__name__)

QUERY = re.compile(r"\?[^\s\"]*")
MAIL_LINK = re.compile(r"(/mail/(?:confirm|unsubscribe)/)[^\s?\"]+")  # the token in a mail link is a key
SHARE_TOKEN = re.compile(r"/s/[A-Za-z0-9_-]{8,}")  # a share link's path: the link itself (web/sharing.py)
DASHBOARD_DIR = Path(__file__).resolve().parent / "dashboard"


def _hidden(text: str) -> str:
    return MAIL_LINK.sub(r"\1…", SHARE_TOKEN.sub("/s/…", QUERY.sub("?…", text)))


class HideQueryStrings(logging.Filter):
    """Request lines are logged (the dev server's, gunicorn's access log): OAuth callbacks carry one-time codes in
    their query, a share link's path is the link, and a mail link's path its token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_hidden(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):  # gunicorn's access log: its atoms by name
            record.args = {k: _hidden(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def configure_logging() -> None:
    """Plain lines on stdout: Heroku collects them, and so does a terminal."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    # At DEBUG these libraries print OAuth tokens and secrets; keep them quiet whatever the root level.
    for chatty in ("oauthlib", "requests_oauthlib"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    for request_log in (logging.getLogger("werkzeug"), logging.getLogger("gunicorn.access")):
        if not any(isinstance(f, HideQueryStrings) for f in request_log.filters):
            request_log.addFilter(HideQueryStrings())


def create_server(config: Config) -> Flask:
    """The Flask server with everything but Dash: sessions, vault, sign-in, sign-out, sandbox."""
    from sandbox import init_sandbox
    from sync import runtime
    from web import cli, disconnect, errors, mail_links, permissions, sessions, sharing, signout, x_import
    from web.eventsub import init_eventsub
    from web.signin.twitch import blueprint as twitch_auth
    from web.signin.x import blueprint as twitter_auth

    configure_logging()
    server = Flask(__name__)
    # Never TESTING or DEBUG in Flask terms: both would let exceptions reach the browser.
    server.config.update(SECRET_KEY=config.secret_key, DEBUG=False, TESTING=False)
    store = connect(config)
    log.info("Session store: %s", store.description)
    server.extensions["app_config"] = config
    server.extensions["redis_store"] = store
    server.extensions["token_vault"] = TokenVault(
        store.client,
        fernet_from(config.secret_key, config.token_keys),
        config.key_prefix,
        ttl_seconds=config.session_absolute_hours * 3600,
    )
    server.extensions["runtime"] = runtime.register(config, store.client, server.extensions["token_vault"])
    prepare_history_database(config, server.extensions["runtime"].engine)
    sessions.init_sessions(server, store, config)
    security.trust_proxy(server, config)
    security.limit_hosts_and_sizes(server, config)
    server.extensions["security_headers"] = security.add_security_headers(server, config)
    security.keep_pages_private(server)
    sign_in_routes = [twitter_auth, twitch_auth, signout.blueprint, disconnect.blueprint, permissions.blueprint]
    for blueprint in sign_in_routes:
        server.register_blueprint(blueprint)
    limiter = security.rate_limit_sign_in(server, store, config, sign_in_routes)
    # /s/<token> and /shares: share links (their views, which draw, are added by create_app).
    sharing.init_sharing(server, server.extensions["runtime"].archive.sessions)
    limiter.limit(config.share_rate_limit)(sharing.blueprint)
    server.register_blueprint(x_import.blueprint)  # POST /twitter/import: X's analytics export
    server.register_blueprint(mail_links.blueprint)  # /mail/settings, and the confirm and unsubscribe links
    if config.sandbox:
        init_sandbox(
            server,
            store.client,
            config.key_prefix,
            fault_switches=not config.production,
            callback_paths={"x": "/callback/twitter", "twitch": "/callback/twitch", "eventsub": "/eventsub"},
            live_events=config.environment == "development",  # tests tell the sandbox what to send
            outbox_dir=None if config.smtp_url else config.outbox_dir,  # /sandbox/outbox lists the .eml files
        )
        # The app's own server-side calls reach the sandbox over plain http on loopback.
        security.exempt_from_https_redirect(server, prefix="sandbox")
        log.info(
            "Sandbox on: %s",
            ", ".join(p for p in ("twitter", "twitch") if config.uses_sandbox(p))
            or "mounted, but both providers have keys",
        )
    init_eventsub(server, config, server.extensions["runtime"])  # POST /eventsub, after the sandbox it may talk to
    errors.register_error_pages(server)
    cli.register_cli(server)  # flask --app app db upgrade, history import-redis
    return server


def prepare_history_database(config: Config, engine) -> None:
    """In development the schema is made or upgraded at start (Heroku's release phase does it in production;
    tests make theirs)."""
    if config.environment != "development":
        return
    import migrations
    from core.database import describe

    try:
        migrations.upgrade(engine)
        log.info("History database: %s", describe(config.database_url))
    except Exception as error:  # noqa: BLE001 - the dashboards still work from Redis; history says it is away
        log.warning("History database not ready (%s): %s", describe(config.database_url), type(error).__name__)


def start_collection(config: Config, server: Flask, jobs) -> None:
    """Daily collection rounds: Celery beat's tasks on the worker; with local jobs, the serving process
    starts its scheduler thread (app.py, gunicorn.conf.py), so CLI commands never collect by surprise."""
    from digest.dispatch import mail_round
    from web import scheduling

    server.extensions["mail_round"] = mail_round  # digests and alerts by mail; web/scheduling.py runs it
    if config.background_jobs == "celery":
        scheduling.register_celery_tasks(
            jobs.handle,
            config.key_prefix,
            config.collect_every_seconds,
            config.stream_sample_seconds,
            config.mail_every_seconds,
            server.extensions["mail_round"],
        )
        from celery.signals import worker_ready

        from web.eventsub import start_folding

        # The worker folds EventSub's messages (a thread of its main process, once its pool has forked).
        worker_ready.connect(lambda **_: start_folding(server), weak=False)


def create_app(config: Config | None = None) -> dash.Dash:
    config = config or load_config(os.environ)
    server = create_server(config)
    configure_compression(server, fingerprinted=(DASH_BUNDLES, asset_bundle.PREFIX))
    jobs = job_manager(config, server.extensions["redis_store"])
    if hasattr(jobs, "handle") and config.background_jobs == "celery":
        server.extensions["celery"] = jobs.handle  # `celery -A app:celery_app worker` finds it via app.py
    server.extensions["head_start"] = HeadStart(config.key_prefix, server.extensions.get("celery"))
    start_collection(config, server, jobs)
    script, stylesheet = asset_bundle.page_bundles()
    serve_page_bundles(server, (script, stylesheet))
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(DASHBOARD_DIR / "pages"),
        assets_folder=str(DASHBOARD_DIR / "assets"),
        assets_ignore=r"\.(js|css)$",  # served joined, one script and one stylesheet (dashboard/asset_bundle.py)
        external_scripts=[script.url],
        external_stylesheets=[stylesheet.url],
        title="Creator Analytics",
        suppress_callback_exceptions=True,
        on_error=_log_callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        compress=True,  # the page's 3.6 MB of scripts travel as about 0.9 MB
        # Not eager_loading, which fetches every lazy chunk (MathJax, the DataTable's): dashboard/scripts.py puts
        # plotly.js and the chunks the first view uses in the first wave of requests, and leaves the rest lazy.
        health_endpoint=None,  # our own /healthz checks Redis and the worker (web/health.py)
        background_callback_manager=jobs,
    )
    from dashboard.scripts import leave_out_legacy_polyfill, load_first_view_scripts_up_front, preload_plotly
    from dashboard.shell import index_string

    load_first_view_scripts_up_front()
    leave_out_legacy_polyfill()
    serve_plotly_bundle(server)
    app.index_string = preload_plotly(index_string(app.index_string))
    from callbacks import pages  # importing registers the callbacks

    app.layout = pages.shell_layout
    pages.install()
    pages.paint_first(app)
    serve_sharing_views(server, stylesheet.url)
    serve_mail_pages(server, stylesheet.url)
    from web import dash_routes, health

    health.register_health(
        server, server.extensions["redis_store"], config.key_prefix, with_worker=config.background_jobs == "celery"
    )
    dash_routes.make_dash_routes_strict(app)
    security.allow_dash_inline_scripts(app, server.extensions["security_headers"])
    return app


def serve_page_bundles(server: Flask, bundles) -> None:
    """Serve our joined script and stylesheet; their addresses change with their content, so browsers keep them."""
    for bundle in bundles:
        kind = bundle.url.rsplit(".", 1)[1]
        _serve_bytes(server, bundle.url, "page_bundle_" + kind, bundle.body, bundle.mimetype, 365 * 86_400, True)


def serve_sharing_views(server: Flask, stylesheet_url: str) -> None:
    """Share links' pages are drawn by callbacks/sharing.py, in the page bundle's stylesheet, with two scripts of
    their own (the theme's, in <head>; the charts' and copy button's)."""
    from callbacks.sharing import SharedViews
    from dashboard.scripts import PLOTLY_URL
    from dashboard.sharing.document import SCRIPT_URL, THEME_SCRIPT_URL, Assets

    server.extensions["share_views"] = SharedViews(Assets(stylesheet_url, PLOTLY_URL))
    script = (DASHBOARD_DIR / "sharing" / "pages.js").read_bytes()
    _serve_bytes(server, SCRIPT_URL, "sharing_script", script, "application/javascript", 3600)
    theme = (DASHBOARD_DIR / "sharing" / "theme.js").read_bytes()
    _serve_bytes(server, THEME_SCRIPT_URL, "sharing_theme", theme, "application/javascript", 3600)


def serve_mail_pages(server: Flask, stylesheet_url: str) -> None:
    """The digest's pages (web/mail_pages.py) in the dashboards' stylesheet, with their theme and zone scripts: the
    dashboards' own two (the same cookies and storage), then the settings page's."""
    from web import mail_pages

    sources = [DASHBOARD_DIR / "assets" / "30-timezone.js", DASHBOARD_DIR / "assets" / "40-theme.js"]
    sources.append(Path(mail_pages.__file__).with_suffix(".js"))
    script = b";\n".join(source.read_bytes() for source in sources)
    server.extensions["mail_page_assets"] = mail_pages.PageAssets(stylesheet_url, mail_pages.SCRIPT_URL)
    _serve_bytes(server, mail_pages.SCRIPT_URL, "mail_pages_script", script, "application/javascript", 3600)


def serve_plotly_bundle(server: Flask) -> None:
    """Dash's graphs load plotly.js from PLOTLY_URL: serve the cartesian bundle there (dashboard/scripts.py)."""
    from dashboard.scripts import PLOTLY_URL, plotly_bundle

    bundle = plotly_bundle()
    if bundle is not None:  # else Dash serves its own, full bundle there
        # An hour in browsers' caches: the address does not change with the bundle, as Dash's own does not.
        _serve_bytes(server, PLOTLY_URL, "plotly_bundle", bundle, "application/javascript", 3600)


def _serve_bytes(server: Flask, url: str, endpoint: str, body: bytes, mimetype: str, max_age: int, immutable=False):
    """Answer GET ``url`` with ``body``, cacheable by browsers for ``max_age`` seconds."""
    from flask import Response

    headers = {"Cache-Control": f"public, max-age={max_age}" + (", immutable" if immutable else "")}
    server.add_url_rule(url, endpoint, lambda: Response(body, mimetype=mimetype, headers=headers))


def _log_callback_error(error: Exception):
    """Last line of defence: log it; the browser keeps what it showed and sees no trace."""
    log.error("Callback failed: %s", type(error).__name__, exc_info=error)
