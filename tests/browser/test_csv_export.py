"""CSV export: the file a panel's CSV button downloads, and what it does to spreadsheet formulas."""

import csv
import io

from callbacks.common import file_name, to_csv
from dashboard.components.daterange import DEFAULT_PRESET, preset_dates
from tests.helpers.browser import click_panel_button, sign_in, wait_for_download


def test_csv_neutralises_formulas_but_keeps_numbers():
    text = to_csv(
        [
            {"title": '=HYPERLINK("http://evil")', "views": -3, "by": "@someone"},
            {"title": "plain", "views": 7, "by": "viewer"},
        ]
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {"title": '\'=HYPERLINK("http://evil")', "views": "-3", "by": "'@someone"}
    assert rows[1] == {"title": "plain", "views": "7", "by": "viewer"}


def test_the_vod_panel_downloads_its_data_named_for_the_account_and_range(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    top_title = dash_br.find_element("#twitch-panel-vods table tbody tr a").text
    click_panel_button(dash_br, "panel-csv", "vods")
    files = wait_for_download(dash_br, "*.csv")
    assert files, "no CSV arrived"
    first, last = preset_dates(DEFAULT_PRESET)
    assert files[0].name == f"twitch-vods-sandbox_streamer-{first}-to-{last}.csv"
    rows = list(csv.DictReader(files[0].open()))
    assert rows and top_title in {row.get("title") for row in rows}


def test_file_names_say_whose_data_and_which_range():
    assert file_name("x-posts.csv", "Some One!", "2026-01-01T00:00:00", "2026-01-31") == (
        "x-posts-Some-One-2026-01-01-to-2026-01-31.csv"
    )
    assert file_name("x-posts.csv", "///", None, None) == "x-posts-account-start-to-today.csv"
