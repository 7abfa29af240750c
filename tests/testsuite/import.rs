//! `atlas import`, run as a maintainer runs it: the real binary over the five seed notices,
//! two unseen pages (raw text and saved HTML) and bad input.
//!
//! Golden files (`tests/testsuite/import/golden/`) are the importer's output, read by a person. After a
//! deliberate change to the importer, regenerate them with `UPDATE_GOLDEN=1 cargo test --test
//! import`, read the diff, and commit it. The curated notices in `content/` are the golden
//! output plus small hand edits; a test keeps those edits small.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_dir, repo, stderr, stdout, ATLAS};

const RETRIEVED: &str = "2026-11-21";

fn fixtures() -> PathBuf {
    repo().join("tests/testsuite/import")
}

/// A seed notice and how it is imported: file, organisation, notice slug, title.
struct Seed {
    file: &'static str,
    org: &'static str,
    slug: &'static str,
    title: &'static str,
}

const SEEDS: &[Seed] = &[
    Seed {
        file: "000_391d6349bda4166b.txt",
        org: "dudley",
        slug: "public-health-children-young-people",
        title: "Public health services for children and young people",
    },
    Seed {
        file: "001_ec6937c3f6bc0cb8.txt",
        org: "staffordshire",
        slug: "national-data-opt-out",
        title: "National data opt-out and public benefit evaluation",
    },
    Seed {
        file: "002_4360ac2d7d580b58.txt",
        org: "herefordshire-worcestershire-icb",
        slug: "patient-public-involvement",
        title: "Patient and public involvement (Worcestershire Involvement Network)",
    },
    Seed {
        file: "003_b9488c551410d3aa.txt",
        org: "southwark",
        slug: "client-level-data",
        title: "Client Level Data privacy notice",
    },
    Seed {
        file: "004_02eb96e91c094da6.txt",
        org: "dorset-icb",
        slug: "corporate-privacy-notice",
        title: "Corporate privacy notice",
    },
];

fn atlas(args: &[&str]) -> Output {
    Command::new(ATLAS).args(args).output().unwrap()
}

/// Runs `atlas import` into a fresh site root; returns the root, the output and the notice.
fn import(file: &Path, extra: &[&str]) -> (tempfile::TempDir, Output, Option<String>) {
    let root = tempfile::tempdir().unwrap();
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--root",
        root.path().to_str().unwrap(),
        "--retrieved",
        RETRIEVED,
    ];
    args.extend_from_slice(extra);
    let out = atlas(&args);
    let notice = fs::read_dir(root.path().join("content"))
        .ok()
        .and_then(|mut orgs| orgs.next())
        .and_then(|org| fs::read_dir(org.unwrap().path().join("notices")).ok())
        .and_then(|mut notices| notices.next())
        .map(|n| fs::read_to_string(n.unwrap().path()).unwrap());
    (root, out, notice)
}

/// The `imported` date is the day the test runs; golden files hold a fixed one.
fn normalise(notice: &str) -> String {
    notice
        .lines()
        .map(|l| {
            if l.starts_with("imported = ") {
                format!("imported = {RETRIEVED}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Compares with the golden file, or writes it when UPDATE_GOLDEN is set.
fn assert_golden(name: &str, actual: &str) {
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test testsuite import, then read it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the import output, first at line {}:\n  golden: {:?}\n  import: {:?}\n(after a deliberate change: UPDATE_GOLDEN=1 cargo test --test testsuite import, then read the diff)",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn seeds_import_to_their_golden_files() {
    for seed in SEEDS {
        let file = fixtures().join("seeds").join(seed.file);
        let (_root, out, notice) = import(
            &file,
            &[
                "--org", seed.org, "--slug", seed.slug, "--title", seed.title,
            ],
        );
        assert!(out.status.success(), "{}: {}", seed.file, stderr(&out));
        assert_golden(&format!("{}.md", seed.org), &normalise(&notice.unwrap()));
    }
}

/// Words of a notice as the site shows them: headings and text of every section.
fn shown_words(notice: &str) -> Vec<String> {
    let (_, body, _) = atlas::model::content::split_front_matter(notice).expect("front matter");
    atlas::model::markdown::render(body)
        .sections
        .iter()
        .flat_map(|s| {
            format!("{} {}", s.heading, s.text)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn curated_content_is_the_import_plus_small_hand_edits() {
    for seed in SEEDS {
        let golden =
            fs::read_to_string(fixtures().join("golden").join(format!("{}.md", seed.org))).unwrap();
        let content = fs::read_to_string(
            repo()
                .join("content")
                .join(seed.org)
                .join("notices")
                .join(format!("{}.md", seed.slug)),
        )
        .unwrap();
        let (golden, content) = (shown_words(&golden), shown_words(&content));
        let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &golden, &content);
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for op in diff {
            match op {
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => removed.extend_from_slice(&golden[old_index..old_index + old_len]),
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                } => added.extend_from_slice(&content[new_index..new_index + new_len]),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    removed.extend_from_slice(&golden[old_index..old_index + old_len]);
                    added.extend_from_slice(&content[new_index..new_index + new_len]);
                }
                similar::DiffOp::Equal { .. } => {}
            }
        }
        // Hand edits restructure (heading levels, a heading split off, a stray label
        // removed); they do not rewrite the notice.
        assert!(
            removed.len() <= 4 && added.len() <= 4,
            "{}: hand edits changed the text: removed {:?}, added {:?}",
            seed.org,
            removed,
            added
        );
    }
}

#[test]
fn the_seed_reports_show_what_was_recognised_and_dropped() {
    let file = fixtures().join("seeds/001_ec6937c3f6bc0cb8.txt");
    let (_root, out, _) = import(
        &file,
        &["--org", "staffordshire", "--title", "Opt-out notice"],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    for expected in [
        "line 9    ## National Data Opt-Out",
        "line 61   8 items, nested",
        "line 1    \"Our use of cookies\" (cookie banner)",
        "line 6    \"Accept cookies Reject analytical cookies Manage cookies\"",
        "\"There are no results that match your search criteria\" (site furniture)",
        "new organisation: fill in",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let file = fixtures().join("seeds/003_b9488c551410d3aa.txt");
    let (_root, out, notice) = import(&file, &["--org", "southwark"]);
    let text = stdout(&out);
    assert!(
        text.contains("last_updated: 2023-09-06 (from \"Page last updated: 06 September 2023\")"),
        "{text}"
    );
    assert!(text.contains("\"}\" (punctuation only"), "{text}");
    assert!(
        text.contains("\"Privacy settings\" (site furniture)"),
        "{text}"
    );
    assert!(
        text.contains("title: Client Level Data privacy notice (from the first heading)"),
        "{text}"
    );
    assert!(
        text.contains("client-level-data-privacy-notice.md"),
        "{text}"
    );
    let notice = notice.unwrap();
    assert!(notice.contains("last_updated = 2023-09-06"), "{notice}");
    assert!(
        notice.contains("source_file = \"003_b9488c551410d3aa.txt\""),
        "{notice}"
    );
    assert!(notice
        .contains("sha256 = \"e74a710c6a8b3adb5fb05ff2884a2ef6124d5053dcaa561a4816acab6bb1587d\""));
    let file = fixtures().join("seeds/000_391d6349bda4166b.txt");
    let (_root, _out, notice) = import(&file, &["--org", "dudley"]);
    assert!(notice.unwrap().contains("last_updated = 2018-06-14"));
}

/// Leftovers of the page around a notice that must never reach the notice.
const LEFTOVERS: &[&str] = &[
    "cookie",
    "Skip to main content",
    "Menu",
    "Search",
    "helpful",
    "useful",
    "Report a problem",
    "Share this page",
    "Facebook",
    "Home",
    "Bins and recycling",
    "Accessibility statement",
    "©",
    "gtag",
    "dataLayer",
    "youtube",
    "googletagmanager",
    "javascript",
    "openChat",
    "onclick",
    "{",
    "}",
];

#[test]
fn an_unseen_saved_html_page_imports_without_leftovers() {
    let file = fixtures().join("unseen/electoral-registration.html");
    let (root, out, notice) = import(
        &file,
        &[
            "--org",
            "northshire",
            "--url",
            "https://www.northshire.gov.uk/elections/privacy",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let notice = notice.unwrap();
    assert_golden("unseen-electoral-registration.md", &normalise(&notice));
    let (_, body, _) = atlas::model::content::split_front_matter(&notice).unwrap();
    for leftover in LEFTOVERS {
        assert!(!body.contains(leftover), "{leftover:?} left in:\n{body}");
    }
    assert!(notice.contains("source_url = \"https://www.northshire.gov.uk/elections/privacy\""));
    assert!(notice.contains("last_updated = 2024-03-12"));
    assert!(body.contains("## Who we are"));
    assert!(body.contains("### Special category data"));
    assert!(body.contains("  - including emails"));
    assert!(
        body.contains("| Keeping the electoral register | Representation of the People Act 1983 |")
    );
    assert!(
        body.contains("[the open register](https://www.northshire.gov.uk/elections/open-register)")
    );
    assert!(body.contains("<dpo@northshire.gov.uk>"));
    let report = stdout(&out);
    assert!(
        report.contains("links kept as text only (1): javascript:openChat()"),
        "{report}"
    );
    assert!(
        report.contains("content: <main id=main-content>"),
        "{report}"
    );
    // The organisation is new: a skeleton org.toml, its website from --url.
    let org = fs::read_to_string(root.path().join("content/northshire/org.toml")).unwrap();
    assert!(
        org.contains("website = \"https://www.northshire.gov.uk\""),
        "{org}"
    );
    // The skeleton is not yet valid: check says what to fill in.
    let check = atlas(&[
        "check",
        root.path().join("content/northshire").to_str().unwrap(),
    ]);
    assert!(!check.status.success());
    assert!(
        stderr(&check).contains("`name` is empty"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn an_unseen_raw_text_notice_imports_without_leftovers() {
    let file = fixtures().join("unseen/council-tax.txt");
    let (_root, out, notice) = import(&file, &["--org", "northshire"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let notice = notice.unwrap();
    assert_golden("unseen-council-tax.md", &normalise(&notice));
    let (_, body, _) = atlas::model::content::split_front_matter(&notice).unwrap();
    for leftover in LEFTOVERS {
        assert!(!body.contains(leftover), "{leftover:?} left in:\n{body}");
    }
    assert!(notice.contains("title = \"Council tax privacy notice\""));
    assert!(notice.contains("last_updated = 2024-02-02"));
    assert!(body
        .contains("- information about discounts, exemptions and reductions you have applied for"));
    assert!(body.contains("- the Valuation Office Agency"));
}

#[test]
fn an_existing_notice_is_kept_unless_forced() {
    let file = fixtures().join("unseen/council-tax.txt");
    let root = tempfile::tempdir().unwrap();
    let r = root.path().to_str().unwrap();
    let args = [
        "import",
        file.to_str().unwrap(),
        "--org",
        "northshire",
        "--root",
        r,
    ];
    assert!(atlas(&args).status.success());
    let path = root
        .path()
        .join("content/northshire/notices/council-tax-privacy-notice.md");
    fs::write(&path, "hand edits").unwrap();
    let org_toml = root.path().join("content/northshire/org.toml");
    fs::write(&org_toml, "name = \"kept\"").unwrap();
    let out = atlas(&args);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), "hand edits");
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = atlas(&forced);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("replaced "));
    assert!(fs::read_to_string(&path).unwrap().starts_with("+++\n"));
    // An existing org.toml is never replaced.
    assert_eq!(fs::read_to_string(&org_toml).unwrap(), "name = \"kept\"");
}

// Bad input: each is refused with a clear message naming the file, or imported as clean,
// escaped Markdown from which nothing executable reaches a page.

fn refused(bytes: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::write(&file, bytes).unwrap();
    let (root, out, _) = import(&file, &["--org", "x"]);
    assert!(!out.status.success(), "{name} was imported");
    assert!(
        !root.path().join("content").exists(),
        "a refused import wrote content"
    );
    let err = stderr(&out);
    assert!(err.contains(name), "message does not name the file: {err}");
    err
}

#[test]
fn an_empty_file_is_refused() {
    assert!(refused(b"", "empty.txt").contains("the file is empty"));
    assert!(refused(b" \n\n\t\n", "blank.txt").contains("the file is empty"));
}

#[test]
fn a_binary_file_is_refused() {
    let err = refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "notice.pdf");
    assert!(err.contains("looks like a PDF document"), "{err}");
    let err = refused(b"\x00\x01\x02\x03binary\x00", "notice.bin");
    assert!(err.contains("looks like a binary file"), "{err}");
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let err = refused(b"Privacy notice\n\nCaf\xe9 data.\n", "latin1.txt");
    assert!(
        err.contains("latin1.txt:3:4: the file is not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("iconv"), "{err}");
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.txt");
    let f = fs::File::create(&file).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let (root, out, _) = import(&file, &["--org", "x"]);
    assert!(!out.status.success());
    assert!(!root.path().join("content").exists());
    let err = stderr(&out);
    assert!(
        err.contains("huge.txt: the file is 52428800 bytes"),
        "{err}"
    );
}

#[test]
fn a_file_of_leftovers_only_is_refused() {
    let err = refused(
        b"Accept cookies Reject analytical cookies Manage cookies\n}\nPrivacy settings\n",
        "chrome.txt",
    );
    assert!(err.contains("no notice text found"), "{err}");
}

/// Imports `bytes`, fills in the organisation, builds the site and returns the notice's
/// Markdown and its page.
fn import_and_build(bytes: &[u8], name: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::write(&file, bytes).unwrap();
    let root = tempfile::tempdir().unwrap();
    fs::copy(repo().join("atlas.toml"), root.path().join("atlas.toml")).unwrap();
    copy_dir(&repo().join("themes"), &root.path().join("themes"));
    let r = root.path().to_str().unwrap();
    let out = atlas(&[
        "import",
        file.to_str().unwrap(),
        "--org",
        "x",
        "--slug",
        "n",
        "--title",
        "Hostile notice",
        "--root",
        r,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::write(
        root.path().join("content/x/org.toml"),
        "name = \"X\"\nkind = \"other\"\nwebsite = \"https://x.example\"\nregion = \"London\"\n",
    )
    .unwrap();
    let out = atlas(&["build", "--root", r]);
    assert!(out.status.success(), "{}", stderr(&out));
    let markdown = fs::read_to_string(root.path().join("content/x/notices/n.md")).unwrap();
    let page = fs::read_to_string(root.path().join("public/orgs/x/n/index.html")).unwrap();
    (markdown, page)
}

/// The notice's part of a page: between <main> and </main>.
fn main_of(page: &str) -> &str {
    let start = page.find("<main").unwrap();
    let end = page.find("</main>").unwrap();
    &page[start..end]
}

#[test]
fn an_html_page_with_scripts_styles_and_iframes_imports_clean() {
    let html = br#"<!doctype html><html><head><title>T</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>alert("head")</script></head>
<body><main><h1>Hostile notice</h1>
<p>We keep your data safe.<script>alert("body")</script></p>
<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x">
<p><a href="javascript:alert(1)">Click here</a> <a href="data:text/html,<script>alert(1)</script>">or here</a>
<a href=" JaVa&#x0A;ScRiPt:alert(1)">or there</a> <a href="vbscript:x">v</a></p>
<p onmouseover="alert(1)">Hover <img src=x onerror="alert(1)"> me</p>
<svg onload="alert(1)"><script>alert(1)</script></svg>
<p>&lt;script&gt;alert("escaped")&lt;/script&gt; and `code` and [x](javascript:alert(1))</p>
<h2># Not a heading</h2>
<form action="https://evil.example"><input name="q"><button>Go</button></form>
</main></body></html>"#;
    let (markdown, page) = import_and_build(html, "hostile.html");
    let main = main_of(&page);
    for bad in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<svg",
        "<img",
        "<form",
        "onerror",
        "onload",
        "onmouseover",
        "href=\"javascript",
        "href=\"data",
        "href=\"vbscript",
    ] {
        assert!(
            !main.to_lowercase().contains(bad),
            "{bad} reached the page:\n{main}"
        );
    }
    for gone in [
        "alert(\"head\")",
        "alert(\"body\")",
        "background",
        "evil.example",
    ] {
        assert!(!markdown.contains(gone), "{gone} imported:\n{markdown}");
    }
    // Text that only looks like markup is kept as text, escaped.
    assert!(
        markdown.contains("\\<script>alert(\"escaped\")\\</script>"),
        "{markdown}"
    );
    assert!(markdown.contains("\\`code\\`"), "{markdown}");
    assert!(
        markdown.contains("\\[x\\](javascript:alert(1))"),
        "{markdown}"
    );
    assert!(markdown.contains("## \\# Not a heading"), "{markdown}");
    assert!(
        main.contains("&lt;script&gt;alert(&quot;escaped&quot;)&lt;/script&gt;")
            || main.contains("&lt;script&gt;alert(\"escaped\")&lt;/script&gt;"),
        "{main}"
    );
    assert!(main.contains("Click here"), "{main}");
}

#[test]
fn text_with_script_tags_and_javascript_links_imports_as_escaped_text() {
    let text = "Hostile notice\n\nWe say <script>alert(1)</script> here.\n\nClick [me](javascript:alert(1)) or <a href=\"javascript:alert(2)\">me</a> or javascript:alert(3).\n\n<img src=x onerror=alert(4)>\n\n# Heading?\n\n* **bold** _em_ `code` ~~strike~~ &amp; &#60;script&#62;\n";
    let (markdown, page) = import_and_build(text.as_bytes(), "hostile.txt");
    let main = main_of(&page);
    for bad in [
        "<script",
        "<img",
        "<a href=\"javascript",
        "<strong>",
        "<em>",
        "<code>",
        "<del>",
        "id=\"heading\"",
    ] {
        assert!(!main.contains(bad), "{bad} reached the page:\n{main}");
    }
    assert!(
        markdown.contains("We say \\<script>alert(1)\\</script> here."),
        "{markdown}"
    );
    assert!(
        markdown.contains("Click \\[me\\](javascript:alert(1))"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\\&amp; \\&#60;script\\&#62;"),
        "{markdown}"
    );
    // What the text said is what the page shows.
    assert!(
        main.contains("&lt;img src=x onerror=alert(4)&gt;"),
        "{main}"
    );
    assert!(main.contains("javascript:alert(3)."), "{main}");
    assert!(
        main.contains("&amp;amp; &amp;#60;script&amp;#62;"),
        "{main}"
    );
}
