"""X's analytics export (x.com/i/account_analytics, Premium) read into records: the per-post content file
(``account_analytics_content_<start>_<end>.csv``) and the daily account overview
(``account_overview_analytics.csv``).

Columns are found by their header, in any order, under each spelling X has used: the old Twitter
Analytics export ("Tweet id", "time", "user profile clicks", "retweets") and today's ("Post id",
"Date", "Profile visits", "Reposts"). Anything that is not such a file is refused with a sentence
saying why (``ExportRefused``): the whole file or nothing, so an import never keeps half of one.
"""

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

MAX_BYTES = 5 * 1024 * 1024  # a content export of X's 3,200 newest posts weighs about 1 MB
CONTENT, OVERVIEW = "content", "overview"
SNOWFLAKE_EPOCH_MS = 1_288_834_974_657  # X's post ids carry their creation time since this moment

# Each record field and the headers X has written it under (compared lower-cased, spaces collapsed).
CONTENT_COLUMNS = {
    "id": ("post id", "tweet id"),
    "created": ("date", "time", "post time", "created at"),
    "text": ("post text", "tweet text", "text"),
    "url": ("post link", "tweet permalink", "permalink"),
    "impressions": ("impressions", "views"),
    "likes": ("likes", "favorites"),
    "engagements": ("engagements",),
    "bookmarks": ("bookmarks",),
    "shares": ("shares",),
    "new_follows": ("new follows", "follows"),
    "replies": ("replies",),
    "reposts": ("reposts", "retweets"),
    "profile_visits": ("profile visits", "user profile clicks"),
    "detail_expands": ("detail expands",),
    "url_clicks": ("url clicks", "link clicks"),
}
OVERVIEW_COLUMNS = {
    "day": ("date",),
    "impressions": ("impressions", "views"),
    "likes": ("likes",),
    "engagements": ("engagements",),
    "bookmarks": ("bookmarks",),
    "shares": ("shares",),
    "new_follows": ("new follows", "follows"),
    "unfollows": ("unfollows",),
    "replies": ("replies",),
    "reposts": ("reposts", "retweets"),
    "profile_visits": ("profile visits",),
    "posts_created": ("create post", "posts created"),
    "video_views": ("video views",),
}
COUNT_FIELDS = {
    CONTENT: tuple(name for name in CONTENT_COLUMNS if name not in ("id", "created", "text", "url")),
    OVERVIEW: tuple(name for name in OVERVIEW_COLUMNS if name != "day"),
}
# Today's export writes "Sat, Sep 12, 2026"; the old one "2019-05-14 18:30 +0000"; both as ISO too.
DATE_FORMATS = ("%a, %b %d, %Y", "%b %d, %Y", "%a, %B %d, %Y", "%B %d, %Y", "%Y-%m-%d")
TIME_FORMATS = ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z")
SPREADSHEET_DATE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
POST_LINK = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/(\w{1,15}|i)/status(?:es)?/(\w+)", re.I)
ROUNDED_ID = re.compile(r"^\d(?:[.,]\d+)?e\+?\d+$", re.I)
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV injection)...
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...but X's own cells may start so: a reply's text names whom it answers ("@ana thanks"), a count may be
# signed. Those alone pass; "@SUM(...)", "-2+3+cmd|..." or "=HYPERLINK(...)" do not.
HARMLESS = re.compile(r"^(?:@\w{1,15}(?=[\s,.:;!?]|$)|[+-]?\d[\d,.\s]*%?$)")
MAGIC = {b"PK\x03\x04": "an Excel workbook (.xlsx)", b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)"}


class ExportRefused(ValueError):
    """The file is not an X analytics export this app can take whole; ``str()`` says why in a sentence."""


@dataclass(frozen=True)
class ExportedPost:
    """One row of the content export; a None count is a cell the file left empty (or a column it lacks)."""

    id: str
    created_at: datetime
    text: str = ""
    url: str = ""
    impressions: int | None = None
    likes: int | None = None
    engagements: int | None = None
    bookmarks: int | None = None
    shares: int | None = None
    new_follows: int | None = None
    replies: int | None = None
    reposts: int | None = None
    profile_visits: int | None = None
    detail_expands: int | None = None
    url_clicks: int | None = None


@dataclass(frozen=True)
class ExportedDay:
    """One row of the account overview: the account's whole day, as X counted it."""

    day: date
    impressions: int | None = None
    likes: int | None = None
    engagements: int | None = None
    bookmarks: int | None = None
    shares: int | None = None
    new_follows: int | None = None
    unfollows: int | None = None
    replies: int | None = None
    reposts: int | None = None
    profile_visits: int | None = None
    posts_created: int | None = None
    video_views: int | None = None


@dataclass(frozen=True)
class AnalyticsExport:
    """A whole file: which kind, and its rows (posts for the content export, days for the overview)."""

    kind: str
    posts: tuple[ExportedPost, ...] = ()
    days: tuple[ExportedDay, ...] = ()
    handles: frozenset[str] = field(default_factory=frozenset)  # whose post links the file holds, lower-cased

    @property
    def span(self) -> tuple[date, date]:
        """The first and last day the file covers."""
        days = [post.created_at.date() for post in self.posts] or [day.day for day in self.days]
        return min(days), max(days)


def read_export(data: bytes, name: str = "the file") -> AnalyticsExport:
    """The export in ``data`` (the file's bytes), or ExportRefused saying what is wrong with it."""
    text = _text(data, name)
    rows = _rows(text, name)
    header = [" ".join(cell.strip().lower().split()) for cell in rows[0]]
    kind, columns = _kind(header, name)
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ExportRefused(f"{name} has X's columns but no rows: export a range that holds posts or days.")
    decimal_comma = _delimiter(text) == ";"  # a European spreadsheet's save: "." groups thousands there
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ExportRefused(
                f"Row {number} of {name} has {len(row)} cells where the header has {len(header)}: the file was cut "
                "short or saved again with another separator. Export it from X again."
            )
        _refuse_formulas(row, number, name)
    place = {key: next(i for i, h in enumerate(header) if h in spellings) for key, spellings in columns.items()}
    if kind == CONTENT:
        posts = tuple(_post(row, number, place, decimal_comma, name) for number, row in enumerate(body, start=2))
        _refuse_repeats([post.id for post in posts], "post", name)
        handles = frozenset(
            match.group(1).lower() for post in posts if (match := POST_LINK.match(post.url)) and match.group(1) != "i"
        )
        return AnalyticsExport(CONTENT, posts=posts, handles=handles)
    days = tuple(_day(row, number, place, decimal_comma, name) for number, row in enumerate(body, start=2))
    _refuse_repeats([day.day.isoformat() for day in days], "day", name)
    return AnalyticsExport(OVERVIEW, days=days)


def created_time(post_id: str, day: date) -> datetime:
    """When a post was made, from its id (X's ids carry it to the millisecond) when that agrees with the day
    the export gives (give or take a time zone); the day's noon, UTC, when it does not."""
    noon = datetime.combine(day, time(12), UTC)
    if post_id.isdigit():
        made = datetime.fromtimestamp(((int(post_id) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, UTC)
        if abs((made - noon).total_seconds()) <= 36 * 3600:
            return made
    return noon


def _text(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ExportRefused(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB; X's analytics exports are well under "
            f"{MAX_BYTES // 1024 // 1024} MB, so this is not one."
        )
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise ExportRefused(f"{name} is {what}, not CSV: export the CSV from X's analytics page, or save as CSV.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="strict")  # "Unicode text" from a spreadsheet: still readable
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportRefused(f"{name} is not text in UTF-8, as X writes its exports.") from None
    if "\x00" in text:
        raise ExportRefused(f"{name} holds binary data, not the text of a CSV file.")
    return text


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _rows(text: str, name: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True))
    except csv.Error as error:
        raise ExportRefused(f"{name} is not a well-formed CSV file ({error}).") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ExportRefused(f"{name} is empty.")
    return rows


def _kind(header: list[str], name: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    def present(columns):
        return {key: spellings for key, spellings in columns.items() if any(h in spellings for h in header)}

    content, overview = present(CONTENT_COLUMNS), present(OVERVIEW_COLUMNS)
    if {"id", "created", "impressions"} <= content.keys():
        return CONTENT, content
    if "day" in overview and {"new_follows", "unfollows", "impressions"} & overview.keys() and "id" not in content:
        return OVERVIEW, overview
    shown = ", ".join(cell for cell in header[:6] if cell) or "none"
    raise ExportRefused(
        f"{name} is not one of X's analytics exports: it lacks their columns (it starts with {shown}). "
        "Take the content CSV or the account overview CSV from X's analytics page."
    )


def _refuse_formulas(row: list[str], number: int, name: str) -> None:
    for cell in row:
        value = cell.lstrip(" ")
        if value.startswith(FORMULA_START) and not HARMLESS.match(value):
            raise ExportRefused(
                f"Row {number} of {name} holds a spreadsheet formula ({_quoted(value)}); X never writes one, "
                "so the file was changed after export."
            )


def _refuse_repeats(keys: list[str], what: str, name: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ExportRefused(f"{name} lists {what} {key} twice: two exports were joined by hand; import each alone.")
        seen.add(key)


def _post(row: list[str], number: int, place: dict, decimal_comma: bool, name: str) -> ExportedPost:
    post_id = row[place["id"]].strip()
    if ROUNDED_ID.match(post_id):
        raise ExportRefused(
            f"Row {number} of {name} has the post id {post_id}: a spreadsheet rounded X's long ids, so posts "
            "cannot be told apart. Export the file from X again and import it without opening it in a spreadsheet."
        )
    if not post_id.isdigit() or len(post_id) > 19:
        raise ExportRefused(f"Row {number} of {name} has {_quoted(post_id)} for a post id; X's are numbers.")
    moment = _moment(row[place["created"]], number, name)
    url = row[place["url"]].strip() if "url" in place else ""
    link = POST_LINK.match(url)
    if url and (not link or link.group(2) != post_id):
        raise ExportRefused(f"Row {number} of {name} links to {_quoted(url)}, not to post {post_id} on X.")
    counts = {
        key: _count(row[place[key]], number, key, decimal_comma, name) for key in COUNT_FIELDS[CONTENT] if key in place
    }
    created = moment if isinstance(moment, datetime) else created_time(post_id, moment)
    return ExportedPost(post_id, created, row[place["text"]] if "text" in place else "", url, **counts)


def _day(row: list[str], number: int, place: dict, decimal_comma: bool, name: str) -> ExportedDay:
    moment = _moment(row[place["day"]], number, name)
    counts = {
        key: _count(row[place[key]], number, key, decimal_comma, name) for key in COUNT_FIELDS[OVERVIEW] if key in place
    }
    return ExportedDay(moment.date() if isinstance(moment, datetime) else moment, **counts)


def _moment(cell: str, number: int, name: str) -> date | datetime:
    """A day (today's export) or a moment (the old export's "time"), from any of X's formats."""
    value = " ".join(cell.split())
    moment = _parsed_moment(value)
    if moment is not None:
        return moment
    if SPREADSHEET_DATE.match(value):
        raise ExportRefused(
            f"Row {number} of {name} dates a row {_quoted(value)}: a spreadsheet rewrote X's dates, and such a date "
            "reads as two different days. Export the file from X again."
        )
    raise ExportRefused(f"Row {number} of {name} has {_quoted(value)} where X writes a date.")


@functools.lru_cache(maxsize=4096)  # an export repeats each day on many rows; strptime is the slow part
def _parsed_moment(value: str) -> date | datetime | None:
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            pass
    for layout in TIME_FORMATS:
        try:
            return datetime.strptime(value, layout).astimezone(UTC)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _count(cell: str, number: int, column: str, decimal_comma: bool, name: str) -> int | None:
    """A whole count: "1,234" (or "1.234" from a European spreadsheet, "1 234", "12.0"); None for an empty cell."""
    if cell.isdigit():  # most cells: nothing to take apart
        return int(cell)
    value = cell.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if value in ("", "-", "–"):
        return None
    # The old export wrote counts as decimals ("1204.0"): a zero fraction is still a whole number.
    grouped = (
        re.sub(r",0+$", "", value).replace(".", "") if decimal_comma else re.sub(r"\.0+$", "", value).replace(",", "")
    )
    if grouped.isdigit():
        return int(grouped)
    raise ExportRefused(
        f"Row {number} of {name} has {_quoted(cell)} for {column.replace('_', ' ')}, where X writes a whole number."
    )


def _quoted(value: str) -> str:
    value = value.strip()
    return f"“{value[:40]}…”" if len(value) > 40 else f"“{value}”"
