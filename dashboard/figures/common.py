"""What every dashboard figure shares: the friendly empty state."""
import plotly.graph_objects as go


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank, with no axes to suggest data."""
    figure = go.Figure()
    figure.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                          font={"size": 15, "color": "#6c757d"})
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False},
                         margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure
