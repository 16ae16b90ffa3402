"""Our scripts and styles joined: in name order, one of each kind, at an address that changes with the content."""

from dashboard.asset_bundle import page_bundles


def test_files_are_joined_in_name_order_and_the_address_follows_the_content(tmp_path):
    (tmp_path / "20-b.js").write_text("second()")
    (tmp_path / "10-a.js").write_text("first()")
    (tmp_path / "00-theme.css").write_text("body{}")
    (tmp_path / "notes.txt").write_text("not a page file")
    script, stylesheet = page_bundles(tmp_path)
    text = script.body.decode()
    assert text.index("first()") < text.index("second()") and "not a page file" not in text
    assert text.count(";\n") == 2  # one file's last statement never runs into the next one's first
    assert stylesheet.body.decode().strip().endswith("body{}") and stylesheet.mimetype == "text/css"
    assert script.url.startswith("/_bundle/app.") and script.url.endswith(".js")

    (tmp_path / "10-a.js").write_text("first(changed)")
    changed, same = page_bundles(tmp_path)
    assert changed.url != script.url and same.url == stylesheet.url
