// Referrals: ask before an irreversible action (erasing a contact). The question is the button's
// data-confirm, translated by the template. No inline scripts (CSP).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
