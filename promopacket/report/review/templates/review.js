// Filter and sort the calibration table; without this script every row is shown, unsorted.
(function () {
  "use strict";
  var input = document.querySelector("[data-filter]");
  var table = document.getElementById("calibration");
  if (!table) { return; }
  var body = table.tBodies[0];
  var count = document.getElementById("filter-count");
  function rows() { return Array.prototype.slice.call(body.rows); }
  if (input) {
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows().forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = words.length ? shown + " of " + body.rows.length + " people shown" : "";
    });
  }
  var levels = { "": -1, none: 0, some: 1, strong: 2 };
  function key(cell, kind) {
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (kind === "number") { return value === "" ? -Infinity : parseFloat(value); }
    if (kind === "level") { return levels.hasOwnProperty(value) ? levels[value] : -1; }
    return value.toLowerCase();
  }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, index) {
    var kind = th.getAttribute("data-sort");
    if (!kind) { return; }
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var sorted = rows().map(function (row, i) { return [key(row.cells[index], kind), i, row]; });
      sorted.sort(function (a, b) {
        if (a[0] < b[0]) { return ascending ? -1 : 1; }
        if (a[0] > b[0]) { return ascending ? 1 : -1; }
        return a[1] - b[1];
      });
      // whole rows move: a person's cells never leave their row
      sorted.forEach(function (item) { body.appendChild(item[2]); });
    });
  });
}());
