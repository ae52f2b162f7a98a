//! Markdown output for representative snippets: structure, escaping, wpautop and entities.

use super::*;

#[test]
fn markdown_for_representative_snippets() {
    let cases: &[(&str, &str)] = &[
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Line one<br>line two<br />line three</p>", "Line one\\\nline two\\\nline three"),
        ("<p><strong>bold</strong>, <b>also</b>, <em>it</em>, <i>also</i></p>", "**bold**, **also**, *it*, *also*"),
        ("<p><strong> spaced </strong>word</p>", "**spaced** word"),
        ("<p><b>outer <b>inner</b> tail</b></p>", "**outer inner tail**"),
        (
            "<p><a href=\"https://example.com/p?a=1&amp;b=2\">a link</a> <a href=\"mailto:x@example.com\">mail</a> \
             <a href=\"javascript:alert(1)\">js</a> <a href=\"/relative\">rel</a> <a name=\"top\">anchor</a></p>",
            "[a link](https://example.com/p?a=1&b=2) [mail](mailto:x@example.com) js rel anchor",
        ),
        ("<a href=\"https://e.com/a (b)\"><b>x</b></a>", "[**x**](https://e.com/a%20%28b%29)"),
        ("<a href=\"https://e.com/big.jpg\"><img src=\"https://e.com/small.jpg\" alt=\"s\"></a>", "[![s](https://e.com/small.jpg)](https://e.com/big.jpg)"),
        ("<ul><li>a</li><li>b<ol><li>b1</li><li>b2</li></ol></li><li>c</li></ul>", "- a\n- b\n  1. b1\n  2. b2\n- c"),
        ("<ul><li>a<li>b</ul>", "- a\n- b"),
        ("<ol start=\"9\"><li>nine</li><li>ten</li></ol>", "9. nine\n10. ten"),
        ("<p>Intro</p><ul><li><p>para item</p></li></ul><p>after</p>", "Intro\n\n- para item\n\nafter"),
        (
            "<blockquote><p>Quoted <em>text</em></p><blockquote><p>nested</p></blockquote></blockquote><p>after</p>",
            "> Quoted *text*\n>\n> > nested\n\nafter",
        ),
        ("<h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>", "## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six"),
        ("<h4>A<br>B</h4>", "#### A B"),
        ("<img src=\"https://example.com/a.jpg\" alt=\"A [star]\">", "![A \\[star\\]](https://example.com/a.jpg)"),
        ("<img src=\"data:image/gif;base64,xx\" data-src=\"https://e.com/lazy.jpg\" alt=\"lazy\">", "![lazy](https://e.com/lazy.jpg)"),
        ("<p>a<img src=\"/relative.jpg\" alt=\"no\">b</p>", "ab"),
        ("<figure><img src=\"https://e.com/a.jpg\" alt=\"alt\"/><figcaption>A <em>caption</em></figcaption></figure>", "![alt](https://e.com/a.jpg)\n*A caption*"),
        ("<p>Use <code>a*b_c</code> and <code>x`y</code></p>", "Use `a*b_c` and ``x`y``"),
        (
            "<pre><code class=\"language-rust\">fn main() {\n    println!(\"```\");\n}</code></pre>",
            "````\nfn main() {\n    println!(\"```\");\n}\n````",
        ),
        ("<pre>&lt;b&gt; *raw*</pre>", "```\n<b> *raw*\n```"),
        ("<ul><li>code:<pre>a\n\nb</pre></li></ul>", "- code:\n\n  ```\n  a\n\n  b\n  ```"),
        ("<p>before</p><hr/><p>after</p>", "before\n\n---\n\nafter"),
        (
            "<table><thead><tr><th>Film</th><th>Year</th></tr></thead><tbody><tr><td>The Keeper's Daughter</td><td>2024</td></tr></tbody></table>",
            "Film | Year\\\nThe Keeper's Daughter | 2024",
        ),
        ("<p>Hi<script>document.write(\"<p>evil</p>\")</script><style>p { color: red }</style><iframe src=\"https://youtube.com/embed/x\">fallback</iframe> there</p>", "Hi there"),
        ("<SCRIPT>x</script >kept", "kept"),
        ("<div><span class=\"x\">span text</span> <u>underline</u> <section>section</section></div>", "span text underline\n\nsection"),
        ("<P CLASS=\"x\">Upper <B>case</B></P>", "Upper **case**"),
        ("<p>text with <!-- a comment --> inside</p>", "text with inside"),
        ("<p>unclosed <b>bold <i>both</p><p>next", "unclosed **bold *both***\n\nnext"),
        ("<p>&nbsp;</p><p>Real</p><p> </p>", "Real"),
        ("<p>a &lt; b &amp;&amp; c &gt; d</p>", "a < b && c > d"),
        ("", ""),
        ("<p>broken <a href=\"https://e.com", "broken"),
    ];
    for (html, expected) in cases {
        assert_eq!(html_to_markdown(html), *expected, "input: {html:?}");
    }
}

#[test]
fn markdown_syntax_in_text_is_escaped_minimally() {
    let cases: &[(&str, &str)] = &[
        ("<p>* not a list</p>", "\\* not a list"),
        ("<p>- not a list</p><p>+ nor this</p>", "\\- not a list\n\n\\+ nor this"),
        ("<p># not a heading</p><p>#hashtag</p>", "\\# not a heading\n\n\\#hashtag"),
        ("<p>&gt; not a quote</p><p>a &gt; b</p>", "\\> not a quote\n\na > b"),
        (
            "<p>1. not a list</p><p>2) nor this</p><p>1984 was a year</p>",
            "1\\. not a list\n\n2\\) nor this\n\n1984 was a year",
        ),
        ("<p>a_b _c_ snake_case</p>", "a_b \\_c\\_ snake_case"),
        ("<p>d*e 2 * 3</p>", "d\\*e 2 * 3"),
        ("<p>`tick` [link](x)</p>", "\\`tick\\` \\[link\\](x)"),
        ("<p>\\* and C:\\path</p>", "\\\\\\* and C:\\path"),
        ("<p>&lt;div&gt; and &amp;copy; and AT&amp;T</p>", "\\<div> and \\&copy; and AT\\&T"),
        ("<p>---</p>", "\\---"),
        ("<ul><li># in list</li></ul>", "- \\# in list"),
        ("<p>mid-line # and - and 1. stay</p>", "mid-line # and - and 1. stay"),
    ];
    for (html, expected) in cases {
        assert_eq!(html_to_markdown(html), *expected, "input: {html:?}");
    }
}

#[test]
fn wpautop_rules_for_classic_content() {
    assert_eq!(html_to_markdown("a\nb\n\nc\n \n\n\nd"), "a\\\nb\n\nc\n\nd");
    assert_eq!(html_to_markdown("<h2>T</h2>\ntext\n<ul>\n<li>x</li>\n</ul>\nafter"), "## T\n\ntext\n\n- x\n\nafter");
    assert_eq!(html_to_markdown("<b>bold</b>\nnext"), "**bold**\\\nnext");
    assert_eq!(html_to_markdown("10. <em>The Lighthouse</em>\n9. Next"), "10\\. *The Lighthouse*\\\n9\\. Next");
    // Content with <p> tags, or block content, is HTML: newlines are spaces.
    assert_eq!(html_to_markdown("<p>a\nb</p>"), "a b");
    assert_eq!(html_to_markdown("<!-- wp:paragraph -->\n<p>a\nb</p>\n<!-- /wp:paragraph -->"), "a b");
}

#[test]
fn entities_are_decoded() {
    let cases: &[(&str, &str)] = &[
        ("&amp; &lt; &gt; &quot; &apos;", "& < > \" '"),
        (
            "&rsquo;&lsquo;&rdquo;&ldquo; &hellip; &mdash; &ndash;",
            "\u{2019}\u{2018}\u{201d}\u{201c} \u{2026} \u{2014} \u{2013}",
        ),
        ("a&nbsp;b", "a\u{a0}b"),
        ("&#8217; &#x2019; &#X2014; &#39;", "\u{2019} \u{2019} \u{2014} '"),
        ("&#150; &#0; &#xD800; &#1114112;", "\u{2013} \u{fffd} \u{fffd} \u{fffd}"),
        ("&#8217s", "\u{2019}s"),
        ("&eacute;t&eacute; &copy; &euro;", "\u{e9}t\u{e9} \u{a9} \u{20ac}"),
        ("&bogus; &amp &#; &#x; & alone", "&bogus; &amp &#; &#x; & alone"),
        ("no entities", "no entities"),
    ];
    for (input, expected) in cases {
        assert_eq!(decode_entities(input), *expected, "input: {input:?}");
    }
    assert_eq!(html_to_markdown("<p>Caf&eacute; &#8211; 5&nbsp;&euro;</p>"), "Caf\u{e9} \u{2013} 5\u{a0}\u{20ac}");
}
