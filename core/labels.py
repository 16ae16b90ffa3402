"""The providers this app knows, by the key they are stored and routed under, and their names for people."""

# "twitter" stays the key of X: the routes (/login/twitter), the TWITTER_* settings and every stored
# session and dataset use it. Code names the provider x everywhere else.
X = "twitter"
TWITCH = "twitch"
PROVIDERS = (X, TWITCH)
LABELS = {X: "X", TWITCH: "Twitch"}


def provider_label(provider: str) -> str:
    return LABELS.get(provider, provider)
