"""The X dashboard's import box: the chosen files go to /twitter/import as they are (the callbacks' own
requests are capped far below an export's size), the answer is shown, and the panels redraw."""

from dash import Input, Output, State, clientside_callback

from dashboard.components.x_import import import_source
from providers.x.analytics_export import MAX_BYTES
from web import accounts
from web.x_import import MAX_FILES, TOO_BIG

# Sent by fetch, not through a callback; a file past the cap is refused here, unsent, with the server's words.
_SEND = """
async function (contents, names, form) {
    var none = window.dash_clientside.no_update;
    if (!contents || !contents.length || !form) return [none, none, none];
    var body = new FormData(), total = 0;
    contents.forEach(function (url, i) {
        var raw = atob(url.slice(url.indexOf(",") + 1)), bytes = new Uint8Array(raw.length);
        for (var k = 0; k < raw.length; k++) bytes[k] = raw.charCodeAt(k);
        total += bytes.length;
        body.append("export", new Blob([bytes], {type: "text/csv"}), names[i]);
    });
    body.append("csrf_token", form.token);
    var said;
    if (total > form.max_bytes) {
        said = {kind: "refused", text: form.too_big};
    } else {
        try {
            var reply = await fetch("/twitter/import", {method: "POST", body: body, credentials: "same-origin"});
            said = await reply.json();
        } catch (error) {
            said = {kind: "refused", text: "The files did not reach the server; check the connection and try again."};
        }
    }
    var imported = said.kind === "imported", look = "alert py-2 small mt-2 alert-" + (imported ? "success" : "danger");
    return [said.text, look, imported ? "import:" + Date.now() : none];
}
"""

clientside_callback(
    _SEND,
    Output("twitter-import-outcome", "children"),
    Output("twitter-import-outcome", "className"),
    Output("twitter-redraw", "data", allow_duplicate=True),
    Input("twitter-import-upload", "contents"),
    State("twitter-import-upload", "filename"),
    State("twitter-import-form", "data"),
    prevent_initial_call=True,
)


def import_values(account) -> dict:
    """The import box's parts that depend on who is signed in: the form token, and where the files come from."""
    form = {"token": accounts.csrf_token() or "", "max_bytes": MAX_FILES * MAX_BYTES, "too_big": TOO_BIG}
    return {
        ("twitter-import-form", "data"): form,
        ("twitter-import-source", "children"): import_source(account.username if account.sandbox else None),
    }
