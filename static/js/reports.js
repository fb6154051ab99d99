// Report pages: the Print button (inline handlers are not allowed by the Content Security Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
