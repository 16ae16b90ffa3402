"""The X dashboard's cost panel: the reads the account's collection used this month, what X bills for them
at its published rates, and the operator's cap, saying when it holds collection back."""

from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard.figures.x_cost import reads_figure
from providers.x.pricing import POST_READ_USD, RATES_PAGE, USER_READ_USD, MonthlyReads

from .x_panels import chart

NO_READS = "No reads counted yet: each sync of this account counts what it read"


def cost_body(months: list[MonthlyReads], cap: int, today: date):
    month = today.replace(day=1)
    this = next((used for used in months if used.month == month), MonthlyReads(month))
    said = [
        html.Strong(f"{this.reads:,} reads in {month:%B %Y} (UTC)"),
        f": {this.post_reads:,} posts and {this.user_reads:,} users returned by X's API in {this.requests:,} "
        f"requests, about ${this.cost_usd:,.2f} at X's ",
        html.A("published rates", href=RATES_PAGE, target="_blank", rel="noopener"),
        f" (${POST_READ_USD:.3f} a post, ${USER_READ_USD:.3f} a user). ",
        f"The operator caps this account at {cap:,} reads a month." if cap else "No monthly cap is set.",
    ]
    held = None
    if cap and this.reads >= cap:
        resumes = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        held = dbc.Alert(
            f"The cap holds collection back: {this.reads:,} of {cap:,} reads are used, so this account's posts and "
            f"profile are not fetched again until {resumes:%-d %B}. The charts show what was fetched before.",
            color="warning",
            className="small py-2 mb-2",
            id="twitter-cap-held",
        )
    return [
        html.P(said, className="small mb-1"),
        held,
        chart(reads_figure(months, cap), "twitter-cost-graph", NO_READS),
    ]
