"""Callbacks of the frame around every page: who is signed in, in the navbar."""

from dash import Input, Output, State, callback, clientside_callback

from dashboard.components.navbar import account_items
from web import accounts


@callback(Output("navbar-accounts", "children"), Input("url", "pathname"))
def fill_navbar(_path):
    signed_in = accounts.signed_in()
    return account_items(list(signed_in.values()), accounts.csrf_token() if signed_in else None)


@callback(
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    State("navbar-collapse", "is_open"),
    prevent_initial_call=True,
)
def toggle_menu(clicks, is_open):
    """On a narrow screen the menu folds behind the toggler."""
    return not is_open if clicks else is_open


# The theme toggle names what it switches to; a click switches (and remembers it in the browser).
clientside_callback(
    """
    function (clicks) {
        var theme = clicks ? window.creatorAnalyticsToggleTheme() : window.creatorAnalyticsTheme();
        return theme === "dark" ? "Light mode" : "Dark mode";
    }
    """,
    Output("theme-toggle", "children"),
    Input("theme-toggle", "n_clicks"),
)
