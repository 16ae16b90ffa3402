"""Emulated Twitch, mounted at /sandbox/twitch: id.twitch.tv's /oauth2/* and api.twitch.tv's /helix/*.

oauth.py     consent page, token (code, refresh and client-credentials grants), validate, revoke
             (tokens.py keeps the grants)
helix.py     the Helix read endpoints (guard.py: auth, scopes, rate limit, faults)
eventsub.py  EventSub: conduits, shards, subscriptions, signed webhook delivery of what story.py tells
seed.py      the sandbox accounts (ACCOUNTS); crowd.py the crowd_0001..crowd_9999 accounts
generate.py  their generated channels; asof.py the same as of the sandbox's clock; live.py who is
             live when, and their audience
images.py    SVG avatars and thumbnails at /static/...
"""

from flask import Blueprint

from . import eventsub, helix, images, oauth

helix.blueprint.register_blueprint(eventsub.blueprint)  # behind Helix's token check and error replies
blueprint = Blueprint("sandbox_twitch", __name__)
blueprint.register_blueprint(oauth.blueprint)
blueprint.register_blueprint(helix.blueprint, url_prefix="/helix")
blueprint.register_blueprint(images.blueprint)
