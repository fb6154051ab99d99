// The meeting runner: timers run here from the server's timestamps, so a reload, a second
// screen or a short network drop continues where it was. Every step is a POST (htmx).
// Words come from the JavaScript catalogue (loaded before this file, see kring.js); without it the
// timers still run, in English.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) {
    return text;
  };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  };

  var skew = 0; // server clock minus browser clock, in ms

  function stage() {
    return document.getElementById("runner-stage");
  }

  function format(ms) {
    var negative = ms < 0;
    var total = Math.floor(Math.abs(ms) / 1000);
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return (negative ? "+" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function number(el, name) {
    var value = el.getAttribute("data-" + name);
    return value === null || value === "" ? null : Number(value);
  }

  function readSkew() {
    var el = stage();
    var serverNow = el && number(el, "server-now");
    if (serverNow) skew = serverNow - Date.now();
  }

  function tick() {
    var el = stage();
    if (!el || !el.getAttribute("data-running")) return;
    var now = Date.now() + skew;
    var unitStarted = number(el, "unit-started");
    var unitSeconds = number(el, "unit-seconds") || 0;
    var left = unitStarted === null ? unitSeconds * 1000 : unitStarted + unitSeconds * 1000 - now;

    var clock = el.querySelector("[data-timer=unit]");
    if (clock) {
      clock.textContent = format(left);
      clock.classList.toggle("runner-overrun", left < 0);
      clock.classList.toggle("runner-warning", left >= 0 && left < 10000);
    }
    var itemClock = el.querySelector("[data-timer=item]");
    var itemStarted = number(el, "item-started");
    if (itemClock && itemStarted !== null) {
      var itemLeft = itemStarted + (number(el, "item-seconds") || 0) * 1000 - now;
      itemClock.textContent = format(itemLeft);
      itemClock.classList.toggle("runner-overrun", itemLeft < 0);
    }

    // Projected end: now, plus what is left of this timer (never below zero), plus the rest of the plan.
    var drift = el.querySelector("[data-drift]");
    var plannedEnd = number(el, "planned-end");
    if (drift && plannedEnd) {
      var projected = now + Math.max(left, 0) + (number(el, "later-seconds") || 0) * 1000;
      var delta = projected - plannedEnd;
      var late = delta > 30000;
      var early = delta < -30000;
      if (late) {
        drift.textContent = interpolate(gettext("%(time)s behind"), { time: "+" + format(delta) }, true);
      } else if (early) {
        drift.textContent = interpolate(gettext("%(time)s ahead"), { time: format(-delta) }, true);
      } else {
        drift.textContent = gettext("on time");
      }
      drift.classList.toggle("runner-overrun", late);
    }
  }

  function press(action) {
    var button = document.querySelector("[data-runner-action=" + action + "]");
    if (button && !button.disabled) button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    if (event.key === " " || event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      press(document.querySelector("[data-runner-action=start]") ? "start" : "next");
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      press("back");
    } else if (event.key === "s" || event.key === "S") {
      press("skip");
    } else if (event.key === "l" || event.key === "L") {
      press("late");
    }
  });

  function offline(show) {
    var banner = document.getElementById("runner-offline");
    if (banner) banner.classList.toggle("d-none", !show);
  }

  document.addEventListener("htmx:sendError", function () {
    offline(true);
  });
  document.addEventListener("htmx:afterSwap", function () {
    offline(false);
    readSkew();
    tick();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) offline(false);
  });

  // The script is deferred: the page is there when it runs.
  readSkew();
  tick();
  window.setInterval(tick, 250);
})();
