//! Table definitions for diesel, matching `migrations/sqlite` and `migrations/postgres`
//! (checked by `tests/api/migrations.rs`). Timestamps are UTC without a zone.

diesel::table! {
    slug_history (kind, slug) {
        kind -> Text,
        slug -> Text,
        record_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        disabled -> Bool,
        token_version -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        slug -> Nullable<Text>,
        bio -> Nullable<Text>,
        avatar_url -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        family -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        prefix -> Text,
        token_hash -> Text,
        role -> Text,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    movies (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        original_title -> Nullable<Text>,
        release_year -> Nullable<Integer>,
        release_date -> Nullable<Date>,
        runtime_minutes -> Nullable<Integer>,
        synopsis -> Nullable<Text>,
        genres -> Text,
        poster_url -> Nullable<Text>,
        trailer_url -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cast_members (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        bio -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        photo_url -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    credits (id) {
        id -> BigInt,
        movie_id -> BigInt,
        cast_member_id -> BigInt,
        role -> Text,
        character -> Nullable<Text>,
        billing_order -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    articles (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        subtitle -> Nullable<Text>,
        excerpt -> Nullable<Text>,
        kind -> Text,
        movie_id -> Nullable<BigInt>,
        author_id -> BigInt,
        status -> Text,
        publish_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        cover_image_url -> Nullable<Text>,
        reading_time_minutes -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        meta_title -> Nullable<Text>,
        meta_description -> Nullable<Text>,
        og_image_url -> Nullable<Text>,
        cover_image_alt -> Nullable<Text>,
        cover_image_caption -> Nullable<Text>,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
    }
}

diesel::table! {
    article_tags (article_id, tag_id) {
        article_id -> BigInt,
        tag_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    related_articles (article_id, related_id) {
        article_id -> BigInt,
        related_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    sections (id) {
        id -> BigInt,
        article_id -> BigInt,
        position -> Integer,
        heading -> Text,
        subheading -> Nullable<Text>,
        body -> Text,
        body_html -> Text,
        media_url -> Nullable<Text>,
        media_caption -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        article_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        author_name -> Text,
        author_email -> Text,
        body -> Text,
        body_html -> Text,
        status -> Text,
        moderation_reason -> Text,
        moderation_note -> Nullable<Text>,
        client_hash -> Text,
        user_agent -> Nullable<Text>,
        moderated_by -> Nullable<BigInt>,
        moderated_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    revisions (id) {
        id -> BigInt,
        article_id -> BigInt,
        number -> Integer,
        reason -> Text,
        snapshot -> Text,
        user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    preview_tokens (id) {
        id -> BigInt,
        article_id -> BigInt,
        token_hash -> Text,
        user_id -> Nullable<BigInt>,
        expires_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        key -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    changes (id) {
        id -> BigInt,
        kind -> Text,
        record_id -> BigInt,
        slug -> Text,
        action -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        user_id -> Nullable<BigInt>,
        action -> Text,
        target_type -> Text,
        target_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        url -> Text,
        events -> Text,
        secret -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        webhook_id -> BigInt,
        delivery_key -> Text,
        event -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        response_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        attempt -> Integer,
        started_at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::table! {
    import_sources (source, kind, external_id) {
        source -> Text,
        kind -> Text,
        external_id -> Text,
        local_id -> BigInt,
        digest -> Text,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(credits -> movies (movie_id));
diesel::joinable!(credits -> cast_members (cast_member_id));
diesel::joinable!(articles -> movies (movie_id));
diesel::joinable!(articles -> users (author_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(article_tags -> tags (tag_id));
diesel::joinable!(sections -> articles (article_id));
diesel::joinable!(comments -> articles (article_id));
diesel::joinable!(revisions -> articles (article_id));
diesel::joinable!(preview_tokens -> articles (article_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    refresh_tokens,
    api_tokens,
    settings,
    movies,
    cast_members,
    credits,
    articles,
    tags,
    article_tags,
    related_articles,
    sections,
    comments,
    revisions,
    preview_tokens,
    changes,
    login_failures,
    audit_log,
    webhooks,
    webhook_deliveries,
    webhook_attempts,
    import_sources,
    slug_history,
);
