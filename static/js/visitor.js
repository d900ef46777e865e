/* The visitor's own bits on a page that may have been served to everyone from the cache:
   the number of pieces in their cart, read from an uncached endpoint. Without JavaScript
   the cart link works as before, only without the number. */
(function () {
  var count = document.querySelector("[data-cart-count]");
  if (!count || !window.fetch) return;
  fetch(count.getAttribute("data-visitor-url"), {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) {
      if (state && state.cart_count > 0) {
        count.textContent = state.cart_count;
        count.hidden = false;
      }
    })
    .catch(function () {});
})();
