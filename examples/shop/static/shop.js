// "Add to cart" buttons post to the cart API as JSON, then show the cart's new size in the nav.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-add-to-cart]");
  if (!button) return;
  const response = await fetch(button.dataset.addToCart, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ product_id: Number(button.dataset.productId), quantity: 1 }),
  });
  if (response.ok) {
    const cart = await response.json();
    document.querySelector("[data-cart-count]").textContent = cart.count;
    button.textContent = button.dataset.added;
  }
});

// New reviews of the product on the page arrive over a WebSocket; where the server cannot
// open one (a WSGI server answers the handshake with 426), the page polls for them instead.
// The list says which in its data-transport attribute.
const POLL_MILLISECONDS = 2000;

function startLiveReviews(list) {
  let after = Number(list.dataset.after);
  const show = (review) => {
    if (review.id <= after) return;
    after = review.id;
    list.querySelector(".empty")?.remove();
    const item = document.createElement("li");
    item.className = "live";
    item.textContent = `${"★".repeat(review.stars)} ${review.text}`;
    list.append(item);
  };
  const poll = () => {
    list.dataset.transport = "polling";
    const tick = async () => {
      try {
        const response = await fetch(`${list.dataset.poll}?after=${after}`, {
          headers: { Accept: "application/json" },
        });
        if (response.ok) (await response.json()).forEach(show);
      } finally {
        setTimeout(tick, POLL_MILLISECONDS);
      }
    };
    tick();
  };
  if (!("WebSocket" in window)) return poll();
  const url = new URL(list.dataset.websocket, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("after", after);
  const socket = new WebSocket(url);
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    list.dataset.transport = "websocket";
  });
  socket.addEventListener("message", (event) => show(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    if (!opened) poll();
  });
}

document.querySelectorAll("[data-live-reviews]").forEach(startLiveReviews);
