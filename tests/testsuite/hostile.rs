//! Hostile input: hundreds of broken, huge, deeply nested, oddly encoded and malicious
//! files and arguments given to `atlas check`, `atlas build` and `atlas import`, each on a
//! copy of a small site built once. Every case asserts:
//!
//! - the command ends (a case still running after [`HANG`] is killed and fails: only a hang
//!   reaches it) without a panic (exit code not 101, no "panicked" in its output);
//! - it refuses or accepts as the case says, and a refusal's message names the file (and the
//!   line, where there is one) with the words the case expects, without echoing a huge value;
//! - the site published before (`public/`) and the content are byte for byte as they were
//!   (an accepted build may of course replace `public/`).
//!
//! `ATLAS_BIN=target/release/atlas` runs the cases with another binary (to measure the
//! slowest case in a release build).
//!
//! Then property tests feed arbitrary text to the front-matter reader, the Markdown stage and
//! the importer. `cargo test -p notice-atlas --test testsuite hostile -- --nocapture` prints
//! the figures: cases tried and handled, and the slowest.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, repo, ORG_TOML};

/// The binary under test: `ATLAS_BIN` when set, else the one built for these tests.
fn atlas_bin() -> PathBuf {
    std::env::var_os("ATLAS_BIN")
        .map(PathBuf::from)
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| PathBuf::from(crate::common::ATLAS))
}

/// Longer than any case takes on a loaded machine; only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// The longest message a refusal may print: a 1 MB value must never be echoed whole.
const MAX_STDERR: usize = 64_000;

const ATLAS_TOML: &str = "title = \"Hostile\"\nbase_url = \"https://atlas.example/\"\n";

const NOTICE: &str = r#"+++
title = "Council tax privacy notice"
retrieved = 2026-01-15
summary = "How we use council tax data."
+++

We collect your name and address.

## Who we share with

We share data with the Cabinet Office.
"#;

const ORG: &str = "content/example/org.toml";
const NOTICE_PATH: &str = "content/example/notices/council-tax.md";

/// What a case runs.
#[derive(Clone, Debug)]
enum Run {
    /// `atlas check` and `atlas build`, both expected to refuse.
    Both,
    /// `atlas check` and `atlas build`, both expected to succeed.
    BothPass,
    /// `atlas build` with these arguments, expected to refuse.
    Build(Vec<String>),
    /// `atlas import` with these arguments, expected to refuse (content unchanged).
    Import(Vec<String>),
    /// `atlas import` with these arguments, expected to succeed.
    ImportPass(Vec<String>),
}

/// A change to the site before the command runs.
type Setup = Box<dyn Fn(&Path) + Send + Sync>;

struct Case {
    name: String,
    setup: Setup,
    run: Run,
    /// Fragments the output must contain (stderr for refusals).
    expect: Vec<String>,
}

fn case(name: impl Into<String>, run: Run, expect: &[&str], setup: Setup) -> Case {
    Case {
        name: name.into(),
        setup,
        run,
        expect: expect.iter().map(|s| s.to_string()).collect(),
    }
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn writes(rel: &'static str, bytes: Vec<u8>) -> Setup {
    Box::new(move |root: &Path| write(root, rel, &bytes))
}

fn org_with(line: &str) -> Vec<u8> {
    // The key replaced (or added) on line 5, before [codes].
    let mut lines: Vec<String> = ORG_TOML.lines().map(str::to_string).collect();
    let key = line.split('=').next().unwrap().trim();
    if let Some(i) = lines
        .iter()
        .position(|l| l.split('=').next().unwrap().trim() == key && !l.starts_with('['))
    {
        lines[i] = line.to_string();
    } else {
        lines.insert(4, line.to_string());
    }
    (lines.join("\n") + "\n").into_bytes()
}

fn notice_with(front_line: &str) -> Vec<u8> {
    let mut lines: Vec<String> = NOTICE.lines().map(str::to_string).collect();
    let key = front_line.split('=').next().unwrap().trim();
    if let Some(i) = lines[1..5]
        .iter()
        .position(|l| l.split('=').next().unwrap().trim() == key)
    {
        lines[i + 1] = front_line.to_string();
    } else {
        lines.insert(4, front_line.to_string());
    }
    (lines.join("\n") + "\n").into_bytes()
}

fn notice_body(body: &str) -> Vec<u8> {
    format!("+++\ntitle = \"Big\"\nretrieved = 2026-01-15\n+++\n\n{body}").into_bytes()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Every case.
fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    let big = "x".repeat(1 << 20);

    // org.toml: each key with values of the wrong type or shape.
    let org_keys = [
        "name",
        "kind",
        "website",
        "region",
        "nhs_region",
        "description",
    ];
    let wrong_values = [
        "1",
        "true",
        "[\"a\", \"b\"]",
        "{ a = 1 }",
        "2024-01-01",
        "1.5",
    ];
    for (line, key) in org_keys.iter().enumerate() {
        let at = format!("org.toml:{}:", (line + 1).min(5));
        for value in wrong_values {
            all.push(case(
                format!("org.toml {key} = {value}"),
                Run::Both,
                &[&at],
                writes(ORG, org_with(&format!("{key} = {value}"))),
            ));
        }
    }
    for (key, value, words) in [
        ("kind", "\"purple\"", "purple"),
        ("kind", "\"\"", "kind"),
        ("name", "\"\"", "`name` is empty"),
        ("website", "\"\"", "`website` is empty"),
        ("region", "\"\"", "`region` is empty"),
        (
            "website",
            "\"javascript:alert(1)\"",
            "not an http(s) address",
        ),
        (
            "website",
            "\"ftp://example.gov.uk\"",
            "not an http(s) address",
        ),
        ("website", "\"//example.gov.uk\"", "not an http(s) address"),
        ("region", "\"Atlantis\"", "not an ONS region"),
        ("nhs_region", "\"Atlantis\"", "not an NHS England region"),
    ] {
        all.push(case(
            format!("org.toml {key} = {value}"),
            Run::Both,
            &["org.toml:", words],
            writes(ORG, org_with(&format!("{key} = {value}"))),
        ));
    }
    // Codes: wrong formats, wrong types, arrays where the table belongs.
    for (line, words) in [
        ("gss = \"X12345\"", "is not a GSS code"),
        ("gss = \"E99000001\"", "prefix E99"),
        ("gss = \"E54000066\"", "integrated care board"),
        ("gss = \"e09000099\"", "is not a GSS code"),
        ("gss = \"E0900009é\"", "is not a GSS code"),
        ("gss = 123456789", "gss"),
        ("ods = \"qvv\"", "is not an ODS code"),
        ("ods = \"RBDX1234\"", "is not an ODS code"),
        ("ico_registration = \"A1234567\"", "not an ICO registration"),
        ("ico_registration = \"Z12\"", "not an ICO registration"),
        ("gsss = \"E09000099\"", "unknown field `gsss`"),
    ] {
        let text = ORG_TOML.replace("gss = \"E09000099\"", line);
        all.push(case(
            format!("org.toml [codes] {line}"),
            Run::Both,
            &["org.toml:", words],
            writes(ORG, text.into_bytes()),
        ));
    }
    for codes in [
        "codes = [\"E09000099\", \"QVV\", \"Z1234567\"]",
        "codes = \"E09000099\"",
        "codes = 1",
        "codes = []",
    ] {
        let text = ORG_TOML.replace("[codes]\ngss = \"E09000099\"\n", &format!("{codes}\n"));
        all.push(case(
            format!("org.toml {codes}"),
            Run::Both,
            &["org.toml:", "`codes` must be a table"],
            writes(ORG, text.into_bytes()),
        ));
    }
    // An unknown key does not hide the file's other problems.
    all.push(case(
        "org.toml unknown key and a bad code, both reported by check and build",
        Run::Both,
        &[
            "org.toml:5:1: unknown field `colour_scheme`",
            "\"X12345\" is not a GSS code",
        ],
        writes(
            ORG,
            ORG_TOML
                .replace(
                    "region = \"London\"",
                    "region = \"London\"\ncolour_scheme = \"purple\"",
                )
                .replace("E09000099", "X12345")
                .into_bytes(),
        ),
    ));
    for key in ["regoin", "Name", "nmae", "websites", "codes_gss"] {
        all.push(case(
            format!("org.toml unknown key {key:?}"),
            Run::Both,
            &["org.toml:", "unknown field"],
            writes(ORG, org_with(&format!("{key} = \"x\""))),
        ));
    }
    // org.toml syntax and encodings.
    for (what, bytes, words) in [
        (
            "unclosed string",
            b"name = \"Example\n".to_vec(),
            "org.toml:1",
        ),
        (
            "duplicate key",
            format!("{ORG_TOML}name = \"Again\"\n").into_bytes(),
            "org.toml:",
        ),
        (
            "no equals sign",
            b"name \"Example\"\n".to_vec(),
            "org.toml:1",
        ),
        ("bad escape", b"name = \"a\\qb\"\n".to_vec(), "org.toml:1"),
        (
            "unclosed table",
            b"[codes\ngss = \"\"\n".to_vec(),
            "org.toml:1",
        ),
        ("NUL byte", b"name = \"a\0b\"\n".to_vec(), "org.toml:1"),
        (
            "invalid UTF-8",
            b"name = \"\xff\xfe\"\n".to_vec(),
            "not valid UTF-8",
        ),
        ("UTF-16 with BOM", utf16(ORG_TOML), "org.toml"),
        ("empty", Vec::new(), "org.toml"),
        ("only a BOM", b"\xef\xbb\xbf".to_vec(), "org.toml"),
        (
            "1 MB key",
            format!("{big} = 1\n").into_bytes(),
            "org.toml:1",
        ),
        (
            "1 MB value",
            org_with(&format!("name = \"{big}\"\nregion = \"{big}\"")),
            "org.toml:",
        ),
        ("1 MB bare line", big.clone().into_bytes(), "org.toml:1"),
        (
            "deeply nested arrays",
            format!("a = {}{}\n", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
            "org.toml",
        ),
        (
            "deeply nested tables",
            format!("a = {}{}\n", "{ b = ".repeat(3000), "}".repeat(3000)).into_bytes(),
            "org.toml",
        ),
        (
            "array of tables",
            b"[[codes]]\ngss = \"\"\n".to_vec(),
            "org.toml",
        ),
    ] {
        all.push(case(
            format!("org.toml {what}"),
            Run::Both,
            &[words],
            writes(ORG, bytes),
        ));
    }
    all.push(case(
        "org.toml with a BOM and CRLF works",
        Run::BothPass,
        &[],
        writes(
            ORG,
            [
                b"\xef\xbb\xbf".as_slice(),
                ORG_TOML.replace('\n', "\r\n").as_bytes(),
            ]
            .concat(),
        ),
    ));

    // Front matter: each key with wrong values.
    for (line, words) in [
        ("title = 1", "council-tax.md:"),
        ("title = \"\"", "`title` is empty"),
        ("title = [\"a\"]", "council-tax.md:"),
        ("title = { a = 1 }", "council-tax.md:"),
        ("retrieved = \"2026-01-15\"", "council-tax.md:"),
        ("retrieved = 2026-01-15T10:00:00", "without a time"),
        ("retrieved = 2026-13-01", "council-tax.md:"),
        ("retrieved = 2026-02-30", "council-tax.md:"),
        ("retrieved = 2999-01-01", "in the future"),
        ("retrieved = 0000-01-01", "is before 1990"),
        ("last_updated = 0001-01-01", "is before 1990"),
        ("retrieved = 10:00:00", "council-tax.md:"),
        ("retrieved = 1", "council-tax.md:"),
        ("last_updated = 2026-02-01", "after retrieved"),
        ("last_updated = \"soon\"", "council-tax.md:"),
        ("last_updated = 2026-01-01T00:00:00Z", "without a time"),
        (
            "source_url = \"javascript:alert(1)\"",
            "not an http(s) address",
        ),
        (
            "source_url = \"file:///etc/passwd\"",
            "not an http(s) address",
        ),
        ("source_url = \"//evil.example/\"", "not an http(s) address"),
        ("source_url = 1", "council-tax.md:"),
        ("summary = 1", "council-tax.md:"),
        ("summary = [1, 2]", "council-tax.md:"),
        ("slug = \"Upper\"", "not a valid slug"),
        ("slug = \"a--b\"", "not a valid slug"),
        ("slug = \"-a\"", "not a valid slug"),
        ("slug = \"../../etc\"", "not a valid slug"),
        ("slug = \"\"", "not a valid slug"),
        ("slug = \"é\"", "not a valid slug"),
        ("slug = 1", "council-tax.md:"),
        ("titel = \"x\"", "unknown field `titel`"),
        (
            "provenance = [\"a\", \"b\"]",
            "`provenance` must be a table",
        ),
        ("provenance = \"x\"", "`provenance` must be a table"),
        ("provenance = { sha256 = \"xyz\" }", "sha256 is not 64"),
        (
            "provenance = { imported = 2026-01-01T01:00:00 }",
            "without a time",
        ),
        ("provenance = { source = \"x\" }", "unknown field `source`"),
    ] {
        all.push(case(
            format!("front matter {line}"),
            Run::Both,
            &["council-tax.md:", words],
            writes(NOTICE_PATH, notice_with(line)),
        ));
    }
    let long_slug = "a".repeat(300);
    all.push(case(
        "front matter 300-character slug",
        Run::Both,
        &["council-tax.md:", "at most 100"],
        writes(NOTICE_PATH, notice_with(&format!("slug = \"{long_slug}\""))),
    ));
    all.push(case(
        "front matter 1 MB title is not echoed",
        Run::Both,
        &["council-tax.md:"],
        writes(NOTICE_PATH, notice_with(&format!("title = {}", big.len()))),
    ));
    all.push(case(
        "front matter 1 MB source_url is not echoed",
        Run::Both,
        &["council-tax.md:", "not an http(s) address", "…"],
        writes(NOTICE_PATH, notice_with(&format!("source_url = \"{big}\""))),
    ));
    // Front matter structure and encodings.
    for (what, bytes, words) in [
        (
            "no front matter",
            b"Just text\n".to_vec(),
            "no front matter",
        ),
        (
            "unclosed front matter",
            b"+++\ntitle = \"x\"\n".to_vec(),
            "no front matter",
        ),
        (
            "YAML fences",
            b"---\ntitle: x\n---\n".to_vec(),
            "no front matter",
        ),
        ("empty file", Vec::new(), "no front matter"),
        ("only a BOM", b"\xef\xbb\xbf".to_vec(), "no front matter"),
        ("only fences", b"+++\n+++\n".to_vec(), "council-tax.md"),
        (
            "NUL in front matter",
            b"+++\ntitle = \"a\0\"\nretrieved = 2026-01-01\n+++\n".to_vec(),
            "council-tax.md:",
        ),
        (
            "invalid UTF-8 in body",
            [notice_body("ok\n"), b"\xc3\x28\n".to_vec()].concat(),
            "not valid UTF-8",
        ),
        ("UTF-16LE with BOM", utf16(NOTICE), "council-tax.md"),
        (
            "Latin-1 bytes",
            b"+++\ntitle = \"caf\xe9\"\n".to_vec(),
            "not valid UTF-8",
        ),
        (
            "unclosed string",
            b"+++\ntitle = \"x\nretrieved = 2026-01-01\n+++\n".to_vec(),
            "council-tax.md:2",
        ),
        (
            "bad table header",
            b"+++\n[provenance\n+++\n".to_vec(),
            "council-tax.md:2",
        ),
        (
            "duplicate title",
            NOTICE
                .replacen("retrieved", "title = \"again\"\nretrieved", 1)
                .into_bytes(),
            "council-tax.md:3",
        ),
        (
            "missing title",
            b"+++\nretrieved = 2026-01-01\n+++\n".to_vec(),
            "title",
        ),
        (
            "missing retrieved",
            b"+++\ntitle = \"x\"\n+++\n".to_vec(),
            "retrieved",
        ),
        (
            "1 MB front matter line",
            format!("+++\n{big}\n+++\n").into_bytes(),
            "council-tax.md:2",
        ),
    ] {
        all.push(case(
            format!("front matter {what}"),
            Run::Both,
            &[words],
            writes(NOTICE_PATH, bytes),
        ));
    }
    for (what, bytes) in [
        ("CRLF", NOTICE.replace('\n', "\r\n").into_bytes()),
        ("BOM", [b"\xef\xbb\xbf".as_slice(), NOTICE.as_bytes()].concat()),
        ("BOM and CRLF", [b"\xef\xbb\xbf".as_slice(), NOTICE.replace('\n', "\r\n").as_bytes()].concat()),
        ("NUL in the body", [notice_body("a\0b\n")].concat()),
        ("control characters", notice_body("a\u{1}\u{7}\u{1b}[31m b\u{202e}c\n")),
        ("XSS in the body", notice_body("<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n## <svg onload=alert(1)>\n")),
        ("XSS in the title", notice_with("title = \"<script>alert(1)</script>\"")),
        ("combining marks", notice_body(&"e\u{301}".repeat(10_000))),
        ("emoji and astral", notice_body(&"👩‍👩‍👧 𝕏 ".repeat(5_000))),
        ("right-to-left text", notice_body("## مرحبا\n\nשלום\n")),
    ] {
        all.push(case(format!("notice {what} works"), Run::BothPass, &[], writes(NOTICE_PATH, bytes)));
    }

    // Markdown: huge and deep shapes finish (within the hang limit) or are refused by limit.
    for (what, body) in [
        (
            "80,000 > on one line",
            format!("{} deep\n", ">".repeat(80_000)),
        ),
        (
            "40,000 nested list markers",
            format!("{}x\n", "- ".repeat(40_000)),
        ),
        (
            "deeply indented lists",
            (0..2000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "100,000 emphasis markers",
            format!("{}x{}\n", "*".repeat(100_000), "*".repeat(100_000)),
        ),
        (
            "100,000 brackets",
            format!("{}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        ("100,000 backticks", "`".repeat(100_000)),
        ("a 200 KB line", "word ".repeat(40_000)),
        (
            "a 10,000-row table",
            "| a | b |\n|---|---|\n".to_string() + &"| x | y |\n".repeat(10_000),
        ),
        ("2,000 identical headings", "## Same\n\nx\n\n".repeat(2_000)),
        (
            "100,000 link reference definitions",
            (0..100_000)
                .map(|i| format!("[r{i}]: https://e.example/{i}\n"))
                .collect(),
        ),
        (
            "10,000 paragraphs",
            "Some words in a paragraph here.\n\n".repeat(10_000),
        ),
    ] {
        all.push(case(
            format!("markdown {what}"),
            Run::BothPass,
            &[],
            writes(NOTICE_PATH, notice_body(&body)),
        ));
    }
    for (what, body, words) in [
        (
            "20,000 identical headings",
            "## Same\n\nx\n\n".repeat(20_000),
            "more than 2000 headings",
        ),
        (
            "100,000 distinct headings",
            (0..100_000).map(|i| format!("## H{i}\n\n")).collect(),
            "more than 2000 headings",
        ),
        (
            "100,000 links",
            (0..100_000)
                .map(|i| format!("[l{i}](https://e.example/{i}) "))
                .collect(),
            "more than 5000 links",
        ),
        (
            "250,000 emphasised words",
            "*a* ".repeat(250_000),
            "more than 100000 Markdown elements",
        ),
        (
            "150,000 list items",
            "- item\n".repeat(150_000),
            "more than 100000 Markdown elements",
        ),
        (
            "30,000 table rows",
            "| a | b |\n|---|---|\n".to_string() + &"| x | y |\n".repeat(30_000),
            "more than 20000 table rows",
        ),
    ] {
        all.push(case(
            format!("markdown {what}"),
            Run::Both,
            &["council-tax.md:", words],
            writes(NOTICE_PATH, notice_body(&body)),
        ));
    }
    // Links in the body.
    for (dest, words) in [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("vbscript:msgbox", "vbscript"),
        ("file:///etc/passwd", "file"),
        ("//evil.example/", "leaves out the scheme"),
        ("///evil.example/", "leaves out the scheme"),
        ("/\\evil.example/", "leaves out the scheme"),
        ("../../nobody/", "points to no page"),
        ("../../example/missing/", "points to no page"),
        ("#no-such-heading", "points to no heading"),
        ("/orgs/nobody/", "points to no page"),
    ] {
        all.push(case(
            format!("link to {dest}"),
            Run::Both,
            &["council-tax.md:8:", words],
            writes(
                NOTICE_PATH,
                notice_body(&format!("Text.\n\n[link]({dest})\n")),
            ),
        ));
    }
    all.push(case(
        "link 1 MB long is not echoed",
        Run::Both,
        &["council-tax.md:8:", "…"],
        writes(
            NOTICE_PATH,
            notice_body(&format!("Text.\n\n[link](javascript:{big})\n")),
        ),
    ));

    // Slugs: notice file names and organisation folders.
    for name in [
        "Upper",
        "with space",
        "a--b",
        "-a",
        "a-",
        "é",
        "a.b",
        "a_b",
        "x".repeat(200).as_str(),
    ] {
        let rel = format!("content/example/notices/{name}.md");
        let expected: &str = if name.len() > 150 {
            "at most 100"
        } else {
            "not a valid slug"
        };
        all.push(case(
            format!("notice file name {:?}", short(name)),
            Run::Both,
            &[expected],
            Box::new(move |root: &Path| write(root, &rel, NOTICE)),
        ));
    }
    for name in ["Upper", "with space", "a--b", "é", "x".repeat(250).as_str()] {
        let dir = format!("content/{name}");
        let expected: &str = if name.len() > 150 {
            "at most 100"
        } else {
            "not a valid slug"
        };
        all.push(case(
            format!("organisation folder {:?}", short(name)),
            Run::Both,
            &[expected],
            Box::new(move |root: &Path| {
                write(
                    root,
                    &format!("{dir}/org.toml"),
                    ORG_TOML.replace("E09000099", ""),
                );
            }),
        ));
    }
    all.push(case(
        "two organisations with one GSS code",
        Run::Both,
        &["org.toml", "is also the code of"],
        Box::new(|root: &Path| {
            write(
                root,
                "content/other/org.toml",
                ORG_TOML.replace("Example", "Other"),
            );
        }),
    ));
    all.push(case(
        "duplicate notice slug",
        Run::Both,
        &["duplicate notice slug"],
        Box::new(|root: &Path| {
            write(
                root,
                "content/example/notices/another.md",
                notice_with("slug = \"council-tax\""),
            );
        }),
    ));
    all.push(case(
        "organisation without org.toml",
        Run::Both,
        &["content/empty", "no org.toml"],
        Box::new(|root: &Path| fs::create_dir_all(root.join("content/empty/notices")).unwrap()),
    ));
    all.push(case(
        "notice outside notices/",
        Run::Both,
        &["content/example/stray.md", "outside"],
        Box::new(|root: &Path| write(root, "content/example/stray.md", NOTICE)),
    ));
    all.push(case(
        "notice at the top of content/",
        Run::Both,
        &["content/stray.md", "outside an organisation folder"],
        Box::new(|root: &Path| write(root, "content/stray.md", NOTICE)),
    ));
    all.push(case(
        "notice over 32 MB",
        Run::Both,
        &["council-tax.md", "larger files are refused"],
        writes(NOTICE_PATH, notice_body(&"x".repeat(33 << 20))),
    ));

    // Files that are not plain notices: every one reported.
    for ext in ["MD", "Md", "mD", "MARKDOWN"] {
        let rel = format!("content/example/notices/upper.{ext}");
        all.push(case(
            format!("notice named .{ext}"),
            Run::Both,
            &[&format!("upper.{ext}"), "not lower case"],
            Box::new(move |root: &Path| write(root, &rel, NOTICE)),
        ));
    }
    all.push(case(
        "folder named like a notice",
        Run::Both,
        &["folder.md", "folder named like a notice"],
        Box::new(|root: &Path| {
            fs::create_dir_all(root.join("content/example/notices/folder.md")).unwrap()
        }),
    ));
    all.push(case(
        "named pipe as a notice",
        Run::Both,
        &["pipe.md", "named pipe"],
        Box::new(|root: &Path| mkfifo(&root.join("content/example/notices/pipe.md"))),
    ));
    all.push(case(
        "named pipe at the top of content/",
        Run::Both,
        &["content/pipe", "named pipe"],
        Box::new(|root: &Path| mkfifo(&root.join("content/pipe"))),
    ));
    all.push(case(
        "link to a file outside content/",
        Run::Both,
        &["outside.md", "outside content/"],
        Box::new(|root: &Path| {
            write(root, "elsewhere/outside.md", NOTICE);
            symlink(
                &root.join("elsewhere/outside.md"),
                &root.join("content/example/notices/outside.md"),
            );
        }),
    ));
    all.push(case(
        "link to /etc/passwd",
        Run::Both,
        &["passwd.md", "outside content/"],
        Box::new(|root: &Path| {
            symlink(
                Path::new("/etc/passwd"),
                &root.join("content/example/notices/passwd.md"),
            )
        }),
    ));
    all.push(case(
        "link to /dev/zero",
        Run::Both,
        &["zero.md", "outside content/"],
        Box::new(|root: &Path| {
            symlink(
                Path::new("/dev/zero"),
                &root.join("content/example/notices/zero.md"),
            )
        }),
    ));
    all.push(case(
        "a loop of links",
        Run::Both,
        &["loop.md", "loop"],
        Box::new(|root: &Path| {
            let dir = root.join("content/example/notices");
            symlink(&dir.join("loop2.md"), &dir.join("loop.md"));
            symlink(&dir.join("loop.md"), &dir.join("loop2.md"));
        }),
    ));
    all.push(case(
        "a broken link",
        Run::Both,
        &["broken.md", "leads nowhere"],
        Box::new(|root: &Path| {
            symlink(
                Path::new("/nonexistent/x.md"),
                &root.join("content/example/notices/broken.md"),
            )
        }),
    ));
    all.push(case(
        "a link to a folder that loops",
        Run::Both,
        &["up", "not followed"],
        Box::new(|root: &Path| {
            symlink(
                &root.join("content"),
                &root.join("content/example/notices/up"),
            )
        }),
    ));
    all.push(case(
        "a linked organisation folder",
        Run::Both,
        &["content/linked", "not followed"],
        Box::new(|root: &Path| symlink(Path::new("/"), &root.join("content/linked"))),
    ));
    all.push(case(
        "a linked org.toml",
        Run::Both,
        &["org.toml", "outside content/"],
        Box::new(|root: &Path| {
            let org = root.join(ORG);
            fs::remove_file(&org).unwrap();
            symlink(Path::new("/etc/passwd"), &org);
        }),
    ));
    all.push(case(
        "a link inside content/ to a notice is read",
        Run::BothPass,
        &["2 notices"],
        Box::new(|root: &Path| {
            symlink(
                &root.join(NOTICE_PATH),
                &root.join("content/example/notices/alias.md"),
            );
        }),
    ));

    // atlas.toml and themes.
    for (what, text, words) in [
        (
            "theme ../../x",
            format!("{ATLAS_TOML}theme = \"../../x\"\n"),
            "not a folder name",
        ),
        (
            "theme /etc",
            format!("{ATLAS_TOML}theme = \"/etc\"\n"),
            "not a folder name",
        ),
        (
            "theme empty",
            format!("{ATLAS_TOML}theme = \"\"\n"),
            "theme is empty",
        ),
        (
            "theme ..",
            format!("{ATLAS_TOML}theme = \"..\"\n"),
            "not a folder name",
        ),
        (
            "theme a/b",
            format!("{ATLAS_TOML}theme = \"a/b\"\n"),
            "not a folder name",
        ),
        (
            "theme with NUL",
            format!("{ATLAS_TOML}theme = \"a\\u0000b\"\n"),
            "not a folder name",
        ),
        (
            "theme missing",
            format!("{ATLAS_TOML}theme = \"nowhere\"\n"),
            "not found",
        ),
        (
            "theme 1",
            format!("{ATLAS_TOML}theme = 1\n"),
            "atlas.toml:3",
        ),
        (
            "unknown key",
            format!("{ATLAS_TOML}colour = \"red\"\n"),
            "unknown field `colour`",
        ),
        (
            "base_url ftp",
            "title = \"x\"\nbase_url = \"ftp://x/\"\n".to_string(),
            "not an absolute http(s) URL",
        ),
        (
            "base_url javascript",
            "title = \"x\"\nbase_url = \"javascript:alert(1)\"\n".to_string(),
            "not an absolute http(s) URL",
        ),
        ("no base_url", "title = \"x\"\n".to_string(), "base_url"),
        (
            "search as array",
            format!("{ATLAS_TOML}search = [1]\n"),
            "`search` must be a table",
        ),
        (
            "title as table",
            "title = { a = 1 }\nbase_url = \"https://x/\"\n".to_string(),
            "atlas.toml",
        ),
        ("syntax error", "title = \n".to_string(), "atlas.toml:1"),
        (
            "1 MB title line",
            format!("title = {big}\n"),
            "atlas.toml:1",
        ),
    ] {
        all.push(case(
            format!("atlas.toml {what}"),
            Run::Both,
            &["atlas.toml", words],
            writes("atlas.toml", text.into_bytes()),
        ));
    }
    all.push(case(
        "theme folder that is a link",
        Run::Build(vec![]),
        &["atlas.toml", "is a link"],
        Box::new(|root: &Path| {
            symlink(&root.join("themes/default"), &root.join("themes/linked"));
            write(
                root,
                "atlas.toml",
                format!("{ATLAS_TOML}theme = \"linked\"\n"),
            );
        }),
    ));
    // Templates of the site's own.
    for (name, text, words) in [
        ("notice.html", "{% if %}", "notice.html"),
        (
            "notice.html",
            "{{ page.title | no_such_filter }}",
            "notice.html",
        ),
        (
            "notice.html",
            "{% include \"notice.html\" %}",
            "notice.html",
        ),
        ("base.html", "{% block content %}", "base.html"),
        ("home.html", "{{ nothing.at.all() }}", "home.html"),
        (
            "notice.html",
            "{% for x in range(100000000) %}{% endfor %}",
            "notice.html",
        ),
    ] {
        let rel = format!("templates/{name}");
        all.push(case(
            format!("template {name}: {text}"),
            Run::Build(vec![]),
            &[words],
            Box::new(move |root: &Path| write(root, &rel, text)),
        ));
    }
    // Reviewed facts.
    for (what, text, words) in [
        ("syntax error", "[[fact]\n", "council-tax.facts.toml"),
        ("unknown facet", "[[fact]]\naction = \"add\"\nfacet = \"nope\"\nvalue = \"x\"\nquote = \"name and address\"\n", "council-tax.facts.toml"),
        ("quote not in the notice", "[[fact]]\naction = \"add\"\nfacet = \"recipients\"\nvalue = \"cabinet-office\"\nquote = \"words that are not there\"\n", "council-tax.facts.toml"),
        ("fact as a string", "fact = \"x\"\n", "council-tax.facts.toml"),
        ("unknown action", "[[fact]]\naction = \"delete-everything\"\nfacet = \"recipients\"\nvalue = \"x\"\n", "council-tax.facts.toml"),
        ("XSS quote", "[[fact]]\naction = \"add\"\nfacet = \"recipients\"\nvalue = \"x\"\nquote = \"<script>alert(1)</script>\"\n", "council-tax.facts.toml"),
    ] {
        all.push(case(
            format!("facts.toml {what}"),
            Run::Both,
            &[words],
            writes("content/example/notices/council-tax.facts.toml", text.as_bytes().to_vec()),
        ));
    }

    // Output folders.
    for (what, out, words) in [
        ("the site root", ".", "holds the site's own files"),
        (
            "the site root, spelled differently",
            "content/..",
            "holds the site's own files",
        ),
        ("content/", "content", "content/"),
        ("inside content/", "content/example/notices", "content/"),
        ("themes/", "themes", "themes/"),
        ("a folder of someone's files", "docs", "did not write"),
        ("a file", "notes.txt", "is a file"),
        ("a link", "linked-out", "symbolic link"),
        ("the parent of the site", "..", "holds the site's own files"),
    ] {
        all.push(case(
            format!("--out {what}"),
            Run::Build(args(&["--out", out])),
            &[words],
            Box::new(|root: &Path| {
                write(root, "docs/thesis.tex", "years of work");
                write(root, "notes.txt", "my notes");
                symlink(&root.join("docs"), &root.join("linked-out"));
            }),
        ));
    }

    // Import: text and HTML.
    let import = |file: &str, extra: &[&str]| {
        let mut a = args(&[file, "--org", "example"]);
        a.extend(args(extra));
        a
    };
    for (what, bytes, words) in [
        ("an empty file", Vec::new(), "the file is empty"),
        (
            "white space only",
            b"  \n\t\n".to_vec(),
            "the file is empty",
        ),
        ("a PDF", b"%PDF-1.7\n...".to_vec(), "not text or HTML"),
        (
            "a NUL byte",
            b"Privacy\0notice\n".to_vec(),
            "not text or HTML",
        ),
        (
            "UTF-16 with BOM",
            utf16("Privacy notice\n\nText.\n"),
            "UTF-16",
        ),
        (
            "invalid UTF-8",
            b"Privacy notice\n\nCaf\xe9.\n".to_vec(),
            "not valid UTF-8",
        ),
        ("over 8 MB", vec![b'a'; 9 << 20], "refused"),
        (
            "only cookie banners",
            b"Accept cookies\n}\nPrivacy settings\n".to_vec(),
            "no notice text found",
        ),
    ] {
        all.push(case(
            format!("import {what}"),
            Run::Import(import("raw.txt", &[])),
            &["raw.txt", words],
            writes("raw.txt", bytes),
        ));
    }
    let nested_tables = |n: usize| {
        format!(
            "<html><body><main><h1>T</h1>{}x{}</main></body></html>",
            "<table><tr><td>".repeat(n),
            "</td></tr></table>".repeat(n)
        )
    };
    for (what, html) in [
        ("25 nested tables", nested_tables(25)),
        ("50 nested tables", nested_tables(50)),
        ("80 nested tables", nested_tables(80)),
        ("200 nested lists", format!("<html><body><main><h1>T</h1>{}x{}</main></body></html>", "<ul><li>".repeat(100), "</li></ul>".repeat(100))),
        ("a script with tags", format!("<html><body><main><h1>T</h1><p>x</p><script>{}</script></main></body></html>", "<div>".repeat(100_000))),
        ("comments with tags", format!("<html><body><main><h1>T</h1><p>x</p><!--{}--></main></body></html>", "<div>".repeat(100_000))),
        ("100,000 paragraphs", format!("<html><body><main><h1>T</h1>{}</main></body></html>", "<p>word</p>".repeat(100_000))),
        ("20,000 skipped forms", format!("<html><body><main><h1>T</h1><p>x</p>{}</main></body></html>", (0..20_000).map(|i| format!("<form id=f{i}></form>")).collect::<String>())),
        ("javascript links", "<html><body><main><h1>T</h1><p><a href=\"javascript:alert(1)\">x</a> <a href=\"java&#x0A;script:alert(1)\">y</a></p></main></body></html>".to_string()),
    ] {
        all.push(case(
            format!("import HTML {what}"),
            Run::ImportPass(import("raw.html", &["--force"])),
            &["wrote"],
            writes("raw.html", html.into_bytes()),
        ));
    }
    for (what, html) in [
        (
            "1 MB of unclosed <div>",
            "<html><body>".to_string() + &"<div>".repeat(200_000),
        ),
        (
            "1 MB of unclosed <b>",
            "<html><body>".to_string() + &"<b>".repeat(300_000),
        ),
        (
            "300 unclosed <span>",
            "<html><body>\n\n".to_string() + &"<span>x".repeat(300),
        ),
    ] {
        all.push(case(
            format!("import HTML {what}"),
            Run::Import(import("raw.html", &[])),
            &["raw.html:", "nested more than 256 deep"],
            writes("raw.html", html.into_bytes()),
        ));
    }
    for (what, extra, words) in [
        ("--url javascript:", vec!["--url", "javascript:alert(1)"], "--url"),
        ("--url data:", vec!["--url", "data:text/html,x"], "--url"),
        ("--url file:", vec!["--url", "file:///etc/passwd"], "--url"),
        ("--url ftp:", vec!["--url", "ftp://example.gov.uk/x"], "--url"),
        ("--url relative", vec!["--url", "/privacy"], "--url"),
        ("--url protocol-relative", vec!["--url", "//example.gov.uk/privacy"], "--url"),
        ("--url empty", vec!["--url", ""], "--url"),
        ("--slug with ..", vec!["--slug", "../../etc"], "--slug"),
        ("--slug upper case", vec!["--slug", "Privacy"], "--slug"),
        ("--slug 300 characters", vec!["--slug", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z"], "--slug"),
        ("--retrieved not a date", vec!["--retrieved", "yesterday"], "--retrieved"),
        ("--retrieved 1 MB", vec!["--retrieved", "9999999999999999999999999999999999999999999999999999999999999999999"], "--retrieved"),
        ("an existing notice", vec!["--slug", "council-tax"], "already exists"),
    ] {
        all.push(case(
            format!("import {what}"),
            Run::Import(import("raw.txt", &extra)),
            &[words],
            writes("raw.txt", b"Privacy notice\n\nWe collect your name.\n".to_vec()),
        ));
    }
    for (what, org) in [
        ("an org with ..", "../x"),
        ("an org in upper case", "Example"),
        ("an empty org", ""),
    ] {
        all.push(case(
            format!("import --org {what}"),
            Run::Import(args(&["raw.txt", "--org", org])),
            &["--org"],
            writes("raw.txt", b"Privacy notice\n\nText.\n".to_vec()),
        ));
    }
    for (what, file, words) in [
        ("/dev/zero", "/dev/zero", "refused"),
        ("a folder", "content", "folder"),
        ("a missing file", "missing.txt", "missing.txt"),
        ("a named pipe", "pipe.txt", "named pipe"),
    ] {
        all.push(case(
            format!("import {what}"),
            Run::Import(import(file, &[])),
            &[words],
            Box::new(|root: &Path| mkfifo(&root.join("pipe.txt"))),
        ));
    }
    all
}

/// At most 300 bytes of `text`, for failure messages.
fn short(text: &str) -> String {
    atlas::text::excerpt(text, 300)
}

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    for unit in text.encode_utf16() {
        out.extend(unit.to_le_bytes());
    }
    out
}

fn symlink(target: &Path, link: &Path) {
    fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// The small site every case starts from, built once: its sources and `public/`.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
            write(root, "atlas.toml", ATLAS_TOML);
            write(root, ORG, ORG_TOML);
            write(root, NOTICE_PATH, NOTICE);
            let out = Command::new(atlas_bin())
                .arg("build")
                .current_dir(root)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            dir
        })
        .path()
}

/// Every file under `dir` by path: its bytes, or what a link points to, or its kind. Links
/// are never followed and pipes never opened.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        let kind = entry.file_type();
        let value = if kind.is_symlink() {
            format!("link {}", fs::read_link(entry.path()).unwrap().display()).into_bytes()
        } else if kind.is_file() {
            fs::read(entry.path()).unwrap()
        } else if kind.is_dir() {
            b"folder".to_vec()
        } else {
            b"other".to_vec()
        };
        out.insert(rel, value);
    }
    out
}

/// Runs `atlas` with `args` in `dir`, killing it after [`HANG`]. Returns the exit code (None
/// when killed), stdout and stderr.
fn run_atlas(dir: &Path, args: &[String]) -> (Option<i32>, String, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(atlas_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads, so a chatty child never blocks on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).ok();
        s
    });
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let text = |v: Vec<u8>| String::from_utf8_lossy(&v).into_owned();
    (
        code,
        text(out.join().unwrap()),
        text(err.join().unwrap()),
        elapsed,
    )
}

/// Runs one case; the problems found (empty when it behaved) and its slowest command's time.
fn run_case(case: &Case) -> (Vec<String>, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(template(), root);
    (case.setup)(root);
    let mut problems = Vec::new();
    let mut slowest = Duration::ZERO;
    let commands: Vec<(Vec<String>, bool)> = match &case.run {
        Run::Both => vec![(args(&["check"]), false), (args(&["build"]), false)],
        Run::BothPass => vec![(args(&["check"]), true), (args(&["build"]), true)],
        Run::Build(extra) => {
            let mut a = args(&["build"]);
            a.extend(extra.iter().cloned());
            vec![(a, false)]
        }
        Run::Import(extra) => {
            let mut a = args(&["import"]);
            a.extend(extra.iter().cloned());
            vec![(a, false)]
        }
        Run::ImportPass(extra) => {
            let mut a = args(&["import"]);
            a.extend(extra.iter().cloned());
            vec![(a, true)]
        }
    };
    let is_import = matches!(case.run, Run::Import(_) | Run::ImportPass(_));
    for (command, should_pass) in commands {
        let public = snapshot(&root.join("public"));
        let content = snapshot(&root.join("content"));
        let (code, stdout, stderr, elapsed) = run_atlas(root, &command);
        slowest = slowest.max(elapsed);
        let shown = command.join(" ");
        let shown = short(&shown);
        match code {
            None => problems.push(format!("`atlas {shown}` still ran after {HANG:?}: killed")),
            Some(101) => problems.push(format!("`atlas {shown}` panicked: {stderr}")),
            _ if stderr.contains("panicked") => {
                problems.push(format!("`atlas {shown}` panicked: {stderr}"))
            }
            Some(0) if !should_pass => {
                problems.push(format!("`atlas {shown}` accepted it: {}", short(&stdout)))
            }
            Some(code) if code != 0 && should_pass => problems.push(format!(
                "`atlas {shown}` refused it (exit {code}): {}",
                short(&stderr)
            )),
            _ => {}
        }
        let said = if should_pass {
            format!("{stdout}{stderr}")
        } else {
            stderr.clone()
        };
        for fragment in &case.expect {
            if !said.contains(fragment.as_str()) {
                problems.push(format!(
                    "`atlas {shown}` did not say {fragment:?}: {}",
                    short(&said)
                ));
            }
        }
        if !should_pass && stderr.len() > MAX_STDERR {
            problems.push(format!(
                "`atlas {shown}` printed {} bytes of errors (a value echoed whole?)",
                stderr.len()
            ));
        }
        // What must be untouched: the published site unless a build succeeded, the content
        // unless an import succeeded.
        let built = should_pass && command[0] == "build";
        if !built && snapshot(&root.join("public")) != public {
            problems.push(format!("`atlas {shown}` changed public/"));
        }
        if !(is_import && should_pass) && snapshot(&root.join("content")) != content {
            problems.push(format!("`atlas {shown}` changed content/"));
        }
        let leftovers: Vec<_> = fs::read_dir(root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".staging-"))
            .collect();
        if !leftovers.is_empty() {
            problems.push(format!("`atlas {shown}` left a staging folder"));
        }
    }
    (problems, slowest)
}

#[test]
fn hostile_inputs_are_refused_clearly_and_nothing_is_lost() {
    let cases = cases();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    template();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Vec<String>, Duration)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let (problems, slowest) = run_case(case);
                results
                    .lock()
                    .unwrap()
                    .push((case.name.clone(), problems, slowest));
            });
        }
    });
    let results = results.into_inner().unwrap();
    let failed: Vec<String> = results
        .iter()
        .filter(|(_, problems, _)| !problems.is_empty())
        .map(|(name, problems, _)| format!("{name}:\n    {}", problems.join("\n    ")))
        .collect();
    let slowest = results.iter().max_by_key(|(_, _, t)| *t).unwrap();
    if std::env::var_os("HOSTILE_TIMES").is_some() {
        let mut times: Vec<_> = results.iter().map(|(n, _, t)| (*t, n)).collect();
        times.sort();
        for (t, n) in times.iter().rev().take(25) {
            println!("{:8.2} s  {n}", t.as_secs_f64());
        }
    }
    println!(
        "hostile inputs: {} tried, {} handled; slowest: {} ({:.2} s, debug build)",
        results.len(),
        results.len() - failed.len(),
        slowest.0,
        slowest.2.as_secs_f64()
    );
    assert!(
        failed.is_empty(),
        "{} of {} cases misbehaved:\n{}",
        failed.len(),
        results.len(),
        failed.join("\n")
    );
}

mod properties {
    use atlas::import::{convert, ConvertOptions};
    use atlas::model::content::split_front_matter;
    use atlas::model::markdown::render;
    use proptest::prelude::*;

    /// Text with the characters that matter to the parsers, multi-byte ones included.
    fn hostile_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            any::<String>(),
            Just("+++\n".to_string()),
            Just("## ".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("[a](".to_string()),
            Just("<table><tr><td>".to_string()),
            Just("</td></tr></table>".to_string()),
            Just("<div>".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("’".to_string()),
            Just("é\u{301}".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("\0".to_string()),
            Just("title = \"".to_string()),
            Just("retrieved = 2024-01-01\n".to_string()),
            Just("[codes]\n".to_string()),
            Just("*".to_string()),
            Just("`".to_string()),
            Just("|".to_string()),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn front_matter_never_panics(text in hostile_text()) {
            if let Some((front, body, line)) = split_front_matter(&text) {
                prop_assert!(front.len() + body.len() <= text.len());
                prop_assert!(line >= 3);
                let mut problems = Vec::new();
                let _ = atlas::model::shape::parse_toml::<toml::Table>(
                    std::path::Path::new("n.md"),
                    front,
                    2,
                    &atlas::model::shape::FRONT_MATTER_SHAPE,
                    "help",
                    &mut problems,
                );
                for p in &problems {
                    prop_assert!(p.message.len() <= 400, "{}", p.message.len());
                }
            }
        }

        #[test]
        fn markdown_never_panics_and_stays_bounded(text in hostile_text()) {
            let r = render(&text);
            // Each input byte becomes a bounded amount of HTML (escapes, section links).
            prop_assert!(r.html.len() <= 200 * text.len() + 1000, "{} from {}", r.html.len(), text.len());
            prop_assert!(!r.html.contains("<script"));
        }

        #[test]
        fn import_never_panics_and_stays_bounded(text in hostile_text(), html in any::<bool>()) {
            let options = ConvertOptions {
                name: if html { "raw.html".into() } else { "raw.txt".into() },
                url: Some("https://example.gov.uk/privacy".into()),
                title: None,
                format: None,
            };
            if let Ok(c) = convert(text.as_bytes(), &options) {
                prop_assert!(c.markdown.len() <= 20 * text.len() + 1000, "{} from {}", c.markdown.len(), text.len());
                prop_assert!(!c.markdown.contains("<script"));
            }
        }

        #[test]
        fn import_of_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            for name in ["raw.txt", "raw.html", "raw"] {
                let options = ConvertOptions { name: name.into(), ..ConvertOptions::default() };
                let _ = convert(&bytes, &options);
            }
        }
    }
}

/// `atlas serve` answers this machine only: a loopback `Host` with the port, GET and HEAD,
/// and a request head sent in time. Each refusal is asserted by its status, or by the
/// connection being closed before [`HANG`] (the server allows a few seconds).
#[test]
fn serve_answers_only_this_machine_and_closes_slow_requests() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    let dir = tempfile::tempdir().unwrap();
    copy_dir(template(), dir.path());
    let mut child = Command::new(atlas_bin())
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let _stop = Stop(child);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let address = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    let port = address.rsplit(':').next().unwrap().to_string();

    let connect = || {
        let stream = TcpStream::connect(&address).unwrap();
        stream.set_read_timeout(Some(HANG)).unwrap();
        stream
    };
    let status = |request: String| -> String {
        let mut stream = connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        BufReader::new(stream).read_line(&mut response).unwrap();
        response.trim().to_string()
    };
    let get = |method: &str, host: &str| {
        status(format!(
            "{method} / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        ))
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert!(get("GET", &host).contains("200"), "{host}");
        assert!(get("HEAD", &host).contains("200"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.parse::<u32>().unwrap() + 1),
        String::new(),
    ] {
        assert!(get("GET", &host).contains("400"), "{host:?}");
    }
    let local = format!("127.0.0.1:{port}");
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"] {
        assert!(get(method, &local).contains("405"), "{method}");
    }
    // Half a request, and a connection that sends nothing: both closed by the server.
    for sent in [
        format!("GET / HTTP/1.1\r\nHost: {local}\r\n"),
        String::new(),
    ] {
        let mut stream = connect();
        stream.write_all(sent.as_bytes()).unwrap();
        let mut rest = Vec::new();
        match stream.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) => assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "the server kept a half request open for {HANG:?}"
            ),
        }
    }
}
