"""Error pages: short and friendly for people, detailed (without secrets) in the log."""

import logging

import redis
from flask import Flask, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}}
a{{color:#4582ec}}</style></head><body><h1>{title}</h1><p>{message}</p><p><a href="/">Back to the home page</a></p>
</body></html>"""

STORE_DOWN = (
    "Temporarily unavailable",
    "Our session store is not answering, so we cannot tell who you are right now. "
    "Nothing is lost: please try again in a minute.",
)


def page(title: str, message: str, status: int):
    return PAGE.format(title=title, message=message), status, {"Content-Type": "text/html; charset=utf-8"}


def register_error_pages(server: Flask) -> None:
    @server.errorhandler(redis.RedisError)
    def store_unavailable(error):
        log.error("Redis unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        return page(*STORE_DOWN, 503)

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            return internal_error(error)
        return page(error.name, error.description or "", error.code or 500)

    @server.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        # Errors raised before a view runs (opening the session) arrive here wrapped.
        original = getattr(error, "original_exception", None)
        if isinstance(original, redis.RedisError):
            return store_unavailable(original)
        log.error("Unhandled error on %s %s", request.method, request.path, exc_info=original or error)
        return page("Something went wrong", "We hit an unexpected problem and logged it. Please try again.", 500)
