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
