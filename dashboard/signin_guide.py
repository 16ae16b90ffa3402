"""What each step of a sign-in is, in words, and the paragraph of the standard or the provider's docs it follows.

The page "How your sign-in worked" (dashboard/components/signin_replay.py) lays a recorded sign-in's steps
beside these words; RFC 9700's recommendations are listed per provider, applied or not offered.
"""

from dataclasses import dataclass

RFC = "https://www.rfc-editor.org/rfc/rfc{number}#section-{section}"


def rfc(number: int, section: str) -> tuple[str, str]:
    return f"RFC {number} §{section}", RFC.format(number=number, section=section)


X_DOCS = "https://docs.x.com/fundamentals/authentication"
X_API_REFERENCE = ("X: OAuth 1.0a API reference", f"{X_DOCS}/api-reference")
X_ACCESS_TOKENS = ("X: obtaining user access tokens", f"{X_DOCS}/oauth-1-0a/obtaining-user-access-tokens")
X_SIGN_IN = (
    "X: implementing Sign in with X",
    "https://docs.x.com/x-for-websites/log-in-with-x/guides/implementing-sign-in-with-x",
)
X_SIGNATURE = ("X: creating a signature", f"{X_DOCS}/oauth-1-0a/creating-a-signature")
TWITCH_DOCS = "https://dev.twitch.tv/docs"
TWITCH_CODE_FLOW = (
    "Twitch: authorization code grant flow",
    f"{TWITCH_DOCS}/authentication/getting-tokens-oauth/#authorization-code-grant-flow",
)
TWITCH_SCOPES = ("Twitch: scopes", f"{TWITCH_DOCS}/authentication/scopes/")
TWITCH_VALIDATE = ("Twitch: validating tokens", f"{TWITCH_DOCS}/authentication/validate-tokens/")
TWITCH_REFRESH = ("Twitch: refreshing access tokens", f"{TWITCH_DOCS}/authentication/refresh-tokens/")
TWITCH_REVOKE = ("Twitch: revoking access tokens", f"{TWITCH_DOCS}/authentication/revoke-tokens/")
TWITCH_USERS = ("Twitch: Get Users", f"{TWITCH_DOCS}/api/reference/#get-users")

BROWSER, APP, PROVIDER = "Your browser", "This app", "{provider}"


@dataclass(frozen=True)
class Guide:
    title: str
    between: tuple[str, str]  # who speaks to whom (the provider's name is filled in)
    what: str
    follows: tuple[tuple[str, str], ...]  # (label, address) of what the step follows


STEPS = {
    "twitter": {
        "request-token": Guide(
            "Request token (temporary credentials)",
            (APP, PROVIDER),
            "Before sending you anywhere, the app asks X for a request token. It signs the request with its "
            "consumer secret alone (it holds no token yet) and names where X should send you back "
            "(oauth_callback). X answers with the token, its secret and oauth_callback_confirmed=true.",
            (rfc(5849, "2.1"), X_API_REFERENCE),
        ),
        "authorize-redirect": Guide(
            "Authorize redirect",
            (APP, BROWSER),
            "The app sends your browser to X with the request token. Only the token travels through your "
            "browser: its secret stays on the server, sealed in this session's vault.",
            (rfc(5849, "2.2"), X_SIGN_IN),
        ),
        "consent": Guide(
            "At X",
            (BROWSER, PROVIDER),
            "You approved this app on X (X's /authenticate skips the question when you approved it before). "
            "This time is mostly yours: it runs from the redirect until your browser came back.",
            (rfc(5849, "2.2"),),
        ),
        "verifier-returned": Guide(
            "Verifier returned",
            (PROVIDER, APP),
            "X sends your browser back to the callback with the request token and a verifier, which proves "
            "you approved. The app checks that the token is the one this browser's sign-in asked for (a "
            "constant-time comparison) and takes the pending sign-in, so the same callback cannot be used twice.",
            (rfc(5849, "2.2"), X_ACCESS_TOKENS),
        ),
        "access-token": Guide(
            "Access token exchange",
            (APP, PROVIDER),
            "The app trades the request token and the verifier for your access token and its secret, signing "
            "with the consumer secret and the request token's secret. X's access tokens do not expire: they "
            "last until they are revoked.",
            (rfc(5849, "2.3"), X_ACCESS_TOKENS),
        ),
        "signed-request": Guide(
            "First request as you",
            (APP, PROVIDER),
            "The app reads your display name, signing with the consumer secret and your access token's secret. "
            "Every request to X from now on is signed the same way.",
            (rfc(5849, "3.1"), rfc(5849, "3.5.1"), X_SIGNATURE),
        ),
        "signed-in": Guide(
            "Signed in",
            (APP, BROWSER),
            "The app keeps the tokens encrypted on the server (your browser never holds them), gives your "
            "browser a new session id, and sends you to your dashboard.",
            (X_ACCESS_TOKENS,),
        ),
    },
    "twitch": {
        "state-made": Guide(
            "state made",
            (APP, APP),
            "The app makes a one-time state value from the operating system's random source and keeps it in "
            "this browser session's vault, for this sign-in only. Twitch hands it back unchanged; a callback "
            "with any other state was not started here and is refused.",
            (rfc(6749, "10.12"), rfc(9700, "4.7.1")),
        ),
        "authorize-redirect": Guide(
            "Authorization request",
            (APP, BROWSER),
            "The app sends your browser to Twitch's authorize endpoint with its client id, the exact redirect "
            "URI registered for it, the scopes it asks for and the state.",
            (rfc(6749, "4.1.1"), rfc(6749, "3.3"), TWITCH_CODE_FLOW, TWITCH_SCOPES),
        ),
        "consent": Guide(
            "At Twitch",
            (BROWSER, PROVIDER),
            "You signed in to Twitch and approved the scopes. This time is mostly yours: it runs from the "
            "redirect until your browser came back.",
            (rfc(6749, "4.1"), TWITCH_CODE_FLOW),
        ),
        "code-returned": Guide(
            "Authorization code returned",
            (PROVIDER, APP),
            "Twitch sends your browser back to the redirect URI with an authorization code, the scopes granted "
            "and the state. The code is short-lived and good for one exchange only.",
            (rfc(6749, "4.1.2"), TWITCH_CODE_FLOW),
        ),
        "state-checked": Guide(
            "state checked",
            (APP, APP),
            "The state that came back is compared with the one kept for this browser (in constant time), and "
            "the pending sign-in is taken: a second use of this callback finds nothing and fails.",
            (rfc(6749, "10.12"), rfc(9700, "2.1")),
        ),
        "token-exchange": Guide(
            "Token exchange",
            (APP, PROVIDER),
            "Server to server, the app sends the code with the same redirect URI and authenticates itself with "
            "its client secret. Twitch answers with the access token, a refresh token, the scopes granted and "
            "how long the access token lasts.",
            (rfc(6749, "4.1.3"), rfc(6749, "4.1.4"), rfc(6749, "2.3.1"), TWITCH_CODE_FLOW),
        ),
        "validation": Guide(
            "Token validation",
            (APP, PROVIDER),
            "Twitch requires apps to validate a token when they start using it and every hour after. The "
            "answer says whose token it is, for which client and scopes, and how long it still lasts; the app "
            "checks that it was issued to this app.",
            (TWITCH_VALIDATE,),
        ),
        "own-user": Guide(
            "First request as you",
            (APP, PROVIDER),
            "The app reads your channel's profile with the access token in the Authorization header (a bearer "
            "token: never in a URL).",
            (rfc(6750, "2.1"), TWITCH_USERS),
        ),
        "signed-in": Guide(
            "Signed in",
            (APP, BROWSER),
            "The app keeps the tokens encrypted on the server (your browser never holds them), gives your "
            "browser a new session id, and sends you on at once: the callback's address, code in it, is not "
            "a page that stays open.",
            (rfc(9700, "4.2.4"),),
        ),
        "refresh": Guide(
            "The first refresh",
            (APP, PROVIDER),
            "When the access token expired (or Twitch refused it), the app traded the refresh token for a new "
            "access token, one at a time across its processes, and kept the new pair in place of the old one.",
            (rfc(6749, "6"), rfc(9700, "4.14"), TWITCH_REFRESH),
        ),
        "hourly-validation": Guide(
            "The first hourly validation",
            (APP, PROVIDER),
            "An hour on, the app asked Twitch again whether the token is still good, as Twitch requires.",
            (TWITCH_VALIDATE,),
        ),
    },
}

# What happens at "Disconnect and delete my data": described, since this replay is deleted in the same moment.
REVOCATION = {
    "twitter": Guide(
        "At disconnect: the token invalidated",
        (APP, PROVIDER),
        "“Disconnect and delete my data” asks X to invalidate your access token (a signed POST to "
        "/1.1/oauth/invalidate_token) and deletes this replay with the rest of your data. Signing out "
        "does not: daily collection keeps using the token until you disconnect.",
        (X_API_REFERENCE,),
    ),
    "twitch": Guide(
        "At disconnect: the token revoked",
        (APP, PROVIDER),
        "“Disconnect and delete my data” revokes every token the app holds for you (POST /oauth2/revoke "
        "with the client id and the token) and deletes this replay with the rest of your data. Signing out "
        "does not: daily collection keeps using the token until you disconnect.",
        (rfc(7009, "2.1"), TWITCH_REVOKE),
    ),
}

SIGNATURE_STEPS = (
    (
        "1. The base string",
        "The HTTP method, the address without its query, and every parameter (the query's, the form body's and "
        "the oauth_* ones of the Authorization header, but the signature) percent-encoded, sorted and joined; "
        "the three parts percent-encoded again and joined with &.",
        (rfc(5849, "3.4.1"), rfc(5849, "3.4.1.3.2"), rfc(5849, "3.6")),
    ),
    (
        "2. The key",
        "The consumer secret and the token secret, each percent-encoded, joined with &. Before there is a "
        "token (the request token step) the key ends with the & alone.",
        (rfc(5849, "3.4.2"),),
    ),
    (
        "3. HMAC-SHA1",
        "HMAC-SHA1 of the base string under the key gives 20 bytes; in base64 they are oauth_signature. X "
        "computes the same from the request it receives and its copy of the secrets: any changed parameter, "
        "or a wrong secret, gives another signature and a 401. The nonce and timestamp make each signature "
        "good for one request only. The secrets themselves never travel.",
        (rfc(5849, "3.4.2"), rfc(5849, "3.3"), X_SIGNATURE),
    ),
)


@dataclass(frozen=True)
class Practice:
    name: str
    how: str
    follows: tuple[tuple[str, str], ...]


# RFC 9700 (OAuth 2.0 Security Best Current Practice): what this app does, and what Twitch does not offer.
TWITCH_APPLIED = (
    Practice(
        "state against cross-site request forgery",
        "A one-time, 256-bit state bound to this browser's session; checked in constant time, then discarded.",
        (rfc(9700, "2.1"), rfc(9700, "4.7.1")),
    ),
    Practice(
        "Exact redirect URI matching",
        "One registered callback, sent unchanged at the authorization request and again at the token exchange; "
        "Twitch (and the sandbox) accept only a registered one.",
        (rfc(9700, "2.1"), rfc(9700, "4.1.3")),
    ),
    Practice(
        "No tokens in URLs",
        "The authorization code flow only (no implicit grant): tokens travel in POST bodies and Authorization "
        "headers, server to server, and never reach the browser.",
        (rfc(9700, "2.1.2"), rfc(9700, "4.3.2")),
    ),
    Practice(
        "Short-lived, single-use codes",
        "The code is exchanged within milliseconds of arriving, once; the pending sign-in is taken at the "
        "callback, so a replayed callback fails. The callback answers with a redirect at once, and the "
        "referrer policy keeps its address from other sites.",
        (rfc(6749, "4.1.2"), rfc(9700, "4.2.4")),
    ),
    Practice(
        "Mix-up defence",
        "A distinct redirect URI per provider, and a pending sign-in per provider: an answer arriving at the "
        "wrong callback is refused.",
        (rfc(9700, "4.4.2.2"),),
    ),
    Practice(
        "No open redirector",
        "Where the app sends you after sign-in (next) is only ever a path on this site.",
        (rfc(9700, "4.11.1"),),
    ),
)
TWITCH_NOT_OFFERED = (
    Practice(
        "PKCE",
        "RECOMMENDED for confidential clients too, but Twitch's authorization code flow documents no "
        "code_challenge, so the app sends none; state and the client secret at the token exchange stand in "
        "for it.",
        (rfc(9700, "2.1.1"), rfc(9700, "4.5.3.1")),
    ),
    Practice(
        "Issuer identification (iss)",
        "Twitch's authorization response carries no iss; the distinct redirect URIs above defend against "
        "mix-up instead.",
        (rfc(9700, "4.4.2.1"),),
    ),
    Practice(
        "Sender-constrained tokens",
        "Twitch issues bearer tokens (no DPoP, no mutual TLS): anyone holding one could use it, so the app keeps "
        "them encrypted on the server and never shows them whole.",
        (rfc(9700, "2.2.1"), rfc(9700, "4.10.1")),
    ),
    Practice(
        "Client authentication without a shared secret",
        "Twitch takes the client secret in the form body; it offers neither private_key_jwt nor mutual TLS.",
        (rfc(9700, "2.5"),),
    ),
)
X_DEFENCES = (
    Practice(
        "Every request signed",
        "The consumer secret and the token secret never travel: each request carries an HMAC-SHA1 signature over "
        "its method, address and parameters, with a nonce and a timestamp against replay.",
        (rfc(5849, "3.4"), rfc(5849, "3.3")),
    ),
    Practice(
        "The callback confirmed, the verifier required",
        "X confirms the callback when it issues the request token, and gives the access token only for the "
        "verifier that came back through your browser: OAuth 1.0a's answer to session fixation.",
        (rfc(5849, "2.1"), rfc(5849, "2.3")),
    ),
    Practice(
        "The request token bound to this browser",
        "The token X sends back must be the one this browser's sign-in asked for, and is taken once: the role "
        "state plays in OAuth 2.0.",
        (rfc(5849, "2.2"), rfc(5849, "4.13")),
    ),
    Practice(
        "Tokens never in the browser",
        "Only the request token and the verifier pass through your browser (the protocol needs them there); the "
        "access token and its secret stay encrypted on the server.",
        (rfc(5849, "4.5"),),
    ),
)
X_NOT_OFFERED = (
    Practice(
        "Expiry and refresh",
        "X's OAuth 1.0a access tokens do not expire and there is nothing to refresh: a token lasts until it is "
        "revoked, which this app does at disconnect.",
        (X_ACCESS_TOKENS,),
    ),
)
