"""The page as HTML in its own response, so that a phone shows the numbers before any script has run.

Dash sends an empty page ("Loading...") and draws everything once its scripts (about 400 KB) have
arrived and run: seconds on a phone's network. The server already fills each page's layout
(callbacks/pages.py); this writes that same layout out as HTML with Bootstrap's markup, into the page's
first response. The browser paints it at once; when Dash has drawn the page, 10-app.css hides this copy
and 80-first-paint.js removes it. It is inert (nothing in it can be clicked or focused) and carries no
ids, so nothing can find it instead of the live page.

Covers the components our pages use; any other component is written as its children, and a chart as
the room it takes. Every text and attribute is escaped: pages hold what people wrote (posts, titles).
"""

from html import escape

import orjson

VOID = frozenset({"br", "hr", "img", "input"})
SKIPPED = frozenset({"Store", "Location", "Download", "Interval", "Modal", "Tooltip", "Popover"})
# html.* props written as attributes, under their HTML names.
ATTRIBUTES = {
    "className": "class",
    "htmlFor": "for",
    "tabIndex": "tabindex",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    **{name: name for name in ("href", "src", "alt", "title", "role", "action", "method", "name", "type", "value")},
    **{name: name for name in ("target", "rel", "width", "height", "scope", "dateTime", "lang")},
}
BOOLEAN = frozenset({"disabled", "hidden", "open"})  # "open": a <details> shown open (a signature taken apart)
SAFE_ADDRESSES = ("https://", "http://", "/", "#", "mailto:")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BREAKPOINTS = ("xs", "sm", "md", "lg", "xl", "xxl")


def first_paint(layout) -> str:
    """``layout`` (plain JSON, as Dash sends it) as HTML, inside the inert element 10-app.css swaps out."""
    return f'<div id="first-paint" inert>{_html(layout)}</div>'


class _Written(str):
    """HTML written already: put in as it is."""


def _html(node) -> str:
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, _Written):
        return node
    if isinstance(node, orjson.Fragment):  # a panel kept drawn (callbacks/panel_cache.py): its JSON
        return _html(orjson.loads(orjson.dumps(node)))
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(_html(child) for child in node)
    if not isinstance(node, dict) or "namespace" not in node:
        return ""
    props = node.get("props") or {}
    if node["type"] in SKIPPED:
        return ""
    if node["namespace"] == "dash_html_components":
        return _element(node["type"].lower(), _html_attributes(props), props.get("children"))
    write = _BOOTSTRAP.get(node["type"]) if node["namespace"] == "dash_bootstrap_components" else None
    write = write or _OTHERS.get(node["type"])
    if write:
        return write(props)
    return _element("div", {"class": props.get("className")}, props.get("children"))


def _element(tag: str, attributes: dict, children=None) -> _Written:
    written = "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None and value is not False and value != ""
    )
    if tag in VOID:
        return _Written(f"<{tag}{written}>")
    return _Written(f"<{tag}{written}>{_html(children)}</{tag}>")


def _classes(*names) -> str:
    return " ".join(name for name in names if name)


def _style(style: dict | None) -> str | None:
    """A React style dict as CSS: camelCase names in kebab-case, numbers in pixels."""
    if not style:
        return None
    css = []
    for name, value in style.items():
        kebab = "".join(f"-{c.lower()}" if c.isupper() else c for c in name)
        css.append(f"{kebab}:{value}px" if isinstance(value, int | float) and value else f"{kebab}:{value}")
    return ";".join(css)


def _address(value):
    """A link or image address only if it goes somewhere plain (as Dash's own links refuse javascript:)."""
    return value if isinstance(value, str) and value.lower().startswith(SAFE_ADDRESSES) else None


def _html_attributes(props: dict) -> dict:
    attributes = {html: props.get(name) for name, html in ATTRIBUTES.items()}
    attributes["href"], attributes["src"] = _address(props.get("href")), _address(props.get("src"))
    attributes["style"] = _style(props.get("style"))
    attributes.update({name.lower(): bool(props.get(name)) for name in BOOLEAN})
    attributes.update({name: value for name, value in props.items() if name.startswith(("aria-", "data-"))})
    return attributes


# Bootstrap's markup of each dbc component our pages use ---------------------------------------------


def _div(base: str):
    return lambda props: _element(
        "div", {"class": _classes(base, _class(props)), "style": _style(props.get("style"))}, props.get("children")
    )


def _class(props: dict) -> str | None:
    return props.get("className") or props.get("class_name")


def _container(props: dict) -> str:
    fluid = props.get("fluid")
    base = "container" + (f"-{fluid}" if isinstance(fluid, str) else "-fluid" if fluid else "")
    return _element("div", {"class": _classes(base, _class(props))}, props.get("children"))


def _col(props: dict) -> str:
    sizes = []
    for breakpoint in BREAKPOINTS:
        size = props.get("width" if breakpoint == "xs" and "width" in props else breakpoint)
        if size is None:
            continue
        infix = "" if breakpoint == "xs" else f"-{breakpoint}"
        sizes.append(f"col{infix}" if size is True else f"col{infix}-{size}")
    return _element("div", {"class": _classes(*(sizes or ["col"]), _class(props))}, props.get("children"))


def _button(props: dict) -> str:
    colour = props.get("color") or "primary"
    size = {"sm": "btn-sm", "lg": "btn-lg"}.get(props.get("size"))
    classes = _classes("btn", f"btn-outline-{colour}" if props.get("outline") else f"btn-{colour}", size, _class(props))
    attributes = {"class": classes, "style": _style(props.get("style"))}
    if props.get("href"):
        return _element("a", {**attributes, "href": _address(props["href"]), "role": "button"}, props.get("children"))
    return _element("button", {**attributes, "type": props.get("type") or "button"}, props.get("children"))


def _badge(props: dict) -> str:
    classes = _classes(
        "badge",
        props.get("text_color") and f"text-{props['text_color']}",
        f"bg-{props.get('color') or 'primary'}",
        props.get("pill") and "rounded-pill",
        _class(props),
    )
    return _element("span", {"class": classes, "title": props.get("title")}, props.get("children"))


def _alert(props: dict) -> str:
    if props.get("is_open") is False:
        return ""
    classes = _classes("alert", f"alert-{props.get('color') or 'secondary'}", _class(props))
    return _element("div", {"class": classes, "role": "alert"}, props.get("children"))


def _navbar(props: dict) -> str:
    expand = props.get("expand", "md")
    classes = _classes(
        "navbar",
        expand and f"navbar-expand-{expand}" if expand is not True else "navbar-expand",
        props.get("color") and f"bg-{props['color']}",
        _class(props),
    )
    return _element(
        "nav", {"class": classes, "data-bs-theme": "dark" if props.get("dark") else None}, props.get("children")
    )


def _brand(props: dict) -> str:
    tag = "a" if props.get("href") else "span"
    return _element(
        tag,
        {"class": _classes("navbar-brand", _class(props)), "href": _address(props.get("href"))},
        props.get("children"),
    )


def _toggler(props: dict) -> str:
    return _element(
        "button",
        {"class": _classes("navbar-toggler", _class(props)), "type": "button", "aria-label": "Toggle navigation"},
        {"namespace": "dash_html_components", "type": "Span", "props": {"className": "navbar-toggler-icon"}},
    )


def _collapse(props: dict) -> str:
    classes = _classes("collapse", props.get("navbar") and "navbar-collapse", props.get("is_open") and "show")
    return _element("div", {"class": _classes(classes, _class(props))}, props.get("children"))


def _nav(props: dict) -> str:
    classes = _classes("nav", props.get("navbar") and "navbar-nav", props.get("pills") and "nav-pills", _class(props))
    return _element("div", {"class": classes}, props.get("children"))


def _nav_link(props: dict) -> str:
    return _element(
        "a", {"class": _classes("nav-link", _class(props)), "href": _address(props.get("href"))}, props.get("children")
    )


def _progress(props: dict) -> str:
    value, most = props.get("value") or 0, props.get("max") or 100
    bar = _element(
        "div",
        {
            "class": _classes(
                "progress-bar", (props.get("striped") or props.get("animated")) and "progress-bar-striped"
            ),
            "style": f"width:{100 * value / most:.0f}%",
        },
    )
    return _element("div", {"class": _classes("progress", _class(props))}, bar)


def _choice(kind: str, label, checked: bool, wrapper: str, box: str | None, text: str | None, switch=False):
    """One radio or checkbox as dbc draws it: its box, then its label, in a form-check."""
    box_html = _element(
        "input",
        {"class": _classes("form-check-input", box), "type": kind, "checked": checked, "role": switch and "switch"},
    )
    return _element("div", {"class": wrapper}, [box_html, _element("label", {"class": text}, label)])


def _radio_items(props: dict) -> str:
    wrapper = _classes("form-check", props.get("inline") and "form-check-inline")
    choices = []
    for option in props.get("options") or []:
        label, value = (option.get("label"), option.get("value")) if isinstance(option, dict) else (option, option)
        checked = value == props.get("value")
        text = _classes("form-check-label", props.get("labelClassName"), checked and props.get("labelCheckedClassName"))
        choices.append(_choice("radio", label, checked, wrapper, props.get("inputClassName"), text))
    return _element("div", {"class": _class(props)}, choices)


def _switch(props: dict) -> str:
    wrapper = _classes("form-check form-switch", _class(props))
    label = props.get("label")
    return _choice("checkbox", label, bool(props.get("value")), wrapper, None, "form-check-label form-label", True)


def _select(props: dict) -> str:
    size = {"sm": "form-select-sm", "lg": "form-select-lg"}.get(props.get("size"))
    options = "".join(
        _element(
            "option",
            {"value": option.get("value"), "selected": option.get("value") == props.get("value")},
            option.get("label"),
        )
        for option in props.get("options") or []
        if isinstance(option, dict)
    )
    attributes = {"class": _classes("form-select", size, _class(props)), "style": _style(props.get("style"))}
    return _element("select", attributes, _Written(options))


_BOOTSTRAP = {
    "Container": _container,
    "Row": _div("row"),
    "Col": _col,
    "Card": _div("card"),
    "CardBody": _div("card-body"),
    "CardHeader": _div("card-header"),
    "CardFooter": _div("card-footer"),
    "Button": _button,
    "Badge": _badge,
    "Alert": _alert,
    "Navbar": _navbar,
    "NavbarBrand": _brand,
    "NavbarToggler": _toggler,
    "Collapse": _collapse,
    "Nav": _nav,
    "NavItem": _div("nav-item"),
    "NavLink": _nav_link,
    "Progress": _progress,
    "RadioItems": _radio_items,
    "Switch": _switch,
    "Select": _select,
}


# dcc's and our own components: what they show before their scripts arrive ---------------------------


def _date_range(props: dict) -> str:
    """The picker's box with its two dates, as it shows them (``display_format`` "D MMM YYYY", else ISO)."""
    shown = []
    for value in (props.get("start_date"), props.get("end_date")):
        day = (value or "")[:10]
        if props.get("display_format") == "D MMM YYYY" and len(day) == 10:
            day = f"{int(day[8:])} {MONTHS[int(day[5:7]) - 1]} {day[:4]}"
        shown.append(_element("span", {"class": "first-paint-date"}, day))
    arrow = _element("span", {"aria-hidden": "true"}, "\u2192")
    return _element("div", {"class": _classes("first-paint-dates", _class(props))}, [shown[0], arrow, shown[1]])


def _panel_menu(props: dict) -> str:
    toggle = _element(
        "button",
        {"class": _classes("dropdown-toggle btn btn-sm", props.get("toggleClassName")), "type": "button"},
        props.get("label"),
    )
    return _element("div", {"class": _classes("dropdown", _class(props))}, toggle)


def _panel_frame(props: dict) -> str:
    """As 65-panel-frame.js draws it (no id: see ``first_paint``)."""
    title = _element(
        "div", {"class": "me-auto"}, [_element("h2", {"class": "h5 mb-0"}, props.get("title")), props.get("fetched")]
    )
    actions = _element("div", {"class": "d-flex align-items-start"}, props.get("actions"))
    header = _element(
        "div",
        {"class": "card-header"},
        _element("div", {"class": "d-flex flex-wrap align-items-start"}, [title, actions]),
    )
    card = _element(
        "div",
        {"class": "card h-100 shadow-sm dashboard-panel"},
        [header, _element("div", {"class": "card-body"}, props.get("children"))],
    )
    return _element("div", {"class": f"col-12 col-lg-{props.get('width') or 12} mb-4"}, card)


def _graph(props: dict) -> str:
    return _element("div", {"class": _classes("dash-graph", _class(props)), "style": _style(props.get("style"))})


def _input(props: dict) -> str:
    if props.get("type") == "hidden":
        return ""
    return _element("input", {"class": _class(props), "type": props.get("type"), "value": props.get("value")})


_OTHERS = {
    "DatePickerRange": _date_range,
    "PanelMenu": _panel_menu,
    "PanelFrame": _panel_frame,
    "Graph": _graph,
    "Input": _input,
}


def static_html(layout) -> str:
    """``layout`` (plain JSON) as HTML without the first paint's inert wrapper: a page of its own (a shared page)."""
    return _html(layout)
