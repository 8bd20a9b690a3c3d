// The big screen (/layar) shows no navigation: hide the app chrome there, on every route change.
(function () {
  function apply() {
    var chrome = document.getElementById("app-chrome");
    if (chrome) { chrome.style.display = window.location.pathname.indexOf("/layar") === 0 ? "none" : ""; }
  }
  new MutationObserver(apply).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("popstate", apply);
  apply();
})();
