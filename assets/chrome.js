// The app chrome: hidden on the big screen (/layar); a login that ended sends the user back to /masuk.
// Paths are the app's own: under a Dash URL prefix (requests_pathname_prefix in Dash's config) it is taken off.
function pokjaPrefix() {
  var config = document.getElementById("_dash-config");
  try { return (config && JSON.parse(config.textContent).requests_pathname_prefix) || "/"; } catch (e) { return "/"; }
}
function pokjaAppPath() {
  var path = window.location.pathname, base = pokjaPrefix();
  return path.indexOf(base) === 0 ? "/" + path.slice(base.length) : path;
}
// The big screen (/layar) shows no navigation: hide the app chrome there, on every route change.
(function () {
  function apply() {
    var chrome = document.getElementById("app-chrome");
    if (chrome) { chrome.style.display = pokjaAppPath().indexOf("/layar") === 0 ? "none" : ""; }
  }
  new MutationObserver(apply).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("popstate", apply);
  apply();
})();

// A login that ended (expired, logged out in another tab, password changed) makes Dash's requests answer 401:
// go to the login page, which comes back here afterwards. The big screen recovers by itself (assets/layar.js).
(function () {
  var originalFetch = window.fetch;
  window.fetch = function () {
    return originalFetch.apply(this, arguments).then(function (response) {
      var path = pokjaAppPath();
      if (response.status === 401 && path.indexOf("/layar") !== 0 && path.indexOf("/masuk") !== 0) {
        window.location.assign(pokjaPrefix() + "masuk?next=" + encodeURIComponent(path + window.location.search));
      }
      return response;
    });
  };
})();
