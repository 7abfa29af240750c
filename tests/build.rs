//! Integration tests of `atlas build` and `atlas search`, run as a user runs them: the real
//! binary over site folders made in a temporary directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ATLAS: &str = env!("CARGO_BIN_EXE_atlas");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&entry, &target).unwrap();
        }
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            let mut children: Vec<_> = fs::read_dir(&out[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            children.sort();
            out.extend(children);
        }
        i += 1;
    }
    out
}

/// A small valid site: the repository's theme, one organisation with one notice.
struct Site {
    dir: tempfile::TempDir,
}

const ORG_TOML: &str = r#"name = "Example Borough Council"
kind = "council"
website = "https://example.gov.uk"
region = "London"

[codes]
gss = "E09000099"
"#;

const NOTICE_MD: &str = r#"+++
title = "Council tax privacy notice"
retrieved = 2026-01-15
summary = "How we use council tax data."
+++

We collect your name and address.

## Who we share with

We share data with the Cabinet Office for the National Fraud Initiative.

## How long we keep it

We keep council tax records for six years.
"#;

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
        fs::write(
            root.join("atlas.toml"),
            "title = \"Test Atlas\"\nbase_url = \"https://atlas.example/\"\n",
        )
        .unwrap();
        let site = Site { dir };
        site.write("content/example/org.toml", ORG_TOML);
        site.write("content/example/notices/council-tax.md", NOTICE_MD);
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn atlas(&self, args: &[&str]) -> Output {
        Command::new(ATLAS)
            .args(args)
            .current_dir(self.root())
            .output()
            .unwrap()
    }

    fn build(&self) -> Output {
        self.atlas(&["build"])
    }

    /// Builds once, then breaks the site with `change` and asserts that the next build
    /// fails naming `expected` (every fragment), and leaves the good `public/` untouched.
    fn assert_build_fails(&self, change: impl FnOnce(&Site), expected: &[&str]) {
        let first = self.build();
        assert!(first.status.success(), "{}", stderr(&first));
        let marker = self.root().join("public/index.html");
        let before = fs::read_to_string(&marker).unwrap();
        change(self);
        let out = self.build();
        let err = stderr(&out);
        assert!(!out.status.success(), "build should fail; stderr: {err}");
        for fragment in expected {
            assert!(err.contains(fragment), "expected {fragment:?} in:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(fs::read_to_string(&marker).unwrap(), before);
        let leftovers: Vec<_> = fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_valid_site_builds_pages_styles_and_index() {
    let site = Site::new();
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.root().join("public");
    for page in [
        "index.html",
        "404.html",
        "search/index.html",
        "orgs/example/index.html",
        "orgs/example/council-tax/index.html",
        "favicon.svg",
        "search/index.json",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let notice = fs::read_to_string(public.join("orgs/example/council-tax/index.html")).unwrap();
    assert!(notice.contains(r#"<h2 id="who-we-share-with">Who we share with</h2>"#));
    assert!(notice.contains(r#"href="https://atlas.example/orgs/example/council-tax/""#));
    assert!(notice.contains("<time datetime=\"2026-01-15\">"));
    // The stylesheet is bundled, minified and named by its content.
    let css: Vec<_> = fs::read_dir(public.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    let name = &css[0];
    assert!(
        name.starts_with("main.")
            && name.ends_with(".css")
            && name.len() == "main.0123456789.css".len(),
        "{name}"
    );
    let text = fs::read_to_string(public.join("assets").join(name)).unwrap();
    assert!(!text.contains("@import"), "imports were not bundled");
    assert!(!text.contains("\n  "), "not minified");
    assert!(text.contains(".skip-link"));
    assert!(notice.contains(&format!("/assets/{name}")));
}

#[test]
fn atlas_search_answers_from_the_built_index() {
    let site = Site::new();
    assert!(site.build().status.success());
    let out = site.atlas(&["search", "--json", "national fraud initiative"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["org"], "example");
    assert_eq!(hit["anchor"], "who-we-share-with");
    assert_eq!(hit["url"], "orgs/example/council-tax/#who-we-share-with");

    let text = site.atlas(&["search", "six years"]);
    let text = stdout(&text);
    assert!(text.contains("1 section match \"six years\""), "{text}");
    assert!(
        text.contains("/orgs/example/council-tax/#how-long-we-keep-it"),
        "{text}"
    );
    assert!(text.contains("[six] [years]"), "{text}");
}

#[test]
fn atlas_search_without_a_built_site_says_what_to_do() {
    let site = Site::new();
    let out = site.atlas(&["search", "anything"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("build the site first"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_seed_content_builds_and_finds_the_right_organisation_first() {
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = Command::new(ATLAS)
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for (query, org) in [
        ("national data opt-out", "staffordshire"),
        ("Survey Monkey", "herefordshire-worcestershire-icb"),
        ("Client Level Data", "southwark"),
    ] {
        let out = Command::new(ATLAS)
            .args(["search", "--json", "--site"])
            .arg(&site)
            .arg(query)
            .output()
            .unwrap();
        let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(results["hits"][0]["org"], org, "query {query:?}");
    }
}

#[test]
fn malformed_org_toml_names_file_line_and_column() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/org.toml",
                "name = \"Example\"\nkind = council\n",
            )
        },
        &[
            "content/example/org.toml:2:8:",
            "string values must be quoted",
        ],
    );
}

#[test]
fn unknown_key_in_org_toml_is_an_error() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/org.toml",
                &ORG_TOML.replace("region", "regoin"),
            )
        },
        &[
            "content/example/org.toml:4:1:",
            "unknown field `regoin`",
            "help:",
        ],
    );
}

#[test]
fn unknown_kind_lists_the_kinds() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/org.toml",
                &ORG_TOML.replace("\"council\"", "\"parish\""),
            )
        },
        &["content/example/org.toml:2:8:", "parish", "nhs-trust"],
    );
}

#[test]
fn missing_required_field_in_front_matter() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.md",
                &NOTICE_MD.replace("retrieved = 2026-01-15\n", ""),
            )
        },
        &[
            "content/example/notices/council-tax.md",
            "missing field `retrieved`",
        ],
    );
}

#[test]
fn malformed_front_matter_names_the_file_line() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.md",
                &NOTICE_MD.replace("summary = \"How", "summary = How"),
            )
        },
        // Line 4 of the file: the fence is line 1.
        &["content/example/notices/council-tax.md:4:"],
    );
}

#[test]
fn unknown_key_in_front_matter_points_at_its_line() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.md",
                &NOTICE_MD.replace("summary =", "sumary ="),
            )
        },
        &[
            "content/example/notices/council-tax.md:4:1:",
            "unknown field `sumary`",
        ],
    );
}

#[test]
fn notice_without_front_matter() {
    Site::new().assert_build_fails(
        |s| s.write("content/example/notices/bare.md", "# Just text\n"),
        &["content/example/notices/bare.md:1:1:", "no front matter"],
    );
}

#[test]
fn notice_outside_an_organisation_folder() {
    Site::new().assert_build_fails(
        |s| s.write("content/stray.md", NOTICE_MD),
        &["content/stray.md:", "notice outside an organisation folder"],
    );
}

#[test]
fn notice_outside_the_notices_folder() {
    Site::new().assert_build_fails(
        |s| s.write("content/example/extra.md", NOTICE_MD),
        &["content/example/extra.md:", "notices/ folder"],
    );
}

#[test]
fn organisation_folder_without_org_toml() {
    Site::new().assert_build_fails(
        |s| s.write("content/orphan/notices/a.md", NOTICE_MD),
        &["content/orphan:", "no org.toml"],
    );
}

#[test]
fn two_notices_with_the_same_slug() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/other.md",
                &NOTICE_MD.replace("+++\ntitle", "+++\nslug = \"council-tax\"\ntitle"),
            )
        },
        &[
            "content/example/notices/other.md:1:",
            "duplicate notice slug \"council-tax\"",
            "council-tax.md has the same slug",
        ],
    );
}

#[test]
fn a_date_with_a_time_is_rejected() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.md",
                &NOTICE_MD.replace("2026-01-15", "2026-01-15T10:00:00"),
            )
        },
        &[
            "council-tax.md:3:",
            "`retrieved` must be a date without a time",
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    Site::new().assert_build_fails(
        |s| {
            s.write("content/stray.md", NOTICE_MD);
            s.write(
                "content/example/org.toml",
                &ORG_TOML.replace("region", "regoin"),
            );
        },
        &[
            "content/stray.md",
            "content/example/org.toml",
            "2 problems found",
        ],
    );
}

#[test]
fn a_broken_template_fails_the_build_and_keeps_the_last_site() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "templates/org.html",
                "{% extends \"base.html\" %}{% block content %}{{ org.name }",
            )
        },
        &["templates/org.html"],
    );
}

#[test]
fn a_missing_config_says_where_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(ATLAS)
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("atlas.toml") && err.contains("--root"),
        "{err}"
    );
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = Site::new();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock %}",
    );
    assert!(site.build().status.success());
    let html = fs::read_to_string(site.root().join("public/404.html")).unwrap();
    assert!(html.contains("<h1>Lost</h1>"));
}

#[test]
fn notice_markup_cannot_inject_script() {
    let site = Site::new();
    site.write(
        "content/example/notices/council-tax.md",
        &format!(
            "{NOTICE_MD}\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<iframe src=\"https://e.example\"></iframe>\n"
        ),
    );
    // A link to a javascript: address is refused, with where it is.
    let out = site.build();
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("content/example/notices/council-tax.md:19:1: link to a javascript: address"),
        "{}",
        stderr(&out)
    );
    // Raw HTML is shown as text, never run.
    site.write(
        "content/example/notices/council-tax.md",
        &format!(
            "{NOTICE_MD}\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\">x</a>\n\n<iframe src=\"https://e.example\"></iframe>\n"
        ),
    );
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(
        site.root()
            .join("public/orgs/example/council-tax/index.html"),
    )
    .unwrap();
    let body = &html[html.find("notice-body").unwrap()..];
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<a href=\"javascript:"), "{body}");
    assert!(!body.contains("<iframe"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
}
