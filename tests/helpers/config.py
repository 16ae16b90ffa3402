"""The app's configuration for tests: testing mode, the test Redis under a private key prefix."""

from core.config import Config


def app_config(redis_url: str, key_prefix: str, **overrides) -> Config:
    settings = dict(
        environment="testing",
        secret_key="test-secret-key",
        redis_url=redis_url,
        key_prefix=key_prefix,
        login_rate_limit="1000 per minute",
    )
    return Config(**{**settings, **overrides})
