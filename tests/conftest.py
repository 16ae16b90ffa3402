"""Shared fixtures: a real Redis under a private key prefix, the app served over real HTTP."""

import os
import shutil

import pytest
import redis
from flask import Flask

from sandbox import init_sandbox
from tests.helpers.config import app_config
from tests.helpers.servers import LiveServer, delete_prefixed, free_port, test_redis_url, unique_prefix
from tests.helpers.smtp import SmtpServer
from tests.helpers.x_sandbox import Sandbox

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM:
    os.environ.setdefault("DASH_TEST_CHROMEPATH", CHROMIUM)


def pytest_setup_options():
    """Chromium options for dash[testing]'s browser: headless on a machine with no outside network."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,4000",  # tall: every panel is in view, so drawn (70-panels-in-view.js)
    ):
        options.add_argument(flag)
    return options


@pytest.fixture(scope="session")
def redis_url():
    url, throwaway = test_redis_url()
    yield url
    if throwaway:
        throwaway.stop()


@pytest.fixture(scope="session")
def redis_client(redis_url):
    return redis.Redis.from_url(redis_url)


@pytest.fixture
def key_prefix(redis_client):
    """A fresh prefix per test; its keys are deleted afterwards and nothing else is touched."""
    prefix = unique_prefix()
    yield prefix
    delete_prefixed(redis_client, prefix)


@pytest.fixture
def serve_flask(served_server):
    """Start the app's Flask server (no Dash pages) with testing settings; returns its base URL."""
    return lambda **overrides: served_server(**overrides)[0]


@pytest.fixture
def dashboard_server(redis_url, key_prefix):
    """The app's Flask server with the sandbox, served over HTTP, and the dashboards' callbacks: (server, URL)."""
    import callbacks  # noqa: F401 - registers the panels the tests draw
    from factory import create_server

    port = free_port()
    server = create_server(app_config(redis_url, key_prefix, port=port))
    live = LiveServer(server, port)
    yield server, live.url
    live.stop()


@pytest.fixture
def dash_server(redis_url, key_prefix):
    """The whole app (its pages too) of the test's own, on the test's key prefix: its URL."""
    from factory import create_app

    port = free_port()
    live = LiveServer(create_app(app_config(redis_url, key_prefix, port=port)).server, port)
    yield live.url
    live.stop()


@pytest.fixture
def folding_dash_server(redis_url, key_prefix):
    """The whole app as `make run` runs it: it folds EventSub's messages and so holds the channels' WebSockets."""
    from factory import create_app
    from web.eventsub import start_folding

    port = free_port()
    server = create_app(app_config(redis_url, key_prefix, port=port)).server
    folder = start_folding(server)
    live = LiveServer(server, port)
    yield live.url
    folder.stop()
    for channel in list(server.extensions["eventsub"].sockets.shards):
        server.extensions["eventsub"].sockets.close(channel)
    live.stop()


@pytest.fixture(scope="session")
def live_prefix():
    """The key prefix of ``live_app``, for tests that look at (or age) what it stored."""
    return unique_prefix()


@pytest.fixture(scope="session")
def live_dash_app(redis_url, redis_client, live_prefix):
    """The whole Dash app, served once for the browser tests, under its own key prefix: ``(url, app)``."""
    from factory import create_app

    prefix, port = live_prefix, free_port()
    app = create_app(app_config(redis_url, prefix, port=port))
    live = LiveServer(app.server, port)
    yield live.url, app
    live.stop()
    delete_prefixed(redis_client, prefix)


@pytest.fixture(scope="session")
def live_app(live_dash_app):
    """The base URL of the Dash app the browser tests share."""
    return live_dash_app[0]


@pytest.fixture(scope="session")
def postgres_server_url():
    """The PostgreSQL the tests use; a test needing it fails with a clear message when none answers."""
    from tests.helpers.database import check_postgres, postgres_url

    url = postgres_url()
    check_postgres(url)
    return url


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, tmp_path):
    """An empty database of the test's own, on each backend: a fresh PostgreSQL schema, or a new SQLite file."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.db'}"
        return
    from tests.helpers.database import PostgresSchema

    schema = PostgresSchema(request.getfixturevalue("postgres_server_url"))
    yield schema.url
    schema.drop()


@pytest.fixture
def database_engine(database_url):
    from core.database import create_database_engine

    engine = create_database_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def history_sessions(database_engine):
    """A session factory on a database holding the models' tables (made directly; migrations are tested apart)."""
    from core.database import session_factory
    from sync.database.models import Base

    Base.metadata.create_all(database_engine)
    return session_factory(database_engine)


@pytest.fixture
def postgres_apps(redis_url, key_prefix, postgres_server_url):
    """Start the whole app (its pages, the sandbox) on a migrated PostgreSQL schema of its own, with settings
    overridden: ``start(**overrides)`` -> (Flask server, URL)."""
    import migrations
    from core.database import create_database_engine
    from factory import create_app
    from tests.helpers.database import PostgresSchema

    started = []

    def start(**overrides):
        schema = PostgresSchema(postgres_server_url)
        engine = create_database_engine(schema.url)
        migrations.upgrade(engine)
        engine.dispose()
        port = free_port()
        config = app_config(redis_url, key_prefix, port=port, database_url=schema.url, **overrides)
        server = create_app(config).server
        started.append((LiveServer(server, port), server, schema))
        return server, started[-1][0].url

    yield start
    for live, server, schema in started:
        live.stop()
        server.extensions["runtime"].engine.dispose()
        schema.drop()


@pytest.fixture
def postgres_app(postgres_apps):
    """The whole app on a PostgreSQL schema of its own, as configured for tests: (Flask server, URL)."""
    return postgres_apps()


@pytest.fixture
def sandbox_server(redis_client, key_prefix):
    """The sandbox alone (no app around it) on a live server."""
    app = Flask(__name__)
    init_sandbox(app, redis_client, key_prefix)
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server):
    """The X sandbox with a client factory (tests.helpers.x_sandbox.Sandbox)."""
    return Sandbox(sandbox_server.url)


@pytest.fixture
def archive(tmp_path):
    """The history archive on a SQLite file of the test's own, its tables made from the models."""
    from core.database import create_database_engine, session_factory
    from core.vault import fernet_from
    from sync.database.archive import Archive
    from sync.database.models import Base

    engine = create_database_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    Base.metadata.create_all(engine)
    yield Archive(session_factory(engine), fernet_from("test-secret-key"))
    engine.dispose()


@pytest.fixture
def served_server(redis_url, key_prefix):
    """Start the app's Flask server (no Dash pages) and return it with its base URL: ``(url, server)``,
    for tests that also reach its runtime (history archive, Redis store) as a job would."""
    from factory import create_server

    servers = []

    def start(**overrides):
        # The app reaches its own sandbox on loopback at its configured port: serve it on that port.
        port = overrides.pop("port", None) or free_port()
        server = create_server(
            app_config(**{"redis_url": redis_url, "key_prefix": key_prefix, "port": port, **overrides})
        )
        live = LiveServer(server, port)
        servers.append(live)
        return live.url, server

    yield start
    for live in servers:
        live.stop()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback (tests/helpers/smtp.py): what it received, and 451s on demand."""
    server = SmtpServer().start()
    yield server
    server.stop()
