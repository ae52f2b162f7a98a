//! The media library, its work queue, and which section bodies show which items.

diesel::table! {
    media (id) {
        id -> BigInt,
        key -> Text,
        filename -> Text,
        mime_type -> Text,
        bytes -> BigInt,
        width -> Integer,
        height -> Integer,
        alt -> Nullable<Text>,
        caption -> Nullable<Text>,
        credit -> Nullable<Text>,
        focal_x -> Integer,
        focal_y -> Integer,
        blurhash -> Nullable<Text>,
        status -> Text,
        variants -> Text,
        failure -> Nullable<Text>,
        uploaded_by -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    media_jobs (id) {
        id -> BigInt,
        kind -> Text,
        media_id -> Nullable<BigInt>,
        key -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    section_media (section_id, media_id) {
        section_id -> BigInt,
        media_id -> BigInt,
    }
}
