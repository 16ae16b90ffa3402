"""GET /sandbox/outbox: the mail the app wrote as .eml files (no SMTP_URL set), newest first, each openable.

The sandbox knows only the directory it is handed (init_sandbox's ``outbox_dir``); it reads the files' headers to
list them and serves a file as message/rfc822, which a mail client (or a browser's download) opens whole.
"""

from email import message_from_binary_file
from email.policy import default
from html import escape
from pathlib import Path

from flask import Blueprint, abort, current_app, send_file

admin = Blueprint("sandbox_outbox", __name__)
DIRECTORY = "sandbox_outbox_dir"
SHOWN = 200


def _directory() -> Path:
    return Path(current_app.extensions[DIRECTORY])


@admin.get("/sandbox/outbox")
def listing():
    files = sorted(_directory().glob("*.eml"), key=lambda f: f.stat().st_mtime, reverse=True)[:SHOWN]
    rows = []
    for file in files:
        with file.open("rb") as handle:
            headers = message_from_binary_file(handle, policy=default, _class=None)
        subject = escape(str(headers.get("Subject", file.name)))
        rows.append(
            f"<tr><td>{escape(str(headers.get('Date', '')))}</td><td>{escape(str(headers.get('To', '')))}</td>"
            f'<td><a href="/sandbox/outbox/{escape(file.name)}">{subject}</a></td></tr>'
        )
    body = (
        "<table><tr><th>Date</th><th>To</th><th>Subject</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No mail written yet.</p>"
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox outbox</title></head>'
        '<body style="font-family:Arial,sans-serif"><h1>Mail written to the outbox</h1>'
        f"<p>{len(files)} newest of {escape(str(_directory()))}. Open a file with a mail client "
        "(Thunderbird, Apple Mail, Outlook open .eml files).</p>"
        f"{body}</body></html>"
    )
    return page, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


@admin.get("/sandbox/outbox/<name>")
def message(name: str):
    file = _directory() / name
    if not name.endswith(".eml") or "/" in name or name.startswith(".") or not file.is_file():
        abort(404)
    return send_file(file, mimetype="message/rfc822", as_attachment=True, download_name=name)
