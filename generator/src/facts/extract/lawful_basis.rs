//! Lawful bases (Article 6(1)) and special-category conditions (Article 9(2), DPA 2018
//! Schedule 1), read by the structure of the notice rather than by phrases found anywhere.
//!
//! Three ways a notice states them, each read here:
//!
//! 1. **Citations by letter**, in any of the forms notices use: `Article 6(1)(e)`,
//!    `Art. 9(2)(h)`, `6(1)(e)` with no "Article", `Article 6(1)(c) and (e)`,
//!    `Article 6.1 c`, `Article 6.1.c`, `Art 6 1 e –`, `6(1) e –`, `Article 9.2 g`.
//!    "Section 6(1)(a)" (another Act), "Article 9(3)" (another paragraph) and letters an
//!    article does not have are not citations.
//! 2. **Split citations**: the article in one place and its letters after it. A head such as
//!    "… under Article 6 of the UK GDPR, as follows:" or "Article 9(2)" with no letter opens
//!    a citation that the text after it continues: markers `(e)`, `1 (e)`, `2 (h)` that
//!    start the rest of the sentence, a later clause ("…: (c) …, and (e) …"), the next
//!    lines of the block, the following blocks, or the items of the list the head
//!    introduces. The citation closes at the next article mentioned, or at the first
//!    following block that does not start with a marker. A marker's paragraph number must
//!    be the article's (1 for Article 6, 2 for Article 9). Heads naming another instrument
//!    ("Article 6 of the European Convention on Human Rights") open nothing.
//! 3. **Conditions in words**. The wording of the Regulation ("performance of a contract",
//!    "legal obligation", "vital interests", "public task", "official authority",
//!    "legitimate interests", "explicit consent", "substantial public interest",
//!    "provision of health or social care", "public interest in the area of public
//!    health", "archiving purposes in the public interest" …) counts wherever it is used.
//!    Plain words ("consent", "a contract with us", "required by law", "our statutory
//!    functions", "to protect someone from harm in an emergency", "for employment
//!    purposes", "to deliver health or social care", "to protect public health", "legal
//!    claims", "made the information public", "archiving, research or statistics",
//!    "not-for-profit body") count only where the structure says the text is about the
//!    legal basis: the section's heading ("Lawful basis", "Why we can use your
//!    information", "The conditions we rely on" …), the introduction of the list the block
//!    is an item of ("We may process your information where:", "… we rely on the
//!    following:"), the header of the table column the cell is in ("Lawful basis",
//!    "Condition"), or the sentence itself ("we rely on …", "our basis is …").
//!
//! **Which article a plain condition belongs to.** Conditions that exist in one article
//! only go there (contract, legal obligation, public task, legitimate interests: Article 6;
//! employment and social protection, not-for-profit bodies, made public, legal claims,
//! substantial public interest, health or social care, public health, archiving and
//! research: Article 9). Two exist in both: consent and vital interests. They go by what the
//! nearest context is about — the column header for a cell, the list's introduction for an
//! item, the sentence for running text, then the heading: one that speaks of special
//! category, sensitive, health, ethnic, religious, sexual, political, trade union, genetic,
//! biometric or criminal data only is about Article 9; one that also speaks of the person's
//! information in general ("your information, including details of your health") is about
//! both; anything else is about Article 6. Consent is 6(1)(a), or 9(2)(a) about Article 9
//! only; "explicit consent" is always 9(2)(a). Vital interests is 6(1)(d), 9(2)(c) about
//! Article 9 only, and both when the context is about both. A sentence that cites only
//! Article 9 (or only Article 6) decides for the words in it.
//!
//! **What does not count.** A basis the notice says it does not rely on ("we do not rely on
//! consent", "consent is not the legal basis", "without your consent", "we do not need your
//! consent"): a negation in the clause of the words, or "not rely / not need / not use"
//! before them in the sentence. The law explained in general ("The law lists six lawful
//! bases …", "organisations can rely on …", a section headed as a guide to the law), unless
//! the sentence speaks of the body itself ("we", "our"); a list under such an introduction,
//! and any list that names five or more Article 6 bases in words under an introduction that
//! does not speak of the body. Consent to care ("implied consent", "consent to treatment",
//! consent in a sentence about the care team or the common law duty of confidentiality) and
//! cookie consent. Schedule 1 paragraphs count only in a sentence naming the DPA 2018.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::citations::{heads, value};
use super::structure::Kind;
use super::{push, push_detail, re, Block, Ctx, Found};
use crate::facts::registry::schedule1_part;
use crate::facts::Facet;

/// How a condition in words maps to the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Maps {
    Six(&'static str),
    Nine(&'static str),
    /// Consent: 6(1)(a), or 9(2)(a) about Article 9 only.
    Consent,
    /// Vital interests: 6(1)(d), 9(2)(c), or both.
    Vital,
}

/// A condition in words: its pattern, its article, and whether it is the Regulation's own
/// wording (counted anywhere) or plain words (counted only where the structure says the
/// text is about the legal basis).
struct Condition {
    pattern: &'static str,
    maps: Maps,
    wording: bool,
}

const CONDITIONS: &[Condition] = &[
    // The Regulation's wording.
    Condition {
        pattern: r"\bperformance of (?:a|an|the|your|our|that|any|this)?\s*(?:employment )?contract\b|\b(?:enter|entered|entering) into (?:a|an|the) (?:contract|agreement)\b",
        maps: Maps::Six("b"),
        wording: true,
    },
    Condition {
        pattern: r"\blegal obligations?\b",
        maps: Maps::Six("c"),
        wording: true,
    },
    Condition {
        pattern: r"\bvital interests?\b",
        maps: Maps::Vital,
        wording: true,
    },
    Condition {
        pattern: r"\btask (?:carried out )?in the public interest\b|\bpublic task\b|\bofficial authority\b",
        maps: Maps::Six("e"),
        wording: true,
    },
    Condition {
        pattern: r"\brecognised legitimate interests?\b",
        maps: Maps::Six("ea"),
        wording: true,
    },
    Condition {
        pattern: r"\blegitimate interests?\b",
        maps: Maps::Six("f"),
        wording: true,
    },
    Condition {
        pattern: r"\bexplicit consent\b",
        maps: Maps::Nine("a"),
        wording: true,
    },
    Condition {
        pattern: r"\bwith your consent\b",
        maps: Maps::Consent,
        wording: true,
    },
    Condition {
        pattern: r"\bemployment(?:,| and) social security\b|\bsocial protection law\b",
        maps: Maps::Nine("b"),
        wording: true,
    },
    Condition {
        pattern: r"\bnot[- ]for[- ]profit bod(?:y|ies)\b",
        maps: Maps::Nine("d"),
        wording: true,
    },
    Condition {
        pattern: r"\bmanifestly made (?:\w+ ){0,3}public\b",
        maps: Maps::Nine("e"),
        wording: true,
    },
    Condition {
        pattern: r"\b(?:establish\w*|exercise|defen[cd]e?)\b[^.;]{0,30}\blegal claims?\b",
        maps: Maps::Nine("f"),
        wording: true,
    },
    Condition {
        pattern: r"\bsubstantial public interest\b",
        maps: Maps::Nine("g"),
        wording: true,
    },
    Condition {
        pattern: r"\bprovision of (?:health|social) (?:or|and) (?:social )?care\b|\bprovision of health care\b|\bpreventive or occupational medicine\b|\bmanagement of health (?:or|and) social care systems\b|\bmedical diagnosis\b",
        maps: Maps::Nine("h"),
        wording: true,
    },
    Condition {
        pattern: r"\bpublic interest in the area of public health\b",
        maps: Maps::Nine("i"),
        wording: true,
    },
    Condition {
        pattern: r"\barchiving purposes in the public interest\b|\bscientific (?:or historical )?research purposes\b",
        maps: Maps::Nine("j"),
        wording: true,
    },
    // Plain words.
    Condition {
        pattern: r"\bconsent\b",
        maps: Maps::Consent,
        wording: false,
    },
    Condition {
        pattern: r"\bcontract\b|\bagreement with us\b",
        maps: Maps::Six("b"),
        wording: false,
    },
    Condition {
        pattern: r"\brequired by (?:law|statute)\b|\b(?:the )?law (?:also )?requires?\b|\bcourt order\b|\bcomply with (?:the )?law\b",
        maps: Maps::Six("c"),
        wording: false,
    },
    Condition {
        pattern: r"\bstatutory (?:\w+ )?(?:functions?|powers?)\b",
        maps: Maps::Six("e"),
        wording: false,
    },
    Condition {
        pattern: r"\bprotect (?:\w+ ){0,4}(?:from (?:serious )?harm|li(?:fe|ves))\b|\blife is at risk\b",
        maps: Maps::Vital,
        wording: false,
    },
    Condition {
        pattern: r"\bemployment purposes\b|\bsocial security\b|\bsocial protection\b|\bemployment law\b",
        maps: Maps::Nine("b"),
        wording: false,
    },
    Condition {
        pattern: r"\bnot[- ]for[- ]profit\b",
        maps: Maps::Nine("d"),
        wording: false,
    },
    Condition {
        pattern: r"\bmade (?:\w+ ){0,3}public\b|\bmakes? (?:\w+ ){0,3}public\b",
        maps: Maps::Nine("e"),
        wording: false,
    },
    Condition {
        pattern: r"\blegal claims?\b",
        maps: Maps::Nine("f"),
        wording: false,
    },
    Condition {
        pattern: r"\b(?:deliver|provide|providing|delivering|arrange|arranging)\b[^.;]{0,20}\bhealth (?:or|and) social care\b|\boccupational medicine\b|\bworking capacity\b",
        maps: Maps::Nine("h"),
        wording: false,
    },
    Condition {
        pattern: r"\bpublic health\b",
        maps: Maps::Nine("i"),
        wording: false,
    },
    Condition {
        pattern: r"\barchiving\b|\bresearch (?:or|and) statistic\w*|\bstatistical purposes\b|\bresearch purposes\b",
        maps: Maps::Nine("j"),
        wording: false,
    },
];

/// All conditions' patterns at once: most blocks match none and are skipped in one pass.
static CONDITION_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(CONDITIONS.iter().map(|c| format!("(?i){}", c.pattern)))
        .expect("condition patterns compile")
});
static CONDITION_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    CONDITIONS
        .iter()
        .map(|c| re(&format!("(?i){}", c.pattern)))
        .collect()
});

static LB_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:lawful|legal) (?:basis|bases|grounds?|conditions?)\b|\bbasis (?:for|we rely)\b|\bconditions? (?:we rely|for processing|for using)\b|\bwhy (?:we are|we're) allowed\b|\bthe law that allows\b|\bhow the law allows\b|\bwhy we can (?:use|process|hold|share)\b|\blegal justification\b|\bwhen we can use\b",
    )
});
static LB_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:rely|relies|relying) on\b|\b(?:lawful|legal) bas[ie]s\b|\bconditions?\b|\b(?:where|when|if|because)\s*:\s*$|\bas follows\s*:?\s*$|\bon these (?:bases|grounds)\b",
    )
});
static LB_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bbasis\b|\bbases\b|\bcondition|\blegal grounds?\b"));
static LB_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:rely|relies|relying) on\b|\b(?:lawful|legal) basis\b|\bour basis\b|\bbasis (?:for|is)\b|\bunder (?:article|art\.?)\b",
    )
});
/// Text that explains the law to the reader rather than stating what the body does.
static LESSON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:law|legislation|gdpr|regulation|article [69])\b[^.]{0,60}\b(?:lists?|sets? out|says|provides|gives|contains|describes)\b[^.]{0,40}\b(?:lawful|legal) (?:bases|grounds|conditions)\b|\b(?:organisations?|bodies|controllers|an organisation|a body)\b[^.]{0,40}\b(?:can|may|must|have to|should)\b[^.]{0,30}\b(?:rely|use|meet|choose|identify|have)\b|\b(?:six|ten) (?:lawful|legal) (?:bases|grounds|conditions)\b",
    )
});
static LESSON_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bguide\b|\bexplained\b|\bwhat the law says\b|\babout data protection law\b")
});
static FIRST_PERSON: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:we|we're|we've|us|our|ours)\b"));
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:not|never|no|cannot|unable|incapable|without|neither|nor)\b|n['’]t\b")
});
static NOT_RELY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:not|never)|n['’]t)\s+(?:\w+\s+)?(?:rely|relying|based|base|use|using|need|needed|ask|asking|require|requiring)\b",
    )
});
static TURN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bbut\b|\bhowever\b|\binstead\b|;|\botherwise\b"));
static ABOUT_NINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\barticle 9\b|\bspecial categor|\bsensitive\b|\bhealth\b|\bmedical\b|\bethnic|\bracial\b|\brace\b|\breligio|\bbeliefs?\b|\bsexual|\bsex life\b|\btrade union|\bbiometric|\bgenetic|\bpolitical opinion|\bcriminal\b|\bdiversity\b",
    )
});
static ABOUT_SIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\barticle 6\b|\bincluding\b|\bas well as\b"));
static ARTICLE_6: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\barticle 6\b"));
static CONSENT_TO_CARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bimplied\s+consent\b|\bconsent\s+to\s+(?:(?:your|their|the|a|any|this)\s+)?(?:care|treatment|vaccinat\w*|examination|being (?:treated|vaccinated|examined)|take part)\b|\bcare team\b|\bcommon law\b|\bduty of confidentiality\b|\bcookie",
    )
});

/// What a section's heading says, read once per section.
#[derive(Debug, Clone, Copy)]
pub(super) struct HeadingFlags {
    /// The heading is about the legal basis.
    legal_basis: bool,
    /// The heading explains the law in general.
    lesson: bool,
    about: Option<About>,
}

impl HeadingFlags {
    pub(super) fn of(heading: &str) -> HeadingFlags {
        HeadingFlags {
            legal_basis: LB_HEADING.is_match(heading),
            lesson: LESSON_HEADING.is_match(heading),
            about: about(heading),
        }
    }
}

/// What a context is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum About {
    Six,
    Nine,
    Both,
}

fn about(text: &str) -> Option<About> {
    if ABOUT_NINE.is_match(text) {
        if ABOUT_SIX.is_match(text) {
            Some(About::Both)
        } else {
            Some(About::Nine)
        }
    } else if ARTICLE_6.is_match(text) {
        Some(About::Six)
    } else {
        None
    }
}

/// The texts that say what a block is about, nearest first.
fn contexts<'a>(ctx: &Ctx<'a>) -> (Option<&'a str>, Option<&'a str>) {
    let shape = ctx.shape();
    let intro = shape.intro.map(|i| ctx.blocks[i].as_str());
    let column = shape.column.map(|i| ctx.blocks[i].as_str());
    (intro, column)
}

/// Whether the text of `sentence` explains the law rather than stating the body's basis.
pub(super) fn is_lesson(ctx: &Ctx, sentence: &str) -> bool {
    let speaks_of_us = FIRST_PERSON.is_match(sentence);
    if speaks_of_us {
        return false;
    }
    if ctx.heading_flags().lesson || LESSON.is_match(sentence) {
        return true;
    }
    let (intro, _) = contexts(ctx);
    intro.is_some_and(|i| LESSON.is_match(i) && !FIRST_PERSON.is_match(i))
}

/// "We do not rely on …", "we do not need your consent": a refusal before `at` in its
/// sentence, with no turn ("but", "however", ";") in between.
pub(super) fn not_relied_on(block: &str, b: &Block, at: usize) -> bool {
    let (s, _) = b.sentence_at(at);
    let before = &block[s..at];
    match NOT_RELY.find_iter(before).last() {
        Some(m) => !TURN.is_match(&before[m.end()..]),
        None => false,
    }
}

/// The clause around `[start, end)`: between the nearest commas, semicolons, colons,
/// brackets or dashes.
fn clause(sentence: &str, start: usize, end: usize) -> (usize, usize) {
    let is_break = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '–' | '—' | '.');
    let from = sentence[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_break(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = sentence[end..]
        .char_indices()
        .find(|&(_, c)| is_break(c))
        .map_or(sentence.len(), |(i, _)| end + i);
    (from, to)
}

/// Conditions named in words.
pub(super) fn conditions(ctx: &Ctx, b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    let matched = CONDITION_SET.matches(block);
    if !matched.matched_any() {
        return;
    }
    let (intro, column) = contexts(ctx);
    let heading = ctx.heading_flags();
    let structural = heading.legal_basis
        || intro.is_some_and(|i| LB_INTRO.is_match(i))
        || column.is_some_and(|c| LB_COLUMN.is_match(c));
    // The nearest context that says what it is about.
    let shape_about = column.and_then(about).or_else(|| intro.and_then(about));
    let heading_about = heading.about;
    let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (condition, start, end)
    for k in matched.iter() {
        for m in CONDITION_RES[k].find_iter(block) {
            // Words inside a longer condition already found ("explicit consent" holds
            // "consent") are that condition.
            if found
                .iter()
                .any(|&(_, s, e)| m.start() >= s && m.end() <= e)
            {
                continue;
            }
            found.retain(|&(_, s, e)| !(s >= m.start() && e <= m.end()));
            found.push((k, m.start(), m.end()));
        }
    }
    found.sort_by_key(|f| f.1);
    // Lists that enumerate the bases as a lesson.
    if matches!(ctx.shape().kind, Kind::Item { .. }) {
        if let Some(i) = intro {
            if !FIRST_PERSON.is_match(i) && list_names_many_bases(ctx) {
                return;
            }
        }
    }
    // Whether a sentence explains the law, found once per sentence: (sentence start, answer).
    let mut lessons: Vec<(usize, bool)> = Vec::new();
    for (k, start, end) in found {
        let condition = &CONDITIONS[k];
        let (s, e) = b.sentence_at(start);
        let sentence = &block[s..e];
        if !(condition.wording || structural || LB_CUE.is_match(sentence)) {
            continue;
        }
        if not_relied_on(block, b, start) {
            continue;
        }
        // A negation in the clause, outside the words themselves ("not-for-profit").
        let (cs, ce) = clause(sentence, start - s, end - s);
        if NEGATION.is_match(&sentence[cs..start - s]) || NEGATION.is_match(&sentence[end - s..ce])
        {
            continue;
        }
        if matches!(condition.maps, Maps::Consent) && CONSENT_TO_CARE.is_match(sentence) {
            continue;
        }
        let lesson = match lessons.iter().find(|l| l.0 == s) {
            Some(&(_, known)) => known,
            None => {
                let known = is_lesson(ctx, sentence);
                lessons.push((s, known));
                known
            }
        };
        if lesson {
            continue;
        }
        // "Recognised legitimate interest" is (ea), not also (f).
        if condition.maps == Maps::Six("f")
            && block[..start].to_lowercase().ends_with("recognised ")
        {
            continue;
        }
        // Which article only matters for the conditions both articles have.
        let cited = if matches!(condition.maps, Maps::Consent | Maps::Vital) {
            let cites = heads(sentence);
            let cites6 = cites.iter().any(|h| h.article == 6);
            let cites9 = cites.iter().any(|h| h.article == 9);
            match (cites6, cites9) {
                (true, false) => Some(About::Six),
                (false, true) => Some(About::Nine),
                _ => None,
            }
        } else {
            None
        };
        let about = cited
            .or(shape_about)
            .or_else(|| {
                if matches!(ctx.shape().kind, Kind::Paragraph) {
                    about(sentence)
                } else {
                    None
                }
            })
            .or(heading_about)
            .unwrap_or(About::Six);
        let letters: &[(u8, &str)] = match (condition.maps, about) {
            (Maps::Six(l), _) => &[(6, l)][..],
            (Maps::Nine(l), _) => &[(9, l)][..],
            (Maps::Consent, About::Nine) => &[(9, "a")],
            (Maps::Consent, _) => &[(6, "a")],
            (Maps::Vital, About::Six) => &[(6, "d")],
            (Maps::Vital, About::Nine) => &[(9, "c")],
            (Maps::Vital, About::Both) => &[(6, "d"), (9, "c")],
        };
        for &(article, letter) in letters {
            let (facet, value) = value(article, letter);
            push(out, facet, value, b, (start, end));
        }
    }
}

/// Whether the list this item is in names five or more Article 6 bases in words: the law's
/// list of bases, not the body's.
fn list_names_many_bases(ctx: &Ctx) -> bool {
    let Kind::Item { list, .. } = ctx.shape().kind else {
        return false;
    };
    // Once per list: the answer is kept for its other items.
    if let Some(&known) = ctx.lists.borrow().get(&list) {
        return known;
    }
    let mut letters: Vec<&str> = Vec::new();
    // The list's items follow its introduction (nested lists' items among them).
    let from = ctx.shape().intro.map_or(0, |i| i + 1);
    for (shape, block) in ctx.shapes[from..].iter().zip(&ctx.blocks[from..]) {
        let Kind::Item { list: l, .. } = shape.kind else {
            break;
        };
        if l != list {
            continue;
        }
        for k in CONDITION_SET.matches(block).iter() {
            let l = match CONDITIONS[k].maps {
                Maps::Six(l) => l,
                Maps::Consent => "a",
                Maps::Vital => "d",
                Maps::Nine(_) => continue,
            };
            if !letters.contains(&l) {
                letters.push(l);
            }
        }
    }
    let many = letters.len() >= 5;
    ctx.lists.borrow_mut().insert(list, many);
    many
}

static SCHEDULE1: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bSch(?:edule|\.)? ?1\b,?\s*(?:Part (?P<part>[1-3]),?\s*)?(?:paragraph|para\.?) ?(?P<para>\d{1,2})\b|\b(?:paragraph|para\.?) ?(?P<para2>\d{1,2}) (?:of|in) (?:Part (?P<part2>[1-3]) (?:of|to) )?Sch(?:edule|\.)? ?1\b",
    )
});
static DPA: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:DPA(?: 2018)?|Data Protection Act(?: 2018)?)\b"));

pub(super) fn schedule1(b: &Block, out: &mut Vec<Found>) {
    let block = b.text;
    for caps in SCHEDULE1.captures_iter(block) {
        let m = caps.get(0).expect("match");
        let (s, e) = b.sentence_at(m.start());
        // Other Acts have a Schedule 1 too: only the DPA 2018's is a condition.
        if !DPA.is_match(&block[s..e]) {
            continue;
        }
        // "Schedule 1, Part 2, paragraph 6" or "paragraph 6 of Schedule 1".
        let para = caps.name("para").or_else(|| caps.name("para2"));
        let Some(Ok(paragraph)) = para.map(|p| p.as_str().parse::<u8>()) else {
            continue;
        };
        let Some(part) = schedule1_part(paragraph) else {
            continue;
        };
        let detail = match caps.name("part").or_else(|| caps.name("part2")) {
            Some(p) if p.as_str() != part.to_string() => {
                format!(
                    "the notice says Part {}; paragraph {paragraph} is in Part {part}",
                    p.as_str()
                )
            }
            _ => String::new(),
        };
        push_detail(
            out,
            Facet::SpecialCategory,
            format!("dpa2018:sch1.p{part}.{paragraph}"),
            b,
            (m.start(), m.end()),
            detail,
        );
    }
}
