// The check-in page at the door: search as you type over the board's names (kept across the
// board's htmx swaps); Enter checks in the one person left. No inline scripts (CSP).
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function visibleRows(board) {
    return Array.prototype.filter.call(board.querySelectorAll(".checkin-row"), function (row) {
      return !row.classList.contains("d-none");
    });
  }

  function apply() {
    var input = document.getElementById("checkin-search");
    var board = document.getElementById("checkin-board");
    if (!input || !board) {
      return;
    }
    var words = fold(input.value.trim()).split(/\s+/).filter(Boolean);
    board.querySelectorAll(".checkin-row").forEach(function (row) {
      var text = fold(row.getAttribute("data-search") || "");
      var match = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      row.classList.toggle("d-none", !match);
    });
    board.querySelectorAll("[data-checkin-group]").forEach(function (group) {
      group.classList.toggle("d-none", words.length > 0 && !group.querySelector(".checkin-row:not(.d-none)"));
    });
    var nothing = board.querySelector("[data-checkin-nothing]");
    if (nothing) {
      nothing.classList.toggle("d-none", words.length === 0 || visibleRows(board).length > 0);
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.id === "checkin-search") {
      apply();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.id !== "checkin-search" || event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    var board = document.getElementById("checkin-board");
    var rows = board ? visibleRows(board) : [];
    if (rows.length === 1) {
      var button = rows[0].querySelector("button[type=submit], button");
      if (button && !button.disabled) {
        button.click();
        event.target.value = "";
      }
    }
  });

  document.addEventListener("htmx:afterSettle", apply);
})();
