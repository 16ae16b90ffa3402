/* PanelFrame (dashboard/components/panel_frame.py): a chart panel's card, Bootstrap's markup as one Dash
 * component: the column, the card, its header (title, ``fetched``, ``actions``) and its body (children).
 *
 * On a phone a frame builds its parts (fetched-at, Refresh, the menu, the controls, the body: Dash components
 * each) only when it comes within a screen of view, or when the browser is idle, one frame at a time, or at
 * the first Tab (so the keyboard finds every button): a phone's cold load spent most of its blocking time
 * building the wrappers of components screens below the fold. Until then the body is the skeleton it would
 * show, as tall. A computer's frames are whole at once: its charts come with the page (callbacks/pages.py). */
(function () {
    var h = React.createElement;
    var WIDE = "(min-width: 992px)";  // callbacks/common.py WIDE
    var waiting = [];  // the build of each frame not yet whole, in page order
    var idle = window.requestIdleCallback || function (run) { return setTimeout(run, 50); };
    var building = false;

    function buildNext() {
        building = false;
        var build = waiting.shift();
        if (build) build();
        if (waiting.length) later();
    }
    function later() {
        if (building) return;
        building = true;
        idle(buildNext, {timeout: 5000});
    }
    function buildAll() {
        waiting.splice(0).forEach(function (build) { build(); });
    }
    document.addEventListener("keydown", function (event) { if (event.key === "Tab") buildAll(); }, true);

    function PanelFrame(props) {
        var state = React.useState(function () { return window.matchMedia(WIDE).matches; });
        var whole = state[0], setWhole = state[1];
        var card = React.useRef(null);

        React.useEffect(function () {
            if (whole) return undefined;
            var done = false;
            function build() {
                if (done) return;
                done = true;
                waiting = waiting.filter(function (other) { return other !== build; });
                setWhole(true);
            }
            var near = new IntersectionObserver(function (entries) {
                if (entries.some(function (entry) { return entry.isIntersecting; })) build();
            }, {rootMargin: "100% 0px 100% 0px"});
            near.observe(card.current);
            waiting.push(build);
            later();
            return function () { done = true; near.disconnect(); };
        }, [whole]);

        var header = h("div", {className: "card-header"},
            h("div", {className: "d-flex flex-wrap align-items-start"},
                h("div", {className: "me-auto"}, h("h2", {className: "h5 mb-0"}, props.title), whole ? props.fetched : null),
                h("div", {className: "d-flex align-items-start"}, whole ? props.actions : null)));
        // Until whole: the body as dashboard/components/skeletons.py chart_skeleton writes it (keep the two alike).
        var body = whole ? props.children : h("div", {className: "panel-body"}, h("div", {
            className: "skeleton chart-skeleton placeholder rounded", style: {height: (props.height || 450) + "px"},
            "aria-hidden": "true",
        }));
        return h("div", {className: "col-12 col-lg-" + (props.width || 12) + " mb-4"},
            h("div", {id: props.id, ref: card, className: "card h-100 shadow-sm dashboard-panel"},
                header,
                h("div", {className: "card-body"}, body)));
    }
    window.creator_analytics = Object.assign(window.creator_analytics || {}, {PanelFrame: PanelFrame});
})();
