// The big screen (/layar).
// 1. Rotation: a clientside callback that only swaps the panels' CSS classes (no server round trip, no
//    re-render of the panels, so no blank flash and no growing DOM).
// 2. Watchdog: a refresh that keeps failing (server or database down) leaves the old figures on screen; once
//    refreshes have failed for a long while and the server answers /health again, reload the page so it
//    comes back with fresh code and data. /health needs no session: a screen whose session ended (a kiosk
//    token's session, a server that lost its key) reloads too, and the token in the URL opens a new session. Also reload once a day at night: Dash keeps a record of every
//    interval tick for its undo history, which would otherwise grow for as long as the screen runs.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  layar: {
    rotate: function (n, config) {
      var panels = (config && config.panels) || [];
      var active = panels.length ? (n || 0) % panels.length : 0;
      var name = panels[active] || "";
      var outputs = window.dash_clientside.callback_context.outputs_list;
      // Pattern-matching outputs: answer by panel name, whatever order Dash lists them in.
      var classes = function (list, base) {
        return list.map(function (o) { return o.id.panel === name ? base + " is-active" : base; });
      };
      // The footer names the panel as the dots do (its label), not by its internal key.
      var label = (config && config.labels && config.labels[name]) || name;
      return [classes(outputs[0], "layar-panel"), classes(outputs[1], "layar-dot"), label,
              (active + 1) + "/" + Math.max(panels.length, 1)];
    },
  },
});

(function () {
  // End-to-end tests may shorten these two (window.layarCheckMs, window.layarMinOutageMs) before the page loads.
  var CHECK_MS = window.layarCheckMs || 15 * 1000;
  var MIN_OUTAGE_MS = window.layarMinOutageMs || 5 * 60 * 1000;
  var DAY_MS = 24 * 3600 * 1000;
  var loadedAt = Date.now();
  var lastStamp = null;
  var lastSuccess = Date.now();
  var probing = false;

  function healthUrl() {
    var prefix = "/";
    var config = document.getElementById("_dash-config");
    if (config) {
      try { prefix = JSON.parse(config.textContent).requests_pathname_prefix || "/"; } catch (e) { prefix = "/"; }
    }
    return prefix + "health";
  }

  function reloadWhenServerAnswers() {
    if (probing) { return; }
    probing = true;
    fetch(healthUrl(), {cache: "no-store", credentials: "same-origin"})
      .then(function (response) { if (response.ok) { window.location.reload(); } })
      // Still down: keep the old figures and try again at the next check.
      .catch(function () { return null; })
      .then(function () { probing = false; });
  }

  function check() {
    var root = document.getElementById("layar-root");
    var updated = document.getElementById("layar-updated");
    if (!root || !updated) {  // another page of the app
      lastStamp = null;
      lastSuccess = Date.now();
      return;
    }
    var stamp = updated.getAttribute("data-updated-at");
    if (stamp !== lastStamp) {  // the refresh callback succeeded since the last check
      lastStamp = stamp;
      lastSuccess = Date.now();
    }
    var refreshMs = (parseInt(root.getAttribute("data-refresh"), 10) || 60) * 1000;
    var outage = Date.now() - lastSuccess > Math.max(MIN_OUTAGE_MS, 2 * refreshMs + CHECK_MS);
    var hour = new Date().getHours();
    var nightly = Date.now() - loadedAt > DAY_MS && (hour >= 2 && hour < 5 || Date.now() - loadedAt > 2 * DAY_MS);
    if (outage || nightly) { reloadWhenServerAnswers(); }
  }

  setInterval(check, CHECK_MS);
})();
