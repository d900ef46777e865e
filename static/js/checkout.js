/* Checkout: keep the summary's shipping and total in step with the delivery method and the
   province the buyer picks (the server computes the same figures again when the order is
   placed; without JavaScript the summary shows them for the method chosen last). */
(function () {
  "use strict";
  var form = document.getElementById("checkout-form");
  if (!form) { return; }
  var remote = (form.dataset.remoteProvinces || "").split(",");
  var subtotalFen = Math.round(parseFloat(form.dataset.subtotal) * 100);
  var shipping = document.querySelectorAll("[data-summary=shipping]");
  var total = document.querySelectorAll("[data-summary=total]");
  var province = form.querySelector("select[name=province]");

  function yuan(fen) {
    var whole = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "¥" + whole + "." + ("0" + (fen % 100)).slice(-2);
  }
  function show(nodes, text) {
    Array.prototype.forEach.call(nodes, function (node) { node.textContent = text; });
  }
  function update() {
    var chosen = form.querySelector("input[name=delivery_method]:checked");
    if (!chosen) { show(shipping, "—"); show(total, "—"); return; }
    var far = chosen.value === "courier" && province && remote.indexOf(province.value) !== -1;
    var fee = Math.round(parseFloat(far ? chosen.dataset.remoteFee : chosen.dataset.fee) * 100);
    show(shipping, fee ? yuan(fee) : form.dataset.free);
    show(total, yuan(subtotalFen + fee));
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "delivery_method" || event.target.name === "province") { update(); }
  });
  update();
})();
