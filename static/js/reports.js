// Report pages: the Print button (inline handlers are not allowed by the Content Security Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Give/take network picture: pointing at or tapping a member shows only their arrows (given solid,
// received dashed); elsewhere all again. Keyboards and screen readers have the table.
{
  const network = document.querySelector(".network-svg");
  if (network) {
    const focus = (member) => {
      network.classList.toggle("network-focused", member !== null);
      for (const edge of network.querySelectorAll(".network-edge")) {
        edge.classList.toggle("network-edge-out", edge.dataset.from === member);
        edge.classList.toggle("network-edge-in", edge.dataset.to === member);
      }
      for (const node of network.querySelectorAll(".network-node")) {
        node.classList.toggle("network-node-active", node.dataset.member === member);
      }
    };
    const memberAt = (event) => event.target.closest(".network-node")?.dataset.member ?? null;
    network.addEventListener("pointerover", (event) => focus(memberAt(event)));
    network.addEventListener("pointerleave", () => focus(null));
  }
}
