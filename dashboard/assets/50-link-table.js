/* LinkTable (dashboard/components/link_table.py): a Bootstrap table drawn from its header and cells,
 * as one Dash component instead of one per row, cell and link. A cell is text, or {text, href}: a link
 * opening in a new tab (the server sends only http(s) addresses; checked again here). */
(function () {
    var h = React.createElement;
    function cell(value, index) {
        var linked = value && typeof value === "object" && /^https?:\/\//i.test(value.href || "");
        var content = linked ? h("a", {href: value.href, target: "_blank", rel: "noopener"}, value.text) : value;
        return h("td", {key: index}, content);
    }
    function LinkTable(props) {
        var classes = "table table-sm table-hover" + (props.striped ? " table-striped" : "") + " " + (props.className || "");
        return h("div", {id: props.id, className: "table-responsive"},
            h("table", {className: classes.trim()},
                h("thead", null, h("tr", null, (props.header || []).map(function (name, i) {
                    return h("th", {key: i}, name);
                }))),
                h("tbody", null, (props.rows || []).map(function (row, i) {
                    return h("tr", {key: i}, row.map(cell));
                }))));
    }
    window.creator_analytics = Object.assign(window.creator_analytics || {}, {LinkTable: LinkTable});
})();
