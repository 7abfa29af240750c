//! Plain text, as copied from a web page: headings as bare lines, bullets as `•`, `–`, `*`
//! or `-` (indented for nesting), paragraphs one per line or broken across lines, and lists
//! that are only a run of short lines after a line ending in a colon.

use super::clean::{chrome_reason, Dropped};
use super::model::{Block, BlockKind, Inline, Item};

/// Longest line taken for a heading.
const HEADING_MAX_CHARS: usize = 90;
const HEADING_MAX_WORDS: usize = 12;
/// Longest line taken for an item of a list that has no bullets.
const BARE_ITEM_MAX_CHARS: usize = 200;

struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

#[derive(PartialEq)]
enum Open {
    Nothing,
    Paragraph,
    /// A list: bulleted, or bare lines after a colon.
    List {
        bare: bool,
    },
}

struct Reader {
    blocks: Vec<Block>,
    dropped: Vec<Dropped>,
    /// Blank lines separate paragraphs in this text (otherwise every line is one).
    blank_separated: bool,
    open: Open,
    /// Lines of the open paragraph, or the open list's items with their indents.
    para: Vec<String>,
    para_line: usize,
    items: Vec<Item>,
    list_line: usize,
    /// Indents of the open list's levels.
    indents: Vec<usize>,
    blank_before: bool,
    /// The last paragraph ended with a colon: bare short lines after it are list items.
    colon_before: bool,
    address: bool,
}

/// Reads plain text into blocks. `text` has `\n` line ends and no control characters.
pub fn read(text: &str) -> (Vec<Block>, Vec<Dropped>) {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.trim_end();
            let body = raw.trim_start_matches([' ', '\t', '\u{a0}']);
            let indent = raw[..raw.len() - body.len()]
                .chars()
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            Line {
                number: i + 1,
                indent,
                text: body,
            }
        })
        .collect();
    let non_blank = lines.iter().filter(|l| !is_blank(l.text)).count();
    let blank = lines.len() - non_blank;
    let mut reader = Reader {
        blocks: Vec::new(),
        dropped: Vec::new(),
        blank_separated: blank * 4 >= non_blank,
        open: Open::Nothing,
        para: Vec::new(),
        para_line: 0,
        items: Vec::new(),
        list_line: 0,
        indents: Vec::new(),
        blank_before: true,
        colon_before: false,
        address: false,
    };
    for (i, line) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map(|l| l.text).filter(|t| !is_blank(t));
        reader.line(line, next);
    }
    reader.close();
    (reader.blocks, reader.dropped)
}

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace())
}

/// A bullet at the start of a line: the item text and whether it is numbered.
fn bullet(text: &str) -> Option<(&str, bool)> {
    for mark in ['•', '◦', '▪', '‣', '·', '●', '○'] {
        if let Some(rest) = text.strip_prefix(mark) {
            return Some((rest.trim_start(), false));
        }
    }
    for mark in ["– ", "— ", "* ", "- ", "+ "] {
        if let Some(rest) = text.strip_prefix(mark) {
            return Some((rest.trim_start(), false));
        }
    }
    // "1. ", "2) ", "(a) ", "a) "
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((rest.trim_start(), true));
        }
    }
    None
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':', ';'])
}

fn starts_lower(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '(')
}

/// A short line without final punctuation (or a question) that starts like a title.
fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let first = text.chars().next();
    words <= HEADING_MAX_WORDS
        && text.chars().count() <= HEADING_MAX_CHARS
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !text.trim_end().ends_with(['.', ',', ';', ':', '!'])
        && !text.contains('@')
        && !text.contains("://")
}

impl Reader {
    fn line(&mut self, line: &Line, next: Option<&str>) {
        if is_blank(line.text) {
            self.blank();
            return;
        }
        if let Some(reason) = chrome_reason(line.text) {
            self.dropped.push(Dropped {
                line: Some(line.number),
                text: line.text.to_string(),
                reason,
            });
            self.close_paragraph();
            return;
        }
        if let Some((rest, ordered)) = bullet(line.text) {
            self.bullet(line, rest, ordered);
            self.blank_before = false;
            return;
        }
        let text = line.text;
        // Inside a list: a wrapped item, or a bare item, or the end of the list.
        if let Open::List { bare } = self.open {
            let last = self
                .items
                .last()
                .map(|i| super::model::plain_text(&i.content));
            if !self.blank_before
                && !bare
                && last.as_deref().is_some_and(|l| !ends_sentence(l))
                && starts_lower(text)
            {
                self.append_to_item(text);
                self.blank_before = false;
                return;
            }
            if bare && self.is_bare_item(text) {
                self.push_item(0, text, false);
                self.blank_before = false;
                return;
            }
            self.close_list();
        }
        if self.open == Open::Paragraph && !self.blank_before {
            let prev = self.para.last().map(String::as_str).unwrap_or_default();
            let address_start = self.blank_separated
                && self.para.len() == 1
                && prev.chars().count() <= 40
                && is_address_line(text);
            if self.address || address_start {
                self.address = true;
                self.para.push(text.to_string());
                self.blank_before = false;
                return;
            }
            let wrapped = !ends_sentence(prev)
                && (starts_lower(text) || (self.blank_separated && !looks_like_heading(prev)));
            if wrapped {
                self.para.push(text.to_string());
                self.blank_before = false;
                return;
            }
        }
        self.close_paragraph();
        if !self.blank_separated && self.colon_before && self.is_bare_item(text) {
            self.open = Open::List { bare: true };
            self.list_line = line.number;
            self.push_item(0, text, false);
            self.blank_before = false;
            return;
        }
        self.colon_before = false;
        // A heading, unless the next line goes on with its sentence or it starts an address.
        let continued = next.is_some_and(|n| starts_lower(n) && bullet(n).is_none());
        let address_follows = self.blank_separated && next.is_some_and(is_address_line);
        if looks_like_heading(text) && !continued && !address_follows {
            self.blocks.push(Block::new(
                BlockKind::Heading {
                    level: 2,
                    content: vec![Inline::Text(text.to_string())],
                },
                Some(line.number),
            ));
            self.blank_before = false;
            return;
        }
        self.open = Open::Paragraph;
        self.para_line = line.number;
        self.para.push(text.to_string());
        self.blank_before = false;
    }

    fn is_bare_item(&self, text: &str) -> bool {
        !text.trim_end().ends_with(['.', '!', '?', ':'])
            && text.chars().count() <= BARE_ITEM_MAX_CHARS
    }

    fn blank(&mut self) {
        self.close_paragraph();
        self.blank_before = true;
    }

    fn bullet(&mut self, line: &Line, rest: &str, ordered: bool) {
        self.close_paragraph();
        if self.open == (Open::List { bare: true }) {
            self.close_list();
        }
        if self.open == Open::Nothing {
            self.open = Open::List { bare: false };
            self.list_line = line.number;
            self.indents.clear();
        }
        // Depth from indentation: deeper than the current level opens a level, shallower
        // closes levels back to the matching one.
        let depth = match self.indents.iter().position(|&i| line.indent <= i) {
            Some(p) => {
                self.indents.truncate(p + 1);
                self.indents[p] = self.indents[p].min(line.indent);
                p
            }
            None => {
                self.indents.push(line.indent);
                self.indents.len() - 1
            }
        };
        // "…provided• research into…": one line holding two items.
        for part in rest.split('•') {
            let part = part.trim();
            if !part.is_empty() {
                self.push_item(depth, part, ordered);
            }
        }
    }

    fn push_item(&mut self, depth: usize, text: &str, ordered: bool) {
        // Never deeper than one level below the previous item.
        let max = self.items.last().map(|i| i.depth + 1).unwrap_or(0);
        self.items.push(Item {
            depth: depth.min(max),
            ordered,
            content: vec![Inline::Text(text.to_string())],
        });
    }

    fn append_to_item(&mut self, text: &str) {
        if let Some(item) = self.items.last_mut() {
            item.content.push(Inline::Text(format!(" {text}")));
        }
    }

    /// Ends the open paragraph, if any; an open list stays open.
    fn close_paragraph(&mut self) {
        if self.open == Open::Paragraph {
            self.open = Open::Nothing;
        }
        if self.para.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.para);
        let text = lines.join(" ");
        self.colon_before = text.trim_end().ends_with(':');
        let content = if self.address {
            let mut content = Vec::new();
            for (i, l) in lines.into_iter().enumerate() {
                if i > 0 {
                    content.push(Inline::Break);
                }
                content.push(Inline::Text(l));
            }
            content
        } else {
            vec![Inline::Text(text)]
        };
        self.address = false;
        self.blocks.push(Block::new(
            BlockKind::Paragraph(content),
            Some(self.para_line),
        ));
    }

    fn close_list(&mut self) {
        if !self.items.is_empty() {
            let items = std::mem::take(&mut self.items);
            self.blocks
                .push(Block::new(BlockKind::List(items), Some(self.list_line)));
        }
        self.indents.clear();
        self.open = Open::Nothing;
        self.colon_before = false;
    }

    fn close(&mut self) {
        self.close_paragraph();
        self.close_list();
    }
}

/// A short line of a postal address ("Vespasian House," … "DT1 1TG").
fn is_address_line(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 40 && (t.ends_with(',') || is_postcode(t))
}

/// A UK postcode, e.g. "DT1 1TG", "SE1P 5LX".
fn is_postcode(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() != 2 {
        return false;
    }
    let (out, inw) = (parts[0], parts[1]);
    let inw_ok = inw.len() == 3
        && inw.as_bytes()[0].is_ascii_digit()
        && inw.as_bytes()[1..].iter().all(u8::is_ascii_uppercase);
    let out_ok = (2..=4).contains(&out.len())
        && out.as_bytes()[0].is_ascii_uppercase()
        && out
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && out.bytes().any(|b| b.is_ascii_digit());
    inw_ok && out_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        read(text)
            .0
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { .. } => format!("H:{}", b.plain_text()),
                BlockKind::Paragraph(_) => format!("P:{}", b.plain_text()),
                BlockKind::List(items) => format!(
                    "L:{}",
                    items
                        .iter()
                        .map(|i| format!(
                            "{}{}",
                            ">".repeat(i.depth),
                            super::super::model::plain_text(&i.content)
                        ))
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                BlockKind::Table(_) => "T".into(),
            })
            .collect()
    }

    #[test]
    fn line_per_paragraph_with_bare_lists() {
        let text = "We use data for these services:\nMidwives\nHealth Visitors\nThe processing is lawful.\nYour rights\nYou can ask us by emailing\nname@example.gov.uk and we reply.\nWhat rights do I have?\nSome.";
        assert_eq!(
            kinds(text),
            [
                "P:We use data for these services:",
                "L:Midwives|Health Visitors",
                "P:The processing is lawful.",
                "H:Your rights",
                "P:You can ask us by emailing name@example.gov.uk and we reply.",
                "H:What rights do I have?",
                "P:Some."
            ]
        );
    }

    #[test]
    fn blank_separated_with_bullets_and_nesting() {
        let text = "Heading one\n\nIntro:\n\n  • first• second\n  • third where\n    • nested\n  • back\n\nAfter.\n\n";
        assert_eq!(
            kinds(text),
            [
                "H:Heading one",
                "P:Intro:",
                "L:first|second|third where|>nested|back",
                "P:After."
            ]
        );
    }

    #[test]
    fn addresses_keep_their_lines() {
        let text = "Write to us at:\n\nData Team\nNHS Dorset,\nVespasian House,\nDorchester,\nDT1 1TG\n\nNext.\n\n";
        let (blocks, _) = read(text);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        let BlockKind::Paragraph(content) = &blocks[1].kind else {
            panic!()
        };
        assert_eq!(content.iter().filter(|i| **i == Inline::Break).count(), 4);
    }
}
