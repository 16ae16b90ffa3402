"""Drive the sandbox consent pages over HTTP like a browser would, with a requests.Session."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from sandbox.twitch import crowd as twitch_crowd
from sandbox.x import crowd as x_crowd


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    buttons: dict = field(default_factory=dict)  # id -> (name, value)
    radios: dict = field(default_factory=dict)  # name -> [values]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self.forms[-1].radios.setdefault(a["name"], []).append(a.get("value", ""))
                if "checked" in a:
                    self.forms[-1].fields[a["name"]] = a.get("value", "")
            elif kind == "submit":
                self.forms[-1].buttons[a.get("id", a["name"])] = (a["name"], a.get("value", ""))
            else:
                self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("id"):
            self.forms[-1].buttons[a["id"]] = (a.get("name"), a.get("value", ""))


def consent_form(page: requests.Response) -> Form:
    parser = _FormParser()
    parser.feed(page.text)
    for form in parser.forms:
        if "authorize" in form.buttons and "cancel" in form.buttons:
            return form
    raise AssertionError(f"no consent form on {page.url} (status {page.status_code})")


def answer_consent(
    http: requests.Session,
    page: requests.Response,
    account: str | None = None,
    approve: bool = True,
    timeout: float | None = None,
    offered: bool = True,
) -> requests.Response:
    """Pick ``account`` (default: the preselected one), press Authorize or Cancel, follow redirects.

    ``offered=False`` names an account the page does not list (a crowd account) in the same field.
    """
    form = consent_form(page)
    data = dict(form.fields)
    if account is not None:
        name = next(iter(form.radios))
        assert account in form.radios[name] or not offered, f"{account} not offered: {form.radios[name]}"
        data[name] = account
    name, value = form.buttons["authorize" if approve else "cancel"]
    if name:
        data[name] = value
    target = urljoin(page.url, form.action or page.url)
    if form.method == "post":
        return http.post(target, data=data, allow_redirects=True, timeout=timeout)
    return http.get(target, params=data, allow_redirects=True, timeout=timeout)


def sign_in(
    http: requests.Session,
    base: str,
    provider: str,
    account: str | None = None,
    approve: bool = True,
    next_path: str | None = None,
) -> requests.Response:
    """Click "Sign in with <provider>", answer the consent page, land wherever the app sends us."""
    params = {"next": next_path} if next_path else None
    consent = http.get(f"{base}/login/{provider}", params=params, allow_redirects=True)
    return answer_consent(http, consent, account, approve)


def crowd_account_name(provider: str, n: int) -> str:
    """The login (Twitch) or username (X, provider "twitter") of sandbox crowd account ``n``, 1 to 9,999."""
    return twitch_crowd.login(n) if provider == "twitch" else x_crowd.username(n)


def sign_in_crowd(http: requests.Session, base: str, provider: str, n: int) -> requests.Response:
    """Sign the app at ``base`` in as sandbox crowd account ``n`` through its own sign-in route."""
    consent = http.get(f"{base}/login/{provider}", allow_redirects=True)
    return answer_consent(http, consent, crowd_account_name(provider, n), offered=False)
