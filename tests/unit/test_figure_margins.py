"""Margins that hold what a chart shows beside its plot, so Plotly lays it out once (dashboard/figures/style.py);
tests/browser/test_charts_read_right.py checks them against Plotly's own layout of every dashboard chart."""

import plotly.graph_objects as go

from dashboard.figures import style


def _margins(figure: go.Figure) -> tuple:
    margin = style.fit_margins(figure).layout.margin
    return margin.l, margin.r, margin.t, margin.b


def test_a_legend_above_and_titles_beside_a_date_axis_get_their_room_and_nothing_else_grows():
    days = ["2026-09-01", "2026-09-02"]
    figure = go.Figure([go.Scatter(x=days, y=[3, 4], name="a"), go.Scatter(x=days, y=[4, 5], name="b")])
    figure.update_layout(margin={"l": 40, "r": 10, "t": 20, "b": 40}, legend={"orientation": "h", "y": 1.02})
    figure.update_xaxes(title_text="day").update_yaxes(title_text="followers")
    assert _margins(figure) == (style.Y_TITLE, 10, style.LEGEND_ABOVE, style.X_DATE_TITLE)


def test_one_series_shows_no_legend_and_margins_already_wide_enough_stay():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).update_layout(margin={"l": 90, "r": 30, "t": 20, "b": 90})
    assert _margins(figure) == (90, 30, 20, 90)


def test_a_number_axis_takes_less_room_below_than_a_date_axis_and_bar_labels_are_left_to_the_browser():
    bars = go.Figure(go.Bar(x=[5, 7], y=["GG", "that was insane (TinyKa…)"], orientation="h", text=["5", "7"]))
    bars.update_layout(margin={"l": 40, "r": 10, "t": 30, "b": 40}).update_xaxes(title_text="views")
    bars.update_yaxes(title_text="clip")
    # the labels' width is the font's (automargin's to find); the numbers written past the bars' ends get room
    assert _margins(bars) == (40, style.BAR_TEXT, 30, style.X_TITLE)


def test_a_colour_bar_widens_the_right_margin_with_its_title():
    hours = go.Figure(go.Heatmap(z=[[1]], colorbar={"title": {"text": "hours"}}))
    engagements = go.Figure(go.Heatmap(z=[[1]], colorbar={"title": {"text": "Median<br>engagements"}}))
    assert _margins(hours)[1] < _margins(engagements)[1] == style.COLOUR_BAR + style.COLOUR_BAR_PER_CHARACTER * 11


def test_a_pie_legend_below_gets_room_below_and_no_axis_room():
    figure = go.Figure(go.Pie(labels=["a", "b"], values=[1, 2]))
    figure.update_layout(legend={"orientation": "h", "y": -0.05})
    assert _margins(figure)[3] == style.LEGEND_BELOW


def test_a_legend_below_the_x_axis_gets_its_row_under_the_axiss_room():
    days = ["2026-09-01", "2026-09-02"]
    figure = go.Figure([go.Scatter(x=days, y=[3, 4], name="a"), go.Scatter(x=days, y=[4, 5], name="b")])
    figure.update_layout(legend={"orientation": "h", "y": -0.2}).update_xaxes(title_text="time")
    assert _margins(figure)[3] == style.X_DATE_TITLE + style.LEGEND_ROW


def test_a_legend_of_many_entries_above_the_plot_gets_the_room_of_its_rows():
    """A stream's story: viewers, chat, each kind of event marked; on a computer its legend wraps onto three rows."""
    names = ["viewers", "new follower", "your X posts", "clip made", "chat a minute (right)", "raid in", "raid out"]
    names += ["sub", "gifted subs", "cheer", "title or game changed", "ad break, hype train"]
    figure = go.Figure([go.Scatter(x=[1, 2], y=[3, 4], name=name) for name in names])
    figure.update_layout(margin={"l": 40, "r": 10, "t": 30, "b": 40}, legend={"orientation": "h", "y": 1.02})
    few = go.Figure([go.Scatter(x=[1, 2], y=[3, 4], name=name) for name in names[:3]])
    few.update_layout(margin={"l": 40, "r": 10, "t": 30, "b": 40}, legend={"orientation": "h", "y": 1.02})
    assert _margins(few)[2] == style.LEGEND_ABOVE
    # Wrapped, Plotly sets the entries in columns as wide as the widest ("chat a minute (right)"): 4 to a row here.
    assert _margins(figure)[2] == style.LEGEND_ABOVE + 2 * style.LEGEND_NEXT_ROW
