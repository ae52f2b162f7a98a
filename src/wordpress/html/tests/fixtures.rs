//! The fixture articles, split into sections, and every fixture body, comment and excerpt.

use super::*;

#[test]
fn gutenberg_article_splits_into_intro_and_six_sections() {
    let article = fixture_article(fixture!("gutenberg.xml"));
    let sections = split_sections(&article.title, &article.content_html);
    assert_eq!(
        headings(&sections),
        vec![
            ("The Keeper's Daughter ending explained", None),
            ("1. What happens in the final scene?", Some("Reader’s question: “Was the light ever really out?”")),
            (
                "2. Who is the keeper’s daughter, really?",
                Some("Reader’s question: Is Nora the daughter or the drowned girl?")
            ),
            ("3. The storm sequence", Some("Reader’s question: Why does the clock stop at 4:17?")),
            ("4. The letters in the tin box", Some("Reader’s question: Who wrote the last letter?")),
            ("5. How it differs from the novel", Some("Reader’s question: Did the book end the same way?")),
            ("6. Will there be a sequel?", Some("Reader’s question: What did the director say?")),
        ]
    );
    assert_eq!(
        media(&sections),
        vec![
            (Some(YOUTUBE_TRAILER), Some("Official trailer – Lantern Pictures, 2024")),
            (None, None),
            (None, None),
            (Some(VIMEO_CLIP), Some(STORM_CAPTION)),
            (None, None),
            (None, None),
            (None, None),
        ]
    );
    assert_eq!(
        sections[0].markdown,
        "**Spoilers ahead.** *The Keeper’s Daughter* ends the way it began: with a light that may or may not be \
         burning. Here is what the final twenty minutes mean, answered through the questions you sent us."
    );
    assert_eq!(
        sections[1].markdown,
        "Nora climbs the 117 steps of the Gull Point lighthouse as the storm peaks. When she reaches the lamp room, \
         the lens is dark — but the beam still sweeps the water.\n\n\
         Director Ines Calder has called the shot “a door left open on purpose”."
    );
    assert_eq!(
        sections[2].markdown,
        "Both readings hold up. The film plants three clues:\n\n\
         - the *unsent* letters signed “N.”\n\
         - the ferry ticket dated 1987\n\
         - the keeper’s log, which stops on [the night of the wreck](https://reellantern.example/2024/03/keepers-log/)"
    );
    // The second embed of a section stays in the body as a link.
    assert_eq!(
        sections[3].markdown,
        "4:17 is the minute the *Mary Ellen* went down in the prologue. Watch the clip below and count the bells.\n\n\
         Calder talks about the rig in this interview:\n\n\
         [https://www.youtube.com/watch?v=Lm8vQw2ZrTc](https://www.youtube.com/watch?v=Lm8vQw2ZrTc)"
    );
    assert_eq!(
        sections[4].markdown,
        "![The Gull Point lighthouse at dusk](https://reellantern.example/wp-content/uploads/2024/04/\
         keepers-daughter-lighthouse-1024x576.jpg)\n\
         *Gull Point, where the letters were found*\n\n\
         The handwriting matches the keeper’s log *until* the final page. Our best guess: Nora finished it for him."
    );
    assert_eq!(
        sections[5].markdown,
        "No. In Hallie Brandt’s 1994 novel the light goes out for good.\n\n\
         > The lamp was cold, and so was she.\n>\n> Hallie Brandt, *The Keeper’s Daughter*\n\n\
         ### A note on the audiobook\n\n\
         The 2019 audiobook restores a cut epilogue & changes the last line."
    );
    assert_eq!(
        sections[6].markdown,
        "Calder told us a follow-up, *The Keeper’s Son*, is “written but not lit”. We’ll update this post when \
         there’s news.\n\n---\n\n*Got a question about another ending? Leave it in the comments.*"
    );
}

#[test]
fn classic_article_splits_the_same_way() {
    let article = fixture_article(fixture!("classic.xml"));
    let sections = split_sections(&article.title, &article.content_html);
    assert_eq!(
        headings(&sections),
        vec![
            ("The Keeper’s Daughter ending explained", None),
            ("1. What happens in the final scene?", Some("Reader's question: \"Was the light ever really out?\"")),
            (
                "2. Who is the keeper's daughter, really?",
                Some("Reader's question: Is Nora the daughter or the drowned girl?")
            ),
            ("3. The storm sequence", Some("Reader's question: Why does the clock stop at 4:17?")),
            ("4. The letters in the tin box", Some("Reader's question: Who wrote the last letter?")),
            ("5. How it differs from the novel", Some("Reader's question: Did the book end the same way?")),
            ("6. Will there be a sequel?", Some("Reader's question: What did the director say?")),
        ]
    );
    assert_eq!(
        media(&sections),
        vec![
            (Some(YOUTUBE_TRAILER), Some("Official trailer – Lantern Pictures, 2019")),
            (None, None),
            (None, None),
            (Some(VIMEO_CLIP), Some(STORM_CAPTION)),
            (None, None),
            (None, None),
            (None, None),
        ]
    );
    // wpautop: a single newline is a line break, a blank line a new paragraph.
    assert_eq!(
        sections[1].markdown,
        "Nora climbs the 117 steps of the Gull Point lighthouse as the storm peaks.\\\n\
         When she reaches the lamp room, the lens is dark — but the beam still sweeps the water.\n\n\
         Director Ines Calder has called the shot \"a door left open on purpose\"."
    );
    assert_eq!(
        sections[2].markdown,
        "Both readings hold up. The film plants three clues:\n\n\
         - the *unsent* letters signed \"N.\"\n\
         - the ferry ticket dated 1987\n\
         - the keeper's log, which stops on \
         [the night of the wreck](http://www.reellantern.example/blog/2019/10/keepers-log/)"
    );
    // A bare youtu.be line after the section's first embed stays as a link.
    assert!(sections[3].markdown.ends_with("\n\n[https://youtu.be/Lm8vQw2ZrTc](https://youtu.be/Lm8vQw2ZrTc)"));
    // [caption] around an image: the image, then the caption in italics; the &nbsp; paragraph vanishes.
    assert_eq!(
        sections[4].markdown,
        "![The Gull Point lighthouse at dusk](http://www.reellantern.example/blog/wp-content/uploads/2019/11/\
         keepers-daughter-lighthouse-1024x576.jpg)\n\
         *Gull Point, where the letters were found*\n\n\
         The handwriting matches the keeper's log *until* the final page. Our best guess: Nora finished it for him."
    );
    assert_eq!(
        sections[5].markdown,
        "No. In Hallie Brandt's 1994 novel the light goes out for good.\n\n\
         > The lamp was cold, and so was she.\\\n> Hallie Brandt, *The Keeper's Daughter*\n\n\
         ### A note on the audiobook\n\n\
         The 2019 audiobook restores a cut epilogue & changes the last line."
    );
    // [gallery] names its attachments for the importer to place; <!--more--> is dropped.
    assert_eq!(
        sections[6].markdown,
        "Calder told us a follow-up, *The Keeper's Son*, is \"written but not lit\". We'll update this post when \
         there's news.\n\n![](wp-attachment:202)\n![](wp-attachment:203)\n\n---\n\n*Got a question about another \
         ending? Leave it in the comments.*"
    );
}

#[test]
fn every_fixture_body_converts_without_leftover_markup() {
    for xml in [fixture!("gutenberg.xml"), fixture!("classic.xml")] {
        for item in wordpress::parse(xml).unwrap().items {
            let markdown = html_to_markdown(&item.content_html);
            assert!(!markdown.contains("<!--") && !markdown.contains("<p") && !markdown.contains("[embed"));
            assert_eq!(markdown, markdown.trim());
            assert!(!markdown.contains("\n\n\n"), "{markdown:?}");
        }
    }
}

#[test]
fn comments_and_excerpts_convert_too() {
    let export = wordpress::parse(fixture!("classic.xml")).unwrap();
    let comments = &export.items[0].comments;
    assert_eq!(
        html_to_markdown(&comments[0].content),
        "I always read the light as Nora's father still keeping watch.\n\nAm I the only one?"
    );
    assert_eq!(html_to_markdown(&comments[3].content), "nice!!! visit [lamps](http://lamps.example.com)");
    assert_eq!(
        html_to_markdown(&comments[5].content),
        "\\[\u{2026}\\] the definitive breakdown of that lighthouse scene \\[\u{2026}\\]"
    );
}
