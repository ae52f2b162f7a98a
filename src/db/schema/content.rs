//! Movies, people, articles and what hangs off them: what the public reads.

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
        poster_id -> Nullable<BigInt>,
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
        photo_id -> Nullable<BigInt>,
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
        cover_image_id -> Nullable<BigInt>,
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
        media_id -> Nullable<BigInt>,
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
    redirects (id) {
        id -> BigInt,
        from_path -> Text,
        to_url -> Nullable<Text>,
        target_kind -> Nullable<Text>,
        target_id -> Nullable<BigInt>,
        status -> Integer,
        note -> Nullable<Text>,
        origin -> Text,
        hits -> BigInt,
        last_hit_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    slug_history (kind, slug) {
        kind -> Text,
        slug -> Text,
        record_id -> BigInt,
        created_at -> Timestamp,
    }
}
