// The API's description of itself (/api/v1/openapi.json), read once at start: the bounds of
// every field, the values of every enum and the roles. Forms take them from here, so what an
// input allows is what the API accepts, and nothing is copied by hand.

let doc = null;

/** Reads the served document; every other function here needs it. */
export async function loadSpec() {
  const response = await fetch("/api/v1/openapi.json", { credentials: "omit" });
  if (!response.ok) throw new Error(`the API description answered ${response.status}`);
  doc = await response.json();
}

function schema(name) {
  const found = doc?.components?.schemas?.[name];
  if (!found) throw new Error(`the API has no schema ${name}`);
  return found;
}

function resolve(part) {
  return part.$ref ? schema(part.$ref.split("/").pop()) : part;
}

function property(of, field) {
  if (of.properties?.[field]) return of.properties[field];
  for (const part of of.allOf || []) {
    const found = property(resolve(part), field);
    if (found) return found;
  }
  return null;
}

function attributes(bounded) {
  const out = {};
  if (bounded.maxLength != null) out.maxlength = bounded.maxLength;
  if (bounded.minLength != null && bounded.minLength > 1) out.minlength = bounded.minLength;
  return out;
}

/** The input attributes (`maxlength`, `minlength`) of `field` in the request schema `name`. */
export function bounds(name, field) {
  const found = property(schema(name), field);
  if (!found) throw new Error(`the API's ${name} has no field ${field}`);
  return attributes(found);
}

/** The input attributes of the query parameter `name` of the operation `operationId`. */
export function paramBounds(operationId, name) {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op.operationId !== operationId) continue;
      const param = (op.parameters || []).find((p) => p.name === name && p.in === "query");
      if (param) return attributes(param.schema);
    }
  }
  throw new Error(`the API's ${operationId} has no query parameter ${name}`);
}

/** The values of the enum schema `name` (`Role`, `ArticleKind`...), in the API's order. */
export function values(name) {
  const found = schema(name).enum;
  if (!found) throw new Error(`the API's ${name} is not an enum`);
  return found;
}
