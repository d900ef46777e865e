/* Pay a pending Stripe payment (templates/payments/includes/card_form.html). Stripe.js (or
   localstripe's stand-in in the demo) tokenises the card in the card element; the server
   attaches it to the payment's PaymentIntent and confirms; if the bank asks for 3-D Secure,
   confirmCardPayment finishes it. Alipay and WeChat Pay confirm in Stripe.js. The payable
   is marked paid only when Stripe's signed webhook reaches the server: the return page
   shows "being confirmed" until then. */
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
  var buttons = form.querySelectorAll("button");

  function busy(on) {
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = on; });
  }
  function fail(message) {
    errors.textContent = message || form.dataset.msgError;
    status.textContent = "";
    busy(false);
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    });
  }
  function returnUrl() {
    var url = form.dataset.returnUrl;
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "paid=1";
  }
  async function done() {
    try { await post(form.dataset.submittedUrl); } catch (err) { /* the webhook decides */ }
    window.location.assign(returnUrl());
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    busy(true);
    errors.textContent = "";
    status.textContent = form.dataset.msgProcessing;
    try {
      var tokenResult = await stripe.createToken(card);
      if (tokenResult.error) { return fail(tokenResult.error.message); }
      var response = await post(form.dataset.confirmUrl,
                                { payment_method: tokenResult.token.card.id });
      var result = await response.json();
      if (result.error) { return fail(result.error); }
      if (result.status === "requires_action") {
        var confirmed = await stripe.confirmCardPayment(result.client_secret);
        if (confirmed.error) { return fail(confirmed.error.message); }
      }
      if (result.status === "failed") { return fail(result.error); }
      await done();
    } catch (err) {
      fail();
    }
  });

  Array.prototype.forEach.call(form.querySelectorAll("[data-pay-with]"), function (button) {
    button.addEventListener("click", async function () {
      busy(true);
      errors.textContent = "";
      var secret = form.dataset.clientSecret;
      var back = new URL(returnUrl(), window.location.href).href;
      try {
        var result = button.dataset.payWith === "alipay"
          ? await stripe.confirmAlipayPayment(secret, { return_url: back })
          : await stripe.confirmWechatPayPayment(secret, {
              payment_method_options: { wechat_pay: { client: "web" } } });
        if (result.error) { return fail(result.error.message); }
        await done();
      } catch (err) {
        fail();
      }
    });
  });
})();
