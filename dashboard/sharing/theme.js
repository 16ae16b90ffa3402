// The sharing pages' theme, set in <head> before they paint (the CSP allows no inline script). A creator's page
// comes with the theme the dashboards last used (the server read their "theme" cookie); the visitor's page, and a
// creator's with no such cookie, follow the system's setting and its changes. Bootstrap and the charts' dark rules
// (dashboard/assets/10-app.css) read data-bs-theme. Nothing is stored: the visitor gets no cookie.
(function () {
    'use strict';
    var root = document.documentElement;
    if (root.hasAttribute('data-bs-theme')) { return; }
    var system = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    function apply() { root.setAttribute('data-bs-theme', system && system.matches ? 'dark' : 'light'); }
    apply();
    if (system && system.addEventListener) { system.addEventListener('change', apply); }
}());
