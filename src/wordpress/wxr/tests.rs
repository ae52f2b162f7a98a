//! Tests of the WXR parser: shared helpers and the Gutenberg fixture; the classic fixture and the
//! error cases are in the `classic` and `errors` submodules.

use super::*;

/// Where the fixture exports live, relative to the crate root.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wordpress/", $name))
    };
}

const GUTENBERG: &str = fixture!("gutenberg.xml");
const CLASSIC: &str = fixture!("classic.xml");
const MALFORMED: &str = fixture!("malformed.xml");

fn at(date: &str) -> Option<NaiveDateTime> {
    Some(NaiveDateTime::parse_from_str(date, WP_DATE_FORMAT).unwrap())
}

fn term(slug: &str, name: &str) -> Term {
    Term { slug: slug.to_owned(), name: name.to_owned() }
}

fn item(export: &Export, wp_id: i64) -> &Item {
    export.items.iter().find(|item| item.wp_id == wp_id).unwrap()
}

/// A minimal export around `body`, which starts on line 4.
fn wrap(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\">\n<channel>\n{body}\n</channel>\n</rss>\n"
    )
}

mod classic;
mod errors;

#[test]
fn gutenberg_channel_authors_and_terms() {
    let export = parse(GUTENBERG).unwrap();
    assert_eq!(export.site_title.as_deref(), Some("Reel Lantern"));
    assert_eq!(export.base_url.as_deref(), Some("https://reellantern.example"));
    assert_eq!(
        export.authors,
        vec![
            Author {
                login: "marta".into(),
                email: "marta@reellantern.example".into(),
                display_name: "Marta Quill".into()
            },
            Author {
                login: "devon".into(),
                email: "devon.reyes@reellantern.example".into(),
                display_name: "Devon Reyes".into()
            },
        ]
    );
    assert_eq!(
        export.categories,
        vec![
            term("ending-explained", "Ending Explained"),
            term("thrillers", "Mystery & Thrillers"),
            term("uncategorized", "Uncategorized")
        ]
    );
    // The nav_menu wp:term is not a tag or category.
    assert_eq!(
        export.tags,
        vec![
            term("lighthouse", "Lighthouse"),
            term("spoilers", "Spoilers"),
            term("the-keepers-daughter", "The Keeper's Daughter")
        ]
    );
}

#[test]
fn gutenberg_items_have_type_status_and_slug() {
    let export = parse(GUTENBERG).unwrap();
    let summary: Vec<_> =
        export.items.iter().map(|item| (item.wp_id, item.post_type.clone(), item.status.clone())).collect();
    assert_eq!(
        summary,
        vec![
            (101, PostType::Post, PostStatus::Publish),
            (102, PostType::Attachment, PostStatus::Other("inherit".into())),
            (103, PostType::Post, PostStatus::Draft),
            (104, PostType::Post, PostStatus::Pending),
            (105, PostType::Post, PostStatus::Future),
            (106, PostType::Page, PostStatus::Publish),
            (107, PostType::Post, PostStatus::Trash),
            (108, PostType::Other("nav_menu_item".into()), PostStatus::Publish),
        ]
    );
    let slugs: Vec<_> = export.items.iter().map(|item| item.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "the-keepers-daughter-ending-explained",
            "keepers-daughter-lighthouse",
            "",
            "ten-lighthouse-films-ranked",
            "the-keepers-son-first-look",
            "about",
            "old-festival-roundup__trashed",
            "about-2"
        ]
    );
}

#[test]
fn gutenberg_every_item_title_author_and_dates() {
    let export = parse(GUTENBERG).unwrap();
    let rows: Vec<_> = export
        .items
        .iter()
        .map(|item| {
            (item.wp_id, item.title.as_str(), item.author_login.as_str(), item.post_date_gmt, item.modified_gmt)
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                101,
                "The Keeper's Daughter ending explained",
                "marta",
                at("2024-04-19 14:30:00"),
                at("2024-04-22 12:05:13")
            ),
            (102, "keepers-daughter-lighthouse", "marta", at("2024-04-19 13:58:12"), at("2024-04-19 13:58:12")),
            (103, "Saltwater Saints review", "devon", None, at("2024-05-01 20:22:41")),
            (104, "Ten lighthouse films, ranked", "devon", at("2024-04-28 13:00:00"), at("2024-04-28 13:12:00")),
            (105, "The Keeper's Son: first look", "marta", at("2031-10-31 16:00:00"), at("2024-05-02 12:40:00")),
            (
                106,
                "Lighthouses & Legends: about Reel Lantern",
                "marta",
                at("2024-01-02 10:00:00"),
                at("2024-03-10 15:30:00")
            ),
            (107, "Old festival roundup", "devon", at("2023-10-14 09:00:00"), at("2024-02-01 15:00:00")),
            (108, "About", "marta", at("2024-01-02 10:05:00"), at("2024-01-02 10:05:00")),
        ]
    );
    let thumbnails: Vec<_> = export.items.iter().map(|item| item.thumbnail_id).collect();
    assert_eq!(thumbnails, [Some(102), None, None, None, None, None, None, None]);
    let attachments: Vec<_> =
        export.items.iter().filter(|item| item.attachment_url.is_some()).map(|item| item.wp_id).collect();
    assert_eq!(attachments, [102]);
    let with_comments: Vec<_> =
        export.items.iter().filter(|item| !item.comments.is_empty()).map(|item| item.wp_id).collect();
    assert_eq!(with_comments, [101]);
}

#[test]
fn gutenberg_article_fields() {
    let export = parse(GUTENBERG).unwrap();
    let article = item(&export, 101);
    assert_eq!(article.title, "The Keeper's Daughter ending explained");
    assert_eq!(article.author_login, "marta");
    assert!(article.content_html.starts_with("<!-- wp:paragraph -->\n<p><strong>Spoilers ahead.</strong>"));
    assert!(article.content_html.ends_with("Leave it in the comments.</em></p>\n<!-- /wp:paragraph -->"));
    assert_eq!(article.excerpt, "Six reader questions about the final scene of The Keeper's Daughter, answered.");
    assert_eq!(article.post_date, at("2024-04-19 10:30:00"));
    assert_eq!(article.post_date_gmt, at("2024-04-19 14:30:00"));
    assert_eq!(article.modified_gmt, at("2024-04-22 12:05:13"));
    assert_eq!(
        article.categories,
        vec![term("ending-explained", "Ending Explained"), term("thrillers", "Mystery & Thrillers")]
    );
    assert_eq!(
        article.tags,
        vec![
            term("lighthouse", "Lighthouse"),
            term("spoilers", "Spoilers"),
            term("the-keepers-daughter", "The Keeper's Daughter")
        ]
    );
    assert_eq!(article.thumbnail_id, Some(102));
    assert_eq!(article.attachment_url, None);
}

#[test]
fn gutenberg_comments() {
    let export = parse(GUTENBERG).unwrap();
    let comments = &item(&export, 101).comments;
    let summary: Vec<_> = comments
        .iter()
        .map(|c| (c.wp_id, c.parent_wp_id, c.approved.clone(), c.comment_type.as_str(), c.author.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (11, None, CommentApproval::Approved, "comment", "Priya N."),
            (12, Some(11), CommentApproval::Approved, "comment", "Marta Quill"),
            (13, Some(12), CommentApproval::Pending, "comment", "Tom Adeyemi"),
            (14, None, CommentApproval::Spam, "comment", "best cheap lamps"),
            (15, Some(11), CommentApproval::Trash, "comment", "Priya N."),
            (16, None, CommentApproval::Approved, "pingback", "Film Notes &#8211; The best endings of 2024"),
        ]
    );
    let contact: Vec<_> =
        comments.iter().map(|c| (c.author_email.as_str(), c.author_ip.as_str(), c.date_gmt)).collect();
    assert_eq!(
        contact,
        vec![
            ("priya@example.org", "203.0.113.7", at("2024-04-19 16:02:44")),
            ("marta@reellantern.example", "198.51.100.20", at("2024-04-19 17:15:09")),
            ("tom.a@example.net", "192.0.2.55", at("2024-04-20 12:41:30")),
            ("deals@lamps.example.com", "198.51.100.99", at("2024-04-21 03:59:01")),
            ("priya@example.org", "203.0.113.7", at("2024-04-19 16:05:10")),
            ("", "192.0.2.140", at("2024-04-23 14:00:00")),
        ]
    );
    let first = &comments[0];
    assert_eq!(first.author_email, "priya@example.org");
    assert_eq!(first.author_ip, "203.0.113.7");
    assert_eq!(first.date_gmt, at("2024-04-19 16:02:44"));
    assert_eq!(first.content, "I always read the light as Nora's father still keeping watch. Am I the only one?");
    // CDATA keeps HTML and entities as WordPress stored them.
    assert_eq!(comments[3].content, "Great post!!! Check our lamps <a href=\"https://lamps.example.com\">here</a>");
    assert_eq!(comments[5].author_email, "");
    assert_eq!(
        comments[5].content,
        "[&#8230;] Reel Lantern has the definitive breakdown of that lighthouse scene [&#8230;]"
    );
}

#[test]
fn gutenberg_other_items() {
    let export = parse(GUTENBERG).unwrap();
    let attachment = item(&export, 102);
    assert_eq!(
        attachment.attachment_url.as_deref(),
        Some("https://reellantern.example/wp-content/uploads/2024/04/keepers-daughter-lighthouse.jpg")
    );
    assert_eq!(attachment.excerpt, "The Gull Point lighthouse at dusk");
    assert_eq!(attachment.content_html, "");

    let draft = item(&export, 103);
    assert_eq!(draft.title, "Saltwater Saints review");
    assert_eq!(draft.author_login, "devon");
    assert_eq!(draft.post_date_gmt, None, "0000-00-00 00:00:00 means not yet published");
    assert_eq!(draft.post_date, at("2024-05-01 16:20:00"));
    assert_eq!(draft.categories, vec![term("uncategorized", "Uncategorized")]);

    let future = item(&export, 105);
    assert_eq!(future.post_date_gmt, at("2031-10-31 16:00:00"));

    let page = item(&export, 106);
    assert_eq!(page.title, "Lighthouses & Legends: about Reel Lantern", "escaped text is decoded");
    assert!(page.comments.is_empty());
    assert_eq!(page.thumbnail_id, None);

    let menu_item = item(&export, 108);
    assert!(menu_item.categories.is_empty() && menu_item.tags.is_empty(), "nav_menu domain is neither");
}

#[test]
fn featured_image_follows_thumbnail_to_attachment() {
    let export = parse(GUTENBERG).unwrap();
    assert_eq!(
        export.featured_image_url(item(&export, 101)).as_deref(),
        Some("https://reellantern.example/wp-content/uploads/2024/04/keepers-daughter-lighthouse.jpg")
    );
    assert_eq!(export.featured_image_url(item(&export, 104)), None);
    let dangling = Item { thumbnail_id: Some(999), ..Item::default() };
    assert_eq!(export.featured_image_url(&dangling), None);
    // The id must name an attachment, not any item.
    let not_attachment = Item { thumbnail_id: Some(106), ..Item::default() };
    assert_eq!(export.featured_image_url(&not_attachment), None);
}
