"""How often a signed-in person may have a confirmation mail sent: once a minute and five times a day per account,
so the settings page cannot be used to fill someone's mailbox. Counted in Redis (losing the counts costs nothing)."""

from dataclasses import dataclass

import redis

PER_MINUTE_SECONDS = 60
PER_DAY = 5
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Refusal:
    sentence: str


def _keys(prefix: str, provider: str, account_id: str) -> tuple[str, str]:
    base = f"{prefix}mail:confirmations:{provider}:{account_id}"
    return f"{base}:minute", f"{base}:day"


def take_confirmation(client: redis.Redis, prefix: str, provider: str, account_id: str) -> Refusal | None:
    """Count one confirmation mail for the account; a Refusal (nothing counted) when it would be too many."""
    minute, day = _keys(prefix, provider, account_id)
    sent_today = int(client.get(day) or 0)
    if sent_today >= PER_DAY:
        return Refusal(f"We have sent {PER_DAY} confirmation mails today; ask again tomorrow.")
    if not client.set(minute, 1, nx=True, ex=PER_MINUTE_SECONDS):
        return Refusal("A confirmation mail went out less than a minute ago; wait a minute before asking again.")
    if client.incr(day) == 1:
        client.expire(day, DAY_SECONDS)  # the day starts at the first mail
    return None
