//! Section splitting rules, embed forms and shortcodes.

use super::*;

#[test]
fn section_rules() {
    assert_eq!(split_sections("T", ""), vec![]);
    assert_eq!(split_sections("T", "  \n\n "), vec![]);
    assert_eq!(split_sections("T", "<!-- wp:paragraph -->\n<p></p>\n<!-- /wp:paragraph -->"), vec![]);

    let only_text = split_sections("  Post  ", "Just text.");
    assert_eq!(
        only_text,
        vec![SectionDraft { heading: "Post".into(), markdown: "Just text.".into(), ..Default::default() }]
    );

    // No blank intro section, and an h2 section may be empty.
    let sections = split_sections("T", "\n<h2>A</h2>\n<h2>B &amp; <em>C</em>\n  D</h2><p>b</p>");
    assert_eq!(headings(&sections), vec![("A", None), ("B & C D", None)]);
    assert_eq!(sections[0].markdown, "");
    assert_eq!(sections[1].markdown, "b");

    // Only an h3 directly after the h2 is its sub-heading.
    let sections = split_sections(
        "T",
        "<h2>A</h2><p>x</p><h3>Later</h3><h2>B</h2>\n<!-- wp:heading -->\n<h3>Sub</h3><h3>Next</h3>",
    );
    assert_eq!(headings(&sections), vec![("A", None), ("B", Some("Sub"))]);
    assert_eq!(sections[0].markdown, "x\n\n### Later");
    assert_eq!(sections[1].markdown, "### Next");

    // An h3 with no h2 before it is just markdown.
    assert_eq!(split_sections("T", "<h3>Lone</h3>")[0].markdown, "### Lone");

    // h2 inside a quote or list does not split; inside a layout <div> it does.
    let sections = split_sections(
        "T",
        "<blockquote><h2>Q</h2></blockquote><div class=\"wp-block-group\"><h2>G</h2><p>g</p></div>",
    );
    assert_eq!(headings(&sections), vec![("T", None), ("G", None)]);
    assert_eq!(sections[0].markdown, "> ## Q");
}

#[test]
fn embed_forms() {
    let body = "<h2>S</h2>\n[embed]ftp://example.com/x[/embed]\n[embed width=\"500\"]<a href=\"https://youtu.be/one\">https://youtu.be/one</a>[/embed]\n\
                [embed]https://youtu.be/two[/embed]\n[[embed]]literal[[/embed]]\n[embed]never closed";
    let sections = split_sections("T", body);
    assert_eq!(media(&sections), vec![(Some("https://youtu.be/one"), None)]);
    assert_eq!(
        sections[0].markdown,
        "[https://youtu.be/two](https://youtu.be/two)\n\n\\[embed\\]literal\\[/embed\\]\\\nnever closed"
    );

    // Bare URLs embed only when alone on their line and from YouTube or Vimeo.
    let body = "Text\nhttps://vimeo.com/123456\nsee https://youtu.be/inline here\nhttps://example.com/page\n\
                <p>https://www.youtube.com/watch?v=abc&amp;t=30s</p>";
    let sections = split_sections("T", body);
    assert_eq!(sections[0].media_url.as_deref(), Some("https://vimeo.com/123456"));
    assert_eq!(
        sections[0].markdown,
        "Text\n\nsee https://youtu.be/inline here\\\nhttps://example.com/page\n\n\
         [https://www.youtube.com/watch?v=abc&t=30s](https://www.youtube.com/watch?v=abc&t=30s)"
    );

    // Gutenberg: a non-http url attribute falls back to the wrapper text; self-closing blocks work.
    let body = "<!-- wp:embed {\"url\":\"javascript:alert(1)\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\n\
                https://www.youtube.com/watch?v=fallback\n</div><figcaption>Cap <strong>bold</strong></figcaption></figure>\n<!-- /wp:embed -->";
    assert_eq!(
        media(&split_sections("T", body)),
        vec![(Some("https://www.youtube.com/watch?v=fallback"), Some("Cap bold"))]
    );
    let body = "<!-- wp:core-embed/youtube {\"url\":\"https://youtu.be/old\"} /-->";
    assert_eq!(media(&split_sections("T", body)), vec![(Some("https://youtu.be/old"), None)]);
    let body = "<!-- wp:embed {\"url\":\"file:///etc/passwd\"} /-->";
    assert_eq!(split_sections("T", body), vec![]);

    // In html_to_markdown every embed is a link line, with its caption below.
    assert_eq!(
        html_to_markdown("<p>a</p>\n<!-- wp:embed {\"url\":\"https://vimeo.com/1\"} -->\n<figure><div>https://vimeo.com/1</div><figcaption>Clip</figcaption></figure>\n<!-- /wp:embed -->\n<p>b</p>"),
        "a\n\n[https://vimeo.com/1](https://vimeo.com/1)\n*Clip*\n\nb"
    );
}

#[test]
fn caption_shortcodes() {
    let sections =
        split_sections("T", "[embed]https://youtu.be/x[/embed]\n[caption]Official trailer[/caption]\n\nText");
    assert_eq!(media(&sections), vec![(Some("https://youtu.be/x"), Some("Official trailer"))]);
    assert_eq!(sections[0].markdown, "Text");

    let sections = split_sections("T", "[caption width=\"640\"][embed]https://vimeo.com/9[/embed] The clip[/caption]");
    assert_eq!(media(&sections), vec![(Some("https://vimeo.com/9"), Some("The clip"))]);

    // The older caption="" attribute form, around an image.
    assert_eq!(
        html_to_markdown("[caption id=\"attachment_5\" caption=\"Attr &amp; caption\"]<img src=\"https://example.com/i.jpg\" alt=\"i\" />[/caption]"),
        "![i](https://example.com/i.jpg)\n*Attr & caption*"
    );
    // A caption after text is not an embed caption.
    let sections = split_sections("T", "https://youtu.be/x\nWords\n[caption]Not for the video[/caption]");
    assert_eq!(media(&sections), vec![(Some("https://youtu.be/x"), None)]);
    assert_eq!(sections[0].markdown, "Words\n\n*Not for the video*");
}

#[test]
fn other_shortcodes_are_dropped_keeping_text() {
    assert_eq!(
        html_to_markdown(
            "[video src=\"https://example.com/v.mp4\"]Inner text[/video] and [gallery] [unknown]kept[/unknown] [sic]"
        ),
        "Inner text and \\[unknown\\]kept\\[/unknown\\] \\[sic\\]"
    );
}

#[test]
fn a_gallery_names_its_attachments_one_image_each() {
    assert_eq!(
        html_to_markdown("Stills: [gallery columns=\"2\" ids=\"12, 7,x,-3,12\"] and more."),
        "Stills:\n\n![](wp-attachment:12)\n![](wp-attachment:7)\n![](wp-attachment:12)\n\nand more."
    );
}
