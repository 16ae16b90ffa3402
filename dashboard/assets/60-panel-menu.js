/* PanelMenu (dashboard/components/panel_menu.py): a panel's export menu, drawn with Bootstrap's dropdown
 * markup as one Dash component. WAI-ARIA menu button: Enter, Space or ArrowDown open it on the first item,
 * ArrowUp on the last; arrows, Home and End move; Escape closes back to the button; Tab or a click
 * elsewhere closes. Choosing an item sets ``chosen`` = {action, at}. */
(function () {
    var h = React.createElement, domId = window.creatorAnalyticsDomId;  // 15-dash-ids.js
    // An item's DOM id: the menu's, typed by its action ({type: "panel-png", provider, panel}).
    function itemId(id, action) {
        var parsed = typeof id === "string" && id.charAt(0) === "{" ? JSON.parse(id) : id;
        return parsed && typeof parsed === "object" ? domId(Object.assign({}, parsed, {type: "panel-" + action})) : undefined;
    }

    function PanelMenu(props) {
        var state = React.useState(null), open = state[0], setOpen = state[1];  // null, or the item to focus
        var box = React.useRef(null), toggle = React.useRef(null);
        var actions = (props.items || []).filter(function (item) { return item !== "divider"; });

        React.useEffect(function () {
            if (open === null) return undefined;
            var buttons = box.current.querySelectorAll("[role=menuitem]");
            if (buttons.length) buttons[(open + buttons.length) % buttons.length].focus();
            function outside(event) { if (!box.current.contains(event.target)) setOpen(null); }
            document.addEventListener("mousedown", outside);
            document.addEventListener("touchstart", outside);
            return function () {
                document.removeEventListener("mousedown", outside);
                document.removeEventListener("touchstart", outside);
            };
        }, [open]);

        function close(refocus) {
            setOpen(null);
            if (refocus) toggle.current.focus();
        }
        function choose(action) {
            close(true);
            props.setProps({chosen: {action: action, at: Date.now()}});
        }
        function onToggleKey(event) {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                setOpen(event.key === "ArrowDown" ? 0 : -1);
            }
        }
        function onMenuKey(event) {
            var buttons = Array.prototype.slice.call(box.current.querySelectorAll("[role=menuitem]"));
            var at = buttons.indexOf(document.activeElement);
            var moves = {ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1};
            if (event.key in moves) {
                event.preventDefault();
                buttons[(moves[event.key] + buttons.length) % buttons.length].focus();
            } else if (event.key === "Escape") {
                event.preventDefault();
                close(true);
            } else if (event.key === "Tab") {
                close(false);
            }
        }

        var menu = open === null ? null : h("ul", {
            className: "dropdown-menu dropdown-menu-end show", role: "menu", "data-bs-popper": "static",
            onKeyDown: onMenuKey,
        }, (props.items || []).map(function (item, i) {
            if (item === "divider") return h("li", {key: i, role: "separator"}, h("hr", {className: "dropdown-divider"}));
            return h("li", {key: i, role: "none"}, h("button", {
                type: "button", role: "menuitem", tabIndex: -1, className: "dropdown-item",
                id: itemId(props.id, item[0]), onClick: function () { choose(item[0]); },
            }, item[1]));
        }));
        return h("div", {id: domId(props.id), className: "dropdown " + (props.className || ""), ref: box},
            h("button", {
                type: "button", ref: toggle, className: "dropdown-toggle btn btn-sm " + (props.toggleClassName || ""),
                "aria-haspopup": "menu", "aria-expanded": open !== null,
                onClick: function () { if (open === null) setOpen(0); else close(false); },
                onKeyDown: onToggleKey,
                disabled: !actions.length,
            }, props.label),
            menu);
    }
    window.creator_analytics = Object.assign(window.creator_analytics || {}, {PanelMenu: PanelMenu});
})();
