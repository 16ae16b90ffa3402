"""The configuration factory: environment names, defaults, and refusing to start without essentials."""

import pytest

from core.config import ConfigError, load_config

PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "s" * 40,
    "REDIS_URL": "rediss://h:p@example:6380",
    "SANDBOX": "1",
    "ALLOWED_HOSTS": ".herokuapp.com",
}


@pytest.mark.parametrize(
    "raw, name",
    [
        (None, "development"),
        ("", "development"),
        ("DEV", "development"),
        ("development", "development"),
        ("TESTING", "testing"),
        ("testing", "testing"),
        ("PRODUCTION", "production"),
        ("Production", "production"),
    ],
)
def test_environment_names_in_any_case(raw, name):
    env = {**PRODUCTION, "ENVIRONMENT": raw} if raw else {}
    assert load_config(env).environment == name


def test_unknown_environment_lists_the_accepted_ones():
    with pytest.raises(ConfigError, match="development, testing, production"):
        load_config({"ENVIRONMENT": "staging"})


@pytest.mark.parametrize("missing", ["SECRET_KEY", "REDIS_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    with pytest.raises(ConfigError, match=missing if missing != "ALLOWED_HOSTS" else "FRONT_END_URL"):
        load_config(env)


def test_production_answers_only_for_its_own_hosts():
    pinned = load_config({**PRODUCTION, "ALLOWED_HOSTS": "", "FRONT_END_URL": "https://dash.example.com"})
    assert pinned.trusted_hosts() == ["dash.example.com", "127.0.0.1"]  # and the sandbox's internal address
    heroku = load_config(PRODUCTION)
    assert heroku.trusted_hosts() == [".herokuapp.com", "127.0.0.1"]
    assert (
        "localhost"
        not in load_config(
            {
                **PRODUCTION,
                "SANDBOX": "0",
                "TWITTER_API_KEY": "k",
                "TWITTER_API_SECRET": "s",
                "TWITCH_API_KEY": "k",
                "TWITCH_API_SECRET": "s",
            }
        ).trusted_hosts()
    )
    assert load_config({}).trusted_hosts() == ["localhost", "127.0.0.1"]


def test_the_sandbox_is_reached_at_a_fixed_address():
    assert load_config({"PORT": "9123"}).sandbox_upstream == "http://127.0.0.1:9123"
    assert load_config({"SANDBOX_URL": "https://dash.example.com/"}).sandbox_upstream == "https://dash.example.com"
    with pytest.raises(ConfigError, match="SANDBOX_URL"):
        load_config({"SANDBOX_URL": "dash.example.com"})


def test_a_celery_worker_needs_the_sandbox_address_in_production():
    with pytest.raises(ConfigError, match="SANDBOX_URL"):
        load_config({**PRODUCTION, "BACKGROUND_JOBS": "celery"})
    assert load_config({**PRODUCTION, "BACKGROUND_JOBS": "celery", "SANDBOX_URL": "https://a.herokuapp.com"})


def test_production_needs_provider_keys_or_the_sandbox():
    env = {k: v for k, v in PRODUCTION.items() if k != "SANDBOX"}
    with pytest.raises(ConfigError, match="TWITTER_API_KEY"):
        load_config(env)
    keyed = {**env, "TWITTER_API_KEY": "k", "TWITTER_API_SECRET": "s", "TWITCH_API_KEY": "k", "TWITCH_API_SECRET": "s"}
    config = load_config(keyed)
    assert not config.sandbox and not config.uses_sandbox("twitch")


def test_redis_host_counts_as_redis_in_production():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    assert load_config({**env, "REDIS_HOST": "cache.internal"}).redis_configured


def test_sandbox_is_on_by_default_outside_production_only():
    assert load_config({}).sandbox
    assert load_config({"ENVIRONMENT": "testing"}).sandbox
    assert load_config(PRODUCTION).sandbox  # SANDBOX=1 turns it on there
    assert not load_config({"SANDBOX": "0"}).sandbox


def test_a_provider_with_keys_leaves_the_sandbox():
    config = load_config({"TWITCH_API_KEY": "id", "TWITCH_API_SECRET": "secret"})
    assert not config.uses_sandbox("twitch") and config.uses_sandbox("twitter")


def test_half_a_key_pair_is_refused():
    with pytest.raises(ConfigError, match="TWITCH_API_SECRET"):
        load_config({"TWITCH_API_KEY": "id"})


def test_callbacks_default_to_the_front_end_url():
    from sync.upstreams import twitch_app, x_app

    config = load_config({"FRONT_END_URL": "https://dash.example.com/"})
    assert twitch_app(config, "http://ignored").redirect_uri == "https://dash.example.com/callback/twitch"
    assert x_app(config, "http://ignored").callback_uri == "https://dash.example.com/callback/twitter"
    explicit = load_config({"TWITCH_CALLBACK": "https://x.example/cb"})
    assert twitch_app(explicit, "http://ignored").redirect_uri == "https://x.example/cb"


def test_upstream_bases_default_to_the_real_providers():
    config = load_config({"TWITCH_API_KEY": "id", "TWITCH_API_SECRET": "s"})
    assert (config.twitter_api_base, config.twitch_auth_base, config.twitch_api_base) == (
        "https://api.x.com",
        "https://id.twitch.tv",
        "https://api.twitch.tv/helix",
    )


def test_bad_numbers_are_named():
    with pytest.raises(ConfigError, match="REDIS_PORT"):
        load_config({"REDIS_PORT": "six"})


def test_the_history_database_is_database_url_else_a_sqlite_file_under_instance():
    from pathlib import Path

    assert (
        load_config({**PRODUCTION, "DATABASE_URL": "postgres://u:p@db:5432/d"}).database_url
        == "postgres://u:p@db:5432/d"
    )
    default = load_config({}).database_url
    assert default == f"sqlite:///{Path(__file__).resolve().parents[2] / 'instance' / 'history.db'}"


def test_the_monthly_x_read_cap_is_off_unless_set_and_must_be_a_number():
    assert load_config({}).x_monthly_read_cap == 0
    assert load_config({"X_MONTHLY_READ_CAP": "50000"}).x_monthly_read_cap == 50_000
    for wrong in ("lots", "-5"):
        with pytest.raises(ConfigError, match="X_MONTHLY_READ_CAP"):
            load_config({"X_MONTHLY_READ_CAP": wrong})


def test_mail_settings_are_checked_and_production_mail_needs_its_public_url():
    with pytest.raises(ConfigError, match="SMTP_URL"):
        load_config({"SMTP_URL": "http://mail.example.com"})
    with pytest.raises(ConfigError, match="MAIL_FROM"):
        load_config({"MAIL_FROM": "nobody"})
    with pytest.raises(ConfigError, match="FRONT_END_URL"):
        load_config({**PRODUCTION, "SMTP_URL": "smtp://u:p@smtp.example.com:587"})
    mailing = load_config(
        {**PRODUCTION, "SMTP_URL": "smtps://u:p@smtp.example.com", "FRONT_END_URL": "https://a.example.com"}
    )
    assert mailing.smtp_url == "smtps://u:p@smtp.example.com" and load_config({}).smtp_url is None
