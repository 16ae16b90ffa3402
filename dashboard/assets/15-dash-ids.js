/* Dash's DOM id of a component id: a dict id (pattern matching) becomes its JSON with the keys sorted;
 * a string id stays as it is. Shared by the scripts that look components up in the page. */
window.creatorAnalyticsDomId = function (id) {
    return id && typeof id === "object" ? JSON.stringify(id, Object.keys(id).sort()) : id;
};
