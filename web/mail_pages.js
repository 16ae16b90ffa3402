/* The digest's settings page: a section not asked for yet starts at this browser's zone. The server reads the zone
 * from the "tz" cookie (30-timezone.js, joined before this file), which a first visit before any dashboard lacks. */
(function () {
    document.addEventListener("DOMContentLoaded", function () {
        var zone = window.creatorAnalyticsZone;
        if (!zone) return;
        document.querySelectorAll("select[data-zone-default]").forEach(function (select) {
            var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
            if (known) select.value = zone;
        });
    });
})();
