"""What Redis keeps under an account's name besides its cached data: collection rounds' claims and waits, sync
jobs' locks and progress, rate budgets, its latest sign-in's replay. "Disconnect and delete my data" drops them
with the rest."""

import redis

# Under the app's key prefix; {p} the provider's key, {a} the account id.
PATTERNS = (
    "round:{p}:{a}:*",  # a round's claim per slot
    "round:deferred:{p}:{a}",
    "round:queued:{p}:{a}",
    "job:{p}:{a}:*",  # sync jobs' locks, progress and finished marks
    "budget:{p}:u{a}:*",  # the account's token's rate budgets
    "simulated:job:{p}:{a}:*",  # the history demo's rounds
    "simulated:data:{p}:{a}:*",
    "signin-replay:{p}:{a}",  # sync/cache/signin_replays.py
)


def forget_account_keys(client: redis.Redis, key_prefix: str, provider: str, account_id: str) -> int:
    """Delete every key of those kinds naming the account; returns how many."""
    deleted = 0
    for pattern in PATTERNS:
        keys = list(client.scan_iter(match=key_prefix + pattern.format(p=provider, a=account_id), count=500))
        deleted += client.delete(*keys) if keys else 0
    return deleted
