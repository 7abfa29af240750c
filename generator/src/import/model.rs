//! The shape both readers (plain text and HTML) produce and the Markdown writer consumes:
//! headings, paragraphs, lists and tables of inline text and links, each with the input line
//! it came from where that is known.

pub use crate::text::collapse_whitespace as collapse;

/// A run of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, not yet escaped for Markdown.
    Text(String),
    /// A link whose target has already been checked (http, https, mailto or tel).
    Link { text: String, href: String },
    /// A hard line break (addresses).
    Break,
}

/// One list item; `depth` 0 is the outermost list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub depth: usize,
    pub ordered: bool,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List(Vec<Item>),
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<Vec<Inline>>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based input line, for plain text.
    pub line: Option<usize>,
}

impl Block {
    pub fn new(kind: BlockKind, line: Option<usize>) -> Block {
        Block { kind, line }
    }

    /// The block's text without markup, for the leftover and date rules.
    pub fn plain_text(&self) -> String {
        match &self.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                plain_text(content)
            }
            BlockKind::List(items) => items
                .iter()
                .map(|i| plain_text(&i.content))
                .collect::<Vec<_>>()
                .join(" "),
            BlockKind::Table(rows) => rows
                .iter()
                .flatten()
                .map(|c| plain_text(c))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Normalises the inline content of every block (white space, empty runs) and drops blocks
/// and list items left empty.
pub fn normalize_blocks(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter_map(|mut block| {
            let keep = match &mut block.kind {
                BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                    *content = normalize(std::mem::take(content));
                    !content.is_empty()
                }
                BlockKind::List(items) => {
                    for item in items.iter_mut() {
                        item.content = normalize(std::mem::take(&mut item.content));
                    }
                    items.retain(|i| !i.content.is_empty());
                    !items.is_empty()
                }
                BlockKind::Table(rows) => {
                    for cell in rows.iter_mut().flatten() {
                        *cell = normalize(std::mem::take(cell));
                    }
                    !rows.is_empty()
                }
            };
            keep.then_some(block)
        })
        .collect()
}

/// Text of inline content, links as their text, breaks as spaces.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for part in content {
        match part {
            Inline::Text(t) => out.push_str(t),
            Inline::Link { text, .. } => out.push_str(text),
            Inline::Break => out.push(' '),
        }
    }
    out
}

/// Joins adjacent text runs, collapses white space and trims the ends.
pub fn normalize(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for part in content {
        match part {
            Inline::Text(t) if t.is_empty() => {}
            Inline::Text(t) => match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(&t),
                _ => out.push(Inline::Text(t)),
            },
            Inline::Link { text, href } => {
                let text = collapse(&text);
                if !text.is_empty() {
                    out.push(Inline::Link { text, href });
                }
            }
            Inline::Break => out.push(Inline::Break),
        }
    }
    for part in &mut out {
        if let Inline::Text(t) = part {
            let keep_start = t.starts_with(char::is_whitespace);
            let keep_end = t.ends_with(char::is_whitespace);
            let mut c = collapse(t);
            if !c.is_empty() {
                if keep_start {
                    c.insert(0, ' ');
                }
                if keep_end {
                    c.push(' ');
                }
            } else if keep_start || keep_end {
                c.push(' ');
            }
            *t = c;
        }
    }
    // Trim around breaks and at both ends; drop leading/trailing/double breaks.
    let mut trimmed: Vec<Inline> = Vec::new();
    for part in out {
        match part {
            Inline::Break => {
                if let Some(Inline::Text(t)) = trimmed.last_mut() {
                    *t = t.trim_end().to_string();
                    if t.is_empty() {
                        trimmed.pop();
                    }
                }
                if !trimmed.is_empty() && trimmed.last() != Some(&Inline::Break) {
                    trimmed.push(Inline::Break);
                }
            }
            Inline::Text(t) => {
                let t = if trimmed.is_empty() || trimmed.last() == Some(&Inline::Break) {
                    t.trim_start().to_string()
                } else {
                    t
                };
                if !t.is_empty() {
                    trimmed.push(Inline::Text(t));
                }
            }
            link => trimmed.push(link),
        }
    }
    while let Some(last) = trimmed.last_mut() {
        match last {
            Inline::Break => {
                trimmed.pop();
            }
            Inline::Text(t) => {
                *t = t.trim_end().to_string();
                if t.is_empty() {
                    trimmed.pop();
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    trimmed
}
