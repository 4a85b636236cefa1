/* global window, document, location, FormData, fetch -- runs in the browser */
// The backend is its own Service; by default its NodePort (30500) on the host that served this page.
const api = window.FEASTFLOW_API || `${location.protocol}//${location.hostname}:30500`;
document.getElementById("search").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = new FormData(event.target).get("q");
  const list = document.getElementById("results");
  try {
    const res = await fetch(`${api}/api/menu/search?q=${encodeURIComponent(q)}`);
    const body = await res.json();
    // A 400 (e.g. a query over the backend's 64 characters) carries its reason in `error`.
    if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    const { results } = body;
    list.replaceChildren(
      ...results.map((dish) =>
        Object.assign(document.createElement("li"), {
          textContent: `${dish.name} · ${dish.cuisine} · $${(dish.priceCents / 100).toFixed(2)}`,
        }),
      ),
    );
  } catch (error) {
    list.replaceChildren(
      Object.assign(document.createElement("li"), { textContent: `Search unavailable: ${error.message}` }),
    );
  }
});
