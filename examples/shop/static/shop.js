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
    button.textContent = "Added";
  }
});
