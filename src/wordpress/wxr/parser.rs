//! The pull loop over `quick-xml` events: the element stack, text collection, limits and the
//! line-numbered errors. Closed elements are handed to the [`Builder`].

use quick_xml::errors::IllFormedError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::builder::Builder;
use super::{Export, ParseError, MAX_DEPTH};

/// An element that has been opened and not yet closed.
struct OpenElement {
    name: String,
    /// Byte offset of its `<`, to name its line in errors.
    offset: usize,
}

/// What [`Parser::end`] found.
enum Progress {
    Continue,
    Finished,
}

/// The pull loop: keeps the element stack and the text of the innermost element, and hands each
/// closed element to a [`Builder`].
pub(super) struct Parser<'x> {
    xml: &'x str,
    reader: Reader<&'x [u8]>,
    stack: Vec<OpenElement>,
    /// Text (and CDATA) seen since the last start tag; a leaf element's value when it closes.
    text: String,
    builder: Builder,
    seen_root: bool,
    seen_channel: bool,
}

impl<'x> Parser<'x> {
    pub(super) fn new(xml: &'x str) -> Self {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        Parser {
            xml,
            reader,
            stack: Vec::new(),
            text: String::new(),
            builder: Builder::default(),
            seen_root: false,
            seen_channel: false,
        }
    }

    pub(super) fn run(mut self) -> Result<Export, ParseError> {
        loop {
            let offset = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => return Err(self.xml_error(&err)),
            };
            match event {
                Event::Start(start) => self.start(&start, offset)?,
                Event::Empty(start) => {
                    self.start(&start, offset)?;
                    if let Progress::Finished = self.end(offset)? {
                        return Ok(self.builder.export);
                    }
                }
                Event::End(_) => {
                    if let Progress::Finished = self.end(offset)? {
                        return Ok(self.builder.export);
                    }
                }
                Event::Text(text) => self.text.push_str(&text.xml10_content()),
                Event::CData(cdata) => self.text.push_str(&cdata.xml10_content()),
                Event::GeneralRef(reference) => self.push_reference(&reference, offset)?,
                Event::Eof => return Err(self.eof_error()),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> ParseError {
        ParseError { line: line_of(self.xml, offset), message: message.into() }
    }

    fn start(&mut self, start: &BytesStart<'_>, offset: usize) -> Result<(), ParseError> {
        let name = start.name().as_ref().to_owned();
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error_at(offset, format!("elements nested deeper than {MAX_DEPTH} levels at <{name}>")));
        }
        let parent = self.stack.last().map(|open| open.name.as_str());
        match (parent, name.as_str()) {
            (None, "rss") => self.seen_root = true,
            (None, other) => {
                return Err(
                    self.error_at(offset, format!("not a WXR export: the root element is <{other}>, not <rss>"))
                );
            }
            (Some("rss"), "channel") => self.seen_channel = true,
            _ => {}
        }
        let attributes = read_attributes(start).map_err(|message| self.error_at(offset, message))?;
        self.builder.start(parent, &name, &attributes);
        self.stack.push(OpenElement { name, offset });
        self.text.clear();
        Ok(())
    }

    fn end(&mut self, offset: usize) -> Result<Progress, ParseError> {
        let Some(closed) = self.stack.pop() else {
            return Err(self.error_at(offset, "closing tag without a matching opening tag"));
        };
        let text = std::mem::take(&mut self.text);
        let parent = self.stack.last().map(|open| open.name.as_str());
        self.builder.end(parent, &closed.name, text).map_err(|message| self.error_at(offset, message))?;
        if !self.stack.is_empty() {
            return Ok(Progress::Continue);
        }
        if !self.seen_channel {
            return Err(self.error_at(offset, "not a WXR export: <rss> has no <channel>"));
        }
        Ok(Progress::Finished)
    }

    fn push_reference(&mut self, reference: &BytesRef<'_>, offset: usize) -> Result<(), ParseError> {
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(ch)) => Some(ch),
            Ok(None) => None,
            Err(err) => return Err(self.error_at(offset, format!("bad character reference &{};: {err}", &**reference))),
        };
        if let Some(ch) = resolved {
            self.text.push(ch);
            return Ok(());
        }
        match quick_xml::escape::resolve_xml_entity(reference) {
            Some(value) => {
                self.text.push_str(value);
                Ok(())
            }
            None => Err(self.error_at(offset, format!("unknown entity &{};", &**reference))),
        }
    }

    fn xml_error(&self, err: &quick_xml::Error) -> ParseError {
        let offset = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let message = match err {
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                let opened = self.stack.last().map_or(0, |open| line_of(self.xml, open.offset));
                format!("expected </{expected}> (opened at line {opened}) but found </{found}>")
            }
            other => format!("malformed XML: {other}"),
        };
        self.error_at(offset, message)
    }

    fn eof_error(&self) -> ParseError {
        // Point at the last line with content rather than at trailing blank lines.
        let end = self.xml.trim_end().len();
        match self.stack.last() {
            Some(open) => self.error_at(
                end,
                format!(
                    "unexpected end of file: <{}> opened at line {} is not closed",
                    open.name,
                    line_of(self.xml, open.offset)
                ),
            ),
            None if !self.seen_root => {
                ParseError { line: 1, message: "not a WXR export: no <rss> element found".to_owned() }
            }
            None => self.error_at(end, "unexpected end of file"),
        }
    }
}

/// 1-based line of a byte offset (clamped to the input).
fn line_of(xml: &str, offset: usize) -> usize {
    let end = offset.min(xml.len());
    xml.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() + 1
}

fn read_attributes(start: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|err| format!("bad attribute: {err}"))?;
        let value =
            attribute.normalized_value(XmlVersion::Implicit1_0).map_err(|err| format!("bad attribute: {err}"))?;
        attributes.push((attribute.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(attributes)
}
