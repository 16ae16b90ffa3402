"""An emulator of X and Twitch that speaks their real protocols over HTTP.

Written from the providers' documentation and ../shared/specs, never from our clients, so that it
catches the clients' mistakes instead of sharing them. Mounted on the app's own server:

    /sandbox/x/...        X: /oauth/*, /1.1/oauth/invalidate_token, /2/*
    /sandbox/twitch/...   Twitch: /oauth2/* (id.twitch.tv) and /helix/* (api.twitch.tv)
"""

import redis
from flask import Flask

from .state import SandboxState

X_PREFIX = "/sandbox/x"
TWITCH_PREFIX = "/sandbox/twitch"
CLOCK_HEADER = "Sandbox-Clock"  # a request answered as of the past (sandbox/clock.py); never sent to a real provider


def init_sandbox(
    app: Flask,
    client: redis.Redis,
    key_prefix: str,
    fault_switches: bool = True,
    callback_paths: dict[str, str] | None = None,
    live_events: bool = False,
    outbox_dir: str | None = None,
) -> None:
    """Register both emulated providers (and, outside production, the fault switches and clock) on ``app``.

    ``callback_paths`` ({"x": path, "twitch": path}) are the app's registered callbacks: the consent
    pages redirect only there, on their own host (see callbacks.py). ``live_events``: tell EventSub
    subscribers what live broadcasts do as it happens (twitch/eventsub.py's LiveTeller). ``outbox_dir``: where the
    app writes mail as .eml files, listed at /sandbox/outbox (outside production only).
    """
    from . import callbacks, clock, faults, outbox, twitch, x

    app.extensions["sandbox_state"] = SandboxState(client, key_prefix)
    app.extensions[clock.ENABLED] = fault_switches
    app.extensions[callbacks.PATHS] = dict(callback_paths or {})
    app.register_blueprint(x.blueprint, url_prefix=X_PREFIX)
    app.register_blueprint(twitch.blueprint, url_prefix=TWITCH_PREFIX)
    _serve_eventsub_sockets(app)
    if fault_switches:
        app.register_blueprint(faults.admin)
        app.register_blueprint(clock.admin)
        app.register_blueprint(twitch.eventsub.admin)
        app.register_blueprint(twitch.eventsub_ws.admin)
        if outbox_dir:
            app.extensions[outbox.DIRECTORY] = outbox_dir
            app.register_blueprint(outbox.admin)
    if live_events:
        app.extensions["sandbox_live_teller"] = twitch.eventsub.LiveTeller(app.extensions["sandbox_state"]).start()


def _serve_eventsub_sockets(app: Flask) -> None:
    """EventSub's WebSocket server (twitch/eventsub_ws.py) on this app's server."""
    from flask_sock import Sock

    from .twitch import eventsub, eventsub_ws

    state = app.extensions["sandbox_state"]

    def eventsub_socket(ws):
        eventsub_ws.serve(ws, state, lambda session_id: eventsub.session_ended(state, session_id))

    Sock(app).route(eventsub_ws.PATH)(eventsub_socket)
