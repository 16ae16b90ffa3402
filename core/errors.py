"""What can go wrong with a provider, as types the web layer turns into friendly messages."""

from datetime import UTC, datetime

from core.labels import provider_label


class ProviderError(Exception):
    """Base: ``str(error)`` is safe to show a person; details go to the log, never tokens."""

    def __init__(self, provider: str, message: str):
        super().__init__(message)
        self.provider = provider


class SignInCancelled(ProviderError):
    """The person said no on the provider's consent page."""


class SignInFailed(ProviderError):
    """The sign-in could not finish (bad state, replay, provider refused the exchange...)."""


class SignInExpired(ProviderError):
    """The stored token no longer works and cannot be refreshed: sign in again."""


class ProviderUnavailable(ProviderError):
    """The provider is down, slow past our timeout, or answering nonsense."""


class NotAvailable(ProviderError):
    """The data does not exist for this account (a scope not granted, a channel without revenue):
    its panel explains, it is not a failure."""


class SpendingCapReached(ProviderError):
    """The operator's cap on what the provider may bill for this account this month is used up."""


class RateLimited(ProviderError):
    """The provider's rate limit is used up until ``reset_at`` (UTC)."""

    def __init__(self, provider: str, reset_at: datetime | None):
        when = reset_at.astimezone(UTC).strftime("%H:%M UTC") if reset_at else "in a few minutes"
        super().__init__(provider, f"{provider_label(provider)} asked us to slow down; fresh data after {when}.")
        self.reset_at = reset_at
