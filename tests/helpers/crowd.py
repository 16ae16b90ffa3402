"""The sandbox's crowd accounts as tracked accounts for benchmarks: half Twitch, half X, signed in over OAuth."""

from sandbox.twitch import crowd as twitch_crowd
from sandbox.x import crowd as x_crowd
from tests.helpers.twitch_sandbox import crowd_token
from tests.helpers.x_sandbox import Sandbox


def crowd_accounts(total: int) -> list[tuple[str, int]]:
    """(provider, crowd number) for ``total`` accounts: Twitch and X taking turns."""
    return [("twitch" if n % 2 else "twitter", (n + 1) // 2) for n in range(1, total + 1)]


def sign_in_crowd(server_url: str, provider: str, number: int) -> tuple[str, str, str, dict]:
    """(provider, account id, username, credentials) of crowd account ``number``, by the real sign-in protocol."""
    if provider == "twitch":
        account = twitch_crowd.account(number)
        return provider, account.id, account.login, crowd_token(server_url, number)
    account = x_crowd.account(number)
    return provider, account.id, account.username, Sandbox(server_url).crowd_token(number)
