"""The page written as HTML for its first paint: Bootstrap's markup, no ids, everything people wrote escaped."""

import dash_bootstrap_components as dbc
import orjson
from dash import dcc, html

from callbacks.page_template import plain
from dashboard.components.panels import chart_panel
from dashboard.first_paint import first_paint


def _painted(component) -> str:
    return first_paint(plain(component)).removeprefix('<div id="first-paint" inert>').removesuffix("</div>")


def test_what_people_wrote_is_escaped_in_text_and_attributes():
    painted = _painted(html.Span('<script>alert("x")</script>', title='" onmouseover="alert(1)'))
    assert "<script>" not in painted and "&lt;script&gt;" in painted
    assert 'title="&quot; onmouseover=&quot;alert(1)"' in painted


def test_a_script_address_is_never_written():
    painted = _painted(html.Div([html.A("x", href="javascript:alert(1)"), html.Img(src=" JavaScript:x")]))
    assert "javascript" not in painted.lower() and painted == "<div><a>x</a><img></div>"
    assert 'href="https://www.twitch.tv/v/1"' in _painted(html.A("vod", href="https://www.twitch.tv/v/1"))


def test_no_id_is_written_so_nothing_finds_the_copy_instead_of_the_live_page():
    painted = _painted(html.Div(html.Span("2,400", id="twitch-card-followers-value"), id={"type": "panel", "n": 1}))
    assert painted == "<div><span>2,400</span></div>"


def test_bootstrap_components_come_out_as_bootstraps_markup():
    page = dbc.Container(
        dbc.Row(
            [
                dbc.Col(dbc.Card(dbc.CardBody("numbers"), className="h-100"), xs=6, md=4, xl=True, className="mb-3"),
                dbc.Col(dbc.Button("Refresh", color="secondary", outline=True, size="sm")),
            ]
        ),
        fluid="lg",
    )
    assert _painted(page) == (
        '<div class="container-lg"><div class="row">'
        '<div class="col-6 col-md-4 col-xl mb-3">'
        '<div class="card h-100"><div class="card-body">numbers</div></div></div>'
        '<div class="col"><button class="btn btn-outline-secondary btn-sm" type="button">Refresh</button></div>'
        "</div></div>"
    )


def test_choices_show_which_is_chosen_and_stores_and_hidden_fields_leave_nothing():
    radios = dbc.RadioItems(options=[{"label": "day", "value": "d"}, {"label": "week", "value": "w"}], value="w")
    painted = _painted(html.Div([radios, dcc.Store(id="s", data={"a": 1}), dcc.Input(type="hidden", value="t")]))
    assert painted.count("<input") == 2 and painted.count(" checked") == 1
    assert painted.index(" checked") > painted.index("day")  # the week's box, not the day's
    assert 'value="t"' not in painted and "{" not in painted  # neither the hidden field nor the store's data


def test_a_kept_panel_fragment_and_a_date_range_are_written_as_they_show():
    kept = orjson.Fragment(orjson.dumps(plain(html.Strong("kept <b>"))))
    dates = dcc.DatePickerRange(start_date="2026-09-09", end_date="2026-12-07", display_format="D MMM YYYY")
    painted = _painted(html.Div([kept, dates]))
    assert "<strong>kept &lt;b&gt;</strong>" in painted
    assert "9 Sep 2026" in painted and "7 Dec 2026" in painted


def test_a_chart_panel_is_written_as_the_card_its_frame_draws_in_the_browser():
    painted = _painted(chart_panel("twitch", "vods", "<b>VODs</b>", width=6, height=300))
    assert painted.startswith(
        '<div class="col-12 col-lg-6 mb-4"><div class="card h-100 shadow-sm dashboard-panel">'
        '<div class="card-header"><div class="d-flex flex-wrap align-items-start">'
        '<div class="me-auto"><h2 class="h5 mb-0">&lt;b&gt;VODs&lt;/b&gt;</h2><small class="text-muted"></small></div>'
        '<div class="d-flex align-items-start"><button class="btn btn-outline-secondary btn-sm ms-1 touch-target"'
    )
    assert 'class="dropdown ms-1 panel-menu"' in painted  # the export menu, in the header's actions
    assert '<div class="card-body"><div class="panel-body"><div class="skeleton chart-skeleton' in painted
    assert "height:300px" in painted and " id=" not in painted
