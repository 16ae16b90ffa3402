"""Validate a JSON reply against a response schema in ../shared/specs (the providers' OpenAPI)."""

import functools
import json
from pathlib import Path

from openapi_schema_validator import OAS30Validator

SPECS_DIR = Path(__file__).resolve().parents[3] / "shared" / "specs"

TWITCH_SPEC = "twitch-helix.openapi.json"
X_SPECS = ("x-api-v2.159.openapi.json", "x-api-v2.167.openapi.json")


@functools.cache
def load_spec(name: str) -> dict:
    return json.loads((SPECS_DIR / name).read_text())


def response_schema(spec_name: str, path: str, method: str = "get", status: str = "200") -> dict:
    operation = load_spec(spec_name)["paths"][path][method]
    return operation["responses"][status]["content"]["application/json"]["schema"]


def schema_errors(spec_name: str, path: str, body, method: str = "get", status: str = "200") -> list[str]:
    """Every way ``body`` breaks the documented reply of ``method path`` (empty when it fits)."""
    # Carry the spec's components along so that its "#/components/..." references resolve.
    schema = {**response_schema(spec_name, path, method, status), "components": load_spec(spec_name)["components"]}
    validator = OAS30Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


def assert_matches_spec(spec_name: str, path: str, body, method: str = "get", status: str = "200") -> None:
    errors = schema_errors(spec_name, path, body, method, status)
    assert not errors, f"{method.upper()} {path} reply breaks {spec_name}:\n" + "\n".join(errors[:20])
