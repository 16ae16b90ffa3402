"""Friendly words for the short codes that the sign-in routes send back to the home page."""

from core.labels import provider_label

_MESSAGES = {
    "cancelled": ("info", "Sign-in cancelled: nothing was shared with {provider}. Try again whenever you like."),
    "failed": ("warning", "We could not finish signing you in with {provider}. Please try again."),
    "expired": ("warning", "Your {provider} sign-in has expired. Please sign in again."),
    "unavailable": ("warning", "{provider} is not answering right now. Please try again in a minute."),
    "rate-limited": ("warning", "{provider} asked us to slow down. Please try again in a few minutes."),
    "signed-out": ("success", "You are signed out. Your tokens were revoked and your session deleted."),
    "signin-required": ("info", "Please sign in with {provider} to see that dashboard."),
}


def notice_for(code: str | None, provider: str | None) -> tuple[str, str] | None:
    """(colour, message) for a known code; None for anything else, so a URL cannot inject text."""
    if code not in _MESSAGES:
        return None
    colour, template = _MESSAGES[code]
    return colour, template.format(
        provider=provider_label(provider) if provider in ("twitter", "twitch") else "the provider"
    )
