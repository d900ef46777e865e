// A "Print" button on the member account statement and the 盈余分配表.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
