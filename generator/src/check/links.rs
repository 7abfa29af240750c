//! Links in a notice: internal links must reach a page of the site (and, with `#anchor`, a
//! heading on it), other links must be http, https, mailto or tel; and the limits on what
//! one notice may hold, counted in the same pass.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::*;

/// The cache kind of notices' scans.
const SCAN_KIND: &str = "scan";

/// What checking reads of a notice's Markdown: its heading anchors, and its links with where
/// each starts. A notice over one of the limits is not scanned (`over_limit`): it is read in
/// full by [`check_links`], which reports where.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Scan {
    pub anchors: Vec<String>,
    links: Vec<(String, usize)>,
    over_limit: bool,
}

/// The scan of a notice's Markdown: from `cache` when the same text was scanned before (by
/// the same build of atlas), else read now and filed there.
pub(super) fn scan(notice: &NoticeSource, cache: Option<&crate::cache::Store>) -> Scan {
    let key = crate::cache::KeyBuilder::new(SCAN_KIND)
        .str(&notice.markdown)
        .finish();
    if let Some(scan) = cache.and_then(|c| c.get::<Scan>(SCAN_KIND, &key)) {
        return scan;
    }
    let mut links = Vec::new();
    // A limit passed ends the scan: such a notice is read again in full when checked.
    let over_limit = read_links(&notice.markdown, &mut |limit, dest, start| {
        if let Some(dest) = dest {
            links.push((dest.to_string(), start));
        }
        limit.is_none()
    });
    let scan = Scan {
        anchors: crate::model::markdown::heading_anchors(&notice.markdown),
        links: if over_limit { Vec::new() } else { links },
        over_limit,
    };
    if let Some(cache) = cache {
        cache.put(SCAN_KIND, &key, &scan);
    }
    scan
}

/// Removes the scans of texts this build did not have.
pub fn sweep_scans(cache: &crate::cache::Store) {
    cache.sweep(&[SCAN_KIND]);
}

/// A limit passed: what there are too many of, and the limit.
type Limit = (&'static str, usize);

/// Told of a limit passed or a link's destination, with where it starts; returns whether to
/// go on reading.
type Found<'f> = dyn FnMut(Option<Limit>, Option<&str>, usize) -> bool + 'f;

/// Reads `body` once, handing `found` each link's destination (not e-mail autolinks) with
/// where it starts, and each limit passed (with no destination) with where the element over
/// it starts; `found` returns whether to go on. Returns whether a limit was passed.
fn read_links(body: &str, found: &mut Found) -> bool {
    let (mut headings, mut links, mut rows, mut elements) = (0usize, 0usize, 0usize, 0usize);
    let mut over = false;
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        // Limits: far above any real notice, so that no file makes a build take minutes.
        if matches!(event, Event::Start(_)) {
            elements += 1;
        }
        let limit = match &event {
            _ if elements == MAX_ELEMENTS + 1 && matches!(event, Event::Start(_)) => Some((
                "Markdown elements (paragraphs, list items, emphasis, links, cells…)",
                MAX_ELEMENTS,
            )),
            Event::Start(Tag::Heading { .. }) => {
                headings += 1;
                (headings == MAX_HEADINGS + 1).then_some(("headings", MAX_HEADINGS))
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                rows += 1;
                (rows == MAX_TABLE_ROWS + 1).then_some(("table rows", MAX_TABLE_ROWS))
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                links += 1;
                (links == MAX_LINKS + 1).then_some(("links", MAX_LINKS))
            }
            _ => None,
        };
        if limit.is_some() {
            over = true;
            if !found(limit, None, range.start) {
                return over;
            }
        }
        if links > MAX_LINKS {
            continue;
        }
        let dest = match &event {
            // <someone@example.org>: a mailto link.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => continue,
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if !found(None, Some(dest), range.start) {
            return over;
        }
    }
    over
}

pub(super) fn check_links(
    org: &PartialOrg,
    notice: &NoticeSource,
    checks: &Checks,
    problems: &mut Vec<Diagnostic>,
) {
    let here = notice_url(org, notice);
    let body = &notice.markdown;
    let mut place = Cursor::new(body);
    let mut check = |limit: Option<Limit>, dest: Option<&str>, start: usize| {
        let (line, column) = place.line_col(start);
        let at = |d: Diagnostic| d.at(notice.body_line + line - 1, column);
        if let Some((what, max)) = limit {
            let excerpt = crate::text::excerpt(
                body[crate::text::floor_char_boundary(body, start)..]
                    .lines()
                    .next()
                    .unwrap_or_default(),
                60,
            );
            problems.push(at(Diagnostic::new(
                &notice.path,
                format!("more than {max} {what} in one notice (the next starts here: {excerpt:?})"),
            )
            .help(format!("a notice has tens of {what}, not thousands: is this file the notice? Split it, or keep only the notice's own text"))));
        }
        if let Some(dest) = dest {
            check_link(dest, &here, checks, &notice.path, at, problems);
        }
        true
    };
    if checks.scan.over_limit {
        read_links(body, &mut check);
    } else {
        for (dest, start) in &checks.scan.links {
            check(None, Some(dest), *start);
        }
    }
}

/// One link of the notice at `path` (whose page is `here`), placed by `at`.
fn check_link(
    dest: &str,
    here: &str,
    checks: &Checks,
    path: &Path,
    at: impl Fn(Diagnostic) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    let pages = checks.pages;
    match resolve_link(dest, here, checks.base_path) {
        Link::External => {}
        Link::OtherHost => problems.push(at(Diagnostic::new(
            path,
            format!("link {:?} leaves out the scheme (http: or https:)", shown(dest)),
        )
        .help("write the whole address, e.g. https://www.example.gov.uk/page; a link starting with // goes to another site with the page's own scheme"))),
        Link::Forbidden(scheme) => problems.push(at(Diagnostic::new(
            path,
            format!("link to a {}: address {:?}", shown(&scheme), shown(dest)),
        )
        .help("links may only be http, https, mailto or tel; the page would show this one as plain text"))),
        Link::Internal { path: target, fragment } => {
            if !pages.paths.contains(&target) {
                problems.push(at(Diagnostic::new(
                    path,
                    format!("link {:?} points to no page of the site (/{})", shown(dest), shown(&target)),
                )
                .help("link to an organisation as ../../<org>/ or to a notice as ../../<org>/<notice>/")));
            } else if let Some(fragment) = fragment {
                if let Some(anchors) = pages.anchors.get(&target) {
                    if !anchors.contains(&fragment) {
                        let known: Vec<&str> = anchors.iter().map(String::as_str).collect();
                        problems.push(at(Diagnostic::new(
                            path,
                            format!("link {:?} points to no heading: #{} is not an anchor of /{}", shown(dest), shown(&fragment), shown(&target)),
                        )
                        .help(format!("anchors there: {}", known.join(", ")))));
                    }
                }
            }
        }
    }
}

/// Line and column of offsets met in increasing order, in one pass over the text (working
/// each out from the start took time quadratic in the number of links).
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = crate::text::floor_char_boundary(self.text, offset);
        if offset < self.offset {
            return line_col(self.text, offset);
        }
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

pub(super) enum Link {
    External,
    /// `//host/path`: another site, with the page's scheme.
    OtherHost,
    Forbidden(String),
    /// A page of this site, relative to the base path, and a heading anchor.
    Internal {
        path: String,
        fragment: Option<String>,
    },
}

/// Where a link in the notice at `here` (site-relative) goes.
pub(super) fn resolve_link(dest: &str, here: &str, base_path: &str) -> Link {
    let dest = dest.trim();
    if let Ok(url) = url::Url::parse(dest) {
        return match url.scheme() {
            "http" | "https" | "mailto" | "tel" => Link::External,
            other => Link::Forbidden(other.to_string()),
        };
    }
    // `//host`, and `\\host` or `/\host`, which browsers read the same way.
    let lead: String = dest.chars().take(2).collect();
    if lead.len() == 2 && lead.chars().all(|c| c == '/' || c == '\\') {
        return Link::OtherHost;
    }
    // Relative: resolve against this page on a stand-in origin.
    let origin = url::Url::parse("http://site.invalid/").expect("valid");
    let page = origin
        .join(&format!("{}{here}", base_path.trim_start_matches('/')))
        .expect("valid");
    let Ok(target) = page.join(dest) else {
        return Link::Internal {
            path: dest.to_string(),
            fragment: None,
        };
    };
    if target.host_str() != origin.host_str() {
        return Link::OtherHost;
    }
    let mut path = target
        .path()
        .strip_prefix(base_path)
        .unwrap_or(target.path())
        .to_string();
    if path.ends_with("index.html") {
        path.truncate(path.len() - "index.html".len());
    }
    if !path.is_empty() && !path.ends_with('/') && !path.contains('.') {
        path.push('/');
    }
    Link::Internal {
        path,
        fragment: target
            .fragment()
            .filter(|f| !f.is_empty())
            .map(str::to_string),
    }
}
