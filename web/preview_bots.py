"""Link-preview bots and crawlers, told by their User-Agent: chat apps and social sites fetch a shared link to draw
its card, search engines crawl it. None of them is a person looking at the page, so web/sharing.py does not count
their visits as views. A bot that passes for a browser is counted: this is a count, not a defence."""

import re

_BOTS = re.compile(
    r"slackbot|slack-imgproxy|twitterbot|facebookexternalhit|facebookcatalog|meta-externalagent|discordbot"
    r"|linkedinbot|telegrambot|whatsapp|applebot|googlebot|google-inspectiontool|googleother|adsbot-google"
    r"|bingbot|bingpreview|duckduckbot|yandex|baiduspider|skypeuripreview|microsoftpreview|redditbot|pinterest"
    r"|mastodon|embedly|iframely|vkshare|snapchat|viber|zoominfobot|petalbot"
    r"|\b(?:bot|crawler|spider)\b|[a-z](?:bot|crawler|spider)/",
    re.IGNORECASE,
)


def is_preview_bot(user_agent: str | None) -> bool:
    return bool(user_agent) and _BOTS.search(user_agent) is not None
