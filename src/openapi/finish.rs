//! The last pass over the document, on its JSON: what the server always does but utoipa
//! does not say, stated once for every operation so that validators (`openapi-spec-validator`,
//! `redocly lint`), generators (`openapi-typescript`, `openapi-python-client`) and
//! schemathesis read it as the server behaves.

use serde_json::{json, Map, Value};

/// Applies every rule below to the collected document.
pub fn finish(mut doc: Value) -> Value {
    doc["servers"] = json!([{"url": "/", "description": "This server"}]);
    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    refer_page_items(&mut doc);
    require_response_fields(&mut doc, &schemas);
    bounds(&mut doc);
    text_rules(&mut doc, &schemas);
    only_actors_play(&mut doc);
    closed_forms(&mut doc);
    let paths = doc["paths"].as_object_mut().map(std::mem::take).unwrap_or_default();
    let mut finished = Map::new();
    for (path, mut item) in paths {
        for (method, op) in item.as_object_mut().into_iter().flatten() {
            finish_operation(&path, method, op);
        }
        finished.insert(path, item);
    }
    doc["paths"] = Value::Object(finished);
    problem_examples(&mut doc);
    event_stream(&mut doc);
    webhooks(&mut doc);
    drop_unused_responses(&mut doc);
    doc
}

/// Shared responses no operation refers to (their statuses are all described inline).
fn drop_unused_responses(doc: &mut Value) {
    let text = doc["paths"].to_string();
    if let Some(responses) = doc["components"]["responses"].as_object_mut() {
        responses.retain(|name, _| text.contains(&format!("\"#/components/responses/{name}\"")));
    }
}

fn finish_operation(path: &str, method: &str, op: &mut Value) {
    let public = !path.starts_with("/api/v1/admin/") && op.get("security").is_none();
    if public {
        // Says "no credentials" outright, rather than leaving generators to guess.
        op["security"] = json!([]);
    }
    let responses = op["responses"].as_object_mut().expect("every operation has responses");
    for (status, response) in responses.iter_mut() {
        let empty = response.get("$ref").is_none() && response["description"].as_str().is_none_or(str::is_empty);
        if empty {
            response["description"] = json!(default_description(status));
        }
    }
    let has_etag = responses.get("200").and_then(|r| r["headers"].get("ETag")).is_some();
    if method == "get" && has_etag {
        responses.insert(
            "304".into(),
            json!({"description": "Not Modified: the `If-None-Match` ETag is still current",
                   "headers": {"ETag": {"schema": {"type": "string"}}}}),
        );
        let params = op["parameters"].as_array_mut().map(std::mem::take).unwrap_or_default();
        let mut params = params;
        params.push(json!({
            "name": "If-None-Match", "in": "header", "required": false,
            "description": "An ETag from an earlier response: 304 without a body if nothing changed.",
            "schema": {"type": "string"}
        }));
        op["parameters"] = Value::Array(params);
    }
    for param in op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten() {
        if param["in"] == "query" && matches!(param["name"].as_str(), Some("cursor" | "since")) {
            param["schema"]["pattern"] = json!(crate::pagination::CURSOR_PATTERN);
        }
    }
    // Any request at all may be refused for its size before it is routed.
    op["responses"]["414"] = json!({"$ref": "#/components/responses/UriTooLong"});
    op["responses"]["431"] = json!({"$ref": "#/components/responses/HeadersTooLarge"});
    if !matches!(path, "/healthz" | "/metrics") && op["responses"].get("503").is_none() {
        op["responses"]["503"] = json!({"$ref": "#/components/responses/Unavailable"});
    }
    // Actions whose body only carries options: no body at all is fine.
    if op["operationId"] == "publish_article" {
        op["requestBody"]["required"] = json!(false);
    }
}

fn default_description(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        _ => "Response",
    }
}

/// `Page_X` wrappers refer to `X` by name instead of inlining a copy of it, so generators
/// make one type per resource.
fn refer_page_items(doc: &mut Value) {
    let Some(schemas) = doc["components"]["schemas"].as_object_mut() else { return };
    let names: Vec<String> = schemas.keys().cloned().collect();
    for name in &names {
        let Some(item) = name.strip_prefix("Page_") else { continue };
        if names.iter().any(|n| n == item) {
            schemas[name]["properties"]["data"]["items"] = json!({"$ref": format!("#/components/schemas/{item}")});
            schemas[name]["required"] = json!(["data", "next_cursor"]);
        }
    }
}

/// Every field of a response is always sent (as `null` when empty), so response schemas
/// list all their properties as required. Request schemas, whose fields are truly optional,
/// keep what utoipa made of them.
fn require_response_fields(doc: &mut Value, schemas: &Map<String, Value>) {
    let requests = request_schemas(doc, schemas);
    let Some(all) = doc["components"]["schemas"].as_object_mut() else { return };
    for (name, schema) in all.iter_mut() {
        if requests.contains(name) || name == "Problem" {
            continue;
        }
        require_all(schema);
    }
}

fn require_all(schema: &mut Value) {
    if let Some(parts) = schema.get_mut("allOf").and_then(Value::as_array_mut) {
        for part in parts {
            require_all(part);
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let names: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
        if !names.is_empty() {
            schema["required"] = Value::Array(names);
        }
    }
}

/// The schemas a request body uses, with everything they refer to.
fn request_schemas(doc: &Value, schemas: &Map<String, Value>) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for item in doc["paths"].as_object().into_iter().flatten().map(|(_, item)| item) {
        for op in item.as_object().into_iter().flatten().map(|(_, op)| op) {
            refs_in(&op["requestBody"], &mut stack);
        }
    }
    while let Some(name) = stack.pop() {
        if found.insert(name.clone()) {
            if let Some(schema) = schemas.get(&name) {
                refs_in(schema, &mut stack);
            }
        }
    }
    found
}

fn refs_in(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if let Some(name) = r.strip_prefix("#/components/schemas/") {
                    into.push(name.to_string());
                }
            }
            map.values().for_each(|v| refs_in(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, into)),
        _ => {}
    }
}

/// The bounds of `domain::limits` where `dto::limits::FIELDS` says they apply. A row that
/// names no place in the document is a mistake in that table: it stops here.
fn bounds(doc: &mut Value) {
    use crate::dto::limits::{At, FIELDS};
    for (at, bound) in FIELDS {
        let target = match *at {
            At::Schema(name) => doc["components"]["schemas"].get_mut(name),
            At::Property(name, field) => property(&mut doc["components"]["schemas"][name], field),
            At::Param(operation, name) => param_schema(&mut doc["paths"], operation, name),
        };
        let Some(schema) = target.filter(|s| s.is_object()) else {
            panic!("dto::limits::FIELDS names {at:?}, which the document does not have");
        };
        let settings = [
            ("minLength", bound.min_length),
            ("maxLength", bound.max_length),
            ("minItems", bound.min_items),
            ("maxItems", bound.max_items),
        ];
        for (key, value) in settings {
            if let Some(value) = value {
                schema[key] = json!(value);
            }
        }
    }
}

/// The schema of `schema`'s property `field`, also inside its `allOf` parts.
fn property<'a>(schema: &'a mut Value, field: &str) -> Option<&'a mut Value> {
    if schema["properties"].get(field).is_some() {
        return schema["properties"].get_mut(field);
    }
    schema.get_mut("allOf")?.as_array_mut()?.iter_mut().find_map(|part| property(part, field))
}

/// The schema of query parameter `name` of the operation `operation`.
fn param_schema<'a>(paths: &'a mut Value, operation: &str, name: &str) -> Option<&'a mut Value> {
    let op = paths
        .as_object_mut()?
        .values_mut()
        .flat_map(|item| item.as_object_mut().into_iter().flat_map(|ops| ops.values_mut()))
        .find(|op| op["operationId"] == operation)?;
    op.get_mut("parameters")?
        .as_array_mut()?
        .iter_mut()
        .find(|p| p["name"] == name && p["in"] == "query")?
        .get_mut("schema")
}

/// The server's rules for text (`domain::text`) and URLs (`domain::url`) as patterns on the
/// request schemas: every length-limited text refuses control characters, one marked
/// non-blank (`\S`) needs a visible character, and every `url` and `*_url` field is a web URL.
fn text_rules(doc: &mut Value, schemas: &Map<String, Value>) {
    let requests = request_schemas(doc, schemas);
    let Some(all) = doc["components"]["schemas"].as_object_mut() else { return };
    for (name, schema) in all.iter_mut() {
        if requests.contains(name) {
            text_rule(None, schema);
        }
    }
}

// Control characters but tab, line feed and carriage return; then every control.
const CONTROLS: &str = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F";
const ALL_CONTROLS: &str = r"\x00-\x1F\x7F-\x9F";

fn text_rule(field: Option<&str>, schema: &mut Value) {
    let is_string = match &schema["type"] {
        Value::String(t) => t == "string",
        Value::Array(ts) => ts.iter().any(|t| t == "string"),
        _ => false,
    };
    if is_string && field.is_some_and(|f| f == "url" || f.ends_with("_url")) {
        // `url` (a webhook's) is required; the others may be "" for none.
        schema["pattern"] = json!(crate::domain::url::url_pattern(field != Some("url")));
        schema["maxLength"] = json!(crate::domain::limits::URL);
    } else if is_string
        && schema.get("maxLength").is_some()
        && schema.get("format").is_none()
        && schema.get("enum").is_none()
    {
        match schema["pattern"].as_str() {
            None => schema["pattern"] = json!(format!("^[^{CONTROLS}]*$")),
            Some(r"\S") => {
                schema["pattern"] = json!(format!("^[^{CONTROLS}]*[^\\s{ALL_CONTROLS}][^{CONTROLS}]*$"));
            }
            Some(_) => {}
        }
    }
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, property) in properties.iter_mut() {
            text_rule(Some(name), property);
        }
    }
    for key in ["items", "allOf", "anyOf", "oneOf"] {
        match schema.get_mut(key) {
            Some(Value::Array(parts)) => parts.iter_mut().for_each(|p| text_rule(field, p)),
            Some(part @ Value::Object(_)) => text_rule(field, part),
            _ => {}
        }
    }
}

/// The live change stream's events, as a client reads them (OpenAPI 3.1 has `schema` describe
/// each event of a `text/event-stream`; 3.2's `itemSchema` is not part of 3.1): `data` is a
/// change-feed entry as JSON, `id` the cursor to resume after it; the greeting's `retry` and
/// the heartbeats are comments and carry no data, so they are no events.
fn event_stream(doc: &mut Value) {
    let Some(content) = doc["paths"]["/api/v1/changes/stream"]["get"]["responses"]["200"]["content"].as_object_mut()
    else {
        return;
    };
    content.insert(
        "text/event-stream".into(),
        json!({
            "schema": {
                "type": "object",
                "description": "One event: a change-feed entry and the cursor after it.",
                "properties": {
                    "data": {
                        "type": "string",
                        "description": "The entry, as JSON.",
                        "contentMediaType": "application/json",
                        "contentSchema": {"$ref": "#/components/schemas/ChangeEntry"}
                    },
                    "event": {"type": "string", "enum": ["message"], "description": "Always the default type."},
                    "id": {"type": "string", "description": "The cursor to resume after this entry (`Last-Event-ID`)."},
                    "retry": {"type": "integer", "minimum": 0, "description": "Milliseconds to wait before reconnecting."}
                },
                "required": ["data"]
            },
            // One event, as the schema describes it; on the wire it is the lines
            // `id: eyJ2IjoxfQ.c2ln` and `data: {...}` and a blank line.
            "example": {
                "id": "eyJ2IjoxfQ.c2ln",
                "data": "{\"kind\":\"article\",\"id\":1,\"slug\":\"the-keepers-daughter-ending-explained\",\"action\":\"upsert\",\"at\":\"2026-12-02T10:00:00Z\"}"
            }
        }),
    );
}

/// An upload form has no parts but those it lists (another is a 422, like an unknown field
/// of a JSON body, which serde's `deny_unknown_fields` states for those).
fn closed_forms(doc: &mut Value) {
    let schema = &mut doc["components"]["schemas"]["UploadForm"];
    if schema.is_object() {
        schema["additionalProperties"] = json!(false);
    }
}

/// A new credit names a character only when its role is `actor` (a blank one is no
/// character).
fn only_actors_play(doc: &mut Value) {
    let schema = &mut doc["components"]["schemas"]["CreateCreditRequest"];
    if schema.is_object() {
        schema["if"] = json!({"properties": {"role": {"not": {"const": "actor"}}}});
        schema["then"] = json!({"properties": {"character": {"type": ["string", "null"], "pattern": r"^\s*$"}}});
    }
}

/// The requests Marquee makes to webhook receivers (OpenAPI 3.1 `webhooks`), one per event.
fn webhooks(doc: &mut Value) {
    let mut hooks = Map::new();
    for event in crate::domain::webhooks::Event::ALL {
        let header = |name: &str, description: &str| json!({"name": name, "in": "header", "required": true, "description": description, "schema": {"type": "string"}});
        hooks.insert(
            event.as_str().to_string(),
            json!({"post": {
                "operationId": format!("webhook_{}", event.as_str().replace('.', "_")),
                "tags": ["webhooks"],
                // Receivers check the signature; Marquee sends no credentials.
                "security": [],
                "summary": format!("The `{}` event, sent to each webhook subscribed to it", event.as_str()),
                "parameters": [
                    header("X-Marquee-Event", "The event's name"),
                    header("X-Marquee-Delivery", "The delivery's id, the same on every attempt: de-duplicate on it"),
                    header("X-Marquee-Signature", "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" with the webhook's secret>`"),
                ],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/WebhookPayload"}}}},
                "responses": {"2XX": {"description": "Received; any other answer, or none in 10 s, is retried"}},
            }}),
        );
    }
    doc["webhooks"] = Value::Object(hooks);
}

/// Each shared error response shows an example with its own status and title.
fn problem_examples(doc: &mut Value) {
    let Some(responses) = doc["components"]["responses"].as_object_mut() else { return };
    for (name, response) in responses.iter_mut() {
        let Some(status) = super::PROBLEMS.iter().find(|(_, n, _)| n == name).map(|(s, _, _)| *s) else { continue };
        let code = status.parse::<u16>().unwrap_or(500);
        let reason =
            actix_web::http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
        let kind = actix_web::http::StatusCode::from_u16(code).map(crate::error::problem_type).unwrap_or_default();
        let mut example = json!({
            "type": format!("urn:marquee:problem:{kind}"), "title": reason, "status": code,
            "detail": response["description"].clone(),
        });
        if code == 422 {
            example["errors"] = json!([{"field": "title", "message": "must be 1 to 200 characters"}]);
        }
        response["content"]["application/problem+json"]["example"] = example;
    }
}
