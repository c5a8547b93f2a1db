// The staff map of requests. Positions come from the JSON block on the page; the table
// below the map lists the same requests, so the page stays usable without tiles or JS.
(function () {
  "use strict";
  var holder = document.getElementById("request-map");
  var data = document.getElementById("map-data");
  if (!holder || !data || typeof L === "undefined") { return; }
  var config = JSON.parse(data.textContent);
  L.Icon.Default.imagePath = holder.getAttribute("data-images");
  var map = L.map(holder, { scrollWheelZoom: false });
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
  }
  var bounds = [];
  config.points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng], { title: p.number + " · " + p.category });
    var link = document.createElement(p.url ? "a" : "span");
    if (p.url) { link.href = p.url; }
    link.textContent = p.number + " · " + p.category;
    marker.bindPopup(link);
    marker.addTo(map);
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  } else {
    map.setView(config.center, 13);
  }
}());
