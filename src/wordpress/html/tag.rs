//! Classification of HTML tag names into the [`Tag`]s the converter knows.

/// The elements the converter knows, classified once per tag so the hot paths compare enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    A,
    B,
    Strong,
    I,
    Em,
    Code,
    Kbd,
    Samp,
    Tt,
    Br,
    Img,
    Hr,
    P,
    Pre,
    Ul,
    Ol,
    Li,
    Blockquote,
    Figure,
    Figcaption,
    Table,
    Caption,
    Tr,
    Td,
    Th,
    Heading(u8),
    /// A layout container from [`BLOCK_NAMES`] (by index): a paragraph break around it.
    Block(u8),
    /// Another void element (`<input>`, `<meta>`, ...).
    Void,
    /// `<script>`, `<style>`, `<iframe>`: content never shown.
    RawText,
    /// Anything else: dropped, its text kept.
    Other,
}

const BLOCK_NAMES: [&str; 19] = [
    "div", "section", "article", "header", "footer", "main", "aside", "nav", "address", "center", "dl", "dt", "dd",
    "details", "summary", "form", "fieldset", "video", "audio",
];

/// Classifies a lower-case tag name; short names are matched byte by byte because they are the
/// common case.
pub(super) fn classify(name: &str) -> Tag {
    match name.as_bytes() {
        [b'a'] => Tag::A,
        [b'b'] => Tag::B,
        [b'i'] => Tag::I,
        [b'p'] => Tag::P,
        [b'b', b'r'] => Tag::Br,
        [b'h', b'r'] => Tag::Hr,
        [b'e', b'm'] => Tag::Em,
        [b'u', b'l'] => Tag::Ul,
        [b'o', b'l'] => Tag::Ol,
        [b'l', b'i'] => Tag::Li,
        [b't', b'r'] => Tag::Tr,
        [b't', b'd'] => Tag::Td,
        [b't', b'h'] => Tag::Th,
        [b't', b't'] => Tag::Tt,
        [b'h', level @ b'1'..=b'6'] => Tag::Heading(level - b'0'),
        _ => classify_long(name),
    }
}

fn classify_long(name: &str) -> Tag {
    match name {
        "strong" => Tag::Strong,
        "code" => Tag::Code,
        "kbd" => Tag::Kbd,
        "samp" => Tag::Samp,
        "img" => Tag::Img,
        "pre" => Tag::Pre,
        "blockquote" => Tag::Blockquote,
        "figure" => Tag::Figure,
        "figcaption" => Tag::Figcaption,
        "table" => Tag::Table,
        "caption" => Tag::Caption,
        "script" | "style" | "iframe" => Tag::RawText,
        "input" | "meta" | "link" | "wbr" | "source" | "area" | "col" | "embed" | "param" | "track" => Tag::Void,
        _ => BLOCK_NAMES
            .iter()
            .position(|block| *block == name)
            .and_then(|index| u8::try_from(index).ok())
            .map_or(Tag::Other, Tag::Block),
    }
}

impl Tag {
    pub(super) fn is_void(self) -> bool {
        matches!(self, Tag::Br | Tag::Img | Tag::Hr | Tag::Void)
    }

    pub(super) fn is_code(self) -> bool {
        matches!(self, Tag::Code | Tag::Kbd | Tag::Samp | Tag::Tt)
    }

    /// Phrasing elements, which can sit inside `<code>` without ending it.
    pub(super) fn is_inline(self) -> bool {
        matches!(
            self,
            Tag::A | Tag::B | Tag::Strong | Tag::I | Tag::Em | Tag::Img | Tag::Void | Tag::RawText | Tag::Other
        ) || self.is_code()
    }
}
