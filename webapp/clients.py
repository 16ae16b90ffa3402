"""API clients for the person signed in to this browser session."""
from providers.errors import SignInExpired
from providers.twitch import twitch_app
from providers.twitch.client import TwitchClient
from providers.twitter import twitter_app
from providers.twitter.client import TwitterClient

from . import accounts
from .signin import config, public_base


def twitch_client() -> TwitchClient:
    token = accounts.token("twitch")
    if not token:
        raise SignInExpired("twitch", "Your Twitch sign-in has ended; please sign in again.")
    return TwitchClient(twitch_app(config(), public_base()), token,
                        on_new_token=lambda new: accounts.save_token("twitch", new))


def twitter_client() -> TwitterClient:
    token = accounts.token("twitter")
    if not token:
        raise SignInExpired("twitter", "Your X sign-in has ended; please sign in again.")
    return TwitterClient(twitter_app(config(), public_base()), token)
