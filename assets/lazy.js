// Parts drawn only when they come near the screen: an element with the class lazy-charts names, in data-shown,
// a dcc.Store set to true (dash_clientside.set_props) once the element is within 300 px of the viewport and what
// data-after names is in the page; the page's clientside callback then draws its charts (e.g. /anggota: Plotly
// is loaded after the grid's rows).
(function () {
  if (!window.IntersectionObserver) { return; }
  var watched = new WeakSet();
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      seen.unobserve(entry.target);
      var store = entry.target.getAttribute("data-shown");
      if (store && window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props(store, {data: true});
      }
    });
  }, {rootMargin: "300px 0px"});
  var scheduled = false;
  function scan() {
    scheduled = false;
    document.querySelectorAll(".lazy-charts[data-shown]").forEach(function (el) {
      // data-after: what must be drawn first (until an async component such as the grid has loaded, it takes no
      // room and everything below it would count as near the screen)
      var after = el.getAttribute("data-after");
      if (after && !document.querySelector(after)) { return; }
      if (!watched.has(el)) { watched.add(el); seen.observe(el); }
    });
  }
  new MutationObserver(function () {
    if (!scheduled) { scheduled = true; setTimeout(scan, 0); }  // a timer: it runs in a page not painted too
  }).observe(document.documentElement, {childList: true, subtree: true});
  scan();
})();
