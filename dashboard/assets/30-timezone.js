/* Which clock the dashboards read days and hours on: the zone chosen in the time zone setting (kept in
 * this browser), else the browser's own. The server reads it from the "tz" cookie, set here before
 * Dash asks for anything. */
(function () {
    var KEY = "creator-analytics-zone";
    function remember(zone) {
        // Zone names are letters, digits and /_+-: safe in a cookie as they are (the server checks the name).
        document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
        window.creatorAnalyticsZone = zone;
    }
    var browser = "UTC";
    try {
        browser = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (e) { /* a browser without Intl time zones reads UTC */ }
    var chosen = null;
    try {
        chosen = window.localStorage.getItem(KEY);
    } catch (e) { /* storage off: the browser's zone each visit */ }
    remember(chosen || browser);
    window.creatorAnalyticsChooseZone = function (zone) {
        try {
            if (zone === browser) window.localStorage.removeItem(KEY);
            else window.localStorage.setItem(KEY, zone);
        } catch (e) { /* storage off: the choice lasts this page only */ }
        remember(zone);
    };
})();
