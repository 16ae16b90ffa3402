// The sharing pages' only script (served from this app, as the CSP asks): draws the shared page's charts from
// its JSON data block with plotly.js, and copies a new link to the clipboard. No eval, no inline script.
(function () {
    'use strict';
    function drawCharts() {
        var data = document.getElementById('shared-figures');
        if (!data || !window.Plotly) { return; }
        var figures = JSON.parse(data.textContent);
        var charts = document.querySelectorAll('.shared-chart');
        var pending = charts.length;
        var done = function () {
            pending -= 1;
            if (pending <= 0) { document.documentElement.setAttribute('data-shared-drawn', '1'); }
        };
        if (!pending) { done(); }
        Array.prototype.forEach.call(charts, function (chart) {
            var figure = figures[Number(chart.getAttribute('data-figure'))] || {};
            var layout = figure.layout || {};
            layout.autosize = true;
            window.Plotly.newPlot(chart, figure.data || [], layout, {displayModeBar: false, responsive: true})
                .then(done, done);
        });
    }
    function copyButtons() {
        Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (button) {
            button.addEventListener('click', function () {
                var field = document.getElementById(button.getAttribute('data-copy'));
                if (!field) { return; }
                field.select();
                var said = function () { button.textContent = 'Copied'; };
                if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(said, said); }
            });
        });
    }
    drawCharts();
    copyButtons();
}());
