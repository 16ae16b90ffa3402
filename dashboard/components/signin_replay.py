"""The page "How your sign-in worked": a recorded sign-in (sync/cache/signin_replays.py) laid out as numbered
steps, each with its request, the answer, the time it took, what it is for and what it follows; and the
friendly words for whoever has no sign-in to replay. Pure functions of the replay: every value in it was
cut of its secrets when it was recorded."""

from datetime import UTC, datetime, tzinfo

import dash_bootstrap_components as dbc
from dash import html

from core.labels import provider_label
from dashboard.signin_guide import (
    REVOCATION,
    SIGNATURE_STEPS,
    STEPS,
    TWITCH_APPLIED,
    TWITCH_NOT_OFFERED,
    X_DEFENCES,
    X_NOT_OFFERED,
    Guide,
    Practice,
    rfc,
)

PATHS = {"twitter": "/signin-explained/twitter", "twitch": "/signin-explained/twitch"}
# Provider steps whose time is the provider's answer; the others are the app's own, or the person's.
CALLS = frozenset(
    {"request-token", "access-token", "signed-request", "token-exchange", "validation", "own-user", "refresh"}
)
LATER = (("refresh", "refresh"), ("validation", "hourly-validation"))  # (stored kind, guide kind) of Twitch's
NOT_YET = {
    "refresh": "Not yet: Twitch's access token lasts about four hours. When it runs out (or Twitch refuses it), "
    "the app trades the refresh token for a new one, and that exchange appears here.",
    "hourly-validation": "Not yet: an hour after sign-in, the next sync asks Twitch whether the token is still "
    "good, and that exchange appears here.",
}


def duration(ms: float) -> str:
    """A measured time in words a person reads at a glance: 0.041 ms, 9.1 ms, 1.52 s, 2 min 3 s."""
    if ms < 1:
        return f"{ms:.3f} ms"
    if ms < 1000:
        return f"{ms:.1f} ms"
    if ms < 60_000:
        return f"{ms / 1000:.2f} s"
    return f"{int(ms // 60_000)} min {int(ms % 60_000 // 1000)} s"


def sign_in_link(provider: str) -> str:
    """Sign in with ``provider`` and land back on its replay."""
    return f"/login/{provider}?next={PATHS[provider]}"


def signed_out(provider: str):
    label = provider_label(provider)
    return _invitation(
        provider,
        f"Sign in with {label}, then see it step by step",
        f"This page replays your own latest sign-in with {label}: every request between your browser, this app "
        f"and {label}, what {label} answered and how long each took, with every secret cut to its first few "
        "characters. Nothing is recorded until you sign in.",
    )


def not_recorded(provider: str):
    label = provider_label(provider)
    return _invitation(
        provider,
        f"No sign-in with {label} to replay yet",
        f"You are signed in, but that sign-in was not recorded: it happened before this page existed, or more "
        f"than 30 days ago. Sign in with {label} again to see it step by step.",
    )


def _invitation(provider: str, title: str, words: str):
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="h4 card-title"),
                html.P(words),
                dbc.Button(
                    f"Sign in with {provider_label(provider)}",
                    href=sign_in_link(provider),
                    external_link=True,
                    color="primary",
                    id=f"replay-sign-in-{provider}",
                ),
            ]
        ),
        className="mt-3",
        id="replay-invitation",
    )


def replay_view(replay: dict, zone: tzinfo = UTC):
    """The recorded sign-in, its later steps and what disconnecting will do: first at a glance, one line a step,
    then a card a step."""
    provider = replay["provider"]
    guides = STEPS[provider]
    began = float(replay["at"])
    steps = [step for step in replay["steps"] if step.get("kind") in guides]
    entries = [(guides[step["kind"]], step, None) for step in steps]  # (guide, step, words while it has not happened)
    if provider == "twitch":
        for stored, kind in LATER:
            step = replay.get("later", {}).get(stored)
            entries.append((guides[kind], step, None if step else NOT_YET[kind]))
    entries.append((REVOCATION[provider], None, None))
    cards = [
        _step(n, step, guide, provider, began, zone) if step else _pending(n, guide, provider, not_yet)
        for n, (guide, step, not_yet) in enumerate(entries, 1)
    ]
    return html.Div(
        [
            _summary(replay, steps, zone),
            _glance(entries, provider),
            html.Ol(cards, className="signin-steps list-unstyled", id="signin-steps"),
        ]
    )


def _glance(entries: list, provider: str):
    """Every step on a line of its own, linked to its card: the whole flow before its details."""
    lines = []
    for n, (guide, step, not_yet) in enumerate(entries, 1):
        took = _took(step, provider) if step else ("not yet" if not_yet else "at disconnect")
        lines.append(
            html.Li([html.A(guide.title, href=f"#step-{n}"), html.Span(f" · {_between(guide, provider)} · {took}")])
        )
    return html.Nav(
        [html.H2("At a glance", className="h5"), html.Ol(lines, className="small mb-4")],
        id="signin-glance",
        **{"aria-label": "The steps at a glance"},
    )


def _summary(replay: dict, steps: list[dict], zone: tzinfo):
    provider, account = replay["provider"], replay["account"]
    label = provider_label(provider)
    at = datetime.fromtimestamp(float(replay["at"]), UTC).astimezone(zone)
    waited = sum(float(s.get("ms") or 0) for s in steps if s["kind"] in CALLS)
    at_provider = sum(float(s.get("ms") or 0) for s in steps if s["kind"] == "consent")
    return html.P(
        [
            "Your sign-in as ",
            html.Strong(f"@{account['username']}"),
            " (a sandbox account)" if account.get("sandbox") else "",
            f" on {at:%d %b %Y at %H:%M:%S} {at.tzname()}: ",
            f"{len(steps)} steps, {duration(waited)} waiting for {label}'s answers, ",
            f"{duration(at_provider)} at {label}.",
        ],
        className="lead",
        id="signin-summary",
    )


def _step(number: int, step: dict, guide: Guide, provider: str, began: float, zone: tzinfo):
    body = [html.P(guide.what)]
    body += _exchange(step, provider)
    body += _facts(step, zone)
    if step.get("signature"):
        body.append(_signature(step["signature"], opened=step["kind"] == "access-token"))
    body.append(_follows(guide))
    offset = float(step.get("at", began)) - began
    timing = [html.Span(_took(step, provider), className="step-time")]
    if offset >= 0.0005:
        timing.append(f" · at +{offset:.3f} s")
    return _card(number, guide, provider, timing, body, step["kind"])


def _pending(number: int, guide: Guide, provider: str, not_yet: str | None):
    body = [html.P(not_yet or guide.what), _follows(guide)]
    kind = "not-yet" if not_yet else "at-disconnect"
    return _card(number, guide, provider, [html.Span("not yet" if not_yet else "not recorded")], body, kind)


def _between(guide: Guide, provider: str) -> str:
    speaker, listener = (who.format(provider=provider_label(provider)) for who in guide.between)
    return speaker if speaker == listener else f"{speaker} → {listener}"


def _card(number: int, guide: Guide, provider: str, timing: list, body: list, kind: str):
    return html.Li(
        html.Article(
            [
                html.H2([html.Span(f"{number}. ", className="step-number"), guide.title], className="h5 mb-1"),
                html.P(
                    [html.Span(_between(guide, provider), className="step-between"), " · ", *timing],
                    className="small mb-2",
                ),
                *body,
            ],
            className="card-body",
        ),
        className=f"card signin-step mb-3 step-{kind}",
        id=f"step-{number}",
    )


def _took(step: dict, provider: str) -> str:
    ms = float(step.get("ms") or 0)
    kind = step["kind"]
    if kind in CALLS:
        return f"{provider_label(provider)} answered in {duration(ms)}"
    if kind == "consent":
        return f"{duration(ms)} at {provider_label(provider)}"
    if "location" in step:
        return f"the app answered in {duration(ms)}"
    if "ms" in step:
        return f"took {duration(ms)}"
    return "arrived"


def _exchange(step: dict, provider: str) -> list:
    """The request line, its parameters and headers, then the answer (a status, a redirect, fields)."""
    if "method" not in step:
        return []
    parts = [html.P(html.Code(f"{step['method']} {step['address']}"), className="http-line mb-1")]
    parts += _pairs("Query", step.get("query") if step["kind"] != "signed-in" else None)
    parts += _pairs("Form body", step.get("form"))
    parts += _pairs("Headers", step.get("headers"))
    if "status" not in step:
        return parts
    parts.append(html.P(html.Code(f"{step['status']} {step.get('reason', '')}".strip()), className="http-line mb-1"))
    location = step.get("location")
    if location:
        parts.append(html.P(["Location: ", html.Code(location["address"])], className="small mb-1"))
        parts += _pairs("Its query", location.get("query"))
    parts += _pairs("Answer headers", step.get("reply_headers"))
    parts += _pairs(f"{provider_label(provider)}'s answer", step.get("reply"))
    return parts


def _pairs(title: str, pairs: list | None) -> list:
    if not pairs:
        return []
    rows = []
    for name, value in pairs:
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        rows += [html.Dt(html.Code(name)), html.Dd(html.Code(shown))]
    return [html.Div([html.H3(title, className="pairs-title"), html.Dl(rows, className="pairs")])]


def _facts(step: dict, zone: tzinfo) -> list:
    """What a step settled, in words: the state made or matched, the scopes granted, when the token expires."""
    facts = []
    if step["kind"] == "state-made":
        facts.append(f"state {step['state']}: {step['bits']} random bits, kept for this sign-in only")
    if step["kind"] == "state-checked":
        facts.append(
            f"Came back {step['state']}, kept {step['kept']}: the same, so this callback is the one started here"
        )
    fields = dict((name, value) for name, value in step.get("reply") or [] if isinstance(name, str))
    if step["kind"] in ("token-exchange", "refresh") and fields.get("scope") is not None:
        scopes = fields["scope"] if isinstance(fields["scope"], list) else str(fields["scope"]).split()
        facts.append(f"Scopes granted: {', '.join(scopes) or 'none'}")
    if step["kind"] in ("token-exchange", "refresh", "validation") and isinstance(fields.get("expires_in"), int):
        until = datetime.fromtimestamp(float(step["at"]) + fields["expires_in"], UTC).astimezone(zone)
        facts.append(
            f"Access token good for {duration(fields['expires_in'] * 1000)}: until {until:%H:%M} {until.tzname()}"
        )
    if step["kind"] == "request-token" and fields.get("oauth_callback_confirmed") == "true":
        facts.append("Callback confirmed by X (oauth_callback_confirmed=true)")
    return [html.Ul([html.Li(fact) for fact in facts], className="step-facts")] if facts else []


def _signature(signature: dict, opened: bool):
    (base_title, base_words, base_refs), (key_title, key_words, key_refs), (hmac_title, hmac_words, hmac_refs) = (
        SIGNATURE_STEPS
    )
    consumer, token = signature["key_parts"]
    verdict = (
        "The app recomputed it from the request as sent: it is the oauth_signature the request carried."
        if signature["matches"]
        else "Recomputed from the request as sent, it differs from the oauth_signature the request carried."
    )
    return html.Details(
        [
            html.Summary("How this request was signed (HMAC-SHA1)"),
            html.H3(base_title, className="pairs-title"),
            html.P(base_words),
            html.Pre(signature["base_string"], className="base-string"),
            html.P(f"{signature['base_string_length']} characters; the parameters, sorted:", className="small mb-1"),
            html.Dl(
                [
                    part
                    for name, value in signature["parameters"]
                    for part in (html.Dt(html.Code(name)), html.Dd(html.Code(value)))
                ],
                className="pairs",
            ),
            _follows_links(base_refs),
            html.H3(key_title, className="pairs-title"),
            html.P(key_words),
            html.P(
                [
                    html.Code(f"{consumer}&{token}"),
                    " = the consumer secret & the token secret, both cut here"
                    if token
                    else " = the consumer secret (cut here) & nothing: there is no token secret yet",
                ]
            ),
            _follows_links(key_refs),
            html.H3(hmac_title, className="pairs-title"),
            html.P(hmac_words),
            html.P([html.Code(f"oauth_signature = {signature['signature']}"), " ", verdict]),
            _follows_links(hmac_refs),
        ],
        open=opened,
        className="signature mb-2",
    )


def _follows(guide: Guide):
    return _follows_links(guide.follows)


def _follows_links(references) -> html.Span:
    links = []
    for label, address in references:
        links += [" · " if links else "", html.A(label, href=address, target="_blank", rel="noopener")]
    return html.Span(["Follows: ", *links], className="d-block small step-follows")


def practices(provider: str):
    """Which of RFC 9700's recommendations this app applies, and which the provider does not offer (for X, whose
    sign-in is OAuth 1.0a, what defends it instead)."""
    if provider == "twitch":
        sections = [
            ("RFC 9700's recommendations this app applies", TWITCH_APPLIED),
            ("What Twitch does not offer", TWITCH_NOT_OFFERED),
        ]
        lead = "RFC 9700 is the IETF's best current practice for OAuth 2.0 security."
    else:
        sections = [("What defends this sign-in", X_DEFENCES), ("What X's OAuth 1.0a does not offer", X_NOT_OFFERED)]
        lead = (
            "RFC 9700, the IETF's best current practice for OAuth security, is about OAuth 2.0; this sign-in with X "
            "is OAuth 1.0a (RFC 5849), whose defences differ. Its recommendations on state, redirects and codes "
            "have their OAuth 1.0a counterparts below."
        )
    return html.Section(
        [
            html.H2("Security practices", className="h4 mt-4"),
            html.P([lead, " ", _follows_links((rfc(9700, "2"),))], className="small"),
            *[part for title, listed in sections for part in _practice_list(title, listed)],
        ],
        id="signin-practices",
    )


def _practice_list(title: str, listed: tuple[Practice, ...]) -> list:
    return [
        html.H3(title, className="h5 mt-3"),
        html.Ul(
            [
                html.Li([html.Strong(p.name), ": ", p.how, " ", _follows_links(p.follows)], className="mb-2")
                for p in listed
            ],
            className="practices",
        ),
    ]
