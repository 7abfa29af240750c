//! Blocks cut into sentences, and the quote a fact keeps. Every offset here is a byte
//! offset into the block; any offset computed by arithmetic ("so many bytes before") is moved
//! to a character boundary before it is used to slice.

/// Longest quote kept; longer sentences are cut to a window around the match.
pub(crate) const MAX_QUOTE: usize = 320;

/// Byte ranges of the sentences of a block.
pub fn sentences(block: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Closing quotes or brackets belong to the sentence.
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '”' | '"' | '’' | ')') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let next = chars[j + 1..].iter().find(|(_, c)| !c.is_whitespace());
        let Some(&(_, next)) = next else { continue };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '“' | '"' | '(')) {
            continue;
        }
        // The space before the word may be more than one byte.
        let word_start = block[..i]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = block[word_start..i].to_lowercase();
        if matches!(
            word.as_str(),
            "art"
                | "e.g"
                | "i.e"
                | "etc"
                | "no"
                | "dr"
                | "st"
                | "para"
                | "s"
                | "reg"
                | "mr"
                | "mrs"
                | "ms"
        ) {
            continue;
        }
        let end = chars[j - 1].0 + chars[j - 1].1.len_utf8();
        out.push((start, end));
        // The space may be more than one byte (a no-break space).
        start = chars[j].0 + chars[j].1.len_utf8();
    }
    if start < block.len() && !block[start..].trim().is_empty() {
        out.push((start, block.len()));
    }
    out.into_iter()
        .map(|(s, e)| {
            let text = &block[s..e];
            let lead = text.len() - text.trim_start().len();
            let trail = text.len() - text.trim_end().len();
            (s + lead, e - trail)
        })
        .collect()
}

/// The sentence around `[start, end)`, cut to a word-aligned window when it is long.
pub fn quote(block: &str, start: usize, end: usize) -> String {
    quote_in(block, &sentences(block), start, end)
}

/// `quote`, given the block's sentences.
pub(crate) fn quote_in(
    block: &str,
    sentences: &[(usize, usize)],
    start: usize,
    end: usize,
) -> String {
    let start = floor_boundary(block, start);
    let end = ceil_boundary(block, end.max(start));
    let (s, e) = sentences
        .iter()
        .copied()
        .find(|&(s, e)| start >= s && start < e.max(s + 1))
        .unwrap_or((0, block.len()));
    let e = e.max(end.min(block.len()));
    if e - s <= MAX_QUOTE {
        return block[s..e].to_string();
    }
    let half = MAX_QUOTE.saturating_sub(end - start) / 2;
    let mut from = floor_boundary(block, start.saturating_sub(half).max(s));
    let mut to = ceil_boundary(block, (end + half).min(e));
    // Whole words only.
    if from > s {
        if let Some((p, c)) = block[from..start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            from += p + c.len_utf8();
        }
    }
    if to < e {
        if let Some(p) = block[end..to].rfind(char::is_whitespace) {
            to = end + p;
        }
    }
    block[from..to].trim().to_string()
}

/// The first char boundary of `text` at or after byte `at` (clamped to its length): byte
/// offsets computed as "so many bytes before or after a match" may land inside a character.
pub(crate) fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The last char boundary of `text` at or before byte `at` (clamped to its length).
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(crate) fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let n = match word.to_lowercase().as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "twenty-five" => 25,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "seventy-five" => 75,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}
