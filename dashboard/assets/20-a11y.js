/* Accessibility mends for markup that Dash's components render and we cannot set from Python:
 * - dcc.DatePickerRange puts aria-expanded on a plain div, which ARIA does not allow there: we give
 *   that div the role the attribute belongs to (a combobox opening the calendar dialog);
 * - dbc.Progress renders an unnamed progressbar: it takes its name from the nearest data-progress-name.
 */
(function () {
    function mend(root) {
        root.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded]:not([role])").forEach(function (el) {
            el.setAttribute("role", "combobox");
            if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Date range");
            el.removeAttribute("aria-labelledby"); // it names ids that the component never renders
        });
        root.querySelectorAll("[role=progressbar]:not([aria-label])").forEach(function (bar) {
            var named = bar.closest("[data-progress-name]");
            bar.setAttribute("aria-label", named ? named.getAttribute("data-progress-name") : "Progress");
        });
    }
    var pending = false;
    new MutationObserver(function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
            pending = false;
            mend(document);
        });
    }).observe(document.documentElement, { childList: true, subtree: true });
})();
