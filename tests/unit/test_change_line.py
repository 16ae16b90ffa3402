"""The change line under a metric card says what is compared, in words a creator reads right."""

from core.units import DAY
from dashboard.components.change import change_line

MONTH = (0, 30 * DAY)


def said(*args, **kwargs) -> str:
    return change_line(*args, MONTH, **kwargs).children


def test_fewer_gained_than_before_reads_as_fewer_not_as_a_loss():
    assert said(34, 80, noun="new followers") == "▼ 57% fewer new followers than the 30 days before"
    assert said(12, 10, noun="posts") == "▲ 20% more posts than the 30 days before"
    assert said(5, 0, noun="posts") == "▲ 5 more posts than the 30 days before"
    assert said(7, 7, noun="posts") == "= as many posts as the 30 days before"


def test_a_counter_that_can_fall_shows_both_net_changes():
    assert said(3, 10) == "▼ net +3, against +10 the 30 days before"
    assert said(-2, 5, noun="new followers") == "▼ net -2, against +5 the 30 days before"


def test_rates_compare_in_points_and_nothing_to_compare_says_so():
    assert said(0.052, 0.048, rate=True) == "▲ 0.40 pts higher than the 30 days before"
    assert said(None, 4) == "– no data for the 30 days before"
