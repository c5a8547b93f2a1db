// Progressive enhancement for the public form: a search box that narrows the subject list.
// Without JavaScript the plain <select> works as it is.
(function () {
  "use strict";
  var fold = function (text) {
    return text.replace(/I/g, "ı").replace(/İ/g, "i").toLowerCase()
      .replace(/ç/g, "c").replace(/ğ/g, "g").replace(/ı/g, "i")
      .replace(/ö/g, "o").replace(/ş/g, "s").replace(/ü/g, "u");
  };
  var select = document.getElementById("id_category");
  if (!select) { return; }
  var label = select.getAttribute("data-search-label") || "Search";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "category-search";
  input.setAttribute("aria-label", label);
  input.setAttribute("aria-controls", "id_category");
  input.placeholder = label;
  select.parentNode.insertBefore(input, select);
  var options = Array.prototype.slice.call(select.options);
  input.addEventListener("input", function () {
    var query = fold(input.value.trim());
    options.forEach(function (option) {
      var match = !query || option.value === "" || fold(option.text).indexOf(query) !== -1;
      option.hidden = !match;
      option.disabled = !match;
    });
  });
}());
