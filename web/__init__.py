"""The Flask side of the app: configuration, Redis, sessions, token vault and web security."""
