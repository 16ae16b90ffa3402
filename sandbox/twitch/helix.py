"""api.twitch.tv/helix: the read endpoints a social dashboard uses, answered from the seeded accounts.

Channel-scoped parameters (``broadcaster_id``) know only the sandbox accounts in seed.py (and the
crowd of crowd.py); the viewers in people.py are users (``/users``, ``/channels``) without channels
of their own. Everything is answered as of the sandbox's clock (asof.py, sandbox/clock.py).
"""

from collections import defaultdict
from datetime import datetime, timedelta, timezone

from flask import Blueprint, g, jsonify, request

from .. import TWITCH_PREFIX, clock, faults
from . import asof, followers, generate, guard, live, people, schedule, seed
from .generate import STATIC
from .paging import page_size, window
from .replies import HelixError, helix_error
from .timefmt import parse_rfc3339, rfc3339, zoneless

blueprint = Blueprint("helix", __name__)
blueprint.before_request(guard.check_request)
blueprint.after_request(guard.add_ratelimit_headers)

DAY = 86_400
MAX_IDS = 100
PST = timezone(timedelta(hours=-8))  # Twitch aggregates Bits in PST, whatever the season
FOLLOWERS_SCOPE = "moderator:read:followers"
SUBSCRIPTIONS_SCOPE = "channel:read:subscriptions"
BITS_SCOPE = "bits:read"
GOALS_SCOPE = "channel:read:goals"
EMAIL_SCOPE = "user:read:email"
VIDEO_PERIODS = {"all": None, "day": DAY, "week": 7 * DAY, "month": 30 * DAY}
VIDEO_SORTS = {"time": "_at", "views": "view_count", "trending": "_trending"}


@blueprint.errorhandler(HelixError)
def _reply_error(error: HelixError):
    return helix_error(error.status, error.message)


@blueprint.after_request
def _times_without_zone(response):
    """The zoneless_times variant (faults.py): times as Twitch's CLI mock API sends them."""
    if response.is_json and faults.variant("twitch", "zoneless_times"):
        response.set_data(zoneless(response.get_data()))
    return response


# Parameters ---------------------------------------------------------------------------------------


def _values(name: str, maximum: int = MAX_IDS) -> list[str]:
    """A repeatable parameter's distinct values, in the order given."""
    values = list(dict.fromkeys(value for value in request.args.getlist(name) if value))
    if len(values) > maximum:
        raise HelixError(400, f'The parameter "{name}" may be given at most {maximum} times')
    return values


def _required(name: str) -> str:
    value = request.args.get(name, "")
    if not value:
        raise HelixError(400, f'Missing required parameter "{name}"')
    return value


def _channel(name: str = "broadcaster_id") -> seed.Account:
    account = seed.by_id(_required(name))
    if account is None:
        raise HelixError(400, f'The parameter "{name}" is not valid')
    return account


def _own_channel(account: seed.Account) -> None:
    if account.id != guard.user_id():
        raise HelixError(401, "The ID in broadcaster_id must match the user ID found in the request's OAuth token.")


def _choice(name: str, allowed, default: str) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        raise HelixError(400, f'The parameter "{name}" was malformed: the value must be one of {", ".join(allowed)}')
    return value


def _time(name: str) -> int | None:
    raw = request.args.get(name)
    if not raw:
        return None
    value = parse_rfc3339(raw)
    if value is None:
        raise HelixError(400, f'The parameter "{name}" was malformed: the value must be an RFC3339 date-time')
    return value


def _one_of(*names: str) -> str:
    """Name of the single lookup parameter given; Twitch wants exactly one of them."""
    given = [name for name in names if request.args.get(name)]
    if len(given) != 1:
        raise HelixError(400, f"The request must specify exactly one of {', '.join(names)}")
    return given[0]


# Replies ------------------------------------------------------------------------------------------


def _static_base() -> str:
    return request.url_root.rstrip("/") + TWITCH_PREFIX + "/static"


def _public(item: dict) -> dict:
    """Drop the generator's internal keys and point thumbnails at this server."""
    body = {key: value for key, value in item.items() if not key.startswith("_")}
    if "thumbnail_url" in body:
        body["thumbnail_url"] = body["thumbnail_url"].replace(STATIC, _static_base())
    return body


def _anchor() -> int:
    """The seed's anchor, pinned for the whole request so an hour turning mid-request changes nothing."""
    if "twitch_anchor" not in g:
        g.twitch_anchor = seed.anchor()
    return g.twitch_anchor


def _now() -> float:
    """The moment this request is answered as of: the sandbox's clock, else real time."""
    return clock.now()


def _data(account: seed.Account):
    return asof.channel(account, _anchor(), int(_now()))


def _all_channels():
    """The named accounts' channels: what lookups by game or across channels search (not the crowd)."""
    return [_data(account) for account in seed.ACCOUNTS.values()]


def _live_stream(account: seed.Account) -> dict | None:
    """The channel's stream as of the clock: today's for a named channel live today, else by its slots."""
    at, anchor = int(_now()), _anchor()
    if at >= anchor and account.login in seed.ACCOUNTS:
        return generate.channel_data(account, anchor).stream
    broadcast = live.on_air(account, at, seed.created_at(account, anchor))
    return live.stream(broadcast, at, STATIC) if broadcast else None


def _video_channels(video_ids: list[str]) -> list[generate.Channel]:
    """The channels that can hold these videos: the named ones, and the crowd accounts their ids name."""
    numbers = {generate.video_owner(video_id) for video_id in video_ids} - {None}
    owners = {account.login: account for account in map(seed.by_number, numbers) if account}
    owners.update(seed.ACCOUNTS)
    return [_data(account) for account in owners.values()]


def _user(user_id: str) -> dict | None:
    account = seed.by_id(user_id)
    if account:
        login, name, broadcaster_type, description = (
            account.login,
            account.display_name,
            account.broadcaster_type,
            account.description,
        )
        created = seed.created_at(account, _anchor())
    else:
        n = people.viewer_number(user_id)
        if n is None:
            return None
        login, name, broadcaster_type, description = people.viewer_login(n), people.viewer_name(n), "", ""
        created = people.viewer_created_at(n, _anchor())
    user = {
        "id": user_id,
        "login": login,
        "display_name": name,
        "type": "",
        "broadcaster_type": broadcaster_type,
        "description": description,
        "profile_image_url": f"{_static_base()}/avatar/{login}.svg",
        "offline_image_url": "",
        "view_count": 0,
        "created_at": rfc3339(created),
    }
    if user_id == guard.user_id() and guard.has_scope(EMAIL_SCOPE):
        user["email"] = f"{login}@example.com"
    return user


def _user_id_for_login(login: str) -> str | None:
    account = seed.by_login(login)
    if account:
        return account.id
    n = people.viewer_by_login(login)
    return None if n is None else people.viewer_id(n)


# Endpoints ----------------------------------------------------------------------------------------


@blueprint.get("/users")
def users():
    ids, logins = request.args.getlist("id"), request.args.getlist("login")
    if len(ids) + len(logins) > MAX_IDS:
        raise HelixError(400, "The total number of id and login parameters must not exceed 100")
    if not ids and not logins:
        if guard.user_id() is None:
            raise HelixError(400, "The id or login query parameter is required when using an app access token")
        ids = [guard.user_id()]
    wanted = dict.fromkeys(ids + [_user_id_for_login(login) or "" for login in logins])
    return jsonify(data=[user for user in map(_user, wanted) if user])


@blueprint.get("/channels/followers")
def channel_followers():
    account = _channel()
    first = page_size()
    anchor = _anchor()
    total = followers.total(account, anchor, int(_now()))
    allowed = guard.has_scope(FOLLOWERS_SCOPE) and guard.user_id() == account.id
    user_id = request.args.get("user_id")
    if user_id:
        guard.require_scope(FOLLOWERS_SCOPE)
        if not allowed:
            raise HelixError(401, "The user in the access token must be the broadcaster or one of their moderators")
        k = followers.find(account, user_id, total)
        data = [] if k is None else [followers.follower(account, k, anchor)]
        return jsonify(total=total, data=data, pagination={})
    if not allowed:
        # Twitch's documented reply without the scope or the broadcaster's own token: the count only.
        return jsonify(total=total, data=[], pagination={})
    start, end, pagination = window(total, first, backward=False)
    return jsonify(total=total, data=followers.newest_first(account, start, end, anchor, total), pagination=pagination)


@blueprint.get("/subscriptions")
def subscriptions():
    guard.require_scope(SUBSCRIPTIONS_SCOPE)
    account = _channel()
    _own_channel(account)
    channel = _data(account)
    # Channels that are neither affiliate nor partner have no subscribers: Twitch answers with an
    # empty list, not an error, and so does the sandbox (their generated list is empty).
    every = channel.subscriptions
    user_ids = _values("user_id")
    if user_ids:
        if request.args.get("after") or request.args.get("before"):
            raise HelixError(400, "The after and before parameters cannot be used with user_id")
        wanted = set(user_ids)
        data, pagination = [sub for sub in every if sub["user_id"] in wanted], {}
    else:
        start, end, pagination = window(len(every), page_size())
        data = every[start:end]
    return jsonify(data=data, pagination=pagination, total=len(every), points=channel.points)


@blueprint.get("/videos")
def videos():
    lookup = _one_of("id", "user_id", "game_id")
    video_type = _choice("type", ("all", "archive", "highlight", "upload"), "all")
    sort = _choice("sort", VIDEO_SORTS, "time")
    period = _choice("period", VIDEO_PERIODS, "all")
    first = page_size()
    if lookup == "id":
        by_id = {video["id"]: video for channel in _video_channels(_values("id")) for video in channel.videos}
        found = [by_id[video_id] for video_id in _values("id") if video_id in by_id]
        if not found:
            raise HelixError(404, "Videos not found")
        return jsonify(data=[_public(video) for video in found], pagination={})
    if lookup == "user_id":
        account = seed.by_id(request.args["user_id"])
        items = _data(account).videos if account else []
    else:
        game_id = request.args["game_id"]
        if game_id not in seed.GAMES:
            raise HelixError(404, "Game not found")
        items = [video for channel in _all_channels() for video in channel.videos if video["_game_id"] == game_id]
    now, since = _now(), VIDEO_PERIODS[period]
    language = request.args.get("language")
    items = [
        video
        for video in items
        if video_type in ("all", video["type"])
        and (since is None or now - video["_at"] <= since)
        and (not language or video["language"] == language)
    ]
    items.sort(key=lambda video: video[VIDEO_SORTS[sort]], reverse=True)
    start, end, pagination = window(len(items), first)
    return jsonify(data=[_public(video) for video in items[start:end]], pagination=pagination)


@blueprint.get("/clips")
def clips():
    lookup = _one_of("id", "broadcaster_id", "game_id")
    first = page_size()
    if lookup == "id":
        by_id = {clip["id"]: clip for channel in _all_channels() for clip in channel.clips}
        return jsonify(data=[_public(by_id[clip_id]) for clip_id in _values("id") if clip_id in by_id], pagination={})
    if lookup == "broadcaster_id":
        account = seed.by_id(request.args["broadcaster_id"])
        items = _data(account).clips if account else []
    else:
        game_id = request.args["game_id"]
        if game_id not in seed.GAMES:
            raise HelixError(404, "Game not found")
        items = [clip for channel in _all_channels() for clip in channel.clips if clip["game_id"] == game_id]
        items.sort(key=lambda clip: -clip["view_count"])
    started, ended = _time("started_at"), _time("ended_at")
    if started is not None and ended is None:
        ended = started + 7 * DAY  # Twitch's default window: a week from started_at
    featured = request.args.get("is_featured", "").lower()
    if featured not in ("", "true", "false"):
        raise HelixError(400, 'The parameter "is_featured" was malformed: the value must be true or false')
    items = [
        clip
        for clip in items
        if (started is None or clip["_at"] >= started)
        and (ended is None or clip["_at"] < ended)
        and featured in ("", str(clip["is_featured"]).lower())
    ]
    start, end, pagination = window(len(items), first)
    return jsonify(data=[_public(clip) for clip in items[start:end]], pagination=pagination)


@blueprint.get("/streams")
def streams():
    user_ids, user_logins = _values("user_id"), [login.lower() for login in _values("user_login")]
    if len(user_ids) + len(user_logins) > MAX_IDS:
        raise HelixError(400, "The total number of user_id and user_login parameters must not exceed 100")
    game_ids, languages = _values("game_id"), _values("language")
    _choice("type", ("all", "live"), "all")  # every sandbox stream is live, so both types match
    first = page_size()
    wanted = set(user_ids) | set(user_logins)
    # Every named channel, and the crowd channels asked for by id or login.
    named = {account.id for account in seed.ACCOUNTS.values()}
    asked = [seed.by_id(user_id) for user_id in user_ids] + [seed.by_login(login) for login in user_logins]
    others = {account.id: account for account in asked if account and account.id not in named}
    on_air = [_live_stream(account) for account in [*seed.ACCOUNTS.values(), *others.values()]]
    found = [
        stream
        for stream in on_air
        if stream
        and (not wanted or stream["user_id"] in wanted or stream["user_login"] in wanted)
        and (not game_ids or stream["game_id"] in game_ids)
        and (not languages or stream["language"] in languages)
    ]
    found.sort(key=lambda stream: -stream["viewer_count"])
    start, end, pagination = window(len(found), first)
    return jsonify(data=[_public(stream) for stream in found[start:end]], pagination=pagination)


def _bits_period(period: str, started: int) -> tuple[int, int]:
    """Start and end of the PST day, week (from Monday), month or year that contains ``started``."""
    day = datetime.fromtimestamp(started, PST).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        begin, end = day, day + timedelta(days=1)
    elif period == "week":
        begin = day - timedelta(days=day.weekday())
        end = begin + timedelta(days=7)
    elif period == "month":
        begin = day.replace(day=1)
        end = (begin + timedelta(days=32)).replace(day=1)
    else:
        begin = day.replace(month=1, day=1)
        end = begin.replace(year=begin.year + 1)
    return int(begin.timestamp()), int(end.timestamp())


@blueprint.get("/bits/leaderboard")
def bits_leaderboard():
    guard.require_scope(BITS_SCOPE)
    account = seed.by_id(guard.user_id())
    count = page_size("count", default=10)
    period = _choice("period", ("day", "week", "month", "year", "all"), "all")
    started = _time("started_at")
    if period == "all":
        begin = end = None
        date_range = {"started_at": "", "ended_at": ""}  # documented: empty strings without a window
    elif started is None:
        raise HelixError(400, "The started_at parameter is required when period is not all")
    else:
        begin, end = _bits_period(period, started)
        date_range = {"started_at": rfc3339(begin), "ended_at": rfc3339(end)}
    scores: dict[int, int] = defaultdict(int)
    for at, n, bits in _data(account).cheers:
        if begin is None or begin <= at < end:
            scores[n] += bits
    board = sorted(scores.items(), key=lambda entry: (-entry[1], entry[0]))
    first_rank = 0
    user_id = request.args.get("user_id")
    if user_id:
        # Twitch answers around the given user: the users ranked just above and below them.
        n = people.viewer_number(user_id)
        ranked = [entry[0] for entry in board]
        if n not in ranked:
            board = []
        else:
            first_rank = max(0, min(ranked.index(n) - count // 2, len(board) - count))
    rows = board[first_rank : first_rank + count]
    data = [
        {**people.viewer_ref(n), "rank": first_rank + index + 1, "score": score}
        for index, (n, score) in enumerate(rows)
    ]
    return jsonify(data=data, date_range=date_range, total=len(data))


@blueprint.get("/channels")
def channels():
    ids = _values("broadcaster_id")
    if not ids:
        raise HelixError(400, 'Missing required parameter "broadcaster_id"')
    data = []
    for broadcaster_id in ids:
        account = seed.by_id(broadcaster_id)
        if account:
            # Twitch shows the delay only to the broadcaster themselves, and only partners have one.
            own = account.id == guard.user_id() and account.broadcaster_type == "partner"
            data.append(
                {
                    "broadcaster_id": account.id,
                    "broadcaster_login": account.login,
                    "broadcaster_name": account.display_name,
                    "broadcaster_language": account.language,
                    "game_name": account.game_name,
                    "game_id": account.game_id,
                    "title": account.title,
                    "delay": account.delay if own else 0,
                    "tags": list(account.tags),
                    "content_classification_labels": [],
                    "is_branded_content": False,
                }
            )
        elif (n := people.viewer_number(broadcaster_id)) is not None:
            data.append(
                {
                    **people.viewer_ref(n, "broadcaster"),
                    "broadcaster_language": "en",
                    "game_name": "",
                    "game_id": "",
                    "title": "",
                    "delay": 0,
                    "tags": [],
                    "content_classification_labels": [],
                    "is_branded_content": False,
                }
            )
    return jsonify(data=data)


@blueprint.get("/schedule")
def stream_schedule():
    account = _channel()
    first = page_size(default=20, maximum=25)
    since = _time("start_time") or int(_now())
    if not account.has_schedule:
        raise HelixError(404, "The broadcaster has not created a streaming schedule")
    segments = schedule.segments(account, since, _anchor())
    ids = _values("id")
    if ids:
        segments = [segment for segment in segments if segment["id"] in ids]
    start, end, pagination = window(len(segments), first, backward=False)
    return jsonify(
        data={
            "segments": [_public(segment) for segment in segments[start:end]],
            "broadcaster_id": account.id,
            "broadcaster_name": account.display_name,
            "broadcaster_login": account.login,
            "vacation": schedule.vacation(account, _anchor()),
        },
        pagination=pagination,
    )


@blueprint.get("/goals")
def goals():
    guard.require_scope(GOALS_SCOPE)
    account = _channel()
    _own_channel(account)
    return jsonify(data=_data(account).goals)


@blueprint.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(unknown: str):
    raise HelixError(404, "")
