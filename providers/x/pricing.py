"""What X bills for reading its API: pay-per-use, per resource returned (docs.x.com, "X API pay-per-usage
pricing and credits", read operations). The rates change; these are the published ones of December 2026."""

from dataclasses import dataclass
from datetime import date

POST_READ_USD = 0.005  # "Posts: Read", per post returned
USER_READ_USD = 0.010  # "User: Read", per user returned (users/me)
RATES_PAGE = "https://docs.x.com/x-api/getting-started/pricing"


@dataclass(frozen=True)
class MonthlyReads:
    """What one account's collection read from X's API in one calendar month (UTC)."""

    month: date  # its first day
    post_reads: int = 0
    user_reads: int = 0
    requests: int = 0

    @property
    def reads(self) -> int:
        return self.post_reads + self.user_reads

    @property
    def cost_usd(self) -> float:
        return self.post_reads * POST_READ_USD + self.user_reads * USER_READ_USD
