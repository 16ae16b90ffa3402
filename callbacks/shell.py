"""Callbacks of the frame around every page: the phone menu and the theme toggle (pages.py fills the navbar)."""

from dash import Input, Output, State, callback, clientside_callback


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
