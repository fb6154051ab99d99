// The outbox: forms sent without a connection, kept in IndexedDB until the server has them. Shared by
// the pages (offline.js) and the service worker (sw.js, through importScripts). Each entry carries the
// form's idempotency key, so sending one twice saves it once: the server answers "already saved".
(function (scope) {
  "use strict";

  var DATABASE = "kring-offline";
  var ENTRIES = "outbox"; // {key, user, path, fields: [[name, value]], label, summary, queuedAt, rejected}
  var META = "meta"; // {name: "session", user, token}: who is logged in here, and their CSRF token

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function open() {
    var request = scope.indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(ENTRIES, { keyPath: "key" });
      request.result.createObjectStore(META, { keyPath: "name" });
    };
    return promised(request);
  }

  function withStore(name, mode, work) {
    return open().then(function (database) {
      var transaction = database.transaction(name, mode);
      var result = work(transaction.objectStore(name));
      return new Promise(function (resolve, reject) {
        transaction.oncomplete = function () {
          database.close();
          resolve(result && "result" in result ? result.result : result);
        };
        transaction.onerror = transaction.onabort = function () {
          database.close();
          reject(transaction.error);
        };
      });
    });
  }

  function uuid() {
    if (scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) {
      return (byte + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function field(fields, name) {
    var pair = fields.filter(function (item) {
      return item[0] === name;
    })[0];
    return pair ? pair[1] : "";
  }

  // A few words to recognise the entry by in the "waiting to send" list.
  function summaryOf(fields) {
    var words = fields.filter(function (item) {
      return ["csrfmiddlewaretoken", "idempotency_key", "q"].indexOf(item[0]) === -1 && /[a-z]{3}/i.test(item[1]);
    })[0];
    return words ? words[1].slice(0, 80) : "";
  }

  function entryFrom(path, formData, user, label) {
    var fields = [];
    formData.forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    return {
      key: field(fields, "idempotency_key") || uuid(),
      user: user,
      path: path,
      fields: fields,
      label: label || "",
      summary: summaryOf(fields),
      queuedAt: Date.now(),
      rejected: false,
    };
  }

  function add(entry) {
    return withStore(ENTRIES, "readwrite", function (store) {
      store.put(entry);
    });
  }

  function all() {
    return withStore(ENTRIES, "readonly", function (store) {
      return store.getAll();
    }).then(function (entries) {
      return entries.sort(function (a, b) {
        return a.queuedAt - b.queuedAt;
      });
    });
  }

  function remove(key) {
    return withStore(ENTRIES, "readwrite", function (store) {
      store.delete(key);
    });
  }

  function clear() {
    return withStore(ENTRIES, "readwrite", function (store) {
      store.clear();
    });
  }

  function session() {
    return withStore(META, "readonly", function (store) {
      return store.get("session");
    }).then(function (found) {
      return found || { name: "session", user: null, token: "" };
    });
  }

  function setSession(user, token) {
    return withStore(META, "readwrite", function (store) {
      store.put({ name: "session", user: user, token: token });
    });
  }

  // One sender at a time across the tabs and the worker; where Web Locks are missing, the
  // idempotency keys still keep a double send to one row.
  function locked(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("kring-outbox", work) : work();
  }

  // Send one entry. Resolves "sent", "rejected" (the server showed the form again: it needs the
  // member's eye), or "later" (no connection, logged out, refused, server trouble: try again later).
  function send(entry, token) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) {
      body.append(pair[0], pair[0] === "csrfmiddlewaretoken" && token ? token : pair[1]);
    });
    return scope
      .fetch(entry.path, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "follow",
        headers: { "X-Kring-Outbox": "1" },
      })
      .then(
        function (response) {
          if (!response.ok) return "later";
          if (!response.redirected) return "rejected";
          var landed = new URL(response.url).pathname;
          return landed === scope.KringOutbox.loginPath ? "later" : "sent";
        },
        function () {
          return "later";
        }
      );
  }

  // Send what waits for this user, oldest first; drop what other users left behind. Resolves the
  // number sent; rejects when something is still waiting for the connection (Background Sync retries).
  function flush(user, token) {
    return locked(function () {
      return all().then(function (entries) {
        var sent = 0;
        var waiting = false;
        var chain = Promise.resolve();
        entries.forEach(function (entry) {
          chain = chain.then(function () {
            if (entry.user !== user) return remove(entry.key);
            if (entry.rejected || waiting) return null;
            return send(entry, token).then(function (outcome) {
              if (outcome === "sent") {
                sent += 1;
                return remove(entry.key);
              }
              if (outcome === "rejected") {
                entry.rejected = true;
                return add(entry);
              }
              waiting = true;
              return null;
            });
          });
        });
        return chain.then(function () {
          return { sent: sent, waiting: waiting };
        });
      });
    });
  }

  scope.KringOutbox = {
    loginPath: "/accounts/login/",
    uuid: uuid,
    entryFrom: entryFrom,
    add: add,
    all: all,
    remove: remove,
    clear: clear,
    session: session,
    setSession: setSession,
    flush: flush,
  };
})(self);
