"""The outside world: one package per provider (OAuth flow, API client, parsing) and the sandbox."""
