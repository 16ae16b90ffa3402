"""An OAuth 1.0a request's HMAC-SHA1 signature taken apart (RFC 5849, section 3.4), for the sign-in replay.

Recomputed from the request exactly as it was sent (its Authorization header, query and form body), with
the two secrets the app signed it with; then checked against the signature the request carried. What is
kept has every secret cut: the token and verifier inside the base string, both parts of the key, and the
signature itself (good for this one request, but a credential still).
"""

import base64
import hashlib
import hmac
from urllib.parse import urlsplit

import requests
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849.utils import escape

from providers.recording import form_pairs
from providers.redaction import ELLIPSIS, SECRET_NAMES, redact


def explain(request: requests.PreparedRequest, consumer_secret: str, token_secret: str) -> dict | None:
    """The base string, the key's parts and the HMAC-SHA1 result of ``request``; None if it is not signed so."""
    header = request.headers.get("Authorization", "")
    header = header.decode() if isinstance(header, bytes) else header
    if not header.startswith("OAuth ") or 'oauth_signature_method="HMAC-SHA1"' not in header:
        return None
    address = urlsplit(request.url)
    every = rfc5849.collect_parameters(
        uri_query=address.query,
        body=form_pairs(request),
        headers={"Authorization": header},
        exclude_oauth_signature=False,
    )
    sent = next((value for name, value in every if name == "oauth_signature"), "")
    params = [(name, value) for name, value in every if name != "oauth_signature"]
    uri = rfc5849.base_string_uri(request.url)
    base_string = rfc5849.signature_base_string(request.method, uri, rfc5849.normalize_parameters(params))
    key = f"{escape(consumer_secret)}&{escape(token_secret or '')}"
    computed = base64.b64encode(hmac.new(key.encode(), base_string.encode(), hashlib.sha1).digest()).decode()
    shown = [(name, redact(value) if name in SECRET_NAMES else value) for name, value in params]
    # A cut value's ellipsis, percent-encoded once in a parameter and twice in the base string, is written back.
    return {
        "parameters": [
            [escape(name), escape(value).replace(escape(ELLIPSIS), ELLIPSIS)] for name, value in sorted(shown)
        ],
        "base_string": rfc5849.signature_base_string(request.method, uri, rfc5849.normalize_parameters(shown)).replace(
            escape(escape(ELLIPSIS)), ELLIPSIS
        ),
        "base_string_length": len(base_string),
        "key_parts": [redact(escape(consumer_secret)), redact(escape(token_secret)) if token_secret else ""],
        "signature": redact(computed),
        "matches": hmac.compare_digest(computed, sent),
    }
