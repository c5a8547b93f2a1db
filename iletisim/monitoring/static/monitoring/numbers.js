// The numbers page: one Chart.js chart per table, drawn from the same figures as the table
// (the JSON in #numbers-data). Without JavaScript the tables remain.
"use strict";
(function () {
  var source = document.getElementById("numbers-data");
  if (!source || typeof Chart === "undefined") { return; }
  var TONE_COLOURS = ["#1d6b2c", "#8c8c8c", "#a11a1a", "#c9c9c9"];
  var COLOURS = ["#0b3d91", "#8a1c1c", "#1d6b2c", "#b7791f", "#5a3d8a", "#2c7a7b", "#666666"];
  var COUNT = { precision: 0 };  // items and reach are whole numbers
  var data = JSON.parse(source.textContent);

  function column(table, index) {
    return table.rows.map(function (row) { return row[index]; });
  }
  function labels(table) {
    return table.rows.map(function (row) { return String(row[0]).slice(0, 40); });
  }
  function toneSets(table, first) {
    // The last four columns are positive, neutral, negative and "no tone yet".
    return [0, 1, 2, 3].map(function (n) {
      return { label: table.header[first + n], data: column(table, first + n),
               backgroundColor: TONE_COLOURS[n], borderColor: TONE_COLOURS[n] };
    });
  }
  function config(table) {
    var width = table.header.length;
    if (table.chart === "tone") {
      return { type: "bar", data: { labels: labels(table), datasets: toneSets(table, 1) },
               options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: COUNT } } } };
    }
    if (table.chart === "tone-bars") {
      return { type: "bar", data: { labels: labels(table), datasets: toneSets(table, width - 4) },
               options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true, ticks: COUNT }, y: { stacked: true } } } };
    }
    if (table.chart === "voice") {
      return { type: "doughnut",
               data: { labels: labels(table),
                       datasets: [{ label: table.header[1], data: column(table, 1),
                                    backgroundColor: COLOURS }] } };
    }
    return { type: "bar",
             data: { labels: labels(table),
                     datasets: [{ label: table.header[1], data: column(table, 1),
                                  backgroundColor: COLOURS[0] }] },
             options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: COUNT } } } };
  }
  data.forEach(function (table) {
    var canvas = document.getElementById("chart-" + table.key);
    if (!canvas || !table.rows.length) { return; }
    var settings = config(table);
    settings.options = Object.assign({ responsive: true, maintainAspectRatio: false,
                                       animation: false }, settings.options || {});
    canvas.chart = new Chart(canvas, settings);
  });
})();
