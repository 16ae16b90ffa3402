/* The server's copy of the page (dashboard/first_paint.py) is hidden by 10-app.css as soon as Dash has
 * drawn the page; then it is removed, so that only the live page is left in the document. */
(function () {
    function drawn() {
        var content = document.getElementById("_pages_content");
        return content && content.childElementCount > 0;
    }
    (function check() {
        var copy = document.getElementById("first-paint");
        if (!copy) return;
        if (drawn()) { copy.remove(); } else { setTimeout(check, 100); }
    })();
})();
