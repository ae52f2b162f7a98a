// An article's sections in the editor: the ordered list, reordered by dragging or by the
// Move up / Move down buttons (the same `PUT …/sections/order`); one section open for
// editing at a time; a form that adds a section at the end or before any other.
//
// A section's own edits name the section's version; the order names the article's.

import { request } from "./api.js";
import { action, destructive, field, h, onSubmit, optional, report, textarea } from "./ui.js";
import { chosenItem, libraryChoiceOf } from "./media.js";
import { bounds } from "./spec.js";

/** The fields of a section form, filled from `section` (empty for a new one). */
function sectionFields(prefix, library, section = {}) {
  const id = (name) => ({ id: `${prefix}-${name}` });
  return [
    field("Heading", "heading", { ...id("heading"), required: true, ...bounds("CreateSectionRequest", "heading"), value: section.heading }),
    field("Subheading (a reader's question)", "subheading", { ...id("subheading"), ...bounds("CreateSectionRequest", "subheading"), value: section.subheading }),
    textarea("Body (markdown)", "body", section.body, { ...id("body"), rows: 10, ...bounds("CreateSectionRequest", "body") }),
    libraryChoiceOf(library, "Image from the library", "media_id", section.media_id, id("media_id")),
    field("Media URL (trailer or clip)", "media_url", { ...id("media_url"), type: "url", value: section.media_url }),
    field("Media caption", "media_caption", { ...id("media_caption"), ...bounds("CreateSectionRequest", "media_caption"), value: section.media_caption }),
  ];
}

/** What a section says, as against where it stands. */
const CONTENT = ["heading", "subheading", "body", "media_id", "media_url", "media_caption"];

function sectionBody(data) {
  return {
    heading: data.get("heading"),
    subheading: optional(data, "subheading"),
    body: data.get("body"),
    ...chosenItem(data, "media_id"),
    media_url: optional(data, "media_url"),
    media_caption: optional(data, "media_caption"),
  };
}

export function sectionsCard(draft, initial, reload, library) {
  let sections = initial;
  const path = `${draft.path}/sections`;
  const card = h("section", { class: "card", "aria-labelledby": "sections-title" });
  const listed = h("ol", { class: "sections", "aria-label": "Sections in reading order" });
  const editing = h("div");
  const adding = h("form", { "aria-labelledby": "add-section-title" });
  let dragged = null;

  /** After a section write: the list as stored now, and the article's version caught up. */
  async function refresh(focus) {
    sections = (await request("GET", path)).data.data;
    await draft.caughtUp();
    render(focus);
  }

  async function reorder(ids, focus) {
    await request("PUT", `${path}/order`, { body: { section_ids: ids }, ifMatch: draft.article.version });
    await refresh(focus);
  }

  function move(index, step, which) {
    const ids = sections.map((s) => s.id);
    [ids[index], ids[index + step]] = [ids[index + step], ids[index]];
    return reorder(ids, { id: ids[index + step], which });
  }

  function item(section, index) {
    const label = `section-${section.id}-heading`;
    const li = h(
      "li",
      { draggable: "true", "data-id": section.id },
      h("span", { class: "handle", "aria-hidden": "true" }, "⠿"),
      h("div", { class: "grow" }, h("strong", { id: label }, section.heading), section.subheading ? h("div", { class: "quiet" }, section.subheading) : null, section.media_url ? h("div", { class: "quiet" }, `Media: ${section.media_url}`) : null),
      h(
        "div",
        { class: "row-actions" },
        action("Move up", card, () => move(index, -1, "Move up"), { class: "secondary", disabled: index === 0, "aria-describedby": label, reload }),
        action("Move down", card, () => move(index, 1, "Move down"), { class: "secondary", disabled: index === sections.length - 1, "aria-describedby": label, reload }),
        action("Edit", card, async () => edit(section), { class: "secondary", "aria-describedby": label }),
        destructive("Delete", card, async () => {
          await request("DELETE", `${path}/${section.id}`, { ifMatch: section.version });
          if (open?.id === section.id) close();
          await refresh({ id: section.id });
        }, { "aria-describedby": label, reload }),
      ),
    );
    li.addEventListener("dragstart", (event) => {
      dragged = section.id;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(section.id));
      li.classList.add("dragging");
    });
    li.addEventListener("dragend", () => li.classList.remove("dragging"));
    li.addEventListener("dragover", (event) => event.preventDefault());
    li.addEventListener("drop", async (event) => {
      event.preventDefault();
      if (dragged === null || dragged === section.id) return;
      const ids = sections.map((s) => s.id).filter((id) => id !== dragged);
      // Dropped on a later section: after it; on an earlier one: before it.
      const from = sections.findIndex((s) => s.id === dragged);
      ids.splice(ids.indexOf(section.id) + (from < index ? 1 : 0), 0, dragged);
      dragged = null;
      try {
        report(card, null);
        await reorder(ids);
      } catch (error) {
        report(card, error, reload);
      }
    });
    return li;
  }

  function render(focus) {
    listed.replaceChildren(...sections.map(item));
    if (sections.length === 0) listed.replaceChildren(h("li", { class: "quiet" }, "No sections yet."));
    const positions = [["", "At the end"], ...sections.map((s) => [s.position, `Before ${s.position}. ${s.heading}`])];
    position.replaceChildren(...positions.map(([value, text]) => h("option", { value }, text)));
    if (open) open.follow(sections.find((s) => s.id === open.id));
    if (focus?.which) {
      const li = listed.querySelector(`[data-id="${focus.id}"]`);
      const button = [...li.querySelectorAll("button")].find((b) => b.textContent === focus.which && !b.disabled) || li.querySelector("button:not([disabled])");
      button.focus();
    } else if (focus) {
      title.focus();
    }
  }

  /** The section open for editing: its form, and the version the form was filled from. */
  let open = null;

  function edit(section) {
    const heading = h("h3", { id: "edit-section-title" });
    const form = h(
      "form",
      { class: "editing", "aria-labelledby": "edit-section-title" },
      heading,
      sectionFields("edit-section", library, section),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save section"), h("button", { type: "button", class: "secondary", onclick: close }, "Close")),
    );
    open = {
      id: section.id,
      base: section,
      /**
       * The section as stored now. A move (ours, or anyone's) changes only its position and
       * version: the form follows. A change to its content keeps the form's version, so
       * saving meets the 412 and nothing is overwritten.
       */
      follow(now) {
        if (!now || CONTENT.some((name) => now[name] !== this.base[name])) return;
        this.base = now;
        heading.textContent = `Editing section ${now.position}: ${now.heading}`;
      },
    };
    open.follow(section);
    onSubmit(
      form,
      async (data) => {
        await request("PATCH", `${path}/${section.id}`, { body: sectionBody(data), ifMatch: open.base.version });
        close();
        await refresh();
      },
      // Someone else's version of this section, in place of the form.
      async () => edit((await request("GET", `${path}/${section.id}`)).data),
    );
    editing.replaceChildren(form);
    form.elements.heading.focus();
  }

  function close() {
    open = null;
    editing.replaceChildren();
  }

  const position = h("select", { id: "new-section-position", name: "position", "aria-describedby": "new-section-position-error" });
  adding.append(
    h("h3", { id: "add-section-title" }, "Add a section"),
    ...sectionFields("new-section", library),
    h("div", { class: "field" }, h("label", { for: position.id }, "Position"), position, h("p", { id: "new-section-position-error", class: "field-error" })),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Add section")),
  );
  onSubmit(adding, async (data) => {
    const at = data.get("position");
    await request("POST", path, { body: { ...sectionBody(data), position: at ? Number(at) : null } });
    adding.reset();
    await refresh();
    adding.elements.heading.focus();
  });

  const title = h("h2", { id: "sections-title", tabindex: "-1" }, "Sections");
  card.append(title, h("p", { class: "quiet" }, "Drag a section to move it, or use its Move buttons."), listed, editing, adding);
  render();
  return card;
}
