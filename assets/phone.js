// A phone (below 576 px). Grids: below 576 px the columns marked phone=False (dashboard/components/grid.py writes
// context.phoneHide into their definition) are hidden and the rest fitted to the width, so a leaderboard shows
// rank, name and score without scrolling sideways; wider again, they come back.
(function () {
  var narrow = window.matchMedia("(max-width: 575.98px)");
  var scheduled = false;

  function apply() {
    scheduled = false;
    if (!window.dash_ag_grid || !window.dash_ag_grid.getApi) { return; }
    document.querySelectorAll(".ag-root-wrapper").forEach(function (root) {
      var box = root.parentElement && root.parentElement.closest("[id]");
      var api;
      try { api = box && window.dash_ag_grid.getApi(box.id); } catch (e) { return; }
      if (!api || (api.isDestroyed && api.isDestroyed())) { return; }
      var change = [], limits = [];
      (api.getColumns() || []).forEach(function (col) {
        var context = col.getColDef().context || {};
        if (context.phoneHide && col.isVisible() === narrow.matches) { change.push(col); }
        if (context.phoneWidth && narrow.matches) { limits.push({key: col.getColId(), maxWidth: context.phoneWidth}); }
      });
      if (change.length) {
        api.setColumnsVisible(change, !narrow.matches);
        api.sizeColumnsToFit(limits.length ? {columnLimits: limits} : undefined);
      }
    });
  }

  function schedule() {
    if (!scheduled) { scheduled = true; window.requestAnimationFrame(apply); }
  }

  new MutationObserver(schedule).observe(document.documentElement, {childList: true, subtree: true});
  narrow.addEventListener("change", schedule);
  schedule();
})();

// Long sections (cards with the class fold-phone, e.g. on /rekomendasi, and the filters on /anggota) show only
// their header on a phone; the header opens and closes the section (CSS in dasbor.css; wider screens always show
// the body). Only where it folds is the header a button (role, tabindex, aria-expanded).
(function () {
  var narrow = window.matchMedia("(max-width: 575.98px)");
  var HEADERS = ".fold-phone > .card-header, .fold-phone > .fold-header";
  var scheduled = false;

  function mark() {
    scheduled = false;
    document.querySelectorAll(HEADERS).forEach(function (header) {
      if (narrow.matches) {
        if (header.getAttribute("role") === "button") { return; }
        header.setAttribute("role", "button");
        header.setAttribute("tabindex", "0");
        header.setAttribute("aria-expanded", header.parentElement.classList.contains("is-open") ? "true" : "false");
      } else if (header.hasAttribute("role")) {
        header.removeAttribute("role");
        header.removeAttribute("tabindex");
        header.removeAttribute("aria-expanded");
      }
    });
  }

  function schedule() {
    if (!scheduled) { scheduled = true; setTimeout(mark, 0); }
  }

  function toggle(event) {
    var header = event.target.closest && event.target.closest(HEADERS);
    if (!header || !narrow.matches || (event.type === "keydown" && event.key !== "Enter" && event.key !== " ")) {
      return;
    }
    if (event.type === "keydown") { event.preventDefault(); }
    var open = header.parentElement.classList.toggle("is-open");
    header.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", toggle);
  document.addEventListener("keydown", toggle);
  new MutationObserver(schedule).observe(document.documentElement, {childList: true, subtree: true});
  narrow.addEventListener("change", schedule);
  schedule();
})();
