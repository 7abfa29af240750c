use super::text::MAX_QUOTE;
use super::*;

fn values(text: &str, facet: Facet) -> Vec<String> {
    values_under("", text, facet)
}

fn values_under(heading: &str, text: &str, facet: Facet) -> Vec<String> {
    let blocks: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut v: Vec<String> = section_facts(heading, &blocks)
        .into_iter()
        .filter(|f| f.facet == facet)
        .map(|f| f.value)
        .collect();
    v.dedup();
    v
}

fn bases(text: &str) -> Vec<String> {
    let mut v = values(text, Facet::LawfulBasis);
    v.sort();
    v.dedup();
    v
}

fn conditions(text: &str) -> Vec<String> {
    let mut v = values(text, Facet::SpecialCategory);
    v.sort();
    v.dedup();
    v
}

// Article 6 phrasings from domain.md, one test each.

#[test]
fn article_6_compact() {
    assert_eq!(
        bases("This meets Article 6(1)(e) of the UK GDPR."),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_spaced() {
    assert_eq!(bases("Under Article 6 (1) (e) we may."), ["ukgdpr:6.1.e"]);
}

#[test]
fn article_6_abbreviated() {
    assert_eq!(bases("See Art. 6(1)(c) for this."), ["ukgdpr:6.1.c"]);
}

#[test]
fn article_6_without_the_word_article() {
    assert_eq!(
        bases("The basis is 6(1)(e) of the UK GDPR."),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_comma_form() {
    assert_eq!(
        bases("We rely on Article 6, 1(e) of the Regulation."),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_two_letters_in_one_bracket() {
    assert_eq!(
        bases("UK GDPR Article 6,1 (c & e) apply."),
        ["ukgdpr:6.1.c", "ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_dotted_with_bare_letter() {
    assert_eq!(bases("Article 6.1 c - legal obligation"), ["ukgdpr:6.1.c"]);
}

#[test]
fn article_6_split_across_lines() {
    // A soft line break between "Article 6" and "1 (e)" collapses to a space.
    assert_eq!(
        bases("lawful basis is UK GDPR Article 6 1 (e) as a public body"),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_two_letters_after_one_article() {
    assert_eq!(
        bases("UK General Data Protection Regulation Article 6 (1) (a) (e). Other"),
        ["ukgdpr:6.1.a", "ukgdpr:6.1.e"]
    );
}

#[test]
fn article_6_recognised_legitimate_interest() {
    assert_eq!(bases("We rely on Article 6(1)(ea)."), ["ukgdpr:6.1.ea"]);
    assert_eq!(
        bases("This is a recognised legitimate interest."),
        ["ukgdpr:6.1.ea"]
    );
}

#[test]
fn name_only_bases() {
    assert_eq!(bases("Our lawful basis is public task."), ["ukgdpr:6.1.e"]);
    assert_eq!(
        bases("It is necessary for compliance with a legal obligation."),
        ["ukgdpr:6.1.c"]
    );
    assert_eq!(
        bases("With your consent we will process videos of you."),
        ["ukgdpr:6.1.a"]
    );
    assert_eq!(
        bases("Performance of a contract: we pay you."),
        ["ukgdpr:6.1.b"]
    );
    assert_eq!(
        bases("We will process it for our legitimate interests."),
        ["ukgdpr:6.1.f"]
    );
}

// Article 9 phrasings.

#[test]
fn article_9_compact() {
    assert_eq!(conditions("Article 9(2)(h) applies."), ["ukgdpr:9.2.h"]);
}

#[test]
fn article_9_comma_form() {
    assert_eq!(conditions("Article 9,2 (h) applies."), ["ukgdpr:9.2.h"]);
}

#[test]
fn article_9_dotted_bare_letter() {
    assert_eq!(
        conditions("We rely on Article 9.2 g for this."),
        ["ukgdpr:9.2.g"]
    );
}

#[test]
fn article_9_without_the_word_article() {
    assert_eq!(
        conditions("research under 9(2)(j) of the UK GDPR"),
        ["ukgdpr:9.2.j"]
    );
}

#[test]
fn article_9_spaced_inside_other() {
    assert_eq!(
        conditions("Other (UK General Data Protection Regulation Article 9 (2) (a))."),
        ["ukgdpr:9.2.a"]
    );
}

#[test]
fn schedule_1_paragraph_gives_part() {
    assert_eq!(
        conditions("This is further supported by Schedule 1, paragraph 3 of the DPA 2018."),
        ["dpa2018:sch1.p1.3"]
    );
    assert_eq!(
        conditions("DPA 2018 Schedule 1 Part 2 paragraph 6 (statutory purposes)."),
        ["dpa2018:sch1.p2.6"]
    );
}

// Traps.

#[test]
fn trap_letter_and_words_disagree_keeps_both() {
    assert_eq!(
        conditions(
            "We rely on 9(2)(j) as it is in the public interest in the area of public health."
        ),
        ["ukgdpr:9.2.i", "ukgdpr:9.2.j"]
    );
}

#[test]
fn trap_section_of_another_act_is_not_gdpr() {
    assert!(bases("under Section 6(1)(a) of the Localism Act").is_empty());
    assert!(bases("under s.6(1)(a) of the Act").is_empty());
}

#[test]
fn trap_letters_outside_the_article() {
    assert!(bases("Article 6(1)(g) does not exist.").is_empty());
    assert!(conditions("Article 9(2)(k) does not exist.").is_empty());
}

#[test]
fn trap_article_without_paragraph_is_another_instrument() {
    assert!(bases("Article 6 of the Human Rights Act protects a fair trial.").is_empty());
    assert!(conditions("Article 9 of the Convention protects belief.").is_empty());
}

#[test]
fn trap_schedule_1_of_another_act() {
    assert!(conditions("Schedule 1, paragraph 3 of the Children Act 1989.").is_empty());
}

// Recipients and their aliases.

#[test]
fn recipient_aliases_are_normalised() {
    for text in [
        "We provide Client Level Data to NHS Digital.",
        "We send this data to the HSCIC every month.",
        "We share your information with NHS England.",
    ] {
        assert_eq!(values(text, Facet::Recipients), ["nhs-england"], "{text}");
    }
}

#[test]
fn trap_negated_sharing_is_no_recipient() {
    assert!(values(
        "Data being used or shared for purposes beyond individual care does not include your data being shared with insurance companies.",
        Facet::Recipients
    )
    .is_empty());
}

#[test]
fn trap_another_body_sharing_is_not_ours() {
    assert!(values(
        "Hospitals and community organisations that provide NHS funded care must submit certain information to NHS Digital.",
        Facet::Recipients
    )
    .is_empty());
}

#[test]
fn trap_receiving_from_is_a_source_not_a_recipient() {
    let text = "To help us, we receive information from NHS Digital, UK Health Security Agency and Office for Health Improvement and Disparities.";
    assert!(values(text, Facet::Recipients).is_empty());
    assert_eq!(
        values(text, Facet::Sources),
        ["nhs-england", "ukhsa", "ohid"]
    );
}

#[test]
fn trap_data_provided_to_us_is_not_a_recipient() {
    assert_eq!(
        values("We may share information provided to us with other bodies responsible for auditing or administering public funds.", Facet::Recipients),
        ["public-funds-bodies"]
    );
}

#[test]
fn trap_advice_is_not_data() {
    assert!(values(
        "To provide advice and guidance to care providers.",
        Facet::Recipients
    )
    .is_empty());
}

#[test]
fn processors_named() {
    assert_eq!(
        values(
            "Yes - we use Survey Monkey to manage surveys.",
            Facet::Processors
        ),
        ["surveymonkey"]
    );
    assert_eq!(
        values(
            "The team uses Power BI as an analysis tool.",
            Facet::Processors
        ),
        ["microsoft"]
    );
}

#[test]
fn statutory_gateways_have_canonical_names() {
    let mut v = values(
        "The legal basis is section 42(4) of the Statistics and Registration Service Act (2007) as amended by section 287 of the Health and Social Care Act (2012) and regulation 3 of the Health Service (Control of Patient Information) Regulations 2002.",
        Facet::Gateways,
    );
    v.sort();
    assert_eq!(v, ["copi-2002", "hsca-2012:s287", "srsa-2007:s42-4"]);
    assert_eq!(
        values("Section 251* NHS Act 2006.", Facet::Gateways),
        ["nhs-act-2006:s251"]
    );
}

// Retention.

#[test]
fn retention_period_is_parsed_with_its_qualifier() {
    let blocks = vec!["NHS Digital state that the data will be held for “20 years maximum from when the information is received.”".to_string()];
    let found: Vec<Found> = section_facts("", &blocks)
        .into_iter()
        .filter(|f| f.facet == Facet::Retention)
        .collect();
    assert_eq!(found[0].value, "period:P20Y");
    assert_eq!(found[0].detail, "maximum");
    assert_eq!(
        values("Records are kept for six months.", Facet::Retention),
        ["period:P6M"]
    );
}

#[test]
fn trap_ages_are_not_retention_periods() {
    assert!(values(
        "We hold data about children aged 16 years.",
        Facet::Retention
    )
    .is_empty());
    assert!(values("We hold data until you are 25 years old.", Facet::Retention).is_empty());
}

#[test]
fn retention_criteria() {
    assert_eq!(
        values("We retain information in accordance with the Records Management Code of Practice 2016.", Facet::Retention),
        ["criteria:records-management-code"]
    );
    assert_eq!(
        values(
            "Videos are kept securely for the period of the intervention only, and then deleted.",
            Facet::Retention
        ),
        ["criteria:until-purpose-complete"]
    );
}

#[test]
fn dpo_contact_in_sentence_or_following_list() {
    assert_eq!(
        values(
            "please contact our Data Protection Officer at dpo@example.gov.uk or call.",
            Facet::Dpo
        ),
        ["dpo@example.gov.uk"]
    );
    assert_eq!(
        values("contact our Data Protection Officer by:\nemailing dpo@example.gov.uk\nmailing a letter to: Data Protection Officer, Town Hall", Facet::Dpo),
        ["dpo@example.gov.uk"]
    );
}

#[test]
fn complaint_rights_and_opt_out() {
    assert_eq!(
        values(
            "You can also make a complaint to the Information Commissioner’s Office.",
            Facet::Complaint
        ),
        ["ico"]
    );
    assert_eq!(
        values(
            "You have the right to opt out of us holding your data.",
            Facet::Rights
        ),
        ["objection"]
    );
    assert_eq!(
        values(
            "To register your choice to opt out, please visit Your NHS Data Matters.",
            Facet::NationalDataOptOut
        ),
        ["applies"]
    );
    assert_eq!(
        values(
            "The national data opt-out does not apply to this data.",
            Facet::NationalDataOptOut
        ),
        ["does-not-apply"]
    );
}

#[test]
fn trap_opt_out_list_item_about_situations() {
    assert_eq!(
        values(
            "The national data opt-out: see the situations where the opt-out will not apply",
            Facet::NationalDataOptOut
        ),
        ["applies"]
    );
}

#[test]
fn transfers_and_automated_decisions() {
    assert_eq!(
        values(
            "We do not transfer your data outside the UK.",
            Facet::InternationalTransfers
        ),
        ["none"]
    );
    assert_eq!(
        values(
            "Some data is stored outside the EEA under safeguards.",
            Facet::InternationalTransfers
        ),
        ["stated"]
    );
    assert_eq!(
        values(
            "We do not use automated decision-making.",
            Facet::AutomatedDecisions
        ),
        ["none"]
    );
}

#[test]
fn sentences_skip_abbreviations() {
    let text = "See Art. 6(1)(e) here. Next one e.g. this. Last";
    let spans: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
    assert_eq!(
        spans,
        ["See Art. 6(1)(e) here.", "Next one e.g. this.", "Last"]
    );
}

#[test]
fn long_sentences_are_quoted_as_a_window() {
    let long = format!(
        "{} Article 6(1)(e) applies {}",
        "word ".repeat(100),
        "more ".repeat(100)
    );
    let q = quote(&long, 500, 517);
    assert!(q.len() <= MAX_QUOTE, "{}", q.len());
    assert!(q.contains("Article 6(1)(e)"));
    assert!(long.contains(&q));
}

// Text with characters of more than one byte: no rule may cut one in half.

/// Curly quotes, dashes, accents, emoji and no-break spaces next to everything the rules
/// look for, at every distance a rule measures in bytes.
const MULTI_BYTE: &[&str] = &[
    "We keep each patient’s record on our secure computer and we share it with NHS England.",
    "Les données de l’usager — café, naïve, résumé — are shared with NHS England 😀.",
    "We share your data with the police “when required”.\u{a0}We do not share it with HMRC.",
    "Records are kept for 8 years ——— the maximum — then destroyed 😀😀😀.",
    "Records are kept for 8 years’’’’’’’’’’’’’’’’’’’’’’ maximum.",
    "We receive İİİİ information from NHS England and ﬁles from your GP practice.",
    "Source of information: İstanbul ÉÉÉ NHS England.",
    "Our Data Protection Officer – Ms Zoë Brontë – dpo@example.org ☎ 01234 567 890.",
    "Under Article 6(1)(e) – “public task” – and Article 9(2)(h)’s health care condition.",
    "Art. 9.2 g – substantial public interest ➜ Schedule 1 paragraph 6 of the DPA 2018 ✓.",
    "You have the right of access — the right to rectification — and the right to object ✓.",
    "Complain to the Information Commissioner’s Office 😀; withdraw your consent any time.",
    "The national data opt‑out does not apply ’cause we’re exempt.",
    "Transfers outside the UK – none. Automated decision‑making – none. Profiling – ✗.",
    "Categories include: names, addresses, ethnicity, religion ✓ and health information.",
    "We use Microsoft Azure 😀 as our processor, hosted in the UK.",
    "Section 251 of the NHS Act 2006 — the “COPI” regulations — apply.",
];

#[test]
fn the_reported_sentence_no_longer_panics_and_its_recipient_is_found() {
    assert_eq!(
        values(
            "We keep each patient’s record on our secure computer and we share it with NHS England.",
            Facet::Recipients
        ),
        ["nhs-england"]
    );
}

#[test]
fn every_rule_reads_multi_byte_text() {
    for text in MULTI_BYTE {
        // Each text alone, under headings that switch rules on, and padded so that the
        // byte windows (40 before a verb, 30 after a period, the 320-byte quote) land in
        // the middle of characters.
        for heading in ["", "How long we keep it", "Sources of data", "Processors"] {
            for pad in 0..4 {
                let padded = format!("{}{text}{}", "é".repeat(pad * 7), "’".repeat(pad * 40));
                for found in section_facts(heading, &[padded.clone(), text.to_string()]) {
                    assert!(padded.contains(&found.quote) || text.contains(&found.quote));
                }
            }
        }
    }
    assert_eq!(
        values(
            "Records are kept for 8 years ——— the maximum — then destroyed.",
            Facet::Retention
        ),
        ["period:P8Y"]
    );
    assert_eq!(
        values(
            "We receive İİİİ information from NHS England.",
            Facet::Sources
        ),
        ["nhs-england"]
    );
}

#[test]
fn a_period_after_a_no_break_space_is_read_whole() {
    // Found by the property test below: the word before the period starts after a
    // two-byte space.
    for block in [
        "\u{a0}.\u{a0}NHS England",
        "We share it\u{a0}. With NHS England.",
    ] {
        let _ = section_facts("", &[block.to_string()]);
        for (s, e) in sentences(block) {
            assert!(block.is_char_boundary(s) && block.is_char_boundary(e));
        }
    }
}

#[test]
fn sentences_split_after_a_no_break_space() {
    let block = "First we store it.\u{a0}Then we share it with NHS England.";
    let s = sentences(block);
    assert_eq!(s.len(), 2);
    assert_eq!(&block[s[1].0..s[1].1], "Then we share it with NHS England.");
}

#[test]
fn long_sentences_are_quoted_on_character_boundaries() {
    let long = format!(
        "{} we share it with NHS England {}",
        "é’😀 ".repeat(60),
        "–\u{a0}ü ".repeat(60)
    );
    let at = long.find("NHS England").unwrap();
    for shift in 0..6 {
        // Offsets that are not boundaries are moved to one, never sliced through.
        let q = quote(&long, at.saturating_sub(shift), at + 11 + shift);
        assert!(long.contains(&q));
        assert!(q.len() <= MAX_QUOTE + 8, "{}", q.len());
    }
}

mod any_text {
    use super::*;
    use proptest::prelude::*;

    /// Words the rules look for, glued to characters of two, three and four bytes.
    fn notice_like() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "We",
            "we",
            "share",
            "shared",
            "it",
            "with",
            "to",
            "from",
            "receive",
            "NHS England",
            "the police",
            "not",
            "’",
            "“",
            "”",
            "–",
            "—",
            "é",
            "İ",
            "😀",
            "\u{a0}",
            " ",
            ".",
            ":",
            ";",
            "(",
            ")",
            "kept",
            "for",
            "6",
            "years",
            "months",
            "maximum",
            "Article",
            "Art.",
            "6",
            "9",
            "(1)",
            "(2)",
            "(e)",
            "(h)",
            "1",
            "2",
            "e",
            "h",
            ".1",
            ".2",
            "Schedule 1",
            "paragraph",
            "6",
            "DPA 2018",
            "Data Protection Officer",
            "dpo@example.org",
            "01234 567 890",
            "consent",
            "public task",
            "legitimate interests",
            "national data opt-out",
            "does not apply",
            "right of access",
            "ICO",
            "complain",
            "outside the UK",
            "profiling",
            "Microsoft",
            "SurveyMonkey",
            "Source of information:",
            "include:",
            "names",
            "health",
            "information",
            "retention policy",
            "deleted",
            "once",
            "completed",
        ]);
        prop::collection::vec(words, 0..60).prop_map(|w| w.concat())
    }

    proptest! {
        // Failures are kept as unit tests above, not in a file beside the crate.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn arbitrary_unicode_never_panics(
            heading in "\\PC{0,30}",
            blocks in prop::collection::vec("\\PC{0,300}", 0..5),
        ) {
            for found in section_facts(&heading, &blocks) {
                prop_assert!(blocks.iter().any(|b| b.contains(&found.quote)));
            }
        }

        #[test]
        fn notice_like_text_never_panics(
            heading in notice_like(),
            blocks in prop::collection::vec(notice_like(), 0..5),
        ) {
            for found in section_facts(&heading, &blocks) {
                prop_assert!(blocks.iter().any(|b| b.contains(&found.quote)));
            }
        }
    }
}

// Issue 11: reading by structure.

fn both(heading: &str, text: &str) -> Vec<String> {
    let blocks: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut v: Vec<String> = section_facts(heading, &blocks)
        .into_iter()
        .filter(|f| matches!(f.facet, Facet::LawfulBasis | Facet::SpecialCategory))
        .map(|f| f.value)
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn split_citations_continue_in_the_next_blocks_or_clauses() {
    assert_eq!(
        both(
            "Legal basis",
            "Our basis is Article 6 of the UK GDPR, as follows:\n1 (e) the processing is necessary for a task.\nWe also rely on Article 9:\n2 (h) health care;\n(i) public health."
        ),
        ["ukgdpr:6.1.e", "ukgdpr:9.2.h", "ukgdpr:9.2.i"]
    );
    // In one block, over a soft line break, and in later clauses.
    assert_eq!(
        both("", "The legal basis is Article 6 of the UK GDPR, 1 (e) the processing is necessary; and Article 9 of the UK GDPR, 2 (h) for health care."),
        ["ukgdpr:6.1.e", "ukgdpr:9.2.h"]
    );
    assert_eq!(
        both(
            "",
            "Article 6 of the UK GDPR applies as follows: (c) a legal duty, and (e) a task."
        ),
        ["ukgdpr:6.1.c", "ukgdpr:6.1.e"]
    );
    // A block that does not continue the citation closes it.
    assert_eq!(
        both("", "Under Article 6 of the UK GDPR:\nWe explain more below.\n(a) this is not a marker any more."),
        Vec::<String>::new()
    );
    // The paragraph number must be the article's.
    assert_eq!(
        both("", "Under Article 9:\n1 (h) wrong paragraph."),
        Vec::<String>::new()
    );
}

#[test]
fn dotted_and_spaced_citations() {
    for (text, want) in [
        ("Article 6.1 c – legal obligation", "ukgdpr:6.1.c"),
        ("Art 6 1 e – public task", "ukgdpr:6.1.e"),
        ("Art 6 1 b, where you pay", "ukgdpr:6.1.b"),
        ("We rely on 6(1) e – public task.", "ukgdpr:6.1.e"),
        ("Article 6.1.c applies.", "ukgdpr:6.1.c"),
        (
            "Article 9.2 g – substantial public interest",
            "ukgdpr:9.2.g",
        ),
        ("Art 9 2 h – care", "ukgdpr:9.2.h"),
        ("Art. 9(2)(h) applies.", "ukgdpr:9.2.h"),
    ] {
        assert!(
            both("", text).contains(&want.to_string()),
            "{text}: {:?}",
            both("", text)
        );
    }
    assert_eq!(
        both("", "We rely on Article 6(1)(c) and (e) of the UK GDPR."),
        ["ukgdpr:6.1.c", "ukgdpr:6.1.e"]
    );
    // "Art 6 1 a lawful …": a bare letter after a bare paragraph must end the citation.
    assert!(!both("", "See Art 6 1 a lawful thing").contains(&"ukgdpr:6.1.a".to_string()));
}

#[test]
fn plain_conditions_in_a_list_go_to_the_article_its_introduction_is_about() {
    let list = "We may process your information, including details about your health, where:\nyou have given your consent;\nyou have entered into a contract with us;\nit is required by law or a court order;\nit is needed to carry out our statutory functions;\nto protect someone from harm in an emergency;\nfor employment purposes;\nto deliver health or social care;\nto protect public health;\nto establish or defend legal claims;\nthe person made the information public;\nfor archiving, research or statistics;\nin the substantial public interest under a law;\nin our legitimate interests.";
    assert_eq!(
        both("", list),
        [
            "ukgdpr:6.1.a",
            "ukgdpr:6.1.b",
            "ukgdpr:6.1.c",
            "ukgdpr:6.1.d",
            "ukgdpr:6.1.e",
            "ukgdpr:6.1.f",
            "ukgdpr:9.2.b",
            "ukgdpr:9.2.c",
            "ukgdpr:9.2.e",
            "ukgdpr:9.2.f",
            "ukgdpr:9.2.g",
            "ukgdpr:9.2.h",
            "ukgdpr:9.2.i",
            "ukgdpr:9.2.j",
        ]
    );
    // About special-category data only: consent is 9(2)(a), harm is 9(2)(c).
    assert_eq!(
        both("", "For health information we rely on these conditions:\nyour consent;\nto protect your life."),
        ["ukgdpr:9.2.a", "ukgdpr:9.2.c"]
    );
    // Plain words outside a legal-basis context are not bases.
    assert_eq!(
        both(
            "Your care",
            "We write a contract with each care home and share health and social care records."
        ),
        Vec::<String>::new()
    );
}

#[test]
fn running_text_in_a_legal_basis_section() {
    assert_eq!(
        both("Legal basis", "Legal basis – explicit consent."),
        ["ukgdpr:9.2.a"]
    );
    assert_eq!(
        both("", "We rely on your consent to send the newsletter."),
        ["ukgdpr:6.1.a"]
    );
    assert_eq!(
        both(
            "",
            "We use it as necessary for the performance of your contract."
        ),
        ["ukgdpr:6.1.b"]
    );
    assert_eq!(
        both(
            "",
            "We do this to comply with legal obligations that apply to us as your employer."
        ),
        ["ukgdpr:6.1.c"]
    );
    assert_eq!(
        both(
            "Why we can use your information",
            "It is needed to carry out our statutory functions."
        ),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn traps_of_issue_11_are_not_bases() {
    for (heading, text) in [
        ("Legal basis", "We do not rely on consent."),
        ("Legal basis", "Consent is not the legal basis for this processing."),
        ("Legal basis", "We do not ask for, and do not need, your consent."),
        ("Legal basis", "We do not use it for marketing and we do not rely on legitimate interests."),
        ("", "The law lists six lawful bases that any organisation may use:\nconsent\ncontract\nlegal obligation\nvital interests\npublic task\nlegitimate interests"),
        ("", "Under data protection law, organisations can rely on consent, contract or legitimate interests."),
        ("Lawful basis", "We share it with your care team on the basis of implied consent."),
        ("Lawful basis", "We will ask for your consent to treatment before we start."),
        ("Cookies", "We only set analytics cookies if you give consent through the banner."),
        ("", "Article 9(3) requires a professional bound by secrecy."),
        ("", "Article 6 of the European Convention on Human Rights:\n(a) is not a marker here."),
        ("", "Section 6(1)(a) of the Act applies."),
    ] {
        assert_eq!(both(heading, text), Vec::<String>::new(), "{heading}: {text}");
    }
    // A refusal does not carry over a turn.
    assert_eq!(
        both(
            "Legal basis",
            "We do not rely on consent; we rely on public task."
        ),
        ["ukgdpr:6.1.e"]
    );
}

#[test]
fn dpo_contacts_by_structure() {
    assert_eq!(
        values_under(
            "Data Protection Officer",
            "Email: trust.dpo@nhs.net",
            Facet::Dpo
        ),
        ["trust.dpo@nhs.net"]
    );
    assert_eq!(
        values(
            "Write to the Data Protection Officer, Civic Centre, Tarnley, TN1 1AA.",
            Facet::Dpo
        ),
        ["post:TN1 1AA"]
    );
    assert_eq!(
        values(
            "Contact our Data Protection Officer using the online form.",
            Facet::Dpo
        ),
        ["form"]
    );
    assert_eq!(
        values(
            "For your bill email tax@x.gov.uk. Our Data Protection Officer is Sam Lee.",
            Facet::Dpo
        ),
        ["named"]
    );
}

#[test]
fn opt_out_told_about_or_not() {
    assert_eq!(
        values_under("National data opt-out", "The national data opt-out does not apply to your individual care.\nWe do apply it when your data is used for research.", Facet::NationalDataOptOut),
        ["does-not-apply", "applies"]
    );
    assert_eq!(
        values(
            "Data used for your own care is not covered by the national data opt-out.",
            Facet::NationalDataOptOut
        ),
        ["does-not-apply"]
    );
    assert!(values(
        "You can opt out of our newsletter.",
        Facet::NationalDataOptOut
    )
    .is_empty());
}

#[test]
fn review_cycles_are_not_retention_periods() {
    assert_eq!(
        values(
            "Membership is reviewed every two years, and leavers are deleted within three months.",
            Facet::Retention
        ),
        ["period:P3M"]
    );
    assert_eq!(
        values(
            "The list is refreshed every six months and old copies are destroyed.",
            Facet::Retention
        ),
        ["period:P6M"]
    );
}

#[test]
fn unable_to_consent_is_no_consent() {
    assert_eq!(
        both(
            "Our legal reasons",
            "We process this under the following conditions of Article 9(2):\n(c) – to protect your vital interests where you are unable to consent."
        ),
        ["ukgdpr:9.2.c"]
    );
}
