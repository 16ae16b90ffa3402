"""The dashboards' tables travel as data: a cell is text, or a link only to a web address."""

from dashboard.components.link_table import link
from dashboard.components.panels import link_table


def test_a_link_cell_carries_only_web_addresses():
    assert link("VOD", "https://www.twitch.tv/videos/1") == {"text": "VOD", "href": "https://www.twitch.tv/videos/1"}
    for address in ("javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "", None):
        assert link("VOD", address) == "VOD"


def test_a_table_is_one_component_holding_its_cells():
    table = link_table(["clip", "views"], [[link("a", "https://clips.twitch.tv/a"), "1,204"]]).to_plotly_json()
    assert (table["namespace"], table["type"]) == ("creator_analytics", "LinkTable")
    assert table["props"]["header"] == ["clip", "views"]
    assert table["props"]["rows"] == [[{"text": "a", "href": "https://clips.twitch.tv/a"}, "1,204"]]
