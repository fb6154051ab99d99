// Kring's small behaviours. No inline scripts anywhere: the Content Security Policy forbids them.
// User-visible words come from the JavaScript catalogue (config/urls.py, javascript-catalog), loaded
// before this file in the page's language; without it (it failed to load, or an error page that
// does not load it) the English source text shows.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) {
    return text;
  };

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

  // "Go back" buttons on the error pages, Print buttons on the agenda and the reports.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-history-back]")) window.history.back();
    if (event.target.closest("[data-print]")) window.print();
  });

  // Drafts: a form marked data-keep-draft="<key>" keeps what was typed in sessionStorage when it is
  // sent. The page that loads next tells what happened to it:
  // - an error page (body[data-submission-lost], the 500/503 pages) or no page at all (offline, back
  //   at the form): it was NOT saved, so the form gets it back with a notice;
  // - the same form again with errors: the server shows the values itself, the draft waits;
  // - any other page: it was saved, the draft is dropped.
  var PREFIX = "kring-draft:";
  var PENDING = "kring-draft-pending";
  var SKIPPED_TYPES = ["password", "file", "hidden", "submit", "button", "reset"];

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // private mode or storage switched off: forms work as before, without drafts
    }
  }

  function draftKey(form) {
    return PREFIX + (form.getAttribute("data-keep-draft") || window.location.pathname);
  }

  function readDraft(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrfmiddlewaretoken" && SKIPPED_TYPES.indexOf(field.type) === -1;
    });
  }

  function saveDraft(form) {
    var store = storage();
    if (!store) return;
    var values = keptFields(form)
      .filter(function (field) {
        return !((field.type === "checkbox" || field.type === "radio") && !field.checked);
      })
      .map(function (field) {
        return [field.name, field.value];
      });
    var key = draftKey(form);
    try {
      store.setItem(key, JSON.stringify({ values: values, lost: false }));
      store.setItem(PENDING, key);
    } catch (error) {
      // Storage full: nothing to keep.
    }
  }

  function restoreDraft(form, draft) {
    var values = draft.values || [];
    keptFields(form).forEach(function (field) {
      var mine = values.filter(function (pair) {
        return pair[0] === field.name;
      }).map(function (pair) {
        return pair[1];
      });
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = mine.indexOf(field.value) !== -1;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = mine.indexOf(option.value) !== -1;
        });
      } else if (mine.length) {
        field.value = mine[0];
      }
    });
  }

  function showNotice(form, key) {
    if (form.previousElementSibling && form.previousElementSibling.hasAttribute("data-draft-notice")) return;
    var notice = document.createElement("div");
    notice.className = "alert alert-warning d-flex flex-wrap align-items-center gap-2";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-draft-notice", "");
    var text = document.createElement("span");
    text.className = "flex-grow-1";
    text.textContent = gettext("What you just sent was not saved. We kept what you typed: check it and send it again.");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = gettext("Clear");
    discard.addEventListener("click", function () {
      var store = storage();
      if (store) store.removeItem(key);
      form.reset();
      notice.remove();
    });
    notice.appendChild(text);
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
  }

  function settleDrafts() {
    var store = storage();
    if (!store) return;
    var pending = store.getItem(PENDING);
    if (document.body.hasAttribute("data-submission-lost")) {
      // Keep the pending mark: the way back to the form must still see it as unsent.
      var lost = pending && readDraft(store, pending);
      if (lost) {
        lost.lost = true;
        store.setItem(pending, JSON.stringify(lost));
      }
      return;
    }
    store.removeItem(PENDING);
    var formsHere = {};
    document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
      formsHere[draftKey(form)] = form;
    });
    if (pending && !formsHere[pending]) {
      store.removeItem(pending); // another page came back: the server took it
    }
    Object.keys(formsHere).forEach(function (key) {
      var form = formsHere[key];
      var draft = readDraft(store, key);
      if (!draft) return;
      var hasErrors = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger, .errorlist") !== null;
      if (key === pending && hasErrors) return; // the server shows the values with its errors
      if (key === pending || draft.lost) {
        restoreDraft(form, draft);
        showNotice(form, key);
        draft.lost = true;
        store.setItem(key, JSON.stringify(draft));
      } else {
        store.removeItem(key); // an old draft that never got lost
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-keep-draft")) saveDraft(form);
  });
  window.addEventListener("pageshow", settleDrafts);
})();
