//! Markdown to safe HTML, with an anchor on every heading and the notice split into
//! sections (the text under each heading) for the search index and the table of contents.

use crate::text::collapse_whitespace;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::model::slug::slugify;

/// Ids the templates use themselves; a heading never takes one of them.
const RESERVED_IDS: &[&str] = &["main", "top", "toc", "content", "search", "search-input"];

/// A part of a notice: the text under one heading, or the introduction before the first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section {
    /// Heading level 2–6, or 0 for the introduction.
    pub level: u8,
    pub heading: String,
    /// Element id of the heading; empty for the introduction.
    pub anchor: String,
    /// Headings of the enclosing sections, outermost first.
    pub parents: Vec<String>,
    /// Plain text of the section, without its heading.
    pub text: String,
    /// The same text cut at block boundaries (paragraphs, list items, table cells), each
    /// whitespace-collapsed: what fact extraction reads and quotes from.
    #[serde(skip)]
    pub blocks: Vec<String>,
}

impl Section {
    /// The heading with its parents, e.g. "National data opt-out › How we use it".
    pub fn heading_path(&self) -> String {
        let mut parts = self.parents.clone();
        parts.push(self.heading.clone());
        parts.join(" › ")
    }
}

/// A rendered notice body.
#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    pub html: String,
    pub sections: Vec<Section>,
}

/// Renders notice Markdown. Raw HTML in the source is shown as text, never passed through,
/// and the result is sanitised again so that nothing executable reaches a page.
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<Event> = parse(markdown).collect();

    let mut ids = UniqueIds::new();
    let mut sections = vec![Section {
        level: 0,
        heading: String::new(),
        anchor: String::new(),
        parents: Vec::new(),
        text: String::new(),
        blocks: Vec::new(),
    }];
    let mut block = String::new();
    let mut stack: Vec<(u8, String)> = Vec::new();
    // The events with a section link after each heading, built as we go: inserting into
    // `events` would move everything after it once per heading.
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = heading_level(*level);
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map(|p| i + p)
                .unwrap_or(events.len() - 1);
            let heading = collapse_whitespace(&plain_text(&events[i + 1..end]));
            let anchor = ids.take(&slugify(&heading));
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor.clone()));
            }
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            if let Some(last) = sections.last_mut() {
                flush_block(&mut block, &mut last.blocks);
            }
            // A link to the section under its heading, which the theme's script turns into a
            // "copy link" button.
            let link = format!(
                "<p class=\"section-link\"><a href=\"#{anchor}\">Link to this section<span class=\"visually-hidden\">: {}</span></a></p>\n",
                escape_html(&heading),
            );
            sections.push(Section {
                level,
                heading: heading.clone(),
                anchor,
                parents: stack.iter().map(|(_, h)| h.clone()).collect(),
                text: String::new(),
                blocks: Vec::new(),
            });
            out.extend(
                events[i..=end]
                    .iter_mut()
                    .map(|e| std::mem::replace(e, Event::SoftBreak)),
            );
            out.push(Event::Html(CowStr::from(link)));
            stack.push((level, heading));
            i = end + 1;
            continue;
        }
        let current = sections.last_mut().expect("there is always a section");
        append_text(&mut current.text, &events[i]);
        match &events[i] {
            Event::Start(Tag::List(_) | Tag::Item | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => flush_block(&mut block, &mut current.blocks),
            event => append_text(&mut block, event),
        }
        out.push(std::mem::replace(&mut events[i], Event::SoftBreak));
        i += 1;
    }
    let events = out;
    if let Some(last) = sections.last_mut() {
        flush_block(&mut block, &mut last.blocks);
    }
    for section in &mut sections {
        section.text = collapse_whitespace(&section.text);
    }
    if sections[0].text.is_empty() {
        sections.remove(0);
    }

    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitize(&raw),
        sections,
    }
}

/// The Markdown extensions notices may use.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Elements nested deeper than this (quotes in quotes, lists in lists, emphasis in
/// emphasis) are read as their text: no notice needs more, and every later stage (the HTML
/// sanitiser's parser above all) costs depth times length.
pub const MAX_NESTING: usize = 48;

/// The notice's events as every stage reads them: raw HTML as text, nesting past
/// [`MAX_NESTING`] flattened.
fn parse(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let mut open: Vec<bool> = Vec::new();
    let mut kept = 0usize;
    Parser::new_ext(markdown, OPTIONS)
        .map(html_as_text)
        .map(move |event| match event {
            Event::Start(_) => {
                let keep = kept < MAX_NESTING;
                open.push(keep);
                if keep {
                    kept += 1;
                    event
                } else {
                    Event::SoftBreak
                }
            }
            Event::End(_) => match open.pop() {
                Some(true) => {
                    kept -= 1;
                    event
                }
                _ => Event::SoftBreak,
            },
            other => other,
        })
}

/// Raw HTML in a notice is text.
fn html_as_text(event: Event) -> Event {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    }
}

/// The anchors `render` gives the headings of `markdown`, in order, without rendering it:
/// what link checks need.
pub fn heading_anchors(markdown: &str) -> Vec<String> {
    let mut ids = UniqueIds::new();
    let mut anchors = Vec::new();
    let mut heading: Option<String> = None;
    for event in parse(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading.take() {
                    let text = collapse_whitespace(&text);
                    anchors.push(ids.take(&slugify(&text)));
                }
            }
            event => {
                if let Some(text) = &mut heading {
                    append_text(text, &event);
                }
            }
        }
    }
    anchors
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        append_text(&mut out, e);
    }
    out
}

fn append_text(out: &mut String, event: &Event) {
    match event {
        Event::Text(t) | Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        Event::End(
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
        ) => out.push(' '),
        _ => {}
    }
}

/// Ends the current block: keeps it, collapsed, unless it is blank.
fn flush_block(block: &mut String, blocks: &mut Vec<String>) {
    let text = collapse_whitespace(block);
    if !text.is_empty() {
        blocks.push(text);
    }
    block.clear();
}

/// Heading ids, each given once: a repeated base takes the next free `-N`, counted per base
/// so that many identical headings cost no more than many different ones.
struct UniqueIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UniqueIds {
    fn new() -> UniqueIds {
        UniqueIds {
            used: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    fn take(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Keeps only harmless markup: no scripts, styles, frames, event handlers or `javascript:`
/// links; heading ids survive so anchors work.
pub fn sanitize(html: &str) -> String {
    static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id"])
            .add_allowed_classes("p", ["section-link"])
            .add_allowed_classes("span", ["visually-hidden"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        builder
    });
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_anchors_and_sections() {
        let md = "Intro text.\n\n## Your rights\n\nYou may ask.\n\n### Access\n\n- one\n- two\n\n## Your rights\n\nAgain.\n";
        let r = render(md);
        assert!(
            r.html.contains(r#"<h2 id="your-rights">Your rights</h2>"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r##"<a href="#your-rights" rel="noopener noreferrer">Link to this section<span class="visually-hidden">: Your rights</span></a>"##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="your-rights-1">"#), "{}", r.html);
        let anchors: Vec<_> = r.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["", "your-rights", "access", "your-rights-1"]);
        assert_eq!(r.sections[0].text, "Intro text.");
        assert_eq!(r.sections[2].text, "one two");
        assert_eq!(r.sections[2].parents, vec!["Your rights".to_string()]);
        assert_eq!(r.sections[2].heading_path(), "Your rights › Access");
        assert!(r.sections[3].parents.is_empty());
        assert_eq!(r.sections[2].blocks, ["one", "two"]);
    }

    #[test]
    fn blocks_follow_paragraphs_items_and_line_breaks() {
        let r = render(
            "## A\n\nFirst para\nstill first.\n\n- item *one*\n- item two\n  - nested\n\nLast.\n",
        );
        assert_eq!(
            r.sections[0].blocks,
            [
                "First para still first.",
                "item one",
                "item two",
                "nested",
                "Last."
            ]
        );
    }

    #[test]
    fn raw_html_is_shown_as_text_not_run() {
        let r = render("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<iframe src=\"https://evil\"></iframe>\n");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(!r.html.contains("<iframe"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }

    #[test]
    fn headings_in_notice_text_cannot_inject_markup_through_section_links() {
        let r = render("## A <b>bold</b> \"claim\"\n\ntext\n");
        assert!(!r.html.contains("<b>"), "{}", r.html);
        assert!(
            r.html
                .contains("visually-hidden\">: A &lt;b&gt;bold&lt;/b&gt;"),
            "{}",
            r.html
        );
        assert_eq!(r.sections[0].heading, "A <b>bold</b> \"claim\"");
    }

    #[test]
    fn javascript_links_are_removed() {
        let r =
            render("[click](javascript:alert(1)) and [ok](https://example.org) <mailto:a@b.uk>\n");
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(
            r.html.contains(r#"href="https://example.org""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="mailto:a@b.uk""#), "{}", r.html);
    }

    #[test]
    fn heading_anchors_are_those_of_the_rendered_page() {
        for md in [
            "Intro.\n\n## Your rights\n\nYou may ask.\n\n### Access\n\n## Your rights\n\nAgain.\n",
            "## Main\n\ntext\n\n## A <b>bold</b> `code` \"claim\"\n\n# Top\n\nSetext\n------\n\n## \n",
            "Intro only, no heading.\n",
            "- ## in a list\n\n> ## quoted\n\n## Children’s services\n",
        ] {
            let rendered: Vec<String> = render(md)
                .sections
                .into_iter()
                .map(|s| s.anchor)
                .filter(|a| !a.is_empty())
                .collect();
            assert_eq!(heading_anchors(md), rendered, "{md}");
        }
    }

    #[test]
    fn deep_nesting_is_flattened_into_text() {
        let md = format!("{} deep\n\n## After\n", ">".repeat(5000));
        let r = render(&md);
        assert!(
            r.html.matches("<blockquote>").count() <= MAX_NESTING,
            "{}",
            r.html.len()
        );
        assert!(r.html.contains("deep"));
        assert_eq!(heading_anchors(&md), ["after"]);
        let md = format!("{}x\n", "- ".repeat(3000));
        assert!(render(&md).html.matches("<ul>").count() <= MAX_NESTING);
    }

    #[test]
    fn many_identical_headings_get_numbered_anchors() {
        let md = "## Same\n\nx\n\n".repeat(2000);
        let anchors = heading_anchors(&md);
        assert_eq!(anchors[0], "same");
        assert_eq!(anchors[1999], "same-1999");
        let mut unique = anchors.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 2000);
    }

    #[test]
    fn reserved_ids_are_not_taken_by_headings() {
        let r = render("## Main\n\ntext\n");
        assert!(r.html.contains(r#"id="main-1""#), "{}", r.html);
    }
}
