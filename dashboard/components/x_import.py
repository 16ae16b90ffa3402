"""The X dashboard's import box: X's analytics export files, sent to /twitter/import (web/x_import.py) by
callbacks/x_import.py. Static: the form token and where to find the files are filled per person."""

import dash_bootstrap_components as dbc
from dash import dcc, html

EXPORT_PAGE = "https://x.com/i/account_analytics"


def import_card():
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Import X's analytics export", className="h5"),
                html.P(
                    "X's API tells impressions and clicks for a post's first 30 days only, and follows per post "
                    "never; X's own analytics export tells both, for posts and days before you signed in here too. "
                    "Imported numbers are kept apart from the API's and marked as the export's.",
                    className="small mb-1",
                ),
                html.P(import_source(None), id="twitter-import-source", className="small text-muted"),
                dcc.Upload(
                    html.Span(["Drop the two CSV files here, or ", html.Span("choose them", className="link-primary")]),
                    id="twitter-import-upload",
                    multiple=True,
                    accept=".csv,text/csv",
                    className="upload-drop small",
                ),
                html.Div(id="twitter-import-outcome", role="status", className="small mt-2"),
                dcc.Store(id="twitter-import-form"),
            ]
        ),
        className="mb-3",
    )


def import_source(sandbox_username: str | None) -> list:
    """Where the files come from: X's analytics page, or the sandbox's copy of it for a sandbox account."""
    if sandbox_username:
        base = f"/sandbox/x/i/account_analytics/{sandbox_username}"
        return [
            "The sandbox exports them as X does: the ",
            html.A("content CSV", href=f"{base}/content.csv"),
            " and the ",
            html.A("account overview CSV", href=f"{base}/overview.csv"),
            ". Download both, then import them here.",
        ]
    return [
        "On X's analytics page (",
        html.A("x.com/i/account_analytics", href=EXPORT_PAGE, target="_blank", rel="noopener"),
        ", Premium) choose a range and export the content CSV (a row per post) and the account overview CSV "
        "(a row per day), then import both here.",
    ]
