"""Starting the app from the command line: a bad environment stops it with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWITTER_", "TWITCH_", "REDIS_", "SECRET"))}
    return subprocess.run(
        [sys.executable, "-c", "import app"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = start({"ENVIRONMENT": "production", "REDIS_URL": "redis://127.0.0.1:1/0", "SANDBOX": "1"})
    assert result.returncode != 0
    assert "Cannot start: SECRET_KEY is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_environment_lists_the_accepted_ones():
    result = start({"ENVIRONMENT": "staging"})
    assert result.returncode != 0 and "accepted values: development, testing, production" in result.stderr
