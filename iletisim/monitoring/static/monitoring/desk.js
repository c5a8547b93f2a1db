// Keyboard shortcuts of the clipping desk: j/k move, r relevant, i irrelevant,
// t tags, n note, a assign, / search. Ignored while typing in a field.
(function () {
  "use strict";
  function items() { return Array.from(document.querySelectorAll(".desk-item")); }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".desk-item") : null;
  }
  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = list[Math.min(Math.max(index + step, 0), list.length - 1)];
    if (index === -1) { next = list[0]; }
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.matches("input, textarea, select")) {
      if (event.key === "Escape") { var row = target.closest(".desk-item"); if (row) { row.focus(); } }
      return;
    }
    var key = event.key;
    if (key === "j") { move(1); event.preventDefault(); return; }
    if (key === "k") { move(-1); event.preventDefault(); return; }
    if (key === "/") {
      var search = document.getElementById("id_q");
      if (search) { search.focus(); event.preventDefault(); }
      return;
    }
    var item = current();
    if (!item) { return; }
    var control = item.querySelector('[data-key="' + key + '"]');
    if (!control) { return; }
    event.preventDefault();
    if (control.tagName === "BUTTON") { control.click(); } else { control.focus(); }
  });
  // After htmx swaps a row, keep the keyboard where it was.
  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.target;
    if (swapped && swapped.id && swapped.id.indexOf("item-") === 0) {
      var fresh = document.getElementById(swapped.id);
      if (fresh) { fresh.focus(); }
    }
  });
}());
