"""Our page's own scripts and styles, each kind joined into one file with its content's hash in its address.

The sources stay one file per job in ``dashboard/assets/`` (Bootstrap's theme, our styles, each script).
Dash would load every one as its own request; on a cold load they queued behind Dash's bundles for the
browser's six connections to the server, and held up the start of the page. Joined, they are one script
and one stylesheet, and an address that changes with their content lets browsers keep them for a year.
The files are joined in name order, as Dash would load them, and once, when the app starts.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
PREFIX = "/_bundle/"  # where the joined files are served; their names carry a hash of their content
MIMETYPES = {"js": "application/javascript", "css": "text/css"}


@dataclass(frozen=True)
class Bundle:
    """One joined file: its address and its bytes."""

    url: str
    body: bytes
    mimetype: str


def _joined(kind: str, folder: Path) -> Bundle:
    parts = []
    for source in sorted(folder.glob(f"*.{kind}")):
        # Each script is its own function already; the semicolon keeps one file's last statement from
        # running into the next.
        parts.append(f"/* {source.name} */\n{source.read_text(encoding='utf-8')}\n" + (";\n" if kind == "js" else ""))
    body = "".join(parts).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:16]
    return Bundle(url=f"{PREFIX}app.{digest}.{kind}", body=body, mimetype=MIMETYPES[kind])


def page_bundles(folder: Path = ASSETS_DIR) -> tuple[Bundle, Bundle]:
    """(the page's script, its stylesheet), joined from ``folder``."""
    return _joined("js", folder), _joined("css", folder)
