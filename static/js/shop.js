/* The shop: wide screens show the filters as an open sidebar; phones keep them folded. */
(function () {
  "use strict";
  var panel = document.getElementById("shop-filters-panel");
  if (panel && window.matchMedia("(min-width: 960px)").matches) {
    panel.open = true;
  }
})();
