"""The two weekly heatmaps of /twitch answer from different sources (VODs, the app's own samples); each panel
says which, so a week that differs between them reads as what it is."""

from zoneinfo import ZoneInfo

from plotly.utils import PlotlyJSONEncoder

from core.units import DAY
from dashboard.components.stream_panels import BEST_TIMES_SOURCE, best_times_body
from dashboard.components.twitch_panels import STREAM_TIME_SOURCE, schedule_body
from dashboard.figures.common import Window

SPAN = Window(1_790_000_000, 1_790_000_000 + 30 * DAY, ZoneInfo("America/Los_Angeles"))


def text_of(body) -> str:
    return PlotlyJSONEncoder().encode(body)


def test_each_heatmap_panel_names_its_source_and_points_at_the_other():
    stream_time, audience = text_of(schedule_body([], [], SPAN)), text_of(best_times_body(None, "No streams."))
    assert STREAM_TIME_SOURCE in stream_time and "VOD" in STREAM_TIME_SOURCE and "below" in STREAM_TIME_SOURCE
    assert BEST_TIMES_SOURCE in audience and "samples" in BEST_TIMES_SOURCE and "above" in BEST_TIMES_SOURCE
