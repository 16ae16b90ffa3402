"""The dashboard's word on daily collection: that it happens, a switch to turn it off, and
"Disconnect and delete my data" behind a confirmation; or why collection is paused."""

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.labels import provider_label

ON = "on"
PAUSED = "paused"  # the person turned it off
NEEDS_SIGN_IN = "needs sign-in"
UNTRACKED = "untracked"  # enrolment did not happen (the database was away at sign-in)
UNAVAILABLE = "unavailable"  # the database is away now


def collection_slot(provider: str):
    """Where the collection bar goes; filled by callbacks/collection.py once the page knows who is signed in."""
    return html.Div(id=f"{provider}-collection", className="mb-3")


def _delete_dialog(provider: str, csrf_token: str):
    label = provider_label(provider)
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(f"Disconnect {label} and delete your data?")),
            dbc.ModalBody(
                [
                    html.P(
                        f"This revokes this app's access to your {label} account, stops daily collection, and "
                        "deletes every day of history we collected for it: counters, posts and their metrics, "
                        "VOD and clip views, stream samples, and the replay of how you signed in. It cannot be undone."
                    ),
                    html.P("Data the provider still has can be fetched again when you sign in once more."),
                ]
            ),
            dbc.ModalFooter(
                html.Form(
                    [
                        dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
                        dcc.Input(type="hidden", name="confirm", value="delete"),
                        # type=button: inside the form, a plain button would submit it (and delete everything).
                        dbc.Button(
                            "Cancel", id=f"{provider}-delete-cancel", type="button", color="secondary", className="me-2"
                        ),
                        dbc.Button("Delete my data", id=f"{provider}-delete-confirm", type="submit", color="danger"),
                    ],
                    action=f"/disconnect/{provider}",
                    method="POST",
                    className="d-flex",
                )
            ),
        ],
        id=f"{provider}-delete-dialog",
        is_open=False,
    )


def collection_words(provider: str, on: bool) -> str:
    """The bar's sentence for collection on or off (the switch rewrites it when it is turned)."""
    if on:
        return (
            f"Daily collection is on: once a day we record your {provider_label(provider)} numbers, even when you "
            "are away, so your history has no gaps."
        )
    return "Daily collection is off: history is kept only for the days you open this dashboard."


def collection_bar(provider: str, state: str, message: str, csrf_token: str | None):
    """The bar for ``state``; ``message`` (from the database's account status) is safe to show."""
    label = provider_label(provider)
    delete = dbc.Button(
        "Disconnect and delete my data", id=f"{provider}-delete-open", color="danger", outline=True, size="sm"
    )
    if state in (UNTRACKED, UNAVAILABLE):
        return dbc.Alert(
            "Your history is not being collected right now (our database is away); "
            "dashboards still show what the provider serves. Signing in again later turns collection on.",
            color="secondary",
            className="mb-0 py-2 small",
            id=f"{provider}-collection-state",
        )
    if state == NEEDS_SIGN_IN:
        return dbc.Alert(
            [
                html.Strong("Collection is paused. "),
                message or f"{label} no longer accepts this sign-in.",
                dbc.Button("Sign in again", href=f"/login/{provider}", external_link=True, size="sm", className="ms-2"),
            ],
            color="warning",
            className="mb-0 py-2",
            id=f"{provider}-collection-state",
        )
    return dbc.Card(
        dbc.CardBody(
            [
                html.Span(
                    html.Span(
                        collection_words(provider, state == ON), id={"type": "collect-words", "provider": provider}
                    ),
                    className="me-3",
                    id=f"{provider}-collection-state",
                ),
                dbc.Switch(
                    id={"type": "collect-switch", "provider": provider},
                    label="Collect daily",
                    value=state == ON,
                    className="d-inline-block me-3 mb-0",
                ),
                delete,
                _delete_dialog(provider, csrf_token or ""),
            ],
            className="py-2 small d-flex flex-wrap align-items-center gap-2",
        )
    )
