// The media library (`#/media`, `#/media/12`): images uploaded from the computer with their
// alt text, the library found by words or as the unused ones, a page at a time, and one
// item's description edited (alt text, caption, credit, focal point) or the item deleted,
// which the API refuses, naming where, while content uses it. `libraryChoice` is the picker
// other screens use to choose an image by its description.

import { request, upload } from "./api.js";
import { destructive, field, go, h, notice, onSubmit, optional, pages, query, report, select, show, table, ticket, when } from "./ui.js";
import { bounds, paramBounds } from "./spec.js";

const MEDIA = "/api/v1/admin/media";
const ACCEPTED = "image/jpeg,image/png,image/webp,image/gif,image/avif";

export async function mediaScreen(user, rest) {
  if (rest) return itemScreen(Number(rest));
  const library = libraryCard();
  show(uploadForm(() => library.reload()), library.element);
  await library.reload();
}

function uploadForm(uploaded) {
  const progress = h("progress", { max: 1, value: 0, "aria-label": "Upload progress", hidden: true });
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "upload-title" },
    h("h1", { id: "upload-title" }, "Upload an image"),
    h("p", { class: "quiet" }, "Choose a file or drop one here: JPEG, PNG, WebP, GIF or AVIF. Readers get it in modern formats and sizes a few seconds after the upload; where it was taken is removed from it."),
    field("Image file", "file", { type: "file", accept: ACCEPTED, required: true }),
    field("Alt text (what the image shows, for people who cannot see it)", "alt", bounds("UploadForm", "alt")),
    field("Caption", "caption", bounds("UploadForm", "caption")),
    field("Credit", "credit", bounds("UploadForm", "credit")),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Upload"), progress),
  );
  // A file dropped anywhere on the form is the one uploaded.
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    form.classList.add("dropping");
  });
  form.addEventListener("dragleave", () => form.classList.remove("dropping"));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    form.classList.remove("dropping");
    if (event.dataTransfer.files.length) form.elements.file.files = event.dataTransfer.files;
  });
  onSubmit(form, async (data) => {
    for (const name of ["alt", "caption", "credit"]) if (optional(data, name) === null) data.delete(name);
    progress.hidden = false;
    progress.value = 0;
    let item;
    try {
      ({ data: item } = await upload(MEDIA, data, (share) => (progress.value = share)));
    } finally {
      progress.hidden = true;
    }
    form.reset();
    notice(form, `Uploaded ${item.filename}.`);
    await uploaded();
  });
  return form;
}

/** The smallest variant, for a list (none while the item is processing). */
function thumbnail(item) {
  const small = item.variants.find((v) => v.format === "webp") || item.variants[0];
  if (!small) return h("span", { class: "quiet" }, item.status === "failed" ? "failed" : "processing…");
  return h("img", { class: "thumbnail", src: small.url, alt: item.alt || "", width: small.width, height: small.height, loading: "lazy" });
}

function libraryCard() {
  const card = h("section", { class: "card", "aria-labelledby": "library-title" }, h("h2", { id: "library-title" }, "Library"));
  const filters = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Find images" },
    field("Find by name, alt text or caption", "q", { id: "find-media", type: "search", ...paramBounds("list_media", "q") }),
    h("div", { class: "field inline" }, h("input", { type: "checkbox", id: "only-unused", name: "unused" }), h("label", { for: "only-unused" }, "Only images nothing uses")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Find")),
  );
  const wanted = { q: "", unused: "" };
  let waiting = null;
  const render = (items) => {
    clearTimeout(waiting);
    // Items still processing are read again until their variants are made.
    if (items.some((i) => i.status === "processing")) waiting = setTimeout(() => card.isConnected && found.refresh(), 1000);
    if (items.length === 0) return h("p", { class: "quiet" }, "No images.");
    return table(
      "Images",
      ["Image", "Name", "Alt text", "Size", "Uploaded"],
      items.map((item) => [thumbnail(item), h("a", { href: `#/media/${item.id}` }, item.filename), item.alt || h("span", { class: "quiet" }, "none"), `${item.width} × ${item.height}`, when(item.created_at)]),
    );
  };
  const found = pages(card, (cursor) => request("GET", query(MEDIA, { limit: 20, ...wanted, cursor })).then((r) => r.data), render);
  onSubmit(filters, async (data) => {
    wanted.q = data.get("q").trim();
    wanted.unused = data.get("unused") ? "true" : "";
    await found.reload();
  });
  card.append(filters, found.element);
  return { element: card, reload: () => found.reload() };
}

async function itemScreen(id) {
  const current = ticket();
  let item;
  try {
    ({ data: item } = await request("GET", `${MEDIA}/${id}`));
  } catch (error) {
    if (!current()) return;
    const box = h("section", { class: "card" }, h("h1", {}, "Image"));
    show(box);
    report(box, error);
    return;
  }
  if (!current()) return;
  const card = h(
    "section",
    { class: "card", "aria-labelledby": "item-title" },
    h("p", {}, h("a", { href: "#/media" }, "← Media")),
    h("h1", { id: "item-title" }, item.filename),
    item.variants.length ? focusable(item) : h("p", { class: "quiet" }, item.status === "failed" ? `Processing failed.` : "Its sizes are being made."),
    h("dl", {}, h("dt", {}, "Size"), h("dd", {}, `${item.width} × ${item.height}, ${item.mime_type}`), h("dt", {}, "Status"), h("dd", {}, item.status), h("dt", {}, "Used by"), h("dd", {}, item.used_by.length ? item.used_by.map((u) => `${u.kind.replace("_", " ")} ${u.id}`).join(", ") : "nothing"), h("dt", {}, "In a section's text"), h("dd", {}, h("code", {}, `![${item.alt || ""}](media:${item.id})`))),
  );
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "describe-title" },
    h("h2", { id: "describe-title" }, "Description"),
    field("File name", "filename", { required: true, ...bounds("UpdateMediaRequest", "filename"), value: item.filename }),
    field("Alt text", "alt", { ...bounds("UpdateMediaRequest", "alt"), value: item.alt }),
    field("Caption", "caption", { ...bounds("UpdateMediaRequest", "caption"), value: item.caption }),
    field("Credit", "credit", { ...bounds("UpdateMediaRequest", "credit"), value: item.credit }),
    field("Focal point across (0 to 1)", "focal_x", { type: "number", min: 0, max: 1, step: 0.001, value: item.focal_point.x }),
    field("Focal point down (0 to 1)", "focal_y", { type: "number", min: 0, max: 1, step: 0.001, value: item.focal_point.y }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save description"), destructive(`Delete ${item.filename}`, card, async () => {
      await request("DELETE", `${MEDIA}/${id}`, { ifMatch: item.version });
      go("#/media");
    })),
  );
  onSubmit(
    form,
    async (data) => {
      ({ data: item } = await request("PATCH", `${MEDIA}/${id}`, {
        ifMatch: item.version,
        body: {
          filename: data.get("filename"),
          alt: optional(data, "alt"),
          caption: optional(data, "caption"),
          credit: optional(data, "credit"),
          focal_point: { x: Number(data.get("focal_x")), y: Number(data.get("focal_y")) },
        },
      }));
      notice(form, "Description saved.");
    },
    () => itemScreen(id),
  );
  show(card, form);
}

/**
 * The image at a readable size; a click on it sets the focal point fields (what front-ends
 * keep in view when they crop), which the keyboard can set as numbers too.
 */
function focusable(item) {
  const shown = item.variants.find((v) => v.width >= 640 && v.format === "webp") || item.variants[item.variants.length - 1];
  const image = h("img", { class: "preview-image", src: shown.url, alt: item.alt || "", title: "Click the part of the image that matters most" });
  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    const at = (offset, size) => String(Math.min(1, Math.max(0, offset / size)).toFixed(3));
    const form = document.getElementById("field-focal_x")?.form;
    if (!form) return;
    form.elements.focal_x.value = at(event.clientX - box.left, box.width);
    form.elements.focal_y.value = at(event.clientY - box.top, box.height);
  });
  return h("figure", {}, image, h("figcaption", { class: "quiet" }, "Click the image to set its focal point, then save."));
}

/**
 * The library item a form chose with `libraryChoice` as the API takes it: its id, `null` for
 * none, and nothing at all when the form has no such choice.
 */
export function chosenItem(data, name) {
  if (!data.has(name)) return {};
  return { [name]: data.get(name) ? Number(data.get(name)) : null };
}

/** The library images to choose from: the newest hundred ready ones, and those `chosen` names. */
export async function libraryItems(...chosen) {
  const { data } = await request("GET", query(MEDIA, { limit: 100 }));
  const items = data.data.filter((i) => i.status === "ready");
  for (const id of new Set(chosen.filter((id) => id !== null && id !== undefined))) {
    if (!items.some((i) => i.id === id)) items.push((await request("GET", `${MEDIA}/${id}`)).data);
  }
  return items;
}

/**
 * A labelled choice among library `items`, named by file name and alt text; its value is the
 * item's id, "" for none.
 */
export function libraryChoiceOf(items, label, name, chosen, attributes = {}) {
  return select(label, name, [["", "None"], ...items.map((i) => [i.id, i.alt ? `${i.filename} — ${i.alt}` : i.filename])], chosen, attributes);
}

/** A labelled choice of a library image, read now. */
export async function libraryChoice(label, name, chosen) {
  return libraryChoiceOf(await libraryItems(chosen), label, name, chosen);
}
