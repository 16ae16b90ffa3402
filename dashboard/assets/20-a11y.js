/* Accessibility mends for markup that Dash's components render and we cannot set from Python:
 * - dcc.DatePickerRange puts aria-expanded on a plain div, which ARIA does not allow there: we give
 *   that div the role the attribute belongs to (a combobox opening the calendar dialog); the calendar's
 *   dialog and its year field come unnamed: they are named;
 * - dbc.Progress renders an unnamed progressbar: it takes its name from the nearest data-progress-name;
 * - dash_table.DataTable (the streams list) renders its row pickers and page buttons unnamed, and its
 *   sideways-scrolling box out of keyboard reach: each picker is named for its row's first cell (again
 *   after a sort moves the rows), each page button for what it does, and a box that scrolls takes focus;
 * - dcc.Upload (class upload-drop) renders its file field unnamed: the field, which the keyboard reaches
 *   (10-app.css rings the zone around it), takes the zone's words.
 */
(function () {
    function mend(root) {
        root.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded]:not([role])").forEach(function (el) {
            el.setAttribute("role", "combobox");
            if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", "Date range");
            el.removeAttribute("aria-labelledby"); // it names ids that the component never renders
        });
        // Its calendar: a popover dialog with no name, and a year field with no label.
        root.querySelectorAll(".dash-datepicker-content[role=dialog]:not([aria-label])").forEach(function (el) {
            el.setAttribute("aria-label", "Choose the date range");
        });
        root.querySelectorAll(".dash-datepicker-controls input:not([aria-label])").forEach(function (el) {
            el.setAttribute("aria-label", el.type === "number" ? "Year" : "Month");
        });
        root.querySelectorAll("[role=progressbar]:not([aria-label])").forEach(function (bar) {
            var named = bar.closest("[data-progress-name]");
            bar.setAttribute("aria-label", named ? named.getAttribute("data-progress-name") : "Progress");
        });
        mendDataTables(root);
        mendUploads(root);
    }
    function mendUploads(root) {
        root.querySelectorAll(".upload-drop input[type=file]:not([aria-label])").forEach(function (field) {
            field.setAttribute("aria-label", field.closest(".upload-drop").textContent.trim());
        });
    }
    var PAGE_BUTTONS = {"first-page": "First page", "previous-page": "Previous page",
                        "next-page": "Next page", "last-page": "Last page"};
    function mendDataTables(root) {
        root.querySelectorAll(".dash-table-container").forEach(function (table) {
            table.querySelectorAll(".dash-select-cell > input").forEach(function (picker) {
                var row = picker.closest("tr"), first = row && row.querySelector("td.dash-cell");
                var label = "Show the stream of " + (first ? first.textContent.trim() : "this row");
                if (picker.getAttribute("aria-label") !== label) picker.setAttribute("aria-label", label);
            });
            Object.keys(PAGE_BUTTONS).forEach(function (name) {
                table.querySelectorAll("button." + name + ":not([aria-label])").forEach(function (button) {
                    button.setAttribute("aria-label", PAGE_BUTTONS[name]);
                });
            });
            table.querySelectorAll(".dash-spreadsheet-container, .dash-spreadsheet-inner").forEach(function (box) {
                var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
                if (scrolls && !box.hasAttribute("tabindex")) {
                    box.setAttribute("tabindex", "0");
                    box.setAttribute("role", "region");
                    box.setAttribute("aria-label", "Table, scrolls sideways");
                }
            });
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
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    var resized = null; // a box may start scrolling on a phone: mend once the resizing settles
    window.addEventListener("resize", function () {
        window.clearTimeout(resized);
        resized = window.setTimeout(function () { mend(document); }, 150);
    });
})();
