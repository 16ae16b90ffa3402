/* Which chart panels of a dashboard are in view, or within half a screen of it: the page asks the
 * server to draw those (callbacks/dashboards.py, ``redraw``), so a phone lays out and draws only the
 * charts a person scrolls to. Each time a panel comes into view, ``<provider>-in-view`` is set to every
 * panel near view then ({panels, at}; ``at`` makes each report new, so a panel scrolled past before a
 * range change is drawn again when it comes back); a new date range reads the panels near view then.
 * Panels are the live page's cards with the class ``dashboard-panel`` and the id
 * ``<provider>-panel-<name>`` (dashboard/components/panels.py).
 *
 * A new date range is drawn in two steps: the panels on screen first (with the cards), then, once
 * those are drawn, the rest of the panels near view. On a phone's CPU every chart costs a few hundred
 * milliseconds to lay out, and what the person is looking at should not wait for those below it. */
(function () {
    // The window's size, for the server: a wide window gets every chart with the page (callbacks/pages.py).
    document.cookie = "screen=" + window.innerWidth + "x" + window.innerHeight + "; path=/; max-age=31536000; SameSite=Lax";
    var near = {};  // provider -> {panel name: true} of the panels near view now
    var onScreen = {};  // provider -> {panel name: true} of the panels on screen now
    var rest = {};  // provider -> after a range change, the panels near view wait for those on screen
    var watched = [];
    var pending = {};  // provider -> a report is scheduled
    var observer = null, screenObserver = null;

    function parts(id) {
        var at = id.indexOf("-panel-");
        return at < 0 ? null : [id.slice(0, at), id.slice(at + 7)];
    }

    // plotly.js takes a phone's CPU about 1.5 s to start. Dash's graphs would start it when the first chart
    // arrives; it is started at the person's first scroll instead (the page scrolls on, as the compositor
    // moves it), and panels are asked for once it has started, so a graph never starts a second copy.
    var plotly = null;
    function plotlyReady() {
        var url = window._dashPlotlyJSURL;
        if (window.Plotly || !url) return Promise.resolve();
        if (plotly) return plotly;
        // A graph on the page started it already (a computer's, drawn with the page): graphs share that start.
        if (document.querySelector('script[src="' + url + '"]')) return Promise.resolve();
        plotly = new Promise(function (resolve) {
            var script = document.createElement("script");
            script.src = url;
            script.async = true;
            document.body.appendChild(script);
            script.addEventListener("load", resolve);
            script.addEventListener("error", resolve);  // the graphs then say what failed
            (function started() { if (window.Plotly) { resolve(); } else { setTimeout(started, 250); } })();
        });
        return plotly;
    }
    window.addEventListener("scroll", function () { plotlyReady(); }, {passive: true, once: true});
    // A phone's page has no preload of it (dashboard/scripts.py): it is fetched once the page is up, so that
    // it never shares the link with the scripts the live page needs, and is there (unstarted) when needed.
    window.addEventListener("load", function fetchWhenUp() {
        var url = window._dashPlotlyJSURL;
        if (window.Plotly || plotly) return;  // started already
        if (!url) { setTimeout(fetchWhenUp, 250); return; }
        var link = document.createElement("link");
        link.rel = "preload";
        link.as = "script";
        link.href = url;
        document.head.appendChild(link);
    });

    function inView(provider) {
        return {panels: Object.keys(near[provider] || {}), at: Date.now()};
    }
    // Read when the date range changes (callbacks/dashboards.py): the panels on screen are drawn for it
    // first; those near view but off screen once they are (creatorAnalyticsRedrawn). Panels that left
    // the screen since the last report are not drawn for the new range until they come back.
    window.creatorAnalyticsPanelsInView = function (provider) {
        var shown = onScreen[provider] || {};
        rest[provider] = Object.keys(near[provider] || {}).some(function (name) { return !shown[name]; });
        return {panels: Object.keys(shown), at: Date.now()};
    };
    // Called when a redraw has landed (callbacks/dashboards.py): after a range change, the panels near view
    // that it left are asked for, once the browser has painted what it drew.
    window.creatorAnalyticsRedrawn = function (provider) {
        if (!rest[provider]) return;
        rest[provider] = false;
        requestAnimationFrame(function () { setTimeout(function () { report(provider); }, 0); });
    };

    function report(provider) {
        plotlyReady().then(function () {
            pending[provider] = false;
            window.dash_clientside.set_props(provider + "-in-view", {data: inView(provider)});
        });
    }

    function seen(entries) {
        entries.forEach(function (entry) {
            var named = parts(entry.target.id);
            if (!named) return;
            var provider = named[0], panels = near[provider] = near[provider] || {};
            if (entry.isIntersecting) {
                var entered = !panels[named[1]];
                panels[named[1]] = true;
                // Batched: a fast scroll, or a page's first layout, brings several panels in one report.
                if (entered && !pending[provider]) {
                    pending[provider] = true;
                    setTimeout(function () { report(provider); }, 30);
                }
            } else {
                delete panels[named[1]];
            }
        });
    }

    function shown(entries) {
        entries.forEach(function (entry) {
            var named = parts(entry.target.id);
            if (!named) return;
            var panels = onScreen[named[0]] = onScreen[named[0]] || {};
            if (entry.isIntersecting) { panels[named[1]] = true; } else { delete panels[named[1]]; }
        });
    }

    function watch() {
        if (!window.IntersectionObserver || !window.dash_clientside || !window.dash_clientside.set_props) return;
        observer = observer || new IntersectionObserver(seen, {rootMargin: "50% 0px 50% 0px"});
        screenObserver = screenObserver || new IntersectionObserver(shown);
        watched = watched.filter(function (card) {
            if (card.isConnected) return true;
            observer.unobserve(card);  // a page left behind
            screenObserver.unobserve(card);
            var named = parts(card.id);
            if (named && near[named[0]]) delete near[named[0]][named[1]];
            if (named && onScreen[named[0]]) delete onScreen[named[0]][named[1]];
            return false;
        });
        document.querySelectorAll("#react-entry-point .dashboard-panel").forEach(function (card) {
            if (watched.indexOf(card) < 0) {
                watched.push(card);
                observer.observe(card);
                screenObserver.observe(card);
            }
        });
    }

    // Dash draws pages after this script runs, and again on every move between pages: look for new
    // panels a moment after the page changes (one look per burst of changes).
    var scheduled = false;
    function soon() {
        if (scheduled) return;
        scheduled = true;
        setTimeout(function () { scheduled = false; watch(); }, 30);
    }
    function start() {
        new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
        soon();
    }
    if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
