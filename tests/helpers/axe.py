"""axe-core in the browser under test: the copy the pinned axe-core-python package ships, no network."""

from importlib.resources import files

AXE_SOURCE = files("axe_core_python").joinpath("axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("critical", "serious")

_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
    done(result.violations.map(function (v) {
        return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) { return n.target.join(" "); }),
                why: v.nodes.length ? v.nodes[0].failureSummary.slice(0, 300) : ""};
    }));
}, function (error) { done([{id: "axe-error", impact: "critical", nodes: [String(error)]}]); });
"""


# A panel being redrawn is dimmed for the while (10-app.css): its text is then meant to be faint. axe looks at
# the page once no redraw runs (a sync landing while a test looks redraws the panels it touched).
_SETTLED = """
var done = arguments[arguments.length - 1], since = performance.now();
(function check() {
    if (!document.querySelector('.panel-body[data-dash-is-loading="true"]') || performance.now() - since > 15000) {
        done(true);
    } else { setTimeout(check, 100); }
})();
"""


def violations(browser, impacts: tuple[str, ...] = BLOCKING) -> list[dict]:
    """axe-core's violations on the page as it stands once no panel is being redrawn, of the given impacts:
    [{id, impact, nodes}]."""
    driver = browser.driver
    driver.set_script_timeout(60)
    driver.execute_async_script(_SETTLED)
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE_SOURCE)
    return [v for v in driver.execute_async_script(_RUN) if v["impact"] in impacts]
