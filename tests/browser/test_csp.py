"""Every page works under the Content-Security-Policy and without a script error: headless Chromium reports no
violation and logs no error anywhere (a script the page needs missing, say the regenerator runtime that Dash's
compiled code calls, would show as an error here)."""

from tests.helpers.browser import sign_in, wait_for_url

# Installed before any page script runs, so a violation during page load is caught too.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def violations(browser, expected_status: int | None = None) -> list[str]:
    """CSP violations and the errors the console logged since the last call (a page answered with
    ``expected_status`` logs that its own load failed: not counted)."""
    found = browser.driver.execute_script("return window.__cspViolations || []")
    logged = [entry["message"] for entry in browser.get_logs() or []]
    if expected_status:
        logged = [message for message in logged if f"status of {expected_status}" not in message]
    return found + logged


def test_no_page_breaks_the_content_security_policy_or_logs_an_error(dash_br, live_app):
    dash_br.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    seen: list[str] = []
    dash_br.server_url = live_app
    dash_br.wait_for_element("#sign-in-twitch")
    seen += violations(dash_br)

    sign_in(dash_br, "twitch", "sandbox_streamer")  # the sandbox's consent page, then the dashboard
    wait_for_url(dash_br, "/twitch")
    for graph in ("twitch-follower-graph", "twitch-vod-graph", "twitch-heatmap"):
        dash_br.wait_for_element(f"#{graph} .main-svg", timeout=30)
    dash_br.find_element(".date-range input").click()  # dcc's date picker opens its calendar
    dash_br.wait_for_element(".dash-datepicker-calendar", timeout=10)
    seen += violations(dash_br)

    dash_br.driver.get(live_app)
    sign_in(dash_br, "twitter", "sandbox_creator")
    wait_for_url(dash_br, "/twitter")
    dash_br.wait_for_element("#twitter-impressions-graph .main-svg", timeout=30)
    seen += violations(dash_br)

    dash_br.driver.get(live_app + "/no-such-page")
    dash_br.wait_for_contains_text("body", "Nothing here", timeout=10)
    seen += violations(dash_br, expected_status=404)
    assert seen == [], "\n".join(seen)
