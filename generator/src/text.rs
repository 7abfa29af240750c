//! Small text helpers every stage shares.

/// `1 notice`, `3 notices`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The plural ending for `n` of something: `""` for one, `"s"` otherwise.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Runs of white space as one space, with none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// At most `max` bytes of `text`, cut at a character boundary (never inside a character),
/// with `…` when anything was cut. For quoting untrusted values in messages.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    format!("{}…", &text[..floor_char_boundary(text, max)])
}

/// The largest character boundary in `text` at or before byte `i`.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    (0..=i)
        .rev()
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(0)
}

/// The smallest character boundary in `text` at or after byte `i`.
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    (i..=text.len())
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(1, "notice", "notices"), "1 notice");
        assert_eq!(count(0, "notice", "notices"), "0 notices");
        assert_eq!(plural_s(2), "s");
    }

    #[test]
    fn cuts_only_between_characters() {
        let s = "patient’s record";
        for i in 0..=s.len() + 2 {
            let f = floor_char_boundary(s, i);
            let c = ceil_char_boundary(s, i);
            assert!(s.is_char_boundary(f) && s.is_char_boundary(c), "{i}");
            assert!(f <= i.min(s.len()) && c >= i.min(s.len()));
        }
        assert_eq!(excerpt(s, 9), "patient…");
        assert_eq!(excerpt("short", 10), "short");
    }
}
