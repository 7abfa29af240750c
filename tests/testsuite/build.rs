//! Integration tests of `atlas build` and `atlas search`, run as a user runs them: the real
//! binary over site folders made in a temporary directory.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{copy_dir, repo, stderr, stdout, walkdir, ATLAS, ORG_TOML};

/// A small valid site: the repository's theme, one organisation with one notice.
struct Site {
    dir: tempfile::TempDir,
}

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

/// Builds the site at `root` into a new temporary folder with `atlas build --root ROOT
/// --out FOLDER`, as a maintainer outside the site folder would; asserts that it succeeded.
fn build_into_temp(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = Command::new(ATLAS)
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (out_dir, site)
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
        .filter(|n| n.ends_with(".css"))
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
    assert!(text.contains("1 notice match \"six years\""), "{text}");
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
    let (_out_dir, site) = build_into_temp(&repo());
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

/// The element pages and the comparison show how the reading did on the labelled set, as
/// measured (the figures the facts test keeps in facts/quality.toml), and say where it did not.
#[test]
fn comparison_pages_show_the_measured_quality_of_the_reading() {
    let (_out_dir, site) = build_into_temp(&repo());
    let set = atlas::facts::quality_set();
    let q = atlas::facts::quality_of(atlas::facts::Facet::LawfulBasis).unwrap();
    let element = fs::read_to_string(site.join("compare/lawful-basis/index.html")).unwrap();
    let said = format!("On {} notices whose facts a person labelled", q.notices);
    assert!(element.contains(&said), "{element}");
    assert!(element.contains(&format!(
        "{}% of the values the reading found were right",
        (q.precision * 100.0).round()
    )));
    let overview = fs::read_to_string(site.join("compare/index.html")).unwrap();
    assert!(overview.contains(&format!("{} notices", set.notices)));
    // Gateways are not in the labelled set: the page says so rather than showing a figure.
    assert!(overview.contains("not measured"));
    assert!(!element.contains("not stated"));
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
    // The notice's own markup: the page's scripts come after it.
    let body = &body[..body.find("</article>").unwrap()];
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<a href=\"javascript:"), "{body}");
    assert!(!body.contains("<iframe"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
}

/// Every file under `dir`, as paths relative to it with `/` separators.
fn files_under(dir: &Path) -> Vec<String> {
    walkdir(dir)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// A second organisation and notices with and without `last_updated`, for order tests.
fn site_with_dated_notices() -> Site {
    let site = Site::new();
    site.write(
        "content/example/notices/housing.md",
        "+++\ntitle = \"Housing privacy notice\"\nretrieved = 2026-01-15\nlast_updated = 2024-03-01\n+++\n\nText.\n",
    );
    site.write(
        "content/example/notices/cctv.md",
        "+++\ntitle = \"CCTV & <cameras>\"\nretrieved = 2026-01-15\nlast_updated = 2025-07-20\nsummary = \"Cameras \\\"in\\\" town\"\n+++\n\nText.\n",
    );
    site.write(
        "content/north-icb/org.toml",
        "name = \"NHS North ICB\"\nkind = \"icb\"\nwebsite = \"https://north.nhs.uk\"\nregion = \"North East\"\n",
    );
    site.write(
        "content/north-icb/notices/patients.md",
        "+++\ntitle = \"Patient privacy notice\"\nretrieved = 2026-02-01\nlast_updated = 2023-01-10\n+++\n\nText.\n",
    );
    site
}

#[test]
fn sitemap_feed_and_robots_are_valid_and_use_base_url() {
    let site = site_with_dated_notices();
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.root().join("public");

    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for loc in &locs {
        assert!(loc.starts_with("https://atlas.example/"), "{loc}");
        let rel = loc.trim_start_matches("https://atlas.example/");
        assert!(
            public.join(rel).join("index.html").is_file(),
            "sitemap lists {loc}, which was not built"
        );
    }
    for page in [
        "https://atlas.example/",
        "https://atlas.example/orgs/example/cctv/",
        "https://atlas.example/orgs/north-icb/",
        "https://atlas.example/organisations/icb/",
        "https://atlas.example/organisations/in/north-east/",
    ] {
        assert!(locs.contains(&page), "{page} missing from {locs:?}");
    }
    let lastmod = doc
        .descendants()
        .find(|n| n.has_tag_name("loc") && n.text() == Some("https://atlas.example/orgs/example/"))
        .and_then(|n| n.next_sibling_element())
        .and_then(|n| n.text());
    assert_eq!(lastmod, Some("2025-07-20"));

    let feed = fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    assert_eq!(doc.root_element().tag_name().namespace(), Some(atom));
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    // The feed's own date is its newest entry's (here a retrieval date).
    assert_eq!(
        child_text(doc.root_element(), "updated").as_deref(),
        Some("2026-01-15T00:00:00Z")
    );
    let entries: Vec<(String, String, String)> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .map(|e| {
            (
                child_text(e, "title").unwrap(),
                child_text(e, "updated").unwrap(),
                child_text(e, "id").unwrap(),
            )
        })
        .collect();
    let titles: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    // Newest last_updated first; a notice that states none comes after, dated by retrieval.
    assert_eq!(
        titles,
        [
            "CCTV & <cameras>",
            "Housing privacy notice",
            "Patient privacy notice",
            "Council tax privacy notice"
        ]
    );
    assert_eq!(entries[3].1, "2026-01-15T00:00:00Z");
    assert!(entries
        .iter()
        .all(|e| e.2.starts_with("https://atlas.example/orgs/")));

    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://atlas.example/sitemap.xml"),
        "{robots}"
    );

    // Pages link the feed and carry Open Graph tags from base_url.
    let notice = fs::read_to_string(public.join("orgs/example/cctv/index.html")).unwrap();
    assert!(
        notice.contains(
            r#"<meta property="og:url" content="https://atlas.example/orgs/example/cctv/">"#
        ),
        "{notice}"
    );
    assert!(notice.contains(r#"<meta property="og:title" content="CCTV &amp; &lt;cameras&gt; – Example Borough Council">"#), "{notice}");
    assert!(notice.contains(r#"<meta name="description" content="Cameras &quot;in&quot; town">"#));
    assert!(notice.contains(r#"href="https://atlas.example/feed.xml""#));
}

#[test]
fn text_files_are_precompressed_next_to_themselves() {
    use std::io::Read;
    let site = Site::new();
    assert!(site.build().status.success());
    let public = site.root().join("public");
    let files = files_under(&public);
    let texts: Vec<&String> = files
        .iter()
        .filter(|f| {
            [".html", ".css", ".js", ".xml", ".svg"]
                .iter()
                .any(|e| f.ends_with(e))
        })
        .collect();
    assert!(texts.len() > 8, "{files:?}");
    for file in texts {
        let original = fs::read(public.join(file)).unwrap();
        let gz =
            fs::read(public.join(format!("{file}.gz"))).unwrap_or_else(|_| panic!("no {file}.gz"));
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, original, "{file}.gz");
        let br =
            fs::read(public.join(format!("{file}.br"))).unwrap_or_else(|_| panic!("no {file}.br"));
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, original, "{file}.br");
        assert!(br.len() < original.len());
    }
}

#[test]
fn organisation_list_has_a_page_per_filter() {
    let site = site_with_dated_notices();
    assert!(site.build().status.success());
    let public = site.root().join("public");
    for (page, title, shown) in [
        ("organisations/", "Organisations", 2),
        ("organisations/council/", "Councils", 1),
        (
            "organisations/icb/in/north-east/",
            "Integrated care boards in North East",
            1,
        ),
        (
            "organisations/council/in/north-east/",
            "Councils in North East",
            0,
        ),
        ("organisations/in/london/", "Organisations in London", 1),
    ] {
        let html = fs::read_to_string(public.join(page).join("index.html"))
            .unwrap_or_else(|_| panic!("no {page}"));
        assert!(html.contains(&format!(">{title}</h1>")), "{page}: {html}");
        let items = html.matches("<li data-kind=").count();
        let hidden = html.matches(" hidden>").count();
        assert_eq!(items, 2, "{page}: every organisation is in the page");
        assert_eq!(items - hidden, shown, "{page}");
        assert!(html.contains(&format!("{shown} organisation")), "{page}");
    }
}

#[test]
fn pages_have_no_inline_scripts_or_styles() {
    let site = Site::new();
    assert!(site.build().status.success());
    let public = site.root().join("public");
    for file in files_under(&public).iter().filter(|f| f.ends_with(".html")) {
        let html = fs::read_to_string(public.join(file)).unwrap();
        assert!(!html.contains("<style"), "{file} has a <style> element");
        assert!(!html.contains(" style="), "{file} has a style attribute");
        assert!(!html.contains(" onclick="), "{file} has an event handler");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{file} has an inline script: {tag}");
        }
    }
}

#[test]
fn a_site_without_a_themes_folder_uses_the_built_in_theme() {
    let site = Site::new();
    fs::remove_dir_all(site.root().join("themes")).unwrap();
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(site.root().join("public/index.html")).unwrap();
    assert!(html.contains("Skip to main content"));
    assert!(site.root().join("public/favicon.svg").is_file());
}

#[test]
fn a_theme_other_than_default_must_exist_and_may_be_partial() {
    let site = Site::new();
    site.write(
        "atlas.toml",
        "title = \"T\"\nbase_url = \"https://atlas.example/\"\ntheme = \"civic\"\n",
    );
    let out = site.build();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("theme \"civic\" not found"),
        "{}",
        stderr(&out)
    );
    // A theme with one file: the rest comes from the built-in theme.
    site.write(
        "themes/civic/styles/tokens.css",
        ":root { --brand: #912b88; }",
    );
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let css = files_under(&site.root().join("public/assets"))
        .into_iter()
        .find(|f| f.ends_with(".css"))
        .unwrap();
    let text = fs::read_to_string(site.root().join("public/assets").join(css)).unwrap();
    assert!(text.contains("#912b88"), "theme tokens not used");
    assert!(text.contains(".skip-link"), "built-in styles missing");
}

#[test]
fn a_missing_style_import_names_the_file() {
    Site::new().assert_build_fails(
        |s| {
            s.write(
                "styles/main.css",
                "@import \"tokens.css\";\n@import \"nope.css\";\n",
            )
        },
        &["nope.css", "styles/main.css"],
    );
}

/// The README's example of adapting the theme: built as documented.
#[test]
fn the_own_look_example_builds_with_its_overrides() {
    let (_out_dir, public) = build_into_temp(&repo().join("examples/own-look"));
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    // templates/footer.html replaced the theme's footer; base.html is the built-in one.
    assert!(home.contains("Example Information Governance Network"));
    assert!(!home.contains("sets no cookies"));
    assert!(home.contains("Skip to main content"));
    // styles/overrides.css is bundled last, after the theme's tokens.
    let css = files_under(&public.join("assets"))
        .into_iter()
        .find(|f| f.ends_with(".css"))
        .unwrap();
    let text = fs::read_to_string(public.join("assets").join(css)).unwrap();
    let theme_brand = text.find("#1d70b8").unwrap();
    let own_brand = text.rfind("--brand:#00703c").expect("override not bundled");
    assert!(own_brand > theme_brand);
    // static/favicon.svg replaced the theme's.
    let icon = fs::read_to_string(public.join("favicon.svg")).unwrap();
    assert!(icon.contains("#00703c"));
    assert!(public
        .join("orgs/example-council/council-tax/index.html")
        .is_file());
}

#[test]
fn reviewed_facts_correct_add_and_are_marked_in_open_data() {
    let site = Site::new();
    site.write(
        "content/example/notices/council-tax.facts.toml",
        r#"[[fact]]
action = "add"
facet = "lawful_basis"
value = "ukgdpr:6.1.c"
quote = "We keep council tax records   for six years."
note = "the council tax regulations require it"

[[fact]]
action = "confirm"
facet = "retention"
value = "period:P6Y"
"#,
    );
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.root().join("public");
    let csv = fs::read_to_string(public.join("data/facts.csv")).unwrap();
    assert!(
        csv.starts_with("org,notice,section_anchor,facet,value,quote,url,origin\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("example,council-tax,how-long-we-keep-it,lawful_basis,ukgdpr:6.1.c,We keep council tax records for six years.,https://atlas.example/orgs/example/council-tax/#how-long-we-keep-it,reviewed"),
        "{csv}"
    );
    assert!(csv.contains("retention,period:P6Y,We keep council tax records for six years.,https://atlas.example/orgs/example/council-tax/#how-long-we-keep-it,reviewed"), "{csv}");
    assert!(csv.contains("recipients,cabinet-office,"), "{csv}");
    let notices: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(public.join("data/notices.json")).unwrap())
            .unwrap();
    assert_eq!(notices["notices"][0]["org"], "example");
    assert!(public.join("data/notices.schema.json").is_file());
    assert!(public.join("data/facts.schema.json").is_file());
    let org = fs::read_to_string(public.join("orgs/example/index.html")).unwrap();
    assert!(org.contains("reviewed"), "{org}");
    assert!(public
        .join("facets/lawful-basis/ukgdpr-6-1-c/index.html")
        .is_file());
    assert!(public.join("compare/index.html").is_file());
    assert!(public.join("compare/side-by-side/index.html").is_file());
}

#[test]
fn open_data_is_identical_across_builds() {
    let site = Site::new();
    let read = |site: &Site| {
        let out = site.build();
        assert!(out.status.success(), "{}", stderr(&out));
        let data = site.root().join("public/data");
        (
            fs::read(data.join("facts.csv")).unwrap(),
            fs::read(data.join("notices.json")).unwrap(),
        )
    };
    let first = read(&site);
    let second = read(&site);
    assert_eq!(first, second);
}

/// Rows of an RFC 4180 CSV text (quoted fields, doubled quotes, CRLF line ends).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The keys an object of the schema must have, and may have: the schema's own list.
fn schema_keys(schema: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    keys.sort();
    required.sort();
    assert_eq!(keys, required, "every property is required");
    keys
}

fn object_keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn each_organisation_file_holds_every_value_of_facts_csv_as_its_schema_says() {
    let site = Site::new();
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let data = site.root().join("public/data");
    let read = |path: &str| -> serde_json::Value {
        serde_json::from_str(&fs::read_to_string(data.join(path)).unwrap()).unwrap()
    };
    let schema = read("org.schema.json");
    let top = schema_keys(&schema);
    let element_schema = &schema["properties"]["elements"]["items"];
    let value_schema = &element_schema["properties"]["values"]["items"];
    let list = read("orgs.json");
    let list_keys = schema_keys(&read("orgs.schema.json")["properties"]["orgs"]["items"]);

    let rows = csv_rows(&fs::read_to_string(data.join("facts.csv")).unwrap());
    let mut from_csv: std::collections::BTreeMap<(String, String, String), usize> =
        Default::default();
    for row in &rows[1..] {
        *from_csv
            .entry((row[0].clone(), row[3].clone(), row[4].clone()))
            .or_default() += 1;
    }
    assert!(!from_csv.is_empty());
    let mut from_files = std::collections::BTreeMap::new();
    let orgs = list["orgs"].as_array().unwrap();
    assert!(!orgs.is_empty());
    for entry in orgs {
        assert_eq!(object_keys(entry), list_keys);
        let file = read(entry["file"].as_str().unwrap());
        assert_eq!(object_keys(&file), top);
        assert_eq!(file["org"], entry["org"]);
        let elements = file["elements"].as_array().unwrap();
        assert_eq!(elements.len(), 16);
        for element in elements {
            assert_eq!(object_keys(element), schema_keys(element_schema));
            for value in element["values"].as_array().unwrap() {
                assert_eq!(object_keys(value), schema_keys(value_schema));
                from_files.insert(
                    (
                        file["org"].as_str().unwrap().to_string(),
                        element["facet"].as_str().unwrap().to_string(),
                        value["value"].as_str().unwrap().to_string(),
                    ),
                    value["mentions"].as_u64().unwrap() as usize,
                );
            }
        }
    }
    assert_eq!(from_files, from_csv);
}

#[test]
fn an_invalid_reviewed_facts_file_fails_the_build_with_file_and_line() {
    let site = Site::new();
    site.assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.facts.toml",
                "[[fact]]\naction = \"add\"\nfacet = \"lawful_basis\"\nvalue = \"ukgdpr:6.1.e\"\nquote = \"words the notice never says\"\n\n[[fact]]\naction = \"remove\"\nfacet = \"lawful_basis\"\nvalue = \"ukgdpr:6.1.z\"\n\n[[fact]]\naction = \"add\"\nfacet = \"colour\"\nvalue = \"x\"\n",
            )
        },
        &[
            "content/example/notices/council-tax.facts.toml:1: quote not found in council-tax.md",
            "content/example/notices/council-tax.facts.toml:7: no extracted lawful_basis fact with value \"ukgdpr:6.1.z\" to remove",
            "content/example/notices/council-tax.facts.toml:12: unknown facet \"colour\"",
        ],
    );
    let site = Site::new();
    site.assert_build_fails(
        |s| {
            s.write(
                "content/example/notices/council-tax.facts.toml",
                "[[fact]]\naction = \"erase\"\n",
            )
        },
        &["content/example/notices/council-tax.facts.toml:2:10: unknown variant `erase`"],
    );
    let site = Site::new();
    site.assert_build_fails(
        |s| s.write("content/example/notices/old-notice.facts.toml", "\n"),
        &["content/example/notices/old-notice.facts.toml: reviewed-facts file with no notice beside it"],
    );
}

#[test]
fn search_facet_flag_filters_and_counts() {
    let site = Site::new();
    assert!(site.build().status.success());
    let out = site.atlas(&["search", "--facet", "recipients=cabinet-office"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("recipients: cabinet-office (1)"), "{text}");
    assert!(text.contains("kind: council (1)"), "{text}");
    let out = site.atlas(&["search", "--facet", "colour=blue", "tax"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown facet group \"colour\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn atlas_check_reports_invalid_reviewed_facts_for_the_site_and_the_organisation() {
    let site = Site::new();
    site.write(
        "content/example/notices/council-tax.facts.toml",
        "[[fact]]\naction = \"add\"\nfacet = \"colour\"\nvalue = \"x\"\n",
    );
    for args in [&["check"][..], &["check", "content/example"][..]] {
        let out = site.atlas(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            err.contains(
                "content/example/notices/council-tax.facts.toml:1: unknown facet \"colour\""
            ),
            "{args:?}: {err}"
        );
    }
}
