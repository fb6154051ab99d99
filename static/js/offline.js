// Slips offline, the page's side: registers the service worker (sw.js), keeps a referral, thank-you or
// one-to-one sent without a connection in the outbox (outbox.js), shows it as "waiting to send", and
// sends it when the connection returns (Background Sync, the "online" event, or the next page).
// Logging out empties the outbox and the pages kept for offline use.
(function () {
  "use strict";

  var configElement = document.getElementById("kring-offline");
  var outbox = window.KringOutbox;
  if (!configElement || !outbox || !window.indexedDB) return;
  var config = JSON.parse(configElement.textContent);
  outbox.loginPath = config.login;

  var gettext = window.gettext || function (text) {
    return text;
  };
  var ngettext = window.ngettext || function (singular, plural, count) {
    return count === 1 ? singular : plural;
  };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return String(values[name]);
    });
  };

  var PAGES = "kring-pages"; // the worker's cache of personal pages (sw.js)
  var FORMS_KEPT = "kring-offline-forms-kept"; // localStorage: "<user>:<language>:<time>"
  var KEEP_FORMS_EVERY = 30 * 60 * 1000;
  var language = document.documentElement.lang || "nl";
  var offlineCopy = document.documentElement.hasAttribute("data-offline-copy");

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // A page kept by the worker may carry a key already used online: every copy gets new ones, so a
  // slip typed offline is never mistaken for one saved before.
  function freshKeys(root) {
    root.querySelectorAll("input[name=idempotency_key]").forEach(function (field) {
      field.value = outbox.uuid();
    });
  }
  if (offlineCopy) freshKeys(document);

  // Back from the worker after it queued a form (sw.js): the draft kring.js kept is in the outbox now.
  var params = new URLSearchParams(window.location.search);
  if (params.has("queued")) {
    try {
      var pending = window.sessionStorage.getItem("kring-draft-pending");
      if (pending) window.sessionStorage.removeItem(pending);
      window.sessionStorage.removeItem("kring-draft-pending");
    } catch (error) {
      // no storage, no draft
    }
    params.delete("queued");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function formPath(path) {
    return path.split("?")[0];
  }

  function place(node) {
    var main = document.getElementById("main");
    if (main) main.insertBefore(node, main.firstChild);
  }

  function entryLine(entry) {
    var item = element("li");
    var time = new Date(entry.queuedAt).toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit" });
    var words = [config.forms[formPath(entry.path)] || entry.label, entry.summary, time].filter(Boolean);
    item.appendChild(element("span", "", words.join(" · ")));
    if (entry.rejected) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("strong", "", gettext("could not be sent as it was.")));
      var check = element("button", "btn btn-link btn-sm p-0 ms-1 align-baseline", gettext("Open it to check"));
      check.type = "button";
      check.addEventListener("click", function () {
        reopen(entry);
      });
      item.appendChild(check);
    }
    return item;
  }

  function render(entries) {
    var mine = entries.filter(function (entry) {
      return entry.user === config.user;
    });
    var banner = document.querySelector("[data-outbox]");
    if (!mine.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = element("div", "alert alert-warning");
      banner.setAttribute("role", "status");
      banner.setAttribute("data-outbox", "");
      banner.setAttribute("data-testid", "outbox");
      place(banner);
    }
    banner.replaceChildren();
    var count = mine.length;
    banner.appendChild(
      element(
        "strong",
        "",
        interpolate(
          ngettext("%(count)s form is waiting to send.", "%(count)s forms are waiting to send.", count),
          { count: count },
          true
        )
      )
    );
    banner.appendChild(
      element("p", "small mb-1", gettext("Kept on this device: Kring sends it as soon as the connection returns."))
    );
    var list = element("ul", "small mb-0");
    mine.forEach(function (entry) {
      list.appendChild(entryLine(entry));
    });
    banner.appendChild(list);
  }

  function refresh() {
    return outbox.all().then(render, function () {});
  }

  function saySent(count) {
    var notice = element(
      "div",
      "alert alert-success",
      interpolate(
        ngettext("%(count)s waiting form was sent.", "%(count)s waiting forms were sent.", count),
        { count: count },
        true
      )
    );
    notice.setAttribute("role", "status");
    notice.setAttribute("data-testid", "outbox-sent");
    place(notice);
  }

  function send() {
    if (config.user === null || !navigator.onLine) return Promise.resolve();
    return outbox
      .flush(config.user, offlineCopy ? "" : csrfToken())
      .then(function (result) {
        if (result.sent) saySent(result.sent);
      })
      .catch(function () {})
      .then(refresh);
  }

  // The server shows the form again with what it wants changed: post the entry as the form would.
  function reopen(entry) {
    var form = element("form");
    form.method = "post";
    form.action = entry.path;
    form.hidden = true;
    entry.fields.forEach(function (pair) {
      var field = element("input");
      field.type = "hidden";
      field.name = pair[0];
      field.value = pair[0] === "csrfmiddlewaretoken" ? csrfToken() || pair[1] : pair[1];
      form.appendChild(field);
    });
    document.body.appendChild(form);
    outbox.remove(entry.key).then(function () {
      form.submit();
    });
  }

  function registerSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("kring-outbox");
      return null;
    }).catch(function () {});
  }

  function queue(form, path) {
    var entry = outbox.entryFrom(path, new FormData(form), config.user, config.forms[formPath(path)]);
    return outbox.add(entry).then(function () {
      form.reset();
      freshKeys(form);
      registerSync();
      return refresh();
    }).then(function () {
      var banner = document.querySelector("[data-outbox]");
      if (banner) banner.scrollIntoView({ block: "center" });
    });
  }

  function logOut(form) {
    return outbox.all().then(function (entries) {
      var mine = entries.filter(function (entry) {
        return entry.user === config.user;
      }).length;
      var question = interpolate(
        ngettext(
          "%(count)s form is still waiting to send. Log out and discard it?",
          "%(count)s forms are still waiting to send. Log out and discard them?",
          mine
        ),
        { count: mine },
        true
      );
      if (mine && !window.confirm(question)) return;
      var emptied = [outbox.clear(), outbox.setSession(null, "")];
      if (window.caches) emptied.push(window.caches.delete(PAGES));
      try {
        window.localStorage.removeItem(FORMS_KEPT);
      } catch (error) {
        // nothing kept
      }
      return Promise.all(emptied).catch(function () {}).then(function () {
        form.submit();
      });
    }, function () {
      form.submit();
    });
  }

  // Capture phase: before kring.js keeps a draft and disables the buttons.
  window.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
      var url = new URL(form.action, window.location.href);
      if (url.pathname === config.logout) {
        event.preventDefault();
        event.stopPropagation();
        logOut(form);
      } else if (config.user !== null && !navigator.onLine && config.forms[url.pathname]) {
        event.preventDefault();
        event.stopPropagation();
        queue(form, url.pathname + url.search);
      }
    },
    true
  );

  function keepForms(registration) {
    if (config.user === null || offlineCopy || !navigator.onLine || !registration.active) return;
    var mark = config.user + ":" + language + ":";
    var kept = "";
    try {
      kept = window.localStorage.getItem(FORMS_KEPT) || "";
      if (kept.indexOf(mark) === 0 && Date.now() - Number(kept.slice(mark.length)) < KEEP_FORMS_EVERY) return;
      window.localStorage.setItem(FORMS_KEPT, mark + Date.now());
    } catch (error) {
      return;
    }
    registration.active.postMessage({ type: "keep-forms" });
  }

  function start() {
    if (!offlineCopy) outbox.setSession(config.user, csrfToken()).catch(function () {});
    if (config.user === null) {
      // Nobody logged in here: personal pages kept for offline use go (the outbox waits for its owner).
      if (window.caches) window.caches.delete(PAGES).catch(function () {});
    }
    refresh().then(send);
    window.addEventListener("online", send);
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") {
        if (event.data.sent) saySent(event.data.sent);
        refresh();
      }
    });
    navigator.serviceWorker
      .register(config.worker, { scope: "/" })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(keepForms)
      .catch(function () {});
  }

  start();
})();
