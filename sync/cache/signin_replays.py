"""The latest sign-in of each account, step by step, as the page "How your sign-in worked" replays it.

One Redis hash per account and provider: ``signin`` (the sign-in's steps, written whole at each sign-in,
replacing the one before) and, once each, ``refresh`` and ``validation`` (the first token refresh and
hourly validation after it, added when they happen). Every value in it was cut of its secrets when it was
recorded (providers/recording.py). "Disconnect and delete my data" deletes it (sync/cache/forget.py).
"""

import json

import redis

KEY = "signin-replay:{p}:{a}"  # under the app's key prefix; sync/cache/forget.py names it too
TTL_SECONDS = 30 * 86_400  # a sign-in older than a month teaches little about this one
LATER_STEPS = ("refresh", "validation")

# A later step joins a sign-in that is still kept, once: the first refresh stays the one shown.
_ADD_FIRST = """
if redis.call('exists', KEYS[1]) == 1 then
    return redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2])
end
return 0
"""


def _key(key_prefix: str, provider: str, account_id: str) -> str:
    return key_prefix + KEY.format(p=provider, a=account_id)


def save_sign_in(client: redis.Redis, key_prefix: str, provider: str, account_id: str, replay: dict) -> None:
    """Keep ``replay`` as the account's latest sign-in, dropping the one before and its later steps."""
    key = _key(key_prefix, provider, account_id)
    pipe = client.pipeline(transaction=True)
    pipe.delete(key)
    pipe.hset(key, "signin", json.dumps(replay))
    pipe.expire(key, TTL_SECONDS)
    pipe.execute()


def add_first(client: redis.Redis, key_prefix: str, provider: str, account_id: str, kind: str, step: dict) -> bool:
    """Add the first ``kind`` (refresh, validation) step after the kept sign-in; False when one is there already
    or no sign-in is kept."""
    if kind not in LATER_STEPS:
        raise ValueError(f"not a later step: {kind}")
    return bool(client.eval(_ADD_FIRST, 1, _key(key_prefix, provider, account_id), kind, json.dumps(step)))


def load(client: redis.Redis, key_prefix: str, provider: str, account_id: str) -> dict | None:
    """The kept sign-in with ``later`` (its first refresh and validation, those that happened), or None."""
    fields = client.hgetall(_key(key_prefix, provider, account_id))
    if b"signin" not in fields:
        return None
    replay = json.loads(fields[b"signin"])
    replay["later"] = {kind: json.loads(fields[kind.encode()]) for kind in LATER_STEPS if kind.encode() in fields}
    return replay
