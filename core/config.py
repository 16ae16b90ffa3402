"""Settings, read from the environment once, into one object chosen by ENVIRONMENT.

Nothing else in the app reads ``os.environ``: everything asks the ``Config`` built here.
"""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = {
    "development": "development",
    "dev": "development",
    "testing": "testing",
    "test": "testing",
    "production": "production",
    "prod": "production",
}

DEV_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"

LOOPBACK_HOSTS = ("localhost", "127.0.0.1")

# The history database when DATABASE_URL is unset: a SQLite file beside the code, so every start finds it.
DEFAULT_DATABASE_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'instance' / 'history.db'}"

# Mail with no SMTP_URL: each message is written as an .eml file here (make run; the sandbox lists them).
DEFAULT_OUTBOX_DIR = str(Path(__file__).resolve().parent.parent / "instance" / "outbox")
SMTP_SCHEMES = ("smtp", "smtps")

DEFAULT_TWITTER_API_BASE = "https://api.x.com"
DEFAULT_TWITCH_AUTH_BASE = "https://id.twitch.tv"
DEFAULT_TWITCH_API_BASE = "https://api.twitch.tv/helix"

# Only what the dashboards read (README, "Registering real apps", says which panel needs which).
TWITCH_SCOPES = (
    "moderator:read:followers",
    "channel:read:subscriptions",
    "bits:read",
    "channel:read:goals",
    # The stream story (EventSub): ad breaks, hype trains, and chat read as the broadcaster's own user.
    "channel:read:ads",
    "channel:read:hype_train",
    "user:read:chat",
    "user:bot",
)


class ConfigError(Exception):
    """The environment cannot start the app; the message says what to set."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


@dataclass(frozen=True)
class Config:
    environment: str = "development"
    secret_key: str = DEV_SECRET_KEY
    # Extra Fernet keys (comma separated, newest first) for encrypting tokens; see core/vault.py.
    token_keys: tuple[str, ...] = ()
    # The history database (DATABASE_URL): PostgreSQL in production; postgres:// URLs are accepted.
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    redis_host: str | None = None
    redis_port: int = 6379
    redis_password: str | None = None
    # Every Redis key the app writes starts with this (REDIS_KEY_PREFIX), so apps can share a Redis.
    key_prefix: str = "sad:"
    twitter_api_key: str | None = None
    twitter_api_secret: str | None = None
    twitter_callback: str | None = None
    twitch_api_key: str | None = None
    twitch_api_secret: str | None = None
    twitch_callback: str | None = None
    front_end_url: str | None = None
    # Hosts this app answers for besides FRONT_END_URL's (ALLOWED_HOSTS, comma separated; ".example.com"
    # takes every subdomain). Any other Host header is refused, so it cannot steer a redirect.
    allowed_hosts: tuple[str, ...] = ()
    # Where server-side calls reach the sandbox (SANDBOX_URL): a fixed address, never the request's host.
    sandbox_url: str | None = None
    twitter_api_base: str = DEFAULT_TWITTER_API_BASE
    twitch_auth_base: str = DEFAULT_TWITCH_AUTH_BASE
    twitch_api_base: str = DEFAULT_TWITCH_API_BASE
    sandbox: bool = True
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    login_rate_limit: str = "20 per minute"
    # Requests to shared pages (views, passwords, preview images) per client address: SHARE_RATE_LIMIT.
    share_rate_limit: str = "60 per minute"
    port: int = 8050
    # Where dashboard syncs run: "local" (Dash's DiskcacheManager, subprocesses of the web process) or
    # "celery" (CeleryManager on Redis; start the Procfile's worker). BACKGROUND_JOBS, default local.
    background_jobs: str = "local"
    # Directory of the local job manager's diskcache (JOB_CACHE_DIR); kept out of git under instance/.
    job_cache_dir: str = "instance/dash-jobs"
    # Stored dashboard data older than this is synced again when a page opens (SYNC_MAX_AGE_MINUTES).
    sync_max_age_minutes: int = 15
    # The longest a page's server spends drawing panels before sending it (FIRST_RENDER_MS): panels not kept
    # drawn yet (a first view after a sync) are then drawn by a redraw the page asks for as soon as it is up.
    first_render_ms: int = 300
    # A sync stops waiting for a provider that has not answered for this long (SYNC_DEADLINE_SECONDS): every
    # request's timeout and retries fit inside it, so the page learns of a hanging provider within 25 s.
    sync_deadline_seconds: int = 16
    twitch_scopes: tuple[str, ...] = field(default=TWITCH_SCOPES)
    # Redis connections one process may hold in its pool (REDIS_MAX_CONNECTIONS); see README for the total.
    redis_max_connections: int = 4
    # How often the scheduler looks for tracked accounts whose daily round is due (COLLECT_EVERY_SECONDS);
    # 0 turns scheduled collection off in this process (tests do; `flask --app app collect` still works).
    collect_every_seconds: int = 300
    # How often live tracked Twitch channels are sampled (STREAM_SAMPLE_SECONDS, at least 60; 0: not in this process).
    stream_sample_seconds: int = 300
    # The most X reads (posts and users X's API returns, what it bills) one account's collection may use in a
    # calendar month, UTC (X_MONTHLY_READ_CAP); 0: no cap. Past it, syncs of that account wait for the next month.
    x_monthly_read_cap: int = 0
    # On a first start with an empty embedded database, fill 90 days of sandbox history (HISTORY_DEMO=0: don't).
    history_demo: bool = True
    # The secret Twitch signs EventSub webhook messages with (TWITCH_EVENTSUB_SECRET, 10 to 100 ASCII
    # characters). With real Twitch keys EventSub is on only when it is set; the sandbox needs none.
    twitch_eventsub_secret: str | None = None
    # How EventSub's messages arrive (TWITCH_EVENTSUB_TRANSPORT): "webhook" (a conduit's shard at this app's
    # /eventsub: production's, with a public URL) or "websocket" (a connection per channel: without one).
    # Default: webhook when FRONT_END_URL is set, websocket otherwise.
    twitch_eventsub_transport: str | None = None
    # Twitch's EventSub WebSocket server (TWITCH_EVENTSUB_WS_URL); the sandbox's own when Twitch is the sandbox.
    twitch_eventsub_ws_url: str | None = None
    # Where mail goes (SMTP_URL): smtp://user:password@host:587 (STARTTLS when the server offers it; required
    # off loopback), smtps://user:password@host:465 (TLS from the start). Unset: .eml files in OUTBOX_DIR.
    smtp_url: str | None = None
    # Who mail comes from (MAIL_FROM), e.g. "Creator Analytics <digest@example.com>".
    mail_from: str = "Creator Analytics <digest@localhost>"
    outbox_dir: str = DEFAULT_OUTBOX_DIR
    # How often the scheduler looks for digests due and mail to (re)send (MAIL_EVERY_SECONDS; 0: not in this process).
    mail_every_seconds: int = 120

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def testing(self) -> bool:
        return self.environment == "testing"

    @property
    def redis_configured(self) -> bool:
        return bool(self.redis_url or self.redis_host)

    @property
    def sandbox_upstream(self) -> str:
        """The sandbox as server-side calls reach it: SANDBOX_URL, else this very server on loopback."""
        return self.sandbox_url or f"http://127.0.0.1:{self.port}"

    @property
    def eventsub_secret(self) -> str | None:
        """The EventSub webhook secret: the one set, or for the Twitch sandbox one derived from SECRET_KEY
        (every process of the app derives the same)."""
        if self.twitch_eventsub_secret:
            return self.twitch_eventsub_secret
        if self.uses_sandbox("twitch"):
            return hmac.new(self.secret_key.encode(), b"eventsub webhook", hashlib.sha256).hexdigest()[:48]
        return None

    @property
    def eventsub_transport(self) -> str:
        return self.twitch_eventsub_transport or ("webhook" if self.front_end_url else "websocket")

    @property
    def eventsub_callback(self) -> str | None:
        """Where Twitch sends EventSub messages: this app's public /eventsub; the sandbox's own address locally."""
        if self.front_end_url:
            return f"{self.front_end_url}/eventsub"
        return f"{self.sandbox_upstream}/eventsub" if self.uses_sandbox("twitch") else None

    def trusted_hosts(self) -> list[str]:
        """The Host headers this app serves; Flask answers any other with 400."""
        if not self.production and not self.front_end_url and not self.allowed_hosts:
            return list(LOOPBACK_HOSTS)
        hosts = [*([urlsplit(self.front_end_url).hostname] if self.front_end_url else []), *self.allowed_hosts]
        if self.sandbox:  # server-side calls to the sandbox arrive on its internal address
            hosts.append(urlsplit(self.sandbox_upstream).hostname)
        return hosts if self.production else [*hosts, *LOOPBACK_HOSTS]

    def uses_sandbox(self, provider: str) -> bool:
        """A provider without keys talks to the sandbox, when the sandbox is on."""
        keys = {"twitter": self.twitter_api_key, "twitch": self.twitch_api_key}[provider]
        return self.sandbox and not keys

    def replace(self, **changes) -> "Config":
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        return Config(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


def environment_name(raw: str | None) -> str:
    name = ENVIRONMENTS.get((raw or "development").strip().lower())
    if name is None:
        accepted = "development, testing, production (or DEV, TESTING, PRODUCTION)"
        raise ConfigError(f"ENVIRONMENT={raw!r} is not known; accepted values: {accepted}")
    return name


def load_config(env: Mapping[str, str]) -> Config:
    """Build the Config from an environment mapping; raise ConfigError naming what is missing."""
    environment = environment_name(env.get("ENVIRONMENT"))
    production = environment == "production"
    get = lambda name: (env.get(name) or "").strip() or None  # noqa: E731 - blank means unset

    sandbox_raw = get("SANDBOX")
    config = Config(
        environment=environment,
        secret_key=get("SECRET_KEY") or ("" if production else DEV_SECRET_KEY),
        token_keys=tuple(k.strip() for k in (get("TOKEN_ENCRYPTION_KEYS") or "").split(",") if k.strip()),
        database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        redis_url=get("REDIS_URL"),
        redis_host=get("REDIS_HOST"),
        redis_port=_int(env, "REDIS_PORT", 6379),
        redis_password=get("REDIS_PASSWORD"),
        key_prefix=get("REDIS_KEY_PREFIX") or "sad:",
        twitter_api_key=get("TWITTER_API_KEY"),
        twitter_api_secret=get("TWITTER_API_SECRET"),
        twitter_callback=get("TWITTER_CALLBACK"),
        twitch_api_key=get("TWITCH_API_KEY"),
        twitch_api_secret=get("TWITCH_API_SECRET"),
        twitch_callback=get("TWITCH_CALLBACK"),
        front_end_url=(get("FRONT_END_URL") or "").rstrip("/") or None,
        allowed_hosts=tuple(h.strip().lower() for h in (get("ALLOWED_HOSTS") or "").split(",") if h.strip()),
        sandbox_url=(get("SANDBOX_URL") or "").rstrip("/") or None,
        twitter_api_base=(get("TWITTER_API_BASE") or DEFAULT_TWITTER_API_BASE).rstrip("/"),
        twitch_auth_base=(get("TWITCH_AUTH_BASE") or DEFAULT_TWITCH_AUTH_BASE).rstrip("/"),
        twitch_api_base=(get("TWITCH_API_BASE") or DEFAULT_TWITCH_API_BASE).rstrip("/"),
        sandbox=_flag(sandbox_raw) if sandbox_raw is not None else not production,
        session_idle_minutes=_int(env, "SESSION_IDLE_MINUTES", 60),
        session_absolute_hours=_int(env, "SESSION_ABSOLUTE_HOURS", 12),
        port=_int(env, "PORT", 8050),
        background_jobs=(get("BACKGROUND_JOBS") or "local").lower(),
        job_cache_dir=get("JOB_CACHE_DIR") or "instance/dash-jobs",
        sync_max_age_minutes=_int(env, "SYNC_MAX_AGE_MINUTES", 15),
        first_render_ms=_int(env, "FIRST_RENDER_MS", 300),
        redis_max_connections=_int(env, "REDIS_MAX_CONNECTIONS", 4),
        login_rate_limit=get("SIGN_IN_RATE_LIMIT") or "20 per minute",
        share_rate_limit=get("SHARE_RATE_LIMIT") or "60 per minute",
        sync_deadline_seconds=_int(env, "SYNC_DEADLINE_SECONDS", 16),
        collect_every_seconds=_int(env, "COLLECT_EVERY_SECONDS", 300),
        stream_sample_seconds=_int(env, "STREAM_SAMPLE_SECONDS", 300),
        x_monthly_read_cap=_int(env, "X_MONTHLY_READ_CAP", 0),
        history_demo=_flag(get("HISTORY_DEMO") or "1"),
        twitch_eventsub_secret=get("TWITCH_EVENTSUB_SECRET"),
        twitch_eventsub_transport=(get("TWITCH_EVENTSUB_TRANSPORT") or "").lower() or None,
        twitch_eventsub_ws_url=get("TWITCH_EVENTSUB_WS_URL"),
        smtp_url=get("SMTP_URL"),
        mail_from=get("MAIL_FROM") or "Creator Analytics <digest@localhost>",
        outbox_dir=get("OUTBOX_DIR") or DEFAULT_OUTBOX_DIR,
        mail_every_seconds=_int(env, "MAIL_EVERY_SECONDS", 120),
    )
    _check(config)
    return config


def _check(config: Config) -> None:
    for provider, key, secret in (
        ("TWITTER", config.twitter_api_key, config.twitter_api_secret),
        ("TWITCH", config.twitch_api_key, config.twitch_api_secret),
    ):
        if bool(key) != bool(secret):
            missing = f"{provider}_API_SECRET" if key else f"{provider}_API_KEY"
            raise ConfigError(f"{missing} is missing: set both {provider}_API_KEY and {provider}_API_SECRET")
    if config.background_jobs not in ("local", "celery"):
        raise ConfigError(f"BACKGROUND_JOBS={config.background_jobs!r} is not known; use local or celery")
    if config.x_monthly_read_cap < 0:
        raise ConfigError("X_MONTHLY_READ_CAP must be a number of reads a month, or 0 for no cap")
    if 0 < config.stream_sample_seconds < 60:
        raise ConfigError("STREAM_SAMPLE_SECONDS must be at least 60 (or 0 to turn sampling off here)")
    if config.background_jobs == "celery" and not config.redis_configured:
        raise ConfigError("BACKGROUND_JOBS=celery needs REDIS_URL (Celery's broker and result backend)")
    for name, url in (("FRONT_END_URL", config.front_end_url), ("SANDBOX_URL", config.sandbox_url)):
        if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
            raise ConfigError(f"{name} must be an absolute http(s) URL such as https://your-app.example.com")
    if config.twitch_eventsub_transport not in (None, "webhook", "websocket"):
        raise ConfigError("TWITCH_EVENTSUB_TRANSPORT must be webhook or websocket")
    secret = config.twitch_eventsub_secret
    if secret is not None and not (10 <= len(secret) <= 100 and secret.isascii()):
        raise ConfigError("TWITCH_EVENTSUB_SECRET must be 10 to 100 ASCII characters, as Twitch requires")
    if config.smtp_url and (
        urlsplit(config.smtp_url).scheme not in SMTP_SCHEMES or not urlsplit(config.smtp_url).hostname
    ):
        raise ConfigError("SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
    if "@" not in config.mail_from:
        raise ConfigError("MAIL_FROM must be a mail address, such as Creator Analytics <digest@example.com>")
    if config.redis_max_connections < 2:
        raise ConfigError("REDIS_MAX_CONNECTIONS must be at least 2")
    if not config.production:
        return
    if not config.secret_key:
        raise ConfigError("SECRET_KEY is missing: production needs a long random secret")
    if not config.redis_configured:
        raise ConfigError("REDIS_URL is missing: production needs Redis (or REDIS_HOST)")
    if not config.front_end_url and not config.allowed_hosts:
        raise ConfigError(
            "FRONT_END_URL is missing: production needs its public URL "
            "(or ALLOWED_HOSTS, the host names it answers for)"
        )
    if config.smtp_url and not config.front_end_url:
        raise ConfigError("FRONT_END_URL is missing: mail's confirm and unsubscribe links are built from it (SMTP_URL)")
    sandboxed = config.uses_sandbox("twitter") or config.uses_sandbox("twitch")
    if config.background_jobs == "celery" and sandboxed and not config.sandbox_url:
        raise ConfigError(
            "SANDBOX_URL is missing: a Celery worker on its own dyno reaches the sandbox "
            "through the web app's public URL; set SANDBOX_URL to it"
        )
    for provider, key in (("TWITTER", config.twitter_api_key), ("TWITCH", config.twitch_api_key)):
        if not key and not config.sandbox:
            raise ConfigError(f"{provider}_API_KEY is missing: set the provider's keys, or SANDBOX=1")
