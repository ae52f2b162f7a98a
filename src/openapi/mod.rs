//! The OpenAPI 3.1 document, collected from the `#[utoipa::path]` of every registered route,
//! plus the shared pieces: the bearer scheme, the problem type, and the error responses every
//! operation can give, added here from each operation's shape rather than by hand; `finish`
//! then states what utoipa leaves implicit (descriptions, required fields, conditional
//! requests, public security) so that standard validators and generators accept it as is.

mod finish;

use actix_web::App;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::{FieldError, Problem, PROBLEM_JSON};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Marquee",
        description = "A headless CMS for writing about film: explainer articles made of sections, \
            movies with their cast and crew, and moderated reader comments.\n\n\
            Public reads need no credentials. Admin routes take a Bearer access token from \
            `POST /api/v1/auth/login` or an API token (`mq_...`). Errors are \
            `application/problem+json` (RFC 9457).",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    components(schemas(
        Problem, FieldError,
        // Every list's item, so each page can refer to it by name.
        crate::dto::articles::AdminArticle, crate::dto::comments::AdminComment, crate::dto::sections::AdminSection,
        crate::dto::tokens::ApiTokenResponse, crate::dto::summaries::ArticleSummary,
        crate::dto::audit::AuditEntryResponse, crate::dto::cast_members::CastMemberResponse,
        crate::dto::changes::ChangeEntry, crate::dto::credits::CreditResponse, crate::dto::movies::MovieResponse,
        crate::dto::cast_members::PublicCastMemberSummary, crate::dto::comments::PublicComment,
        crate::dto::movies::PublicMovieSummary, crate::dto::revisions::RevisionSummary,
        crate::dto::search::SearchHit, crate::dto::users::UserResponse, crate::dto::webhooks::WebhookResponse,
        crate::dto::webhooks::DeliveryResponse, crate::dto::redirects::RedirectResponse,
        crate::dto::redirects::ExportFormat,
        // What deliveries carry (the document's `webhooks` section).
        crate::dto::webhooks::WebhookPayload,
    )),
    modifiers(&BearerScheme),
    tags(
        (name = "ops", description = "Health, readiness and metrics"),
        (name = "auth", description = "Log in, refresh and log out"),
        (name = "users", description = "Editorial accounts (admins)"),
        (name = "tokens", description = "API tokens for scripts"),
        (name = "audit", description = "Who did what (admins)"),
        (name = "movies", description = "Movies (admin)"),
        (name = "cast members", description = "People credited on movies (admin)"),
        (name = "credits", description = "Who did what on a movie (admin)"),
        (name = "articles", description = "Articles: drafts, publishing, scheduling, previews (admin)"),
        (name = "sections", description = "An article's ordered sections (admin)"),
        (name = "revisions", description = "Snapshots of published articles (admin)"),
        (name = "media", description = "The media library: uploads, their variants and descriptions (admin)"),
        (name = "media files", description = "The library's files, content-addressed and cached for a year; no credentials"),
        (name = "redirects", description = "The redirect manager: old addresses of the site and where they lead (admins, editors)"),
        (name = "public", description = "Published content for front-ends; no credentials"),
        (name = "comments", description = "The comment moderation queue (moderators, editors, admins)"),
        (name = "settings", description = "Site settings: comment moderation rules (admins)"),
        (name = "webhooks", description = "Where events are sent, and what was sent (admins)"),
    )
)]
struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or mq_ API token")
                    .description(Some("An access token from /api/v1/auth/login, or an API token"))
                    .build(),
            ),
        );
    }
}

/// The error responses every operation may give, keyed by status, each a problem document.
const PROBLEMS: &[(&str, &str, &str)] = &[
    ("400", "BadRequest", "Malformed JSON, or an invalid path or query parameter"),
    ("401", "Unauthorized", "Missing, invalid or expired credentials"),
    ("403", "Forbidden", "The caller's role may not do this"),
    ("404", "NotFound", "No such resource, or not visible to the caller"),
    ("409", "Conflict", "A duplicate slug or email, or a record still referenced"),
    ("412", "PreconditionFailed", "If-Match no longer matches the record's ETag"),
    ("413", "PayloadTooLarge", "The request body is over 1 MiB"),
    ("415", "UnsupportedMediaType", "The request body is not application/json"),
    ("422", "ValidationFailed", "Invalid fields, each listed in `errors`"),
    ("414", "UriTooLong", "The URL is longer than 8 KiB"),
    ("429", "TooManyRequests", "Rate limited; see Retry-After"),
    ("431", "HeadersTooLarge", "More than 64 request headers, or more than 16 KiB of them"),
    ("503", "Unavailable", "The database does not answer"),
];

/// The document as utoipa collects it from the routes, with the shared pieces added.
pub fn collected() -> Document {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(|cfg| crate::routes::configure(cfg, &crate::config::CorsOrigins::None))
        .split_for_parts();
    require_bearer_on_admin(&mut api);
    add_problem_responses(&mut api);
    api
}

/// The whole document, as served at `/api/v1/openapi.json` and committed in `openapi/`.
pub fn document() -> Result<serde_json::Value, serde_json::Error> {
    Ok(finish::finish(serde_json::to_value(collected())?))
}

/// Every admin operation needs a Bearer credential; saying so here keeps handlers short.
fn require_bearer_on_admin(api: &mut Document) {
    for (path, item) in &mut api.paths.paths {
        if !path.starts_with("/api/v1/admin/") {
            continue;
        }
        for op in operations(item) {
            op.security.get_or_insert_with(|| vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    operations_with_kind(item).map(|(op, _)| op)
}

/// Each operation with whether it writes (every method but GET).
fn operations_with_kind(item: &mut PathItem) -> impl Iterator<Item = (&mut Operation, bool)> {
    [
        (&mut item.get, false),
        (&mut item.put, true),
        (&mut item.post, true),
        (&mut item.delete, true),
        (&mut item.patch, true),
    ]
    .into_iter()
    .filter_map(|(op, write)| op.as_mut().map(|op| (op, write)))
}

/// Pretty JSON with a final newline: the form of `openapi/openapi.json`.
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut json = serde_json::to_string_pretty(&document()?)?;
    json.push('\n');
    Ok(json)
}

fn add_problem_responses(api: &mut Document) {
    let components = api.components.get_or_insert_with(Default::default);
    for (_, name, description) in PROBLEMS {
        components.responses.insert(
            name.to_string(),
            RefOr::T(
                Response::builder()
                    .description(*description)
                    .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
                    .build(),
            ),
        );
    }
    for (path, item) in &mut api.paths.paths {
        let admin = path.starts_with("/api/v1/admin/");
        for (op, write) in operations_with_kind(item) {
            // Admin writes, and a profile edit, can meet a taken slug or email.
            let can_conflict = write && (admin || op.operation_id.as_deref() == Some("update_me"));
            for status in statuses_for(op, can_conflict) {
                let name = PROBLEMS.iter().find(|(s, _, _)| *s == status).map_or("BadRequest", |(_, n, _)| *n);
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
            }
        }
    }
}

/// Which problems an operation can answer with, from its parameters, body and security.
fn statuses_for(op: &Operation, can_conflict: bool) -> Vec<&'static str> {
    let mut statuses = Vec::new();
    let params_in = |place: ParameterIn| {
        op.parameters.iter().flatten().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place))
    };
    if params_in(ParameterIn::Query) || params_in(ParameterIn::Path) || op.request_body.is_some() {
        statuses.push("400");
    }
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        statuses.extend(["401", "403"]);
    }
    if params_in(ParameterIn::Path) {
        statuses.push("404");
    }
    let has_if_match = op.parameters.iter().flatten().any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"));
    if has_if_match {
        statuses.push("412");
    }
    if can_conflict {
        statuses.push("409");
    }
    if op.request_body.is_some() {
        statuses.extend(["413", "415", "422"]);
    }
    statuses
}
