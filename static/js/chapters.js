// Meeting pages: the Copy buttons of the calendar feeds. No inline scripts (CSP).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.getAttribute("data-copy"));
      copy.classList.add("btn-success");
    }
  });
})();
