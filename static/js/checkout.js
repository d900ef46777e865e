/* Card payment on the order's pay page. Stripe.js (or localstripe's stand-in in the demo)
   tokenises the card in the card element; the server attaches it to the order's
   PaymentIntent and confirms; if the bank asks for 3-D Secure, confirmCardPayment finishes
   it. The order becomes "paid" only when Stripe's signed webhook reaches the server. */
(function () {
  "use strict";
  var form = document.getElementById("card-payment");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.dataset.key);
  var elements = stripe.elements();
  var card = elements.create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var errors = document.getElementById("card-errors");
  var status = document.getElementById("card-status");
  var submit = document.getElementById("card-submit");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function fail(message) {
    errors.textContent = message || form.dataset.msgError;
    status.textContent = "";
    submit.disabled = false;
  }
  function done() { window.location.assign(form.dataset.trackUrl + "?paid=1"); }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    submit.disabled = true;
    errors.textContent = "";
    status.textContent = form.dataset.msgProcessing;
    try {
      var tokenResult = await stripe.createToken(card);
      if (tokenResult.error) { return fail(tokenResult.error.message); }
      var response = await fetch(form.dataset.confirmUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ payment_method: tokenResult.token.card.id })
      });
      var result = await response.json();
      if (result.error) { return fail(result.error); }
      if (result.status === "requires_action") {
        var confirmed = await stripe.confirmCardPayment(result.client_secret);
        if (confirmed.error) { return fail(confirmed.error.message); }
      }
      if (result.status === "failed") { return fail(result.error); }
      done();
    } catch (err) {
      fail();
    }
  });

  Array.prototype.forEach.call(form.querySelectorAll("[data-pay-with]"), function (button) {
    button.addEventListener("click", async function () {
      var secret = form.dataset.clientSecret;
      var back = window.location.origin + form.dataset.trackUrl + "?paid=1";
      var result = button.dataset.payWith === "alipay"
        ? await stripe.confirmAlipayPayment(secret, { return_url: back })
        : await stripe.confirmWechatPayPayment(secret, {
            payment_method_options: { wechat_pay: { client: "web" } } });
      if (result.error) { return fail(result.error.message); }
      done();
    });
  });
})();
