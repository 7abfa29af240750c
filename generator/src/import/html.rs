//! A web page saved as HTML: parsed with html5ever (through `scraper`), its main content
//! found, scripts, styles, frames, forms, navigation, cookie banners and footers skipped, and
//! the rest turned into headings, paragraphs, lists and tables. Links survive only as http,
//! https, mailto or tel.

use ego_tree::NodeRef;
use scraper::{Html, Node};
use url::Url;

use super::clean::Dropped;
use super::model::{collapse, normalize, plain_text, Block, BlockKind, Inline, Item};

/// Elements whose content is never notice text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "canvas", "video", "audio", "img", "picture", "map", "form",
    "button", "input", "select", "textarea", "option", "nav", "aside", "dialog", "link", "meta",
    "base", "title",
];

/// Class or id words of page furniture.
const CHROME_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr-banner",
    "breadcrumb",
    "breadcrumbs",
    "skip",
    "skiplink",
    "skip-link",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "share",
    "sharing",
    "social",
    "search",
    "feedback",
    "masthead",
    "site-header",
    "site-footer",
    "global-header",
    "global-footer",
    "visually-hidden",
    "sr-only",
    "print-only",
    "alert-banner",
];

/// Nesting deeper than this is read as flat text (a hostile page cannot exhaust the stack).
const MAX_DEPTH: usize = 200;

/// Elements open inside each other deeper than this are refused before parsing: the HTML
/// parser's scope checks walk the open elements, so depth times length is its cost. Real
/// notice pages nest 20 to 60 deep.
pub const MAX_NESTING: usize = 256;

/// Elements that never hold others, or whose end tags the parser supplies itself: not
/// counted as nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "optgroup", "rb", "rt", "rtc", "rp", "colgroup", "caption", "html", "head", "body",
    "frame", "basefont", "bgsound", "image",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Where the page first nests elements deeper than [`MAX_NESTING`]: the 1-based line and the
/// element. One pass over the text, tags counted as a parser would roughly see them
/// (comments, raw text and self-closing tags skipped).
pub fn too_deep(html: &str) -> Option<(usize, String)> {
    let bytes = html.as_bytes();
    let find = |from: usize, needle: &[u8]| -> Option<usize> {
        bytes
            .get(from..)?
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map(|p| from + p)
    };
    let mut depth = 0usize;
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + p;
        i = start + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(i + 3, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml>`, a lone `<`: no element.
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        // The tag's end, quotes in attribute values respected.
        let mut j = name_start + name_len;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let self_closing = j > 0 && bytes.get(j - 1) == Some(&b'/');
        i = (j + 1).min(bytes.len());
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            // Only an end tag of an element still open closes anything (the parser ignores
            // stray ones, so they must not lower the count).
            if let Some(count) = open.get_mut(&name).filter(|c| **c > 0) {
                *count -= 1;
                depth -= 1;
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Past the end tag: the content is text, the element never nests.
            let end = format!("</{name}");
            i = match find(i, end.as_bytes()) {
                Some(e) => bytes[e..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |p| e + p + 1),
                None => bytes.len(),
            };
            continue;
        }
        if self_closing {
            continue;
        }
        *open.entry(name.clone()).or_insert(0) += 1;
        depth += 1;
        if depth > MAX_NESTING {
            let line = html[..start].matches('\n').count() + 1;
            return Some((line, name));
        }
    }
    None
}

/// What the reader found besides blocks.
#[derive(Debug, Default)]
pub struct HtmlFindings {
    /// The page's `<title>`.
    pub page_title: Option<String>,
    /// Text of the first `<h1>` in the content.
    pub h1: Option<String>,
    /// Links dropped: unsafe schemes, or relative with no base URL to resolve them.
    pub links_dropped: Vec<String>,
    /// Elements skipped, by name, with a count.
    pub skipped: Vec<(String, usize)>,
    /// The element the notice was taken from, when not the whole page.
    pub content_root: Option<String>,
}

struct Reader<'a> {
    base: Option<&'a Url>,
    blocks: Vec<Block>,
    inline: Vec<Inline>,
    /// Open lists: whether each is ordered. Items are collected flat with their depth.
    lists: Vec<bool>,
    items: Vec<Item>,
    findings: HtmlFindings,
    /// Elements skipped, counted by description (a page may have thousands).
    skipped: std::collections::HashMap<String, usize>,
    dropped: Vec<Dropped>,
}

/// Reads an HTML page into blocks.
pub fn read(html: &str, base: Option<&Url>) -> (Vec<Block>, Vec<Dropped>, HtmlFindings) {
    let doc = Html::parse_document(html);
    let mut reader = Reader {
        base,
        blocks: Vec::new(),
        inline: Vec::new(),
        lists: Vec::new(),
        items: Vec::new(),
        findings: HtmlFindings::default(),
        skipped: Default::default(),
        dropped: Vec::new(),
    };
    let root = *doc.root_element();
    reader.findings.page_title = find_first(root, "title")
        .map(|t| collapse(&text_of(t)))
        .filter(|t| !t.is_empty());
    let content = main_content(root);
    let inside_main = content.id() != root.id();
    if inside_main {
        reader.findings.content_root = content.value().as_element().map(describe);
    }
    reader.walk(content, 0, inside_main);
    reader.flush_paragraph();
    // No main content found in the chosen element: fall back to the whole body.
    if reader.blocks.is_empty() && inside_main {
        reader.findings.content_root = None;
        reader.walk(root, 0, false);
        reader.flush_paragraph();
    }
    reader.findings.skipped = reader.skipped.drain().collect();
    reader.findings.skipped.sort();
    (reader.blocks, reader.dropped, reader.findings)
}

/// `<main>`, else an element with `role="main"`, else the only `<article>`, else the page.
fn main_content(root: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
    if let Some(main) = find_first(root, "main") {
        return main;
    }
    if let Some(main) = root.descendants().find(|n| {
        n.value()
            .as_element()
            .is_some_and(|e| e.attr("role") == Some("main"))
    }) {
        return main;
    }
    let articles: Vec<_> = root
        .descendants()
        .filter(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        })
        .collect();
    if articles.len() == 1 {
        return articles[0];
    }
    root
}

fn find_first<'a>(root: NodeRef<'a, Node>, name: &str) -> Option<NodeRef<'a, Node>> {
    root.descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == name))
}

/// All text below a node, scripts and styles left out.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if matches!(e.name(), "script" | "style" | "template") => {}
            _ => {
                let children: Vec<_> = n.children().collect();
                stack.extend(children.into_iter().rev());
            }
        }
        if matches!(n.value(), Node::Element(e) if is_block(e.name())) {
            out.push(' ');
        }
    }
    out
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "blockquote"
            | "address"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "details"
            | "summary"
            | "center"
            | "pre"
            | "hr"
            | "body"
            | "html"
            | "fieldset"
            | "legend"
            | "caption"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_chrome(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "search" | "dialog" | "alertdialog")
    ) {
        return true;
    }
    let style = e.attr("style").unwrap_or_default().replace(' ', "");
    if style.contains("display:none") || style.contains("visibility:hidden") {
        return true;
    }
    let words = e
        .attr("class")
        .unwrap_or_default()
        .split_whitespace()
        .chain(e.attr("id"))
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>();
    words.iter().any(|w| {
        CHROME_WORDS.contains(&w.as_str())
            || w.split(['-', '_']).any(|part| {
                matches!(
                    part,
                    "cookie"
                        | "cookies"
                        | "consent"
                        | "breadcrumb"
                        | "breadcrumbs"
                        | "navbar"
                        | "skiplink"
                        | "share"
                        | "social"
                        | "feedback"
                )
            })
    })
}

impl Reader<'_> {
    fn skip(&mut self, name: String) {
        *self.skipped.entry(name).or_insert(0) += 1;
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, depth: usize, inside_main: bool) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.inline.push(Inline::Text(t.to_string())),
                Node::Element(e) => self.element(child, e, depth + 1, inside_main),
                _ => {}
            }
        }
    }

    fn element(
        &mut self,
        node: NodeRef<'_, Node>,
        e: &scraper::node::Element,
        depth: usize,
        inside_main: bool,
    ) {
        let name = e.name();
        if SKIPPED.contains(&name)
            || (!inside_main && matches!(name, "header" | "footer"))
            || is_chrome(e)
        {
            let text = collapse(&text_of(node));
            if !text.is_empty() && !matches!(name, "script" | "style" | "head" | "template") {
                self.dropped.push(Dropped {
                    line: None,
                    text: truncate(&text, 100),
                    reason: "page furniture (navigation, banner, form or embedded content)",
                });
            }
            self.skip(describe(e));
            return;
        }
        if depth > MAX_DEPTH {
            self.inline
                .push(Inline::Text(format!(" {} ", text_of(node))));
            return;
        }
        if let Some(level) = heading_level(name) {
            self.flush_paragraph();
            let start = self.inline.len();
            self.walk(node, depth, inside_main);
            let content = normalize(self.inline.split_off(start));
            if !content.is_empty() {
                if level == 1 && self.findings.h1.is_none() {
                    self.findings.h1 = Some(plain_text(&content));
                }
                self.blocks
                    .push(Block::new(BlockKind::Heading { level, content }, None));
            }
            return;
        }
        match name {
            "br" => self.inline.push(Inline::Break),
            "a" => self.link(node, e, depth, inside_main),
            "ul" | "ol" => self.list(node, name == "ol", depth, inside_main),
            "li" => self.item(node, depth, inside_main),
            "table" => self.table(node, depth),
            "hr" => self.flush_paragraph(),
            _ if is_block(name) => {
                self.flush_paragraph();
                self.walk(node, depth, inside_main);
                self.flush_paragraph();
            }
            _ => self.walk(node, depth, inside_main),
        }
    }

    fn link(
        &mut self,
        node: NodeRef<'_, Node>,
        e: &scraper::node::Element,
        depth: usize,
        inside_main: bool,
    ) {
        let start = self.inline.len();
        self.walk(node, depth, inside_main);
        let inner = self.inline.split_off(start);
        let text = collapse(&plain_text(&inner));
        match e.attr("href").map(str::trim) {
            Some(href) if !href.is_empty() && !href.starts_with('#') => {
                match safe_href(href, self.base) {
                    Some(href) if !text.is_empty() => {
                        self.inline.push(Inline::Link { text, href });
                        return;
                    }
                    Some(_) => {}
                    None => self.findings.links_dropped.push(truncate(href, 80)),
                }
                self.inline.extend(inner);
            }
            _ => self.inline.extend(inner),
        }
    }

    fn list(&mut self, node: NodeRef<'_, Node>, ordered: bool, depth: usize, inside_main: bool) {
        if self.lists.is_empty() {
            self.flush_paragraph();
        } else {
            // Text of the enclosing item so far becomes that item.
            self.flush_item();
        }
        self.lists.push(ordered);
        self.walk(node, depth, inside_main);
        self.flush_item();
        self.lists.pop();
        if self.lists.is_empty() && !self.items.is_empty() {
            let items = std::mem::take(&mut self.items);
            self.blocks.push(Block::new(BlockKind::List(items), None));
        }
    }

    fn item(&mut self, node: NodeRef<'_, Node>, depth: usize, inside_main: bool) {
        if self.lists.is_empty() {
            // A stray <li>: a paragraph.
            self.flush_paragraph();
            self.walk(node, depth, inside_main);
            self.flush_paragraph();
            return;
        }
        self.flush_item();
        self.walk(node, depth, inside_main);
        self.flush_item();
    }

    fn flush_item(&mut self) {
        let content = normalize(std::mem::take(&mut self.inline));
        if content.is_empty() || self.lists.is_empty() {
            return;
        }
        let depth = self.lists.len() - 1;
        let max = self.items.last().map(|i| i.depth + 1).unwrap_or(0);
        self.items.push(Item {
            depth: depth.min(max),
            ordered: *self.lists.last().unwrap_or(&false),
            content,
        });
    }

    fn table(&mut self, node: NodeRef<'_, Node>, depth: usize) {
        if !self.lists.is_empty() {
            self.inline
                .push(Inline::Text(format!(" {} ", text_of(node))));
            return;
        }
        self.flush_paragraph();
        let mut rows = Vec::new();
        // This table's own rows only: a nested table's rows belong to the cell holding it
        // (walking every descendant row from every enclosing table took time exponential in
        // the nesting).
        for row in own_rows(node) {
            let cells: Vec<Vec<Inline>> = row
                .children()
                .filter(|c| {
                    c.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "td" | "th"))
                })
                .map(|cell| self.cell(cell, depth))
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(cells);
            }
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        for row in &mut rows {
            row.resize(width, Vec::new());
        }
        self.blocks.push(Block::new(BlockKind::Table(rows), None));
    }

    /// A table cell as one line: its blocks joined with spaces, links kept.
    fn cell(&mut self, cell: NodeRef<'_, Node>, depth: usize) -> Vec<Inline> {
        let mut sub = Reader {
            base: self.base,
            blocks: Vec::new(),
            inline: Vec::new(),
            lists: Vec::new(),
            items: Vec::new(),
            findings: HtmlFindings::default(),
            skipped: Default::default(),
            dropped: Vec::new(),
        };
        sub.walk(cell, depth, true);
        sub.flush_paragraph();
        self.findings
            .links_dropped
            .append(&mut sub.findings.links_dropped);
        let mut content = Vec::new();
        for block in sub.blocks {
            let parts = match block.kind {
                BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => content,
                BlockKind::List(items) => items
                    .into_iter()
                    .flat_map(|i| {
                        let mut c = i.content;
                        c.push(Inline::Text("; ".into()));
                        c
                    })
                    .collect(),
                // A table inside a cell: its cells' text, in order.
                BlockKind::Table(rows) => rows
                    .into_iter()
                    .flatten()
                    .flat_map(|mut c| {
                        c.push(Inline::Text(" ".into()));
                        c
                    })
                    .collect(),
            };
            content.extend(parts.into_iter().map(|p| match p {
                Inline::Break => Inline::Text(" ".into()),
                other => other,
            }));
            content.push(Inline::Text(" ".into()));
        }
        normalize(content)
    }

    fn flush_paragraph(&mut self) {
        if !self.lists.is_empty() {
            // Block boundaries inside a list item only separate words.
            self.inline.push(Inline::Text(" ".into()));
            return;
        }
        let content = normalize(std::mem::take(&mut self.inline));
        if !content.is_empty() {
            self.blocks
                .push(Block::new(BlockKind::Paragraph(content), None));
        }
    }
}

/// The `<tr>` elements of a table itself (directly, or in its `<thead>`, `<tbody>`,
/// `<tfoot>`), not those of tables nested in its cells.
fn own_rows<'a>(table: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    let is = |n: &NodeRef<'_, Node>, names: &[&str]| {
        n.value()
            .as_element()
            .is_some_and(|e| names.contains(&e.name()))
    };
    table.children().flat_map(move |child| {
        let rows: Vec<NodeRef<'a, Node>> = if is(&child, &["tr"]) {
            vec![child]
        } else if is(&child, &["thead", "tbody", "tfoot"]) {
            child.children().filter(|r| is(r, &["tr"])).collect()
        } else {
            Vec::new()
        };
        rows
    })
}

fn describe(e: &scraper::node::Element) -> String {
    let name = e.name();
    match (e.attr("id"), e.attr("class")) {
        _ if SKIPPED.contains(&name) => format!("<{name}>"),
        (Some(id), _) => format!("<{name} id={}>", truncate(&collapse(id), 40)),
        (None, Some(class)) => format!("<{name} class={}>", truncate(&collapse(class), 40)),
        (None, None) => format!("<{name}>"),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A link target that is safe to keep: absolute http(s), mailto or tel, or relative to the
/// base URL when one is given. Anything else (javascript:, data:, file:, …) is `None`.
pub fn safe_href(href: &str, base: Option<&Url>) -> Option<String> {
    // Browsers ignore tabs and newlines inside URLs ("java\nscript:"); so do we, then parse.
    let cleaned: String = href
        .chars()
        .filter(|c| !c.is_whitespace() || *c == ' ')
        .collect();
    let cleaned = cleaned.trim();
    let url = match Url::parse(cleaned) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(cleaned).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https" | "mailto" | "tel").then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        read(html, None)
            .0
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, .. } => format!("h{level}:{}", b.plain_text()),
                BlockKind::Paragraph(_) => format!("p:{}", b.plain_text()),
                BlockKind::List(items) => format!(
                    "ul:{}",
                    items
                        .iter()
                        .map(|i| format!("{}{}", ">".repeat(i.depth), plain_text(&i.content)))
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                BlockKind::Table(rows) => format!("table:{}", rows.len()),
            })
            .collect()
    }

    #[test]
    fn main_content_without_furniture() {
        let html = r#"<!doctype html><html><head><title>Privacy</title><style>p{}</style></head>
        <body><header>Site name <nav><a href="/">Home</a></nav></header>
        <div class="cookie-banner"><p>We use cookies</p><button>Accept</button></div>
        <main><h1>Privacy notice</h1><p>We   collect <b>your</b> data.</p>
        <script>alert(1)</script><iframe src="x"></iframe>
        <h2>Rights</h2><ul><li>Access<ul><li>copies</li></ul></li><li>Erasure</li></ul>
        <table><tr><th>Purpose</th><th>Basis</th></tr><tr><td>Care</td><td><p>6(1)(e)</p></td></tr></table>
        </main><footer>© Council</footer></body></html>"#;
        assert_eq!(
            texts(html),
            [
                "h1:Privacy notice",
                "p:We collect your data.",
                "h2:Rights",
                "ul:Access|>copies|Erasure",
                "table:2"
            ]
        );
    }

    #[test]
    fn deep_nesting_is_found_in_one_pass() {
        let deep = |open: &str, n: usize| format!("<html><body>\n{}", open.repeat(n));
        assert_eq!(too_deep(&deep("<div>", 300)), Some((2, "div".into())));
        assert!(too_deep(&deep("<div></div>", 100_000)).is_none());
        assert!(too_deep(&deep("<p>x", 100_000)).is_none());
        assert!(too_deep(&deep("<br><img src=x><input>", 10_000)).is_none());
        assert!(too_deep(&deep("<div/>", 10_000)).is_none());
        // Stray end tags and raw text do not hide nesting.
        assert!(too_deep(&deep("<div></span>", 300)).is_some());
        assert!(too_deep(&deep("<div><script>x</script>", 300)).is_some());
        assert!(too_deep(&deep("<div><!-- </div> -->", 300)).is_some());
        // Tags inside comments, scripts and attribute values are not elements.
        assert!(too_deep(&format!("<!--{}-->", "<div>".repeat(1000))).is_none());
        assert!(too_deep(&format!("<script>{}</script>", "<div>".repeat(1000))).is_none());
        assert!(too_deep(&format!("<a title=\"{}\">x</a>", "<div>".repeat(1000))).is_none());
    }

    #[test]
    fn nested_tables_are_read_once() {
        let n = 40;
        let html = format!(
            "<html><body><main><h1>T</h1>{}x{}</main></body></html>",
            "<table><tr><td>".repeat(n),
            "</td></tr></table>".repeat(n)
        );
        let (blocks, _, _) = read(&html, None);
        assert!(blocks.iter().any(|b| b.plain_text().contains('x')));
    }

    #[test]
    fn unsafe_links_are_dropped_and_relative_ones_resolved() {
        let base = Url::parse("https://www.example.gov.uk/privacy/notice").unwrap();
        assert_eq!(safe_href("javascript:alert(1)", Some(&base)), None);
        assert_eq!(safe_href("java\nscript:alert(1)", Some(&base)), None);
        assert_eq!(safe_href("data:text/html,<script>", Some(&base)), None);
        assert_eq!(safe_href("/contact", None), None);
        assert_eq!(
            safe_href("../contact", Some(&base)).as_deref(),
            Some("https://www.example.gov.uk/contact")
        );
        assert_eq!(
            safe_href("mailto:dpo@example.gov.uk", None).as_deref(),
            Some("mailto:dpo@example.gov.uk")
        );
    }
}
