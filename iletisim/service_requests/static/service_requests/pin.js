// Progressive enhancement for the public form: click the map to fill latitude and longitude.
// Without JavaScript or tiles the two fields are typed in (or left empty).
(function () {
  "use strict";
  var holder = document.getElementById("pin-map");
  var data = document.getElementById("pin-config");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!holder || !data || !lat || !lng || typeof L === "undefined") { return; }
  var config = JSON.parse(data.textContent);
  L.Icon.Default.imagePath = holder.getAttribute("data-images");
  holder.hidden = false;
  var map = L.map(holder).setView(config.center, 14);
  L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
  var marker = null;
  var place = function (latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  };
  if (lat.value && lng.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); }
  map.on("click", function (event) { place(event.latlng); });
}());
