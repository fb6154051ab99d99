// Kring's service worker, served at /sw.js by config.views.service_worker, which puts the settings
// (self.KRING_OFFLINE: the shell, the offline forms, the version) in front of this file.
// - the app shell (CSS, JS, icons) comes from the cache, refreshed when the version changes; other
//   static files and the JS catalogue from the network, the kept copy offline;
// - pages come from the network; the slip, thank-you and one-to-one forms, the home page and the
//   offline page are kept for when it is gone (personal pages: dropped at logout);
// - an offline form's POST that cannot reach the server goes to the outbox (outbox.js) and the member
//   lands back on the form, which says "waiting to send"; Background Sync sends it when it can.
"use strict";

var CONFIG = self.KRING_OFFLINE;
var SHELL = "kring-shell-" + CONFIG.version;
var PAGES = "kring-pages"; // the same name as in offline.js, which empties it at logout
var QUEUED = "queued";

importScripts(CONFIG.outbox);
self.KringOutbox.loginPath = CONFIG.login;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(SHELL)
      .then(function (cache) {
        return cache.addAll(CONFIG.shell);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("kring-shell-") === 0 && name !== SHELL;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function isKeptPage(path) {
  return CONFIG.pages.indexOf(path) !== -1;
}

// A kept copy is marked, so the page knows it is not fresh: its idempotency keys may have been used
// already and get new ones (offline.js).
function markedCopy(response) {
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(html.replace("<html ", "<html data-offline-copy "), { status: 200, headers: headers });
  });
}

function keptPage(path) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(path).then(function (found) {
      return found || cache.match(CONFIG.offline);
    });
  });
}

function page(request, url) {
  return fetch(request).then(
    function (response) {
      if (response.ok && !response.redirected && isKeptPage(url.pathname)) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) {
          return cache.put(url.pathname, copy);
        });
      }
      return response;
    },
    function () {
      return keptPage(url.pathname).then(function (found) {
        return found ? markedCopy(found) : Response.error();
      });
    }
  );
}

function fromShell(request) {
  return caches.match(request).then(function (found) {
    return (
      found ||
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) {
            return cache.put(request, copy);
          });
        }
        return response;
      })
    );
  });
}

// The words of static/js/ in the page's language (?l=nl, ?l=en), and static files outside the shell
// (whose changes do not change the version): fresh when possible, the kept copy offline.
function freshOrKept(request) {
  return fetch(request).then(
    function (response) {
      var copy = response.clone();
      if (response.ok) {
        caches.open(SHELL).then(function (cache) {
          return cache.put(request, copy);
        });
      }
      return response;
    },
    function () {
      return caches.match(request).then(function (found) {
        return found || Response.error();
      });
    }
  );
}

function registerSync() {
  return self.registration.sync ? self.registration.sync.register("kring-outbox").catch(function () {}) : null;
}

function postOrQueue(request, url) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return Promise.all([copy.formData(), self.KringOutbox.session()])
      .then(function (parts) {
        return self.KringOutbox.add(self.KringOutbox.entryFrom(url.pathname + url.search, parts[0], parts[1].user, ""));
      })
      .then(registerSync)
      .then(function () {
        return Response.redirect(url.pathname + "?" + QUEUED + "=1", 303);
      });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate" && CONFIG.forms.indexOf(url.pathname) !== -1) {
      event.respondWith(postOrQueue(request, url));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (CONFIG.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(fromShell(request));
  } else if (url.pathname.indexOf(CONFIG.static) === 0 || url.pathname === CONFIG.catalogue) {
    event.respondWith(freshOrKept(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  }
});

function flushOutbox() {
  return self.KringOutbox.session().then(function (session) {
    if (session.user === null) return null;
    return self.KringOutbox.flush(session.user, session.token).then(function (result) {
      return self.clients.matchAll({ type: "window" }).then(function (windows) {
        windows.forEach(function (client) {
          client.postMessage({ type: "outbox", sent: result.sent });
        });
        if (result.waiting) throw new Error("still waiting for the connection");
      });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "kring-outbox") event.waitUntil(flushOutbox());
});

// The pages ask for the offline forms to be kept fresh (in the member's language, with their
// session) and tell who is logged in; at logout they empty the outbox and the kept pages themselves.
function keepForms() {
  return caches.open(PAGES).then(function (cache) {
    return Promise.all(
      CONFIG.forms.concat([CONFIG.offline]).map(function (path) {
          // Not following a redirect: a logged-out fetch would render the login page, whose new
          // CSRF cookie would spoil the login form the member is filling in at that moment.
          return fetch(path, { credentials: "same-origin", redirect: "manual" }).then(
            function (response) {
              return response.ok && !response.redirected ? cache.put(path, response) : null;
            },
            function () {
              return null;
            }
          );
        })
    );
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep-forms") event.waitUntil(keepForms());
});
