"""Friendly words for the short codes that the sign-in routes send back to the home page."""

from core.labels import provider_label

_MESSAGES = {
    "cancelled": ("info", "Sign-in cancelled: nothing was shared with {provider}. Try again whenever you like."),
    "failed": ("warning", "We could not finish signing you in with {provider}. Please try again."),
    "expired": ("warning", "Your {provider} sign-in has expired. Please sign in again."),
    "unavailable": ("warning", "{provider} is not answering right now. Please try again in a minute."),
    "rate-limited": ("warning", "{provider} asked us to slow down. Please try again in a few minutes."),
    "signed-out": (
        "success",
        "You are signed out in this browser. Daily collection of your history goes on; "
        "to stop it and delete your data, use “Disconnect and delete my data” on your dashboard.",
    ),
    "deleted": (
        "success",
        "Disconnected from {provider}: its tokens were revoked, collection stopped, and {deleted} stored "
        "rows of your history were deleted.",
    ),
    "delete-failed": (
        "warning",
        "Your {provider} history could not be deleted just now (the database is away); nothing was changed. "
        "Please try again in a minute.",
    ),
    "signin-required": ("info", "Please sign in with {provider} to see that dashboard."),
}


def notice_for(code: str | None, provider: str | None, deleted: str | None = None) -> tuple[str, str] | None:
    """(colour, message) for a known code; None for anything else, so a URL cannot inject text."""
    if code not in _MESSAGES:
        return None
    colour, template = _MESSAGES[code]
    return colour, template.format(
        provider=provider_label(provider) if provider in ("twitter", "twitch") else "the provider",
        deleted=f"{int(deleted):,}" if deleted and deleted.isdigit() else "all",
    )
