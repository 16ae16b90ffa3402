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
    // The setting's ~600 zones become options when someone reaches for it (pointer, touch or keyboard
    // focus), never by themselves: drawing them takes a phone a quarter of a second.
    window.creatorAnalyticsOfferZones = function (setting, zones) {
        var events = ["pointerover", "touchstart", "focusin"];
        var domId = window.creatorAnalyticsDomId(setting);
        function offer() {
            events.forEach(function (name) { document.removeEventListener(name, reached, true); });
            if (!document.getElementById(domId)) return;  // its page was left before the setting was reached
            var options = zones.map(function (name) { return {label: name, value: name}; });
            window.dash_clientside.set_props(setting, {options: options});
        }
        function reached(event) {
            if (event.target.closest && event.target.closest(".zone-setting")) offer();
        }
        events.forEach(function (name) { document.addEventListener(name, reached, {capture: true, passive: true}); });
    };
})();
