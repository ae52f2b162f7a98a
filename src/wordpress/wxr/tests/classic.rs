//! Tests against the classic-editor (WordPress 4.9) fixture export.

use super::*;

#[test]
fn classic_export() {
    let export = parse(CLASSIC).unwrap();
    assert_eq!(export.site_title.as_deref(), Some("Reel Lantern & Friends"));
    assert_eq!(export.base_url.as_deref(), Some("http://www.reellantern.example/blog"), "base_blog_url wins");
    assert_eq!(export.authors.len(), 2);
    assert_eq!(export.authors[1].login, "hal.w");
    assert_eq!(export.authors[1].display_name, "Hal \"Reel\" Whitcombe");
    assert_eq!(export.categories, vec![term("ending-explained", "Ending Explained"), term("reviews", "Reviews")]);
    assert_eq!(
        export.tags,
        vec![term("brandt-adaptations", "Brandt adaptations"), term("the-keepers-daughter", "The Keeper's Daughter")]
    );

    let statuses: Vec<_> = export.items.iter().map(|item| (item.wp_id, item.status.clone())).collect();
    assert_eq!(
        statuses,
        vec![
            (201, PostStatus::Publish),
            (202, PostStatus::Other("inherit".into())),
            (203, PostStatus::Draft),
            (204, PostStatus::Pending),
            (205, PostStatus::Future),
            (206, PostStatus::Publish),
            (207, PostStatus::Private),
        ]
    );
    assert_eq!(item(&export, 206).post_type, PostType::Page);

    let article = item(&export, 201);
    assert_eq!(article.title, "The Keeper\u{2019}s Daughter ending explained", "&#8217; outside CDATA");
    assert_eq!(article.author_login, "hal.w");
    assert_eq!(article.modified_gmt, None, "WordPress 4.9 did not export modified dates");
    assert_eq!(article.categories, vec![term("ending-explained", "Ending Explained")]);
    assert_eq!(article.tags.len(), 2);
    assert_eq!(
        export.featured_image_url(article).as_deref(),
        Some("http://www.reellantern.example/blog/wp-content/uploads/2019/11/keepers-daughter-lighthouse.jpg")
    );
    assert!(article.content_html.starts_with("<strong>Spoilers ahead.</strong>"));
    assert_eq!(item(&export, 203).post_date_gmt, None);
}

#[test]
fn classic_comments() {
    let export = parse(CLASSIC).unwrap();
    let comments = &item(&export, 201).comments;
    let summary: Vec<_> =
        comments.iter().map(|c| (c.wp_id, c.parent_wp_id, c.approved.clone(), c.comment_type.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (31, None, CommentApproval::Approved, ""),
            (32, Some(31), CommentApproval::Approved, ""),
            (33, Some(32), CommentApproval::Pending, ""),
            (34, None, CommentApproval::Spam, ""),
            (35, None, CommentApproval::Trash, ""),
            (36, None, CommentApproval::Approved, "pingback"),
            (37, None, CommentApproval::Approved, "trackback"),
        ]
    );
    assert_eq!(
        comments[0].content,
        "I always read the light as Nora's father still keeping watch.\n\nAm I the only one?"
    );
    assert_eq!(comments[1].author, "Hal \"Reel\" Whitcombe");
    assert_eq!(comments[2].date_gmt, at("2019-11-17 08:41:30"));
}
