"""CSV export: the file a panel's CSV button downloads, and what it does to spreadsheet formulas."""

import csv
import io
import time
from pathlib import Path

from callbacks.common import to_csv
from tests.helpers.browser import sign_in


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


def test_the_vod_panel_downloads_its_data(dash_br, live_app):
    dash_br.server_url = live_app
    sign_in(dash_br, "twitch", "sandbox_streamer")
    dash_br.wait_for_element("#twitch-vod-graph .main-svg", timeout=30)
    top_title = dash_br.find_element("#twitch-panel-vods table tbody tr a").text
    button = dash_br.driver.find_element(
        "xpath", "//button[contains(@id, '\"panel-csv\"') and contains(@id, '\"vods\"')]"
    )
    dash_br.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    time.sleep(0.3)  # let the page settle after scrolling before clicking
    button.click()
    folder = Path(dash_br.download_path)
    deadline = time.monotonic() + 15
    while not list(folder.glob("*.csv")) and time.monotonic() < deadline:
        time.sleep(0.2)
    files = list(folder.glob("*.csv"))
    assert files, "no CSV arrived"
    rows = list(csv.DictReader(files[0].open()))
    assert rows and top_title in {row.get("title") for row in rows}
