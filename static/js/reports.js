// Report pages: the give/take network picture. Pointing at or tapping a member shows only their
// arrows (given solid, received dashed); elsewhere all again. Keyboards and screen readers have the
// table. (The Print button is handled in kring.js.)
(function () {
  "use strict";

  var network = document.querySelector(".network-svg");
  if (!network) return;

  function focus(member) {
    network.classList.toggle("network-focused", member !== null);
    network.querySelectorAll(".network-edge").forEach(function (edge) {
      edge.classList.toggle("network-edge-out", edge.getAttribute("data-from") === member);
      edge.classList.toggle("network-edge-in", edge.getAttribute("data-to") === member);
    });
    network.querySelectorAll(".network-node").forEach(function (node) {
      node.classList.toggle("network-node-active", node.getAttribute("data-member") === member);
    });
  }

  function memberAt(event) {
    var node = event.target.closest(".network-node");
    return node ? node.getAttribute("data-member") : null;
  }

  network.addEventListener("pointerover", function (event) {
    focus(memberAt(event));
  });
  network.addEventListener("pointerleave", function () {
    focus(null);
  });
})();
