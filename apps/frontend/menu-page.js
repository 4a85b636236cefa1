"use strict";
/**
 * The menu page, rendered on the server for every request the way a real
 * FeastFlow frontend renders menus and carts: pick the dishes, group them by
 * category, sort each category, fill a compiled template for every dish with
 * its fields HTML-escaped and its price formatted, and total a cart. Its cost
 * grows with the number of dishes, which is the frontend's work knob.
 *
 * Pure: it reads nothing from the request but the dish count, and writes nothing.
 */

/** Deterministic PRNG (mulberry32) so every pod holds the same catalog. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The menu's sections in page order, each with the words its dishes' names are made of. */
const SECTIONS = [
  [
    "Starters",
    ["Chicken", "Tofu", "Paneer", "Prawn", "Mushroom", "Falafel"],
    ["Bites", "Skewers", "Dumplings", "Spring Rolls"],
  ],
  [
    "Mains",
    ["Smoky", "Tandoori", "Teriyaki", "Garlic", "Lemon & Herb"],
    ["Chicken Plate", "Salmon", "Paneer Curry", "Stir-Fry"],
  ],
  ["Bowls", ["Poke", "Ramen", "Burrito", "Buddha", "Bibimbap"], ["Bowl", "Bowl XL"]],
  ["Pizza & Flatbreads", ["Margherita", "Pepperoni", "Truffle Mushroom", "Spicy Paneer"], ["Pizza", "Flatbread"]],
  ["Sides", ["Crispy", "Garlic", "Sweet Potato", "Loaded"], ["Fries", "Mac & Cheese", "Greens", "Slaw"]],
  ["Desserts", ["Chocolate", "Mango", "Pistachio", "Salted Caramel"], ["Tart", "Cheesecake", "Sundae", "Mochi"]],
  ["Drinks", ["Mango", "Mint", "Ginger", "Peach"], ["Lassi", "Lemonade", "Iced Tea", "Soda"]],
];
const CATEGORIES = SECTIONS.map(([category]) => category);

/** `size` dishes; names and descriptions carry `&`, `<`, quotes and apostrophes, so escaping has real work to do. */
function buildCatalog(size) {
  const rnd = random(7);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const notes = [
    `with the chef's "secret" sauce`,
    "made fresh to order",
    "from a family recipe",
    "locally sourced & seasonal",
    "<limited time only>",
    "a regulars' favourite",
  ];
  const tags = ["vegan", "vegetarian", "gluten-free", "spicy", "halal", "kids", "new", "low-carb"];
  return Array.from({ length: size }, (_, id) => {
    const [category, first, second] = pick(SECTIONS);
    const name = `${pick(first)} ${pick(second)}`;
    const note = Math.floor(rnd() * notes.length);
    const otherNote = (note + 1 + Math.floor(rnd() * (notes.length - 1))) % notes.length;
    return {
      id,
      name,
      category,
      description: `${name}, ${notes[note]}; ${notes[otherNote]}.`,
      priceCents: 350 + Math.floor(rnd() * 2650),
      rating: Math.round((2.5 + rnd() * 2.5) * 10) / 10,
      calories: 120 + Math.floor(rnd() * 1000),
      tags: [...new Set([pick(tags), pick(tags)])],
      kitchen: `Kitchen ${1 + Math.floor(rnd() * 120)}`,
      popular: rnd() < 0.2,
    };
  });
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * Compiles a template once: `{{key}}` is replaced by the escaped value,
 * `{{{key}}}` by the value as is (markup the page built itself). Rendering a
 * key the data lacks throws, so a template typo is a 500, not "undefined" on the page.
 */
function compile(source) {
  const steps = source
    .split(/(\{\{\{?\w+\}?\}\})/)
    .map((part, i) => (i % 2 === 0 ? part : { key: /\w+/.exec(part)[0], raw: part.startsWith("{{{") }));
  return (data) => {
    let out = "";
    for (const step of steps) {
      if (typeof step === "string") {
        out += step;
        continue;
      }
      const value = data[step.key];
      if (value === undefined) throw new Error(`template key ${step.key} missing`);
      out += step.raw ? value : escapeHtml(value);
    }
    return out;
  };
}

const dishTemplate = compile(
  `<li class="dish" id="dish-{{id}}" data-price-cents="{{priceCents}}"><h3>{{name}}{{{badge}}}</h3>` +
    `<p class="description">{{description}}</p><p class="meta"><span class="price">{{price}}</span> ` +
    `<span class="rating" aria-label="{{rating}} out of 5">{{stars}}</span> <span class="calories">{{calories}} kcal</span> ` +
    `<span class="kitchen">{{kitchen}}</span></p><ul class="tags">{{{tags}}}</ul>` +
    `<button type="button" data-dish="{{id}}" aria-label="Add {{name}} to cart">Add</button></li>`,
);
const sectionTemplate = compile(
  `<section id="{{slug}}"><h2>{{category}} ({{count}})</h2><ul>{{{dishes}}}</ul></section>`,
);
const navTemplate = compile(`<a href="#{{slug}}">{{category}} ({{count}})</a>`);
const cartLineTemplate = compile(
  `<tr class="line" data-cents="{{cents}}"><td>{{quantity}} × {{name}}</td><td>{{amount}}</td></tr>`,
);
const cartRowTemplate = compile(
  `<tr class="{{kind}}" data-cents="{{cents}}"><th>{{label}}</th><td>{{amount}}</td></tr>`,
);
const pageTemplate = compile(
  `<!doctype html><html lang="en"><head><meta charset="utf-8" />` +
    `<meta name="viewport" content="width=device-width, initial-scale=1" /><title>Menu · FeastFlow</title>` +
    `<link rel="stylesheet" href="/styles.css" /></head><body><header><h1>FeastFlow</h1>` +
    `<p class="summary">{{count}} dishes from {{kitchens}} kitchens</p></header><nav class="categories">{{{nav}}}</nav>` +
    `<main class="menu">{{{sections}}}</main><aside class="cart"><h2>Your cart</h2><table>{{{cart}}}</table></aside>` +
    `</body></html>`,
);

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const slug = (text) => `cat-${text.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
const stars = (rating) => "★".repeat(Math.floor(rating)) + (rating % 1 >= 0.5 ? "½" : "");
/** Sales tax (8.875 %), the delivery fee, the subtotal from which delivery is free, and how many dishes the cart holds. */
const CART = { taxRate: 0.08875, deliveryCents: 299, freeDeliveryFromCents: 5000, lines: 4 };

/** The cart a visitor holds: up to CART.lines dishes spread over the page, 1–3 of each. */
function cartRows(dishes) {
  const step = Math.max(1, Math.floor(dishes.length / CART.lines));
  const lines = [];
  for (let i = 0; i < dishes.length && lines.length < CART.lines; i += step) {
    const dish = dishes[i];
    const quantity = 1 + (dish.id % 3);
    lines.push({ name: dish.name, quantity, cents: dish.priceCents * quantity });
  }
  const subtotal = lines.reduce((sum, line) => sum + line.cents, 0);
  const delivery = subtotal >= CART.freeDeliveryFromCents ? 0 : CART.deliveryCents;
  const tax = Math.round(subtotal * CART.taxRate);
  const row = (kind, label, cents) =>
    cartRowTemplate({ kind, label, cents, amount: cents === 0 ? "Free" : money.format(cents / 100) });
  return (
    lines.map((line) => cartLineTemplate({ ...line, amount: money.format(line.cents / 100) })).join("") +
    row("subtotal", "Subtotal", subtotal) +
    row("delivery", "Delivery", delivery) +
    row("tax", `Tax (${(CART.taxRate * 100).toFixed(3)} %)`, tax) +
    row("total", "Total", subtotal + delivery + tax)
  );
}

/** Popular dishes first, then the best rated, then by name. */
const byListing = (a, b) =>
  Number(b.popular) - Number(a.popular) || b.rating - a.rating || a.name.localeCompare(b.name);

/** The whole menu page for the first `count` dishes of `catalog`, as one HTML string. */
function renderMenuPage(catalog, count) {
  const dishes = catalog.slice(0, count);
  const sections = [];
  const nav = [];
  for (const category of CATEGORIES) {
    const listed = dishes.filter((dish) => dish.category === category).sort(byListing);
    if (listed.length === 0) continue;
    const items = listed.map((dish) =>
      dishTemplate({
        ...dish,
        badge: dish.popular ? ` <span class="badge">Popular</span>` : "",
        price: money.format(dish.priceCents / 100),
        stars: stars(dish.rating),
        tags: dish.tags.map((tag) => `<li>${escapeHtml(tag)}</li>`).join(""),
      }),
    );
    const section = { category, slug: slug(category), count: listed.length };
    sections.push(sectionTemplate({ ...section, dishes: items.join("") }));
    nav.push(navTemplate(section));
  }
  return pageTemplate({
    count: dishes.length,
    kitchens: new Set(dishes.map((dish) => dish.kitchen)).size,
    nav: nav.join(""),
    sections: sections.join(""),
    cart: cartRows(dishes),
  });
}

module.exports = { buildCatalog, renderMenuPage };
