// Kring's small behaviours. No inline scripts anywhere: the Content Security Policy forbids them.
(function () {
  "use strict";

  // Disable submit buttons of a form once it is sent, so a double tap sends it once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-allow-resubmit")) return;
    // htmx forms disable their own buttons (hx-disabled-elt) and stay on the page.
    if (form.matches("[hx-post], [hx-get], [hx-put], [hx-patch], [hx-delete]")) return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Pages restored from the back/forward cache get their buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[type=submit][disabled], input[type=submit][disabled]").forEach(function (button) {
      if (!button.hasAttribute("data-keep-disabled")) button.disabled = false;
    });
  });
})();
