"""Shared fixtures: a real Redis under a private key prefix."""
import pytest
import redis

from tests.support import delete_prefixed, test_redis_url, unique_prefix


@pytest.fixture(scope="session")
def redis_url():
    url, throwaway = test_redis_url()
    yield url
    if throwaway:
        throwaway.stop()


@pytest.fixture(scope="session")
def redis_client(redis_url):
    return redis.Redis.from_url(redis_url)


@pytest.fixture
def key_prefix(redis_client):
    """A fresh prefix per test; its keys are deleted afterwards and nothing else is touched."""
    prefix = unique_prefix()
    yield prefix
    delete_prefixed(redis_client, prefix)
