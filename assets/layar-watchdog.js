// The big screen's boot watchdog. The index page loads it itself (dashboard/web.py), outside Dash, so it runs even
// when Dash never started: a React bundle that failed to load, a layout or callback list that did not come. On
// /layar, when no panel has been drawn some seconds after the page loaded, it asks /health and reloads once the
// server answers (never into the browser's own error page while the server is down); the waits double across
// reloads (kept in sessionStorage), up to five minutes, and start again from the first once a panel is drawn.
// assets/layar.js watches a screen that did start (refreshes failing for a long while).
(function () {
  var path = window.location.pathname.replace(/\/+$/, "");
  if (!/\/layar$/i.test(path)) { return; }
  var BOOT_MS = window.layarBootMs || 20 * 1000;  // end-to-end tests shorten it before the page loads
  var MAX_MS = 5 * 60 * 1000;
  var KEY = "layar-boot-attempts";
  var healthUrl = path.slice(0, path.length - "layar".length) + "health";  // keeps a URL prefix
  var store = {
    get: function () { try { return parseInt(window.sessionStorage.getItem(KEY), 10) || 0; } catch (e) { return 0; } },
    set: function (n) { try { window.sessionStorage.setItem(KEY, String(n)); } catch (e) { /* private mode */ } },
    clear: function () { try { window.sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ } },
  };
  var attempts = store.get();

  function drawn() { return !!document.querySelector(".layar-panel"); }
  function wait(n) { return Math.min(BOOT_MS * Math.pow(2, n), MAX_MS); }

  function check() {
    if (drawn()) { return; }
    attempts += 1;
    store.set(attempts);
    var later = function () { window.setTimeout(check, wait(attempts)); };
    if (!window.fetch) { window.location.reload(); return; }
    window.fetch(healthUrl, {cache: "no-store", credentials: "same-origin"})
      .then(function (response) { if (response.ok) { window.location.reload(); } else { later(); } })
      .catch(later);
  }

  var watching = window.setInterval(function () {  // drawn: the next failure starts from the first wait again
    if (drawn()) { store.clear(); window.clearInterval(watching); }
  }, 1000);
  window.setTimeout(check, wait(attempts));
})();
