//! The shape of a notice, read back from its rendered HTML: which blocks are paragraphs,
//! which are list items (how deep, under which introduction), which are table cells (in
//! which row, under which column header). The site model keeps each section's blocks as
//! plain strings; the rules need to know that "(e) the processing is necessary …" is an
//! item of the list introduced by "… under Article 6 of the UK GDPR, as follows:", or that
//! "Consent" sits in the "Lawful basis" column of a row about newsletters.
//!
//! The HTML is the model's own (`Notice::html`, written by `markdown::render` from the same
//! events as the blocks), so its block elements come in the same order as the blocks. Each
//! model block is matched to the next HTML block of its section with the same text; a block
//! with no match is read as a paragraph. Quotes are always taken from the model's blocks,
//! never from the HTML, so a quote is exactly the section's words.

use crate::text::collapse_whitespace as collapse;
use std::collections::HashMap;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Paragraph,
    /// A list item, `depth` 1 for a top-level list; `list` numbers the lists of a notice.
    Item { depth: u8, list: u32 },
    /// A table cell; `table` numbers the tables of a notice; `header` for a `th` cell.
    Cell {
        table: u32,
        row: u32,
        col: u32,
        header: bool,
    },
}

/// A block with its place in the section (indices are into the section's blocks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub kind: Kind,
    /// For a list item: the block introducing its list (the block just before the list's
    /// first item: a paragraph, or the parent item of a nested list).
    pub intro: Option<usize>,
    /// For a table cell: the header cell of its column.
    pub column: Option<usize>,
    /// For a table cell: the first cell of its row.
    pub row_start: Option<usize>,
}

/// One block as the HTML has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlBlock {
    pub text: String,
    pub kind: Kind,
}

/// The blocks of a rendered notice, by section anchor ("" for the text before the first
/// heading), in document order.
pub fn read_html(html: &str) -> HashMap<String, Vec<HtmlBlock>> {
    let mut sections: HashMap<String, Vec<HtmlBlock>> = HashMap::new();
    let mut anchor = String::new();
    let mut text = String::new();
    let mut in_heading = false;
    let mut skipping = 0u32; // inside the "Link to this section" paragraph
    let mut lists: Vec<u32> = Vec::new();
    let mut list_count = 0u32;
    let mut items = 0u32; // open <li> elements
    let mut table_count = 0u32;
    let mut row = 0u32;
    let mut col = 0u32;
    let mut cell: Option<bool> = None; // Some(header) inside a cell
    let mut rows_seen = false;

    // The blocks of the current section; filed under its anchor at the next heading.
    let mut current: Vec<HtmlBlock> = Vec::new();
    let flush = |text: &mut String, kind: Kind, current: &mut Vec<HtmlBlock>| {
        let collapsed = collapse(text);
        if !collapsed.is_empty() {
            current.push(HtmlBlock {
                text: collapsed,
                kind,
            });
        }
        text.clear();
    };

    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if !in_heading && skipping == 0 {
                decode_into(rest, &mut text);
            }
            break;
        };
        if lt > 0 && !in_heading && skipping == 0 {
            decode_into(&rest[..lt], &mut text);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        // The model's HTML writes element names in lower case.
        let bare = tag.trim_start_matches('/');
        let name = &bare[..bare
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(bare.len())];
        let kind = match (cell, lists.last()) {
            (Some(header), _) => Kind::Cell {
                table: table_count,
                row,
                col,
                header,
            },
            (None, Some(&list)) if items > 0 => Kind::Item {
                depth: lists.len().min(255) as u8,
                list,
            },
            _ => Kind::Paragraph,
        };
        match (name, closing) {
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                flush(&mut text, kind, &mut current);
                in_heading = true;
                let next = attribute(tag, "id").unwrap_or_default();
                let done = std::mem::replace(&mut anchor, next);
                if !current.is_empty() {
                    sections.insert(done, std::mem::take(&mut current));
                }
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                in_heading = false;
                text.clear();
            }
            ("p", false) => {
                flush(&mut text, kind, &mut current);
                if tag.contains("section-link") {
                    skipping += 1;
                }
            }
            ("p", true) => {
                if skipping > 0 {
                    skipping -= 1;
                    text.clear();
                } else {
                    flush(&mut text, kind, &mut current);
                }
            }
            ("ul" | "ol", false) => {
                flush(&mut text, kind, &mut current);
                list_count += 1;
                lists.push(list_count);
            }
            ("ul" | "ol", true) => {
                flush(&mut text, kind, &mut current);
                lists.pop();
            }
            ("li", false) => {
                flush(&mut text, kind, &mut current);
                items += 1;
            }
            ("li", true) => {
                flush(&mut text, kind, &mut current);
                items = items.saturating_sub(1);
            }
            ("table", false) => {
                flush(&mut text, kind, &mut current);
                table_count += 1;
                rows_seen = false;
                row = 0;
            }
            ("tr", false) => {
                if rows_seen {
                    row += 1;
                }
                rows_seen = true;
                col = 0;
            }
            ("th" | "td", false) => {
                flush(&mut text, kind, &mut current);
                col += 1;
                cell = Some(name == "th");
            }
            ("th" | "td", true) => {
                flush(&mut text, kind, &mut current);
                cell = None;
            }
            ("blockquote" | "div" | "pre" | "hr" | "table", _) => {
                flush(&mut text, kind, &mut current);
            }
            ("br", _) => text.push(' '),
            _ => {}
        }
    }
    flush(&mut text, Kind::Paragraph, &mut current);
    if !current.is_empty() {
        sections.insert(anchor, current);
    }
    sections
}

/// The shapes of a section's model blocks, given the HTML blocks of the same section.
pub fn shapes(blocks: &[String], html: &[HtmlBlock]) -> Vec<Shape> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut next = 0;
    for block in blocks {
        // The same text a few HTML blocks on at most (a block the model joins differently,
        // e.g. a code block, is skipped over).
        let found = html[next.min(html.len())..]
            .iter()
            .take(4)
            .position(|h| h.text == *block);
        let kind = match found {
            Some(p) => {
                let kind = html[next + p].kind;
                next += p + 1;
                kind
            }
            None => Kind::Paragraph,
        };
        out.push(Shape {
            kind,
            ..Shape::default()
        });
    }
    link(&mut out);
    out
}

/// Fills in list introductions, column headers and row starts.
pub fn link(shapes: &mut [Shape]) {
    let mut intros: HashMap<u32, Option<usize>> = HashMap::new();
    let mut headers: HashMap<(u32, u32), usize> = HashMap::new();
    let mut rows: HashMap<(u32, u32), usize> = HashMap::new();
    for (i, shape) in shapes.iter_mut().enumerate() {
        match shape.kind {
            Kind::Item { list, .. } => {
                shape.intro = *intros.entry(list).or_insert_with(|| i.checked_sub(1));
            }
            Kind::Cell {
                table,
                row,
                col,
                header,
            } => {
                if header {
                    headers.entry((table, col)).or_insert(i);
                }
                shape.row_start = Some(*rows.entry((table, row)).or_insert(i));
                shape.column = headers.get(&(table, col)).copied().filter(|&h| h != i);
            }
            Kind::Paragraph => {}
        }
    }
}

/// Shapes guessed from the blocks alone, for callers without HTML: a block ending with a
/// colon introduces the short blocks after it, read as the items of a list.
pub fn guess(blocks: &[String]) -> Vec<Shape> {
    let mut out: Vec<Shape> = Vec::with_capacity(blocks.len());
    let mut list = 0u32;
    let mut open = false;
    for (i, block) in blocks.iter().enumerate() {
        let after_colon = i > 0 && blocks[i - 1].trim_end().ends_with(':');
        if after_colon {
            list += 1;
            open = true;
        } else if open && (block.len() > 300 || block.trim_end().ends_with(':')) {
            open = false;
        }
        let kind = if open {
            Kind::Item { depth: 1, list }
        } else {
            Kind::Paragraph
        };
        out.push(Shape {
            kind,
            ..Shape::default()
        });
    }
    link(&mut out);
    out
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    let mut out = String::new();
    decode_into(&tag[start..end], &mut out);
    Some(out)
}

/// Appends HTML text with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markdown::render;

    fn kinds(md: &str, section: usize) -> (Vec<String>, Vec<Shape>) {
        let r = render(md);
        let html = read_html(&r.html);
        let s = &r.sections[section];
        let empty = Vec::new();
        let shapes = shapes(&s.blocks, html.get(&s.anchor).unwrap_or(&empty));
        (s.blocks.clone(), shapes)
    }

    #[test]
    fn lists_know_their_introduction_and_depth() {
        let (blocks, s) = kinds(
            "## Legal basis\n\nWe may process it where:\n\n- you consent;\n- the law says so:\n  - nested & deep\n\nAfter.\n",
            0,
        );
        assert_eq!(
            blocks,
            [
                "We may process it where:",
                "you consent;",
                "the law says so:",
                "nested & deep",
                "After."
            ]
        );
        assert_eq!(s[0].kind, Kind::Paragraph);
        assert!(matches!(s[1].kind, Kind::Item { depth: 1, .. }));
        assert_eq!(s[1].intro, Some(0));
        assert_eq!(s[2].intro, Some(0));
        assert!(matches!(s[3].kind, Kind::Item { depth: 2, .. }));
        assert_eq!(s[3].intro, Some(2));
        assert_eq!(s[4].kind, Kind::Paragraph);
    }

    #[test]
    fn table_cells_know_their_column_header_and_row() {
        let (blocks, s) = kinds(
            "## Uses\n\n| Purpose | Lawful basis |\n|---|---|\n| Newsletters “news” | Consent |\n| Tax | Legal obligation |\n",
            0,
        );
        assert_eq!(blocks[3], "Consent");
        assert_eq!(s[3].column, Some(1));
        assert_eq!(s[3].row_start, Some(2));
        assert_eq!(s[5].column, Some(1));
        assert_eq!(s[5].row_start, Some(4));
        assert_eq!(blocks[2], "Newsletters “news”");
    }

    #[test]
    fn the_introduction_section_and_entities_are_read() {
        let (blocks, s) = kinds("Intro <b> & “x”:\n\n- one\n\n## Next\n\ntext\n", 0);
        assert_eq!(blocks[0], "Intro <b> & “x”:");
        assert_eq!(s[1].intro, Some(0));
    }

    #[test]
    fn guessed_lists_follow_a_colon() {
        let blocks: Vec<String> = ["We rely on:", "consent", "contract", "Later text."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = guess(&blocks);
        assert_eq!(s[1].intro, Some(0));
        assert_eq!(s[3].intro, Some(0));
    }
}
