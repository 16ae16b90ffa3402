"""The X dashboard as a signed-in browser session meets it: synced as the page's job syncs, drawn as the page draws."""

import requests


def _as_session(server, base: str, http: requests.Session):
    return server.test_request_context(
        "/twitter", base_url=base, headers={"Cookie": f"session={http.cookies['session']}"}
    )


def sync_x(server, base: str, http: requests.Session) -> dict:
    """Every X dataset synced for the session's account, as the background job runs it; its outcomes."""
    from callbacks import x
    from sync.jobs.runner import sync_job
    from web.background import identity

    with _as_session(server, base, http):
        prefix = server.extensions["app_config"].key_prefix
        return sync_job("twitter", identity(prefix), list(x.board.datasets), lambda *_: None)["outcomes"]


def draw_x(server, base: str, http: requests.Session) -> dict:
    """Every X panel's body as the page draws it for the session, over all time."""
    from callbacks import x
    from dashboard.components.daterange import preset_dates
    from web import accounts

    start, end = preset_dates("all")
    with _as_session(server, base, http):
        return x.board.bodies(accounts.account("twitter").id, start, end, {"twitter-top-posts-by": "engagements"})
