"""Reading X's analytics export: the real headers in any order and under old spellings, X's numbers and
dates, and every kind of wrong file refused whole, with a sentence saying why."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from providers.x.analytics_export import (
    CONTENT,
    MAX_BYTES,
    OVERVIEW,
    ExportRefused,
    created_time,
    read_export,
)

SAMPLES = Path(__file__).parent.parent / "fixtures" / "x_export"
CONTENT_FILE = (SAMPLES / "account_analytics_content_2026-09-12_2026-09-14.csv").read_bytes()
OVERVIEW_FILE = (SAMPLES / "account_overview_analytics.csv").read_bytes()
OLD_FILE = (SAMPLES / "tweet_activity_metrics_sandbox_creator_20190501_20190601_en.csv").read_bytes()
HEADER = "Post id,Date,Post text,Post Link,Impressions,New follows,Profile visits"


def content(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def row(
    text: str = "hello",
    impressions: str = "10",
    post_id: str = "1834567890123456789",
    when: str = '"Sat, Sep 12, 2026"',
):
    return f"{post_id},{when},{text},https://x.com/ana/status/{post_id},{impressions},1,2"


def refusal(data: bytes) -> str:
    with pytest.raises(ExportRefused) as refused:
        read_export(data, "the file")
    return str(refused.value)


def test_the_content_sample_reads_every_column_with_thousands_separators():
    export = read_export(CONTENT_FILE)
    assert export.kind == CONTENT and export.handles == {"sandbox_creator"}
    first = export.posts[0]
    assert (first.impressions, first.engagements, first.new_follows, first.profile_visits) == (12_408, 1_020, 17, 96)
    assert first.created_at.date() == date(2026, 9, 14) and export.span == (date(2026, 9, 12), date(2026, 9, 14))
    assert export.posts[1].text.startswith("@chart_crafter")  # a reply's mention is no formula


def test_the_overview_sample_reads_follows_and_unfollows_per_day():
    export = read_export(OVERVIEW_FILE)
    assert export.kind == OVERVIEW
    assert [(d.day, d.new_follows, d.unfollows, d.impressions) for d in export.days][0] == (
        date(2026, 9, 14),
        19,
        3,
        14_990,
    )


def test_the_old_twitter_export_reads_under_its_own_spellings_and_times():
    (post,) = read_export(OLD_FILE).posts
    assert post.created_at == datetime(2019, 5, 14, 18, 30, tzinfo=UTC)
    assert (post.impressions, post.profile_visits, post.new_follows, post.reposts) == (1204, 6, 1, 3)  # "1204.0"


def test_columns_are_found_by_header_in_any_order():
    data = content(
        "96,https://x.com/ana/status/5,7,5,2026-09-14", header="Profile visits,Post Link,Impressions,Post id,Date"
    )
    (post,) = read_export(data).posts
    assert (post.profile_visits, post.impressions, post.id) == (96, 7, "5")


def test_a_european_spreadsheet_save_with_semicolons_reads_its_grouping():
    data = b'Date;Impressions;New follows;Unfollows\n"Sat, Sep 12, 2026";1.204;3;0\n'
    assert read_export(data).days[0].impressions == 1204


@pytest.mark.parametrize(
    "when, day",
    [
        ('"Sat, Sep 12, 2026"', date(2026, 9, 12)),
        ('"Sep 12, 2026"', date(2026, 9, 12)),
        ("2026-09-12", date(2026, 9, 12)),
    ],
)
def test_x_date_formats(when, day):
    assert read_export(content(row(when=when))).posts[0].created_at.date() == day


def test_a_real_post_id_gives_the_time_of_day_the_date_leaves_out():
    made = datetime(2026, 9, 12, 17, 45, 3, tzinfo=UTC)
    post_id = str((int(made.timestamp() * 1000) - 1_288_834_974_657) << 22)
    assert created_time(post_id, date(2026, 9, 12)) == made
    assert created_time("5", date(2026, 9, 12)) == datetime(2026, 9, 12, 12, tzinfo=UTC)  # no time in it: noon


@pytest.mark.parametrize(
    "data, says",
    [
        (b"name,email\nana,ana@example.com\n", "not one of X's analytics exports"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook"),
        (b"Post id,Date\n\x00\x00\x00junk", "binary data"),
        (bytes(range(128, 256)) * 10, "not text in UTF-8"),
        (content(row(post_id="1.83457E+18")), "rounded"),
        (content(row(when="9/12/2026")), "rewrote X's dates"),
        (content(row(), "1,2,3"), "cut short"),
        (content(row(text='=HYPERLINK("http://evil")')), "formula"),
        (content(row(text="+cmd|' /C calc'!A0")), "formula"),
        (content(row(text="-2+3+cmd|' /C calc'!A0")), "formula"),
        (content(row(text="@SUM(1+1)*cmd|' /C calc'!A0")), "formula"),
        (content(row(impressions="lots")), "whole number"),
        (content(row(), row()), "twice"),
        (HEADER.encode() + b"\n", "no rows"),
        (b"", "empty"),
    ],
    ids=[
        "another-format",
        "xlsx",
        "binary",
        "not-utf8",
        "rounded-ids",
        "spreadsheet-dates",
        "ragged-row",
        "formula-equals",
        "formula-plus",
        "formula-minus",
        "formula-at",
        "not-a-number",
        "repeated-post",
        "no-rows",
        "empty",
    ],
)
def test_wrong_files_are_refused_with_a_sentence(data, says):
    assert says in refusal(data)


def test_fifty_megabytes_of_junk_is_refused_by_its_size_before_any_parsing():
    junk = b"Post id,Date\n" + b"x" * (50 * 1024 * 1024)
    said = refusal(junk)
    assert "50.0 MB" in said and len(junk) > MAX_BYTES


def test_a_link_to_another_post_is_refused():
    data = content("1834567890123456789,2026-09-12,hi,https://x.com/ana/status/42,10,1,2")
    assert "not to post 1834567890123456789" in refusal(data)
