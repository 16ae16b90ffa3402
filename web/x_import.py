"""POST /twitter/import: X's analytics export files, sent by the X dashboard's upload box, into the history.

The files are read up to a cap before any parsing, checked whole (providers/x/analytics_export.py) and kept
in one transaction. The answer is JSON, {"kind": "imported" or "refused", "text": a sentence to show}.
"""

import logging

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from providers.x.analytics_export import MAX_BYTES, ExportRefused, read_export
from sync.database.archive import HistoryUnavailable
from web import accounts

log = logging.getLogger(__name__)

blueprint = Blueprint("x_import", __name__)
PROVIDER = "twitter"
MAX_FILES = 2  # the content export and the account overview
FORM_OVERHEAD = 64 * 1024
TOO_BIG = (
    f"The upload is over {MAX_FILES * MAX_BYTES // 1024 // 1024} MB: X's analytics exports are well under "
    f"{MAX_BYTES // 1024 // 1024} MB each, so nothing was imported."
)


@blueprint.post("/twitter/import")
def import_export():
    account = accounts.account(PROVIDER)
    if account is None:
        return _said("refused", "Sign in with X to import its analytics export.", 403)
    # The files' cap, not the callbacks' small one: a body past it is refused unread.
    request.max_content_length = MAX_FILES * MAX_BYTES + FORM_OVERHEAD
    try:
        if not accounts.csrf_valid(request.form.get("csrf_token")):
            return _said("refused", "The page's form expired; reload the page and import again.", 400)
        files = [upload for upload in request.files.getlist("export") if upload.filename]
    except RequestEntityTooLarge:
        return _said("refused", TOO_BIG, 413)
    if not files:
        return _said("refused", "Choose the CSV files X's analytics page exported.", 400)
    if len(files) > MAX_FILES:
        return _said("refused", "Import at most two files at once: the content CSV and the account overview CSV.", 400)
    try:
        exports = [
            (upload.filename, read_export(upload.stream.read(MAX_BYTES + 1), upload.filename)) for upload in files
        ]
        summary = current_app.extensions["runtime"].archive.import_x_exports(account.id, account.username, exports)
    except ExportRefused as refused:
        return _said("refused", f"{refused} Nothing was imported.", 400)
    except HistoryUnavailable as away:
        return _said("refused", str(away), 503)
    log.info("X analytics export imported: %s", summary)
    return _said("imported", summary.sentence(), 200)


def _said(kind: str, text: str, status: int):
    return jsonify(kind=kind, text=text), status
