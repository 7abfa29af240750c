//! Every query answers: before the grammar sees a query, its length and the nesting of its
//! parentheses are bounded. What lies beyond is searched as plain words (a parenthesis past
//! the limit becomes a space), so no query can exhaust the parser's stack, natively or in
//! the browser's much smaller one.

use std::borrow::Cow;

/// Longest query read, in characters; the rest is dropped. (A long sentence is 200.)
pub(crate) const MAX_QUERY_CHARS: usize = 300;
/// Deepest nesting of parentheses kept; deeper ones are read as spaces.
pub(crate) const MAX_DEPTH: usize = 4;

/// `text` cut to `MAX_QUERY_CHARS`, its parentheses nested `MAX_DEPTH` deep at most, and
/// control characters read as spaces. Unchanged (borrowed) when already within bounds.
pub(crate) fn bounded(text: &str) -> Cow<'_, str> {
    let cut = text
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(text, |(at, _)| &text[..at]);
    let needs_change =
        cut.len() < text.len() || cut.chars().any(char::is_control) || max_depth(cut) > MAX_DEPTH;
    if !needs_change {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(cut.len());
    let mut depth = 0usize;
    // Opening parentheses read as spaces and not yet closed: their closing ones are too.
    let mut dropped = 0usize;
    for c in cut.chars() {
        match c {
            '(' if depth < MAX_DEPTH => {
                depth += 1;
                out.push('(');
            }
            '(' => {
                dropped += 1;
                out.push(' ');
            }
            ')' if dropped > 0 => {
                dropped -= 1;
                out.push(' ');
            }
            ')' => {
                depth = depth.saturating_sub(1);
                out.push(')');
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The deepest nesting of parentheses in `text`.
fn max_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_within_bounds_are_left_alone() {
        for q in [
            "council tax",
            "(a OR (b AND c))",
            "\"national data\" -police",
        ] {
            assert!(matches!(bounded(q), Cow::Borrowed(_)), "{q}");
        }
    }

    #[test]
    fn deep_parentheses_become_spaces() {
        let q = format!("{}rights{}", "(".repeat(10), ")".repeat(10));
        let b = bounded(&q);
        assert_eq!(max_depth(&b), MAX_DEPTH);
        assert_eq!(b.trim(), "((((      rights      ))))".trim());
        assert_eq!(
            bounded(&"(".repeat(100_000)).matches('(').count(),
            MAX_DEPTH
        );
    }

    #[test]
    fn long_queries_are_cut_and_controls_are_spaces() {
        let q = "word ".repeat(1000);
        assert_eq!(bounded(&q).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(bounded("a\0b\u{7}c"), "a b c");
        let wide = "é".repeat(MAX_QUERY_CHARS + 5);
        assert_eq!(bounded(&wide).chars().count(), MAX_QUERY_CHARS);
    }

    /// Queries that once crashed the reader or could: deep and unbalanced parentheses,
    /// very long text, stray quotes and operators, NUL and other control characters, and
    /// letters, marks, digits, symbols and spaces of many scripts.
    pub(crate) fn hostile() -> Vec<String> {
        let mut out = vec![
            "(".repeat(60),
            "(".repeat(1000),
            "(".repeat(100_000),
            ")".repeat(1000),
            format!("{}rights{}", "(".repeat(500), ")".repeat(500)),
            "(a OR (b AND (c OR (d AND (e OR (f))))))".to_string(),
            "word ".repeat(20_000),
            "x".repeat(100_000),
            "\"".repeat(999),
            "\"unclosed phrase".to_string(),
            "'single".to_string(),
            "\0\0\0".to_string(),
            "data\0protection".to_string(),
            "-".repeat(1000),
            "+-+-+-+-NOT NOT NOT AND OR".repeat(50),
            "a^2^3^4~5*".repeat(100),
            "heading:".repeat(300),
            "body:[a TO z] org:* IN [a b] /re.*x/".to_string(),
            "\\\\\"\\".to_string(),
            "\u{feff}\u{200b}\u{202e}rights\u{2066}".to_string(),
            "données personnelles Ärzte ıİ ß ﬁ".to_string(),
            "数据保护 データ 개인정보 حماية البيانات הגנה".to_string(),
            "👩‍👩‍👧 🏳️‍🌈 e\u{301}\u{301}\u{301} ௵ ① ½ Ⅻ".to_string(),
            "\u{1F600}".repeat(5000),
            "\u{10FFFF}\u{E000}\u{FFFD}".to_string(),
            "\t\n\r\u{b}\u{c}\u{85}\u{2028}".to_string(),
        ];
        // Every Unicode general category's characters, a handful each (a sample of the
        // whole range, step chosen to land in every block).
        out.push(
            (0..0x11_0000u32)
                .step_by(97)
                .filter_map(char::from_u32)
                .collect(),
        );
        out
    }

    #[test]
    fn hostile_queries_all_answer_and_later_queries_still_work() {
        // In a thread with the stack a browser's WebAssembly gets (1 MiB): a query that
        // recursed without bound would overflow it.
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                let e = crate::test_index::corpus();
                for q in hostile() {
                    let r = e.search(&q, crate::engine::SearchOptions::default());
                    assert!(
                        r.is_ok(),
                        "{:?}: {r:?}",
                        q.chars().take(40).collect::<String>()
                    );
                    let r = e.search("rights", crate::engine::SearchOptions::default());
                    assert_eq!(crate::test_index::orgs(&r.unwrap()), ["dudley"]);
                }
                // Inside the bounds, parentheses still group.
                let r = e
                    .search("((((rights))))", crate::engine::SearchOptions::default())
                    .unwrap();
                assert_eq!(crate::test_index::orgs(&r), ["dudley"]);
            })
            .unwrap()
            .join()
            .unwrap();
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_text_gets_an_answer(query in "\\PC{0,80}|[()\"+\\-:^~* a-z]{0,120}") {
            static INDEX: std::sync::OnceLock<crate::test_index::TestIndex> =
                std::sync::OnceLock::new();
            let e = INDEX.get_or_init(crate::test_index::corpus);
            let r = e.search(&query, crate::engine::SearchOptions::default());
            proptest::prop_assert!(r.is_ok(), "{:?}", r);
        }
    }
}
