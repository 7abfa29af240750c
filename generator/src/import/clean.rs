//! What a saved web page carries besides the notice: cookie banners, search-box and settings
//! leftovers, lone braces. And the one thing worth keeping from the page's furniture: the
//! date it says the notice was last updated.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{collapse, Block, BlockKind};
use crate::model::date::Date;

/// Button labels and page furniture that are never part of a notice, compared lower-case with
/// white space collapsed and final punctuation removed. A line made only of these (a row of
/// cookie buttons) is dropped too.
const CHROME_PHRASES: &[&str] = &[
    "accept cookies",
    "accept all cookies",
    "accept additional cookies",
    "accept analytics cookies",
    "accept analytical cookies",
    "accept optional cookies",
    "reject cookies",
    "reject all cookies",
    "reject additional cookies",
    "reject analytics cookies",
    "reject analytical cookies",
    "reject optional cookies",
    "manage cookies",
    "manage cookie settings",
    "manage cookie preferences",
    "cookie settings",
    "cookie preferences",
    "change cookie settings",
    "set cookie preferences",
    "save cookie settings",
    "save preferences",
    "hide this message",
    "hide cookie message",
    "no, give me more information",
    "privacy settings",
    "there are no results that match your search criteria",
    "no results found",
    "skip to main content",
    "skip to content",
    "back to top",
    "print this page",
    "share this page",
    "was this page helpful?",
    "is this page useful?",
    "report a problem with this page",
    "menu",
    "main menu",
    "open menu",
    "close menu",
    "search",
    "search this site",
    "sign in",
    "my account",
];

/// Headings or first lines of cookie banners; the banner's following paragraphs that speak of
/// cookies go with them.
const COOKIE_BANNER_TITLES: &[&str] = &[
    "our use of cookies",
    "cookies on this site",
    "cookies on this website",
    "cookies on our website",
    "this site uses cookies",
    "this website uses cookies",
    "we use cookies",
    "we use cookies on this site",
    "we use cookies on this website",
    "cookie consent",
    "your cookie preferences",
    "tell us whether you accept cookies",
];

fn normal(text: &str) -> String {
    collapse(text)
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .trim_end_matches(['.', ':', '!'])
        .to_string()
}

/// Why a whole line (or block of text) is page furniture rather than notice text.
pub fn chrome_reason(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.chars()
        .all(|c| c.is_whitespace() || "{}[]()<>|/\\.,;:*#=_~-–—•·".contains(c))
    {
        return Some("punctuation only (lone brace or rule)");
    }
    let mut rest = normal(t);
    // Peel known phrases off the front until nothing (chrome) or something else is left.
    let mut peeled = false;
    'outer: while !rest.is_empty() {
        for phrase in CHROME_PHRASES {
            if let Some(after) = rest.strip_prefix(phrase) {
                if after.is_empty() || after.starts_with([' ', '.', ',', '|', '/']) {
                    rest = after
                        .trim_start_matches([' ', '.', ',', '|', '/'])
                        .to_string();
                    peeled = true;
                    continue 'outer;
                }
            }
        }
        break;
    }
    if peeled && rest.is_empty() {
        return Some(if normal(t).contains("cookie") {
            "cookie banner buttons"
        } else {
            "site furniture"
        });
    }
    None
}

/// Whether a block opens a cookie banner.
fn is_cookie_banner_title(text: &str) -> bool {
    COOKIE_BANNER_TITLES.contains(&normal(text).as_str())
}

/// A block dropped from the notice, for the maintainer to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub line: Option<usize>,
    pub text: String,
    pub reason: &'static str,
}

/// Removes cookie banners and furniture blocks; returns what was removed.
pub fn drop_leftovers(blocks: Vec<Block>) -> (Vec<Block>, Vec<Dropped>) {
    let mut kept = Vec::with_capacity(blocks.len());
    let mut dropped = Vec::new();
    let mut in_banner = false;
    for block in blocks {
        let text = block.plain_text();
        let is_text = matches!(
            block.kind,
            BlockKind::Paragraph(_) | BlockKind::Heading { .. }
        );
        if is_text && is_cookie_banner_title(&text) {
            in_banner = true;
            dropped.push(Dropped {
                line: block.line,
                text,
                reason: "cookie banner",
            });
            continue;
        }
        if in_banner {
            if matches!(block.kind, BlockKind::Paragraph(_))
                && text.to_lowercase().contains("cookie")
            {
                dropped.push(Dropped {
                    line: block.line,
                    text,
                    reason: "cookie banner",
                });
                continue;
            }
            in_banner = false;
        }
        if is_text {
            if let Some(reason) = chrome_reason(&text) {
                dropped.push(Dropped {
                    line: block.line,
                    text,
                    reason,
                });
                continue;
            }
        }
        kept.push(block);
    }
    (kept, dropped)
}

#[cfg(test)]
#[test]
fn cookie_banners_go_with_their_paragraphs() {
    use super::model::Inline;
    let para = |t: &str| Block::new(BlockKind::Paragraph(vec![Inline::Text(t.into())]), None);
    let heading = |t: &str| {
        Block::new(
            BlockKind::Heading {
                level: 2,
                content: vec![Inline::Text(t.into())],
            },
            None,
        )
    };
    let (kept, dropped) = drop_leftovers(vec![
        heading("Our use of cookies"),
        para("We use strictly necessary cookies to make our site work."),
        para("Accept cookies Reject analytical cookies Manage cookies"),
        heading("National Data Opt-Out"),
        para("Cookies are not used for this."),
        para("Privacy settings"),
    ]);
    assert_eq!(kept.len(), 2);
    assert_eq!(dropped.len(), 4);
}

/// Removes characters that have no place in notice text: C0/C1 controls (except tab and
/// newline), bidirectional overrides and zero-width spaces, a byte-order mark.
pub fn strip_control(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
                    || c == '\u{200b}'
                    || c == '\u{feff}')
        })
        .collect()
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

const DATE: &str = r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})|(\d{1,2})[/.](\d{1,2})[/.](\d{4})|(\d{4})-(\d{2})-(\d{2})|([A-Za-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})";

static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:page\s+|notice\s+|document\s+)?(?:last\s+(?:updated|reviewed|modified|revised|amended)|updated(?:\s+on)?|reviewed(?:\s+on)?|date\s+of\s+(?:last\s+)?review|date\s+last\s+updated)\s*[:\-–]?\s*(?:on\s+)?(?:{DATE})"
    ))
    .expect("valid regex")
});

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bversion\s+\d+(?:\.\d+)*\s*[,:\-–]?\s*(?:dated\s+)?(?:{DATE})"
    ))
    .expect("valid regex")
});

/// A date the notice states for its last update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedDate {
    /// `YYYY-MM-DD`.
    pub date: Date,
    /// The words it was read from.
    pub phrase: String,
    /// Whether the phrase is the whole block (a stamp line, dropped from the body).
    pub whole: bool,
}

/// Finds a stated update date ("Page last updated: 06 September 2023", "Version 2
/// 14/06/2018") in a block's text. Day-first for numeric dates, as UK pages write them.
pub fn stated_date(text: &str) -> Option<StatedDate> {
    for re in [&*UPDATED, &*VERSION] {
        for caps in re.captures_iter(text) {
            let Some(date) = date_from_captures(&caps) else {
                continue;
            };
            let whole_match = caps.get(0).expect("match");
            let rest = format!(
                "{}{}",
                &text[..whole_match.start()],
                &text[whole_match.end()..]
            );
            let whole = rest
                .trim()
                .trim_matches(|c: char| c.is_ascii_punctuation())
                .is_empty();
            return Some(StatedDate {
                date,
                phrase: collapse(whole_match.as_str()),
                whole,
            });
        }
    }
    None
}

fn date_from_captures(caps: &regex::Captures) -> Option<Date> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let month_name = |i: usize| {
        caps.get(i).and_then(|m| {
            let lower = m.as_str().to_lowercase();
            MONTHS
                .iter()
                .position(|mon| lower.starts_with(mon))
                .map(|p| p as u32 + 1)
        })
    };
    let (y, m, d) = if caps.get(1).is_some() {
        (num(3)?, month_name(2)?, num(1)?)
    } else if caps.get(4).is_some() {
        (num(6)?, num(5)?, num(4)?)
    } else if caps.get(7).is_some() {
        (num(7)?, num(8)?, num(9)?)
    } else {
        (num(12)?, month_name(10)?, num(11)?)
    };
    Date::from_ymd(i32::try_from(y).ok()?, m, d).filter(|d| plausible_year(d.year()))
}

/// Years a notice's own dates can fall in; a number outside is not read as a date.
pub fn plausible_year(year: i32) -> bool {
    (1900..=2999).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        assert!(chrome_reason("Accept cookies Reject analytical cookies Manage cookies").is_some());
        assert!(chrome_reason("Privacy settings").is_some());
        assert!(chrome_reason("There are no results that match your search criteria").is_some());
        assert!(chrome_reason("}").is_some());
        assert!(chrome_reason("We use cookies to collect data about visits.").is_none());
        assert!(chrome_reason("Accept cookies from partners is not something we do.").is_none());
        assert!(chrome_reason("Your rights").is_none());
    }

    #[test]
    fn stated_dates() {
        let d = stated_date("Page last updated: 06 September 2023").unwrap();
        assert_eq!(d.date.to_string(), "2023-09-06");
        assert!(d.whole);
        let d = stated_date("NHS number Version 2 14/06/2018").unwrap();
        assert_eq!(d.date.to_string(), "2018-06-14");
        assert_eq!(d.phrase, "Version 2 14/06/2018");
        assert!(!d.whole);
        assert_eq!(
            stated_date("Last reviewed on 3rd March 2024.")
                .unwrap()
                .date
                .to_string(),
            "2024-03-03"
        );
        assert_eq!(
            stated_date("Updated: March 3, 2024")
                .unwrap()
                .date
                .to_string(),
            "2024-03-03"
        );
        assert_eq!(
            stated_date("Last updated 2022-01-31")
                .unwrap()
                .date
                .to_string(),
            "2022-01-31"
        );
        assert!(stated_date("Last updated 31/02/2022").is_none());
        assert!(stated_date("The Data Protection Act 2018 applies.").is_none());
        assert!(stated_date("mandatory from April 2023").is_none());
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(strip_control("a\u{202e}b\u{0}c\u{7}\td\n"), "abc\td\n");
    }
}
