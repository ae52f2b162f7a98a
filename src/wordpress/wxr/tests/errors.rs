//! Tests of malformed and unusual input: error messages and their lines, limits, text forms.

use super::*;
use chrono::NaiveDate;

#[test]
fn malformed_fixture_names_the_unclosed_element_line() {
    let err = parse(MALFORMED).unwrap_err();
    assert_eq!(err.line, 20, "{err}");
    assert!(err.message.contains("<wp:status>"), "{err}");
    assert_eq!(err.to_string(), "line 20: unexpected end of file: <wp:status> opened at line 20 is not closed");
}

#[test]
fn mismatched_end_tag_reports_where_it_was_found() {
    let xml = wrap("<item>\n<title>One\n<wp:post_id>5</wp:post_id>\n</item>");
    let err = parse(&xml).unwrap_err();
    assert_eq!(err.line, 7, "{err}");
    assert_eq!(err.message, "expected </title> (opened at line 5) but found </item>");
}

#[test]
fn unknown_entity_and_bare_ampersand_are_errors() {
    let err = parse(&wrap("<item>\n<title>Caf&eacute;</title></item>")).unwrap_err();
    assert_eq!((err.line, err.message.as_str()), (5, "unknown entity &eacute;"));
    let err = parse(&wrap("<title>AT&T\n</title>")).unwrap_err();
    assert_eq!(err.line, 4, "{err}");
}

#[test]
fn not_wxr_at_all() {
    let err = parse("<!DOCTYPE html>\n<html><body>Hello</body></html>").unwrap_err();
    assert_eq!((err.line, err.message.as_str()), (2, "not a WXR export: the root element is <html>, not <rss>"));
    let err = parse("just some text\n").unwrap_err();
    assert_eq!((err.line, err.message.as_str()), (1, "not a WXR export: no <rss> element found"));
    let err = parse("").unwrap_err();
    assert_eq!(err.line, 1);
    let err = parse("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<item/>\n</rss>\n").unwrap_err();
    assert_eq!((err.line, err.message.as_str()), (4, "not a WXR export: <rss> has no <channel>"));
}

#[test]
fn nesting_and_size_limits() {
    let deep = format!("{}{}", "<x>".repeat(MAX_DEPTH), "</x>".repeat(MAX_DEPTH));
    let err = parse(&wrap(&deep)).unwrap_err();
    assert_eq!(err.line, 4);
    assert!(err.message.contains("deeper than 64"), "{err}");
    // 61 levels inside rss/channel/item is still fine.
    let ok = format!("<item>{}{}</item>", "<x>".repeat(MAX_DEPTH - 3), "</x>".repeat(MAX_DEPTH - 3));
    assert_eq!(parse(&wrap(&ok)).unwrap().items.len(), 1);

    let err = parse_with_limit(&wrap(""), 10).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("over the limit of 10 bytes"), "{err}");
}

#[test]
fn non_numeric_ids_are_errors_with_their_line() {
    let err = parse(&wrap("<item>\n<wp:post_id>12a</wp:post_id>\n</item>")).unwrap_err();
    assert_eq!(err.line, 5);
    assert_eq!(err.message, "wp:post_id is not an integer: \"12a\"");
    let err =
        parse(&wrap("<item><wp:comment>\n\n<wp:comment_parent>x</wp:comment_parent></wp:comment></item>")).unwrap_err();
    assert_eq!(err.line, 6);
}

#[test]
fn text_forms_cdata_split_char_refs_and_empty_elements() {
    let xml = wrap(
        "<item><title>Tom &amp; Jerry&#x2019;s &#8220;best&#8221; &lt;3</title>\
         <content:encoded><![CDATA[<p>a ]]]]><![CDATA[> b</p>]]></content:encoded>\
         <wp:post_password/><category domain=\"post_tag\" nicename=\"x&amp;y\"/>\
         <wp:post_date>  2020-02-29 23:59:59 </wp:post_date><wp:post_date_gmt>garbage</wp:post_date_gmt></item>",
    );
    let export = parse(&xml).unwrap();
    let item = &export.items[0];
    assert_eq!(item.title, "Tom & Jerry\u{2019}s \u{201c}best\u{201d} <3");
    assert_eq!(item.content_html, "<p>a ]]> b</p>");
    assert_eq!(item.tags, vec![term("x&y", "")]);
    assert_eq!(item.post_date, Some(NaiveDate::from_ymd_opt(2020, 2, 29).unwrap().and_hms_opt(23, 59, 59).unwrap()));
    assert_eq!(item.post_date_gmt, None);
    assert_eq!(item.wp_id, 0, "a missing id reads as 0");
}

#[test]
fn byte_order_mark_crlf_and_unknown_elements() {
    let xml = format!(
        "\u{feff}{}",
        wrap("<foo:bar><item>ignored</item></foo:bar>\r\n<item><wp:post_id>7</wp:post_id><content:encoded>a\r\nb</content:encoded><wp:unknown>x</wp:unknown></item>")
    );
    let export = parse(&xml).unwrap();
    assert_eq!(export.items.len(), 1, "an <item> outside <channel> is not an item");
    assert_eq!(export.items[0].wp_id, 7);
    assert_eq!(export.items[0].content_html, "a\nb");
}

#[test]
fn empty_channel_is_an_empty_export() {
    let export = parse(&wrap("")).unwrap();
    assert_eq!(export, Export::default());
}
