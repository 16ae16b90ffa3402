/* Light or dark: the system's setting, until the person picks one with the navbar's toggle (kept in
 * this browser). Bootstrap reads data-bs-theme on <html>; the charts follow through 10-app.css. */
(function () {
    var KEY = "creator-analytics-theme";
    var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function chosen() {
        try {
            return window.localStorage.getItem(KEY);
        } catch (e) {
            return null;
        }
    }
    function apply() {
        var theme = chosen() || (system && system.matches ? "dark" : "light");
        document.documentElement.setAttribute("data-bs-theme", theme);
        remember(theme);
        return theme;
    }
    // The server writes the page's first paint in this theme (callbacks/pages.py): no light flash.
    function remember(theme) {
        document.cookie = "theme=" + theme + "; path=/; max-age=31536000; SameSite=Lax";
    }
    apply();
    if (system && system.addEventListener) system.addEventListener("change", apply);
    window.creatorAnalyticsTheme = apply;
    window.creatorAnalyticsToggleTheme = function () {
        var next = document.documentElement.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
        try {
            window.localStorage.setItem(KEY, next);
        } catch (e) { /* storage off: the choice lasts this page only */ }
        document.documentElement.setAttribute("data-bs-theme", next);
        remember(next);
        return next;
    };
})();
