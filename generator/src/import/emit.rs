//! Blocks to Markdown. Every character of untrusted text is written so that it reads back as
//! that text: Markdown punctuation is escaped, so no input can become a link, HTML, code or a
//! heading it was not. Email addresses, phone numbers and web addresses in the text become
//! links; link targets are only http, https, mailto or tel.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Block, BlockKind, Inline, Item};

/// How many links of each kind the text gained.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LinkCounts {
    pub emails: usize,
    pub phones: usize,
    pub web: usize,
    /// Links that came with the page (HTML).
    pub page: usize,
}

static LINKABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<email>\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
        r"|(?P<url>\bhttps?://[^\s<>\x22]+|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\x22]*)",
        r"|(?P<phone>(?:\+44\s?(?:\(0\)\s?)?|\(?\b0)\d[\d\s)-]{7,14}\d)"
    ))
    .expect("valid regex")
});

/// Writes the notice body.
pub fn write(blocks: &[Block]) -> (String, LinkCounts) {
    let mut out = String::new();
    let mut counts = LinkCounts::default();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match &block.kind {
            BlockKind::Heading { level, content } => {
                out.push_str(&"#".repeat((*level).clamp(2, 6) as usize));
                out.push(' ');
                let mut text = inline(content, &mut counts, false);
                if text.ends_with('#') {
                    text.insert(text.len() - 1, '\\');
                }
                out.push_str(&text);
                out.push('\n');
            }
            BlockKind::Paragraph(content) => {
                out.push_str(&inline(content, &mut counts, false));
                out.push('\n');
            }
            BlockKind::List(items) => write_list(&mut out, items, &mut counts),
            BlockKind::Table(rows) => write_table(&mut out, rows, &mut counts),
        }
    }
    (out, counts)
}

fn write_list(out: &mut String, items: &[Item], counts: &mut LinkCounts) {
    // Indent of each open level: the width of its parent's marker.
    let mut indents: Vec<usize> = Vec::new();
    let mut numbers: Vec<usize> = Vec::new();
    for item in items {
        indents.truncate(item.depth);
        numbers.truncate(item.depth + 1);
        while numbers.len() < item.depth + 1 {
            numbers.push(0);
        }
        numbers[item.depth] += 1;
        let pad: usize = indents.iter().sum();
        let marker = if item.ordered {
            format!("{}. ", numbers[item.depth])
        } else {
            "- ".to_string()
        };
        out.push_str(&" ".repeat(pad));
        out.push_str(&marker);
        let text = inline(&item.content, counts, false);
        // Continuation lines (after a break) sit under the item's text.
        out.push_str(&text.replace('\n', &format!("\n{}", " ".repeat(pad + marker.len()))));
        out.push('\n');
        indents.push(marker.len());
    }
}

fn write_table(out: &mut String, rows: &[Vec<Vec<Inline>>], counts: &mut LinkCounts) {
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for cell in row {
            out.push(' ');
            out.push_str(&inline(cell, counts, true));
            out.push_str(" |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            for _ in row {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
    }
}

/// Inline content as Markdown on one line (or lines joined by hard breaks).
fn inline(content: &[Inline], counts: &mut LinkCounts, in_table: bool) -> String {
    let mut out = String::new();
    for part in content {
        match part {
            Inline::Text(text) => linkify(text, &mut out, counts, in_table),
            Inline::Link { text, href } => {
                counts.page += 1;
                out.push_str(&link(text, href, in_table));
            }
            Inline::Break => {
                if in_table {
                    out.push(' ');
                } else {
                    out.push_str("\\\n");
                }
            }
        }
    }
    // Each line must start as plain text, not as a heading, list, quote or rule.
    out.split('\n')
        .map(escape_line_start)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes text and turns the email addresses, web addresses and phone numbers in it
/// into links.
fn linkify(text: &str, out: &mut String, counts: &mut LinkCounts, in_table: bool) {
    let mut last = 0;
    for caps in LINKABLE.captures_iter(text) {
        let m = caps.get(0).expect("match");
        let (start, mut end) = (m.start(), m.end());
        let formatted = if caps.name("email").is_some() {
            counts.emails += 1;
            format!("<{}>", m.as_str())
        } else if caps.name("url").is_some() {
            end = start + trim_url(m.as_str()).len();
            let shown = &text[start..end];
            let href = if shown.starts_with("www.") {
                format!("https://{shown}")
            } else {
                shown.to_string()
            };
            counts.web += 1;
            if href == shown && !in_table {
                format!("<{}>", encode_url(&href))
            } else {
                link(shown, &href, in_table)
            }
        } else {
            let number = m.as_str().trim_end_matches([' ', '-', ')']);
            end = start + number.len();
            match tel(number) {
                Some(href) => {
                    counts.phones += 1;
                    link(number, &href, in_table)
                }
                None => continue,
            }
        };
        out.push_str(&escape(&text[last..start], in_table));
        out.push_str(&formatted);
        last = end;
    }
    out.push_str(&escape(&text[last..], in_table));
}

/// A web address without the sentence punctuation that follows it.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’', '”']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

/// A `tel:` URL for a UK number written with 10 or 11 digits, e.g. "0300 555 2345".
fn tel(number: &str) -> Option<String> {
    let international = number.starts_with("+44");
    let digits: String = number
        .trim_start_matches("+44")
        .replace("(0)", "")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let national = if international {
        format!("0{digits}")
    } else {
        digits
    };
    if !(10..=11).contains(&national.len())
        || !national.starts_with('0')
        || national.starts_with("00")
    {
        return None;
    }
    if number.contains("  ") {
        return None;
    }
    Some(format!("tel:+44{}", &national[1..]))
}

/// `[text](href)` with the text escaped and the target percent-encoded where needed.
fn link(text: &str, href: &str, in_table: bool) -> String {
    format!("[{}]({})", escape(text, in_table), encode_url(href))
}

/// Percent-encodes what would end or confuse a Markdown link target.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            '|' => out.push_str("%7C"),
            '"' => out.push_str("%22"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes Markdown punctuation inside a line of text.
pub fn escape(text: &str, in_table: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
            '|' => in_table,
            '_' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            '&' => {
                // Only where it would start an entity such as &amp; or &#60;.
                let rest: String = chars[i + 1..].iter().take(34).collect();
                let name_len = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                    .count();
                name_len > 0 && rest[name_len..].starts_with(';')
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would make a line start a block: `#`, `>`, `-`, `+`, `=`, `1.`.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('#' | '>' | '-' | '+' | '=') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let rest = &line[digits..];
            if digits <= 9
                && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
            {
                format!("{}\\{}", &line[..digits], rest)
            } else {
                line.to_string()
            }
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::{Block, BlockKind, Inline};

    fn para(text: &str) -> String {
        write(&[Block::new(
            BlockKind::Paragraph(vec![Inline::Text(text.to_string())]),
            None,
        )])
        .0
    }

    #[test]
    fn markdown_punctuation_is_escaped() {
        assert_eq!(para("# not a heading"), "\\# not a heading\n");
        assert_eq!(
            para("<script>alert(1)</script>"),
            "\\<script>alert(1)\\</script>\n"
        );
        assert_eq!(
            para("a `code` *b* [c](d) _e_ snake_case"),
            "a \\`code\\` \\*b\\* \\[c\\](d) \\_e\\_ snake_case\n"
        );
        assert_eq!(para("2018. The year"), "2018\\. The year\n");
        assert_eq!(para("- dash"), "\\- dash\n");
        assert_eq!(para("A & E &amp; more"), "A & E \\&amp; more\n");
    }

    #[test]
    fn contacts_become_links() {
        assert_eq!(
            para("Email dpo@southwark.gov.uk or call 0207 525 5000."),
            "Email <dpo@southwark.gov.uk> or call [0207 525 5000](tel:+442075255000).\n"
        );
        assert_eq!(
            para("See https://www.example.gov.uk/privacy. Or www.ico.org.uk"),
            "See <https://www.example.gov.uk/privacy>. Or [www.ico.org.uk](https://www.ico.org.uk)\n"
        );
        assert_eq!(
            para("PO Box 64529, SE1P 5LX in 2018"),
            "PO Box 64529, SE1P 5LX in 2018\n"
        );
        assert_eq!(
            para("(01305) 368900 and +44 (0)20 7525 5000"),
            "[(01305) 368900](tel:+441305368900) and [+44 (0)20 7525 5000](tel:+442075255000)\n"
        );
    }

    #[test]
    fn nested_and_ordered_lists() {
        let item = |depth, ordered, t: &str| Item {
            depth,
            ordered,
            content: vec![Inline::Text(t.into())],
        };
        let (md, _) = write(&[Block::new(
            BlockKind::List(vec![
                item(0, true, "one"),
                item(1, false, "inner"),
                item(0, true, "two"),
            ]),
            None,
        )]);
        assert_eq!(md, "1. one\n   - inner\n2. two\n");
    }
}
