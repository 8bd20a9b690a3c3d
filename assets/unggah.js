// The "Batalkan" button in the upload history grid (/unggah): it reports the upload id to Dash through the
// grid's cellRendererData; the page then asks for confirmation. Only committed uploads get a button.
(function () {
  var fns = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  fns.UnggahUndoButton = function (props) {
    if (!props.data || !props.data.can_undo) {
      return null;
    }
    return React.createElement(
      "button",
      {
        type: "button",
        className: "btn btn-sm btn-outline-danger py-0",
        id: "unggah-undo-" + props.data.id,
        onClick: function () { props.setData(props.data.id); },
      },
      props.value
    );
  };
})();

// Refusals that come before any report, shown in the upload page (#unggah-server-message) instead of only in the
// console, where Dash's renderer logs a failed callback: a file over the request limit (checked here before 28 MB
// of base64 are sent, and by the server: 413) and a server whose parse slots are all taken (503). The texts come
// from the server (core/i18n.py), in the element's data attributes or the answer's JSON.
(function () {
  var CALLBACK = "_dash-update-component";
  var HOLDER = "unggah-server-message";
  var original = window.fetch;
  if (!original) { return; }

  function isUpload(body) {
    return typeof body === "string" &&
      (body.indexOf('"unggah-upload.contents"') !== -1 || body.indexOf('"unggah-commit.n_clicks"') !== -1);
  }

  function show(text) {
    var dc = window.dash_clientside;
    if (!dc || !dc.set_props || !text) { return; }
    dc.set_props(HOLDER, {children: {type: "Alert", namespace: "dash_bootstrap_components",
                                     props: {children: text, color: "danger", className: "mb-2",
                                             id: "unggah-server-alert"}}});
    dc.set_props("unggah-upload", {contents: null});  // dropping the same file again tries again
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var body = init && init.body;
    if (url.indexOf(CALLBACK) === -1 || !isUpload(body)) { return original.apply(this, arguments); }
    var holder = document.getElementById(HOLDER);
    var max = holder ? parseInt(holder.getAttribute("data-max-request"), 10) : 0;
    if (max && body.length > max) {  // base64 is ASCII: characters are bytes
      var tooLarge = holder.getAttribute("data-too-large");
      show(tooLarge);
      return Promise.resolve(new Response(JSON.stringify({error: tooLarge}),
                                          {status: 413, headers: {"Content-Type": "application/json"}}));
    }
    return original.apply(this, arguments).then(function (response) {
      if (response.status === 413 || response.status === 503) {
        var fallback = holder && holder.getAttribute(response.status === 413 ? "data-too-large" : "data-busy");
        response.clone().json()
          .then(function (data) { show((data && data.error) || fallback); })
          .catch(function () { show(fallback); });
      }
      return response;
    });
  };
})();
