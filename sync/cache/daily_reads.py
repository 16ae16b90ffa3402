"""Which resources X's API returned for an account today (UTC): X bills a post or user once a day however
often it is returned, so a sync's billed reads are those not returned yet today. Kept two days in Redis, under
the account's data keys; lost, the next syncs of the day count some reads twice (an estimate on the high side).
"""

from datetime import date

from sync.cache.store import DataStore

KEEP_SECONDS = 2 * 86_400


def newly_read(store: DataStore, provider: str, account: str, day: date, resources: set[str]) -> int:
    """How many of ``resources`` (e.g. "post:<id>", "user:<id>") were not read yet on ``day``; they now are."""
    if not resources:
        return 0
    key = f"{store.prefix}{provider}:{account}:reads:{day.isoformat()}"
    pipe = store.client.pipeline()
    pipe.sadd(key, *resources)
    pipe.expire(key, KEEP_SECONDS)
    added, _ = pipe.execute()
    return added
