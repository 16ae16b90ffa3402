"""Dash's own routes made strict: callback bodies that are not well formed are a 400, and paths that are
no page a 404 (Dash answers every path with its index page and a 200, and lets the browser sort it out)."""

import json
import logging

import dash
from flask import Flask, abort, request
from werkzeug.exceptions import MethodNotAllowed

log = logging.getLogger(__name__)

DISPATCH = "/_dash-update-component"
CATCH_ALL = "/<path:path>"
MAX_NESTING = 32  # pattern-matching ids and values nest a few levels; more is not a Dash request
# Errors Dash's dispatch raises when a body is well-formed JSON of the wrong shape, before any callback runs.
_SHAPE_ERRORS = (KeyError, TypeError, IndexError, AttributeError, ValueError, RecursionError)


def _nesting(value) -> int:
    """How deep ``value`` nests, counted without recursion (a hostile body could be deeper than Python's stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _is_prop_list(value) -> bool:
    """Dash's ``inputs``/``state``: a list of {id, property, ...}, or lists of them for pattern matching."""
    if not isinstance(value, list):
        return False
    entries = [e for item in value for e in (item if isinstance(item, list) else [item])]
    return all(isinstance(e, dict) and "id" in e and isinstance(e.get("property"), str) for e in entries)


def _parsed_body():
    """The request's JSON, parsed once: Flask keeps it, and Dash's dispatch reads that same parse."""
    try:
        return request.get_json(force=True, silent=True)  # None for anything that is not JSON
    except RecursionError:  # nested deeper than Python's parser goes
        return None


def callback_body_problem(body, known_outputs) -> str | None:
    """Why a parsed body cannot be a callback request of this app, or None when it has the right shape."""
    if not isinstance(body, dict):
        return "not a JSON object"
    if _nesting(body) > MAX_NESTING:
        return "nested too deeply"
    if not isinstance(body.get("output"), str) or body["output"] not in known_outputs:
        return "unknown output"
    if not isinstance(body.get("outputs"), (dict, list)):
        return "outputs missing"
    if not _is_prop_list(body.get("inputs")) or not _is_prop_list(body.get("state", [])):
        return "inputs or state malformed"
    if not isinstance(body.get("changedPropIds", []), list):
        return "changedPropIds malformed"
    try:
        return _definition_mismatch(body, known_outputs[body["output"]])
    except ValueError:  # an id the definition spells in a way we do not read: refused, never a 500
        return "unreadable definition"


def _fits(sent, component_id: str, prop: str) -> bool:
    """One entry of a request (an input, a state or an output) is the component property the callback names.

    A pattern-matching id (a JSON object in the definition) takes a list of matching entries (ALL) or one (MATCH).
    """
    if not component_id.startswith("{"):
        return isinstance(sent, dict) and sent.get("id") == component_id and _property(sent) == prop
    pattern = json.loads(component_id.replace("\\.", "."))  # Dash writes a dot inside an id as "\."
    return all(
        isinstance(entry, dict)
        and _property(entry) == prop
        and isinstance(entry.get("id"), dict)
        and entry["id"].keys() == pattern.keys()
        and all(isinstance(value, list) or entry["id"][key] == value for key, value in pattern.items())
        for entry in (sent if isinstance(sent, list) else [sent])
    )


def _property(entry: dict):
    """The entry's property, without the ``@<hash>`` Dash appends to an output that allows duplicates."""
    prop = entry.get("property")
    return prop.split("@")[0] if isinstance(prop, str) else prop


def _definition_mismatch(body: dict, definition: dict) -> str | None:
    """Why the request's inputs, state or outputs are not the ones its callback was defined with (Dash would
    raise on them: an error, not a refusal), or None."""
    for part in ("inputs", "state"):
        sent, defined = body.get(part, []), definition[part]
        if len(sent) != len(defined) or not all(_fits(s, d["id"], d["property"]) for s, d in zip(sent, defined)):
            return f"{part} do not match the callback"
    key = body["output"]
    named = key[2:-2].split("...") if key.startswith("..") else [key]  # Dash's key of a multi-output callback
    sent = body["outputs"] if key.startswith("..") else [body["outputs"]]
    if not isinstance(sent, list) or len(sent) != len(named):
        return "outputs do not match the callback"
    for entry, name in zip(sent, named):
        component_id, prop = name.rsplit(".", 1)
        if not _fits(entry, component_id, prop.split("@")[0]):
            return "outputs do not match the callback"
    return None


def make_dash_routes_strict(app: dash.Dash) -> None:
    """Call once every page and route is registered: the paths they serve are read here, once."""
    server: Flask = app.server
    dispatch = server.view_functions[DISPATCH]
    pages = {page["path"] for page in dash.page_registry.values() if not page["module"].endswith("not_found_404")}

    def checked_dispatch(*args, **kwargs):
        problem = callback_body_problem(_parsed_body(), app.callback_map)
        if problem:
            log.info("Refused a callback request: %s", problem)
            abort(400, description="That request could not be understood.")
        try:
            return dispatch(*args, **kwargs)
        except _SHAPE_ERRORS as error:
            # Reached only when Dash's own machinery trips over the body: the callbacks' errors go to on_error.
            log.info("Refused a callback request Dash could not dispatch: %s", type(error).__name__)
            abort(400, description="That request could not be understood.")

    server.view_functions[DISPATCH] = checked_dispatch
    # Browsers ask for /favicon.ico on pages that name no icon (the sandbox's consent pages): Dash's own.
    server.add_url_rule("/favicon.ico", "favicon", server.view_functions["/_favicon.ico"])
    no_get = {rule.rule for rule in server.url_map.iter_rules() if "GET" not in rule.methods}

    @server.before_request
    def refuse_other_methods_of_our_routes():
        """GET /logout would fall through to Dash's catch-all page; it is a POST-only route: 405."""
        if request.endpoint == CATCH_ALL and request.path in no_get:
            raise MethodNotAllowed()

    @server.after_request
    def unknown_pages_are_404(response):
        """The friendly not-found page still renders; its status now says so too."""
        if request.endpoint == CATCH_ALL and response.status_code == 200:
            path = "/" + request.view_args.get("path", "").rstrip("/")
            if path not in pages:
                response.status_code = 404
        return response
