"""A chart panel's card as one component: dashboard/assets/65-panel-frame.js draws it.

The card was a dbc.Col holding a dbc.Card, its header (three Divs, the title's H2) and its body: eight
components a panel that only ever drew the same markup, and every one a wrapper Dash's renderer builds
and subscribes to the page's store on a cold load (about a third of a dashboard's components; a phone
spent the most of its blocking time on them). This one draws Bootstrap's same markup: the column, the card
(``id``, with the class ``dashboard-panel``), the header with the title, ``fetched`` and ``actions``, and the
body holding ``children``. The parts with ids of their own (fetched-at, Refresh, the menu, the body) stay
components, passed in. On a phone it builds them as it comes near view or when the browser is idle; until
then its body is a skeleton ``height`` px tall, as the body's own.
"""

from dash.development.base_component import Component

from . import NAMESPACE


class PanelFrame(Component):
    """``title``: the panel's heading; ``width``: its columns of 12 on a large screen (the whole row below);
    ``height``: its body's, in px, until drawn."""

    _namespace = NAMESPACE
    _type = "PanelFrame"
    _prop_names = ["id", "children", "title", "fetched", "actions", "width", "height"]
    _valid_wildcard_attributes: list = []
    _children_props: list = ["fetched", "actions"]
    _base_nodes: list = ["fetched", "actions", "children"]

    def __init__(self, children=None, **kwargs):
        super().__init__(children=children, **kwargs)
