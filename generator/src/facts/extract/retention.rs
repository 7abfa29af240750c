//! How long data is kept: a period, or the criteria (a code, a schedule, until the purpose
//! is complete).

use std::sync::LazyLock;

use regex::Regex;

use super::text::{floor_boundary, number};
use super::{push, push_detail, re, Block, Ctx, Found};
use crate::facts::registry;
use crate::facts::Facet;

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-five|thirty|forty|fifty|seventy-five|hundred)\s*(?P<unit>years?|months?|weeks?|days?)\b",
    )
});
static RETENTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:kept|keep|keeps|retain(?:s|ed)?|retention|held|hold|stored|store|delete[sd]?|destroy(?:ed)?|dispose[sd]?)\b",
    )
});
static AGE_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:aged?|age of|under|over|between)\s*$"));
static EVERY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bevery\s*$"));
static DISPOSAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:deleted|destroyed|disposed|removed|overwritten)\b"));
static MAXIMUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:maximum|up to|no (?:more|longer) than|at most)\b"));
static MINIMUM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:minimum|at least)\b"));
static RETENTION_CRITERIA: LazyLock<Vec<(Regex, &'static str)>> =
    LazyLock::new(|| registry::compile_terms(registry::RETENTION_CRITERIA));

pub(super) fn retention(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let heading_says = ctx.heading.contains("how long")
        || ctx.heading.contains("retention")
        || ctx.heading.contains("keep");
    for &(s, e) in &b.sentences {
        let sentence = &block[s..e];
        let about_keeping = heading_says || RETENTION_WORD.is_match(sentence);
        if !about_keeping {
            continue;
        }
        for caps in PERIOD.captures_iter(sentence) {
            let m = caps.get(0).expect("match");
            if AGE_CONTEXT.is_match(&sentence[..m.start()])
                || sentence[m.end()..]
                    .trim_start()
                    .to_lowercase()
                    .starts_with("old")
            {
                continue;
            }
            // "Reviewed every two years" is a cycle, not how long data is kept, unless the
            // same clause says what is destroyed on that cycle ("refreshed every six months
            // and old copies are destroyed").
            if EVERY.is_match(&sentence[..m.start()]) {
                let clause_end = sentence[m.end()..]
                    .find([',', ';'])
                    .map_or(sentence.len(), |p| m.end() + p);
                if !DISPOSAL.is_match(&sentence[m.end()..clause_end]) {
                    continue;
                }
            }
            let Some(n) = number(&caps["n"]) else {
                continue;
            };
            let unit = caps["unit"].to_ascii_uppercase();
            let value = format!("period:P{n}{}", &unit[..1]);
            let window = &sentence[m.start()..floor_boundary(sentence, m.end() + 30)];
            let detail = if MAXIMUM.is_match(window) || MAXIMUM.is_match(&sentence[..m.start()]) {
                "maximum"
            } else if MINIMUM.is_match(window) || MINIMUM.is_match(&sentence[..m.start()]) {
                "minimum"
            } else {
                ""
            };
            push_detail(
                out,
                Facet::Retention,
                value,
                b,
                (s + m.start(), s + m.end()),
                detail.to_string(),
            );
        }
        for (pattern, value) in RETENTION_CRITERIA.iter() {
            if let Some(m) = pattern.find(sentence) {
                push(
                    out,
                    Facet::Retention,
                    *value,
                    b,
                    (s + m.start(), s + m.end()),
                );
            }
        }
    }
}
