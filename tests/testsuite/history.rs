//! Notice history: `atlas import URL` and `atlas refresh` against a small HTTP server run
//! by the test on 127.0.0.1 (no outside network), whose pages change between requests and
//! which also answers 404, 500, redirect chains, too slowly, too much, binary bytes and
//! the wrong content type; then `atlas check` on versions folders, and a build's
//! "what changed" pages, feeds and open data.
//!
//! Every failure asserts its message and that `content/` is byte for byte as before.

use std::collections::BTreeMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{stderr, stdout, walkdir, ATLAS, ORG_TOML};
use crate::http::{Answer, Server};

const PAGE_V1: &str = "<!doctype html><html><head><title>Privacy notice</title></head><body>\
<header>Site header</header><main><h1>Housing privacy notice</h1>\
<h2>Who we are</h2><p>Example Borough Council is the controller. We keep tenancy records.</p>\
<h2>Who we share with</h2><p>We share rent records with the Department for Work and Pensions.</p>\
<h2>How long we keep it</h2><p>We keep tenancy records for eight years after the tenancy ends.</p>\
</main><footer>Footer</footer></body></html>";

fn page_v2() -> String {
    PAGE_V1
        .replace("for eight years", "for twelve years")
        .replace(
            "We keep tenancy records.</p>",
            "We keep tenancy records. We also hold repair requests.</p>",
        )
}

/// A site folder with one organisation whose notice was imported from `url`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("atlas.toml"),
            "title = \"Test\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("content/example/notices")).unwrap();
        fs::write(dir.path().join("content/example/org.toml"), ORG_TOML).unwrap();
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn atlas(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(ATLAS);
        cmd.args(args)
            .current_dir(self.root())
            .env("ATLAS_FETCH_PAUSE_MS", "0")
            .env("ATLAS_FETCH_TIMEOUT_MS", "2000");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn import(&self, url: &str, slug: &str) -> Output {
        let out = self.atlas(
            &[
                "import", url, "--org", "example", "--slug", slug, "--root", ".",
            ],
            &[],
        );
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
        out
    }

    fn notice(&self, slug: &str) -> PathBuf {
        self.root()
            .join(format!("content/example/notices/{slug}.md"))
    }

    /// Every file under content/ with its bytes.
    fn content(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir(&self.root().join("content"))
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
    }
}

fn today() -> String {
    let out = Command::new("date").arg("-u").arg("+%F").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn import_from_a_url_records_address_hashes_and_user_agent() {
    let server = Server::start();
    server.page("/housing", "text/html", PAGE_V1);
    let site = Site::new();
    let out = site.import(&server.url("/housing"), "housing");
    assert!(
        stdout(&out).contains("fetched http://127.0.0.1:"),
        "{}",
        stdout(&out)
    );
    let text = fs::read_to_string(site.notice("housing")).unwrap();
    assert!(text.contains(&format!("source_url = \"{}\"", server.url("/housing"))));
    assert!(text.contains(&format!("retrieved = {}", today())));
    let sha = atlas::files::sha256_hex(PAGE_V1.as_bytes());
    assert!(text.contains(&format!("sha256 = \"{sha}\"")), "{text}");
    let body = atlas::import::body_sha256(&text).unwrap();
    assert!(
        text.contains(&format!("markdown_sha256 = \"{body}\"")),
        "{text}"
    );
    assert!(text.contains("We keep tenancy records for eight years"));
    assert!(!text.contains("Site header"));
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0]
            .user_agent
            .starts_with(&format!("notice-atlas/{}", env!("CARGO_PKG_VERSION"))),
        "{:?}",
        seen[0]
    );
    // The import is a valid notice.
    let check = site.atlas(&["check", "."], &[]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn five_redirects_are_followed_and_six_refused() {
    let server = Server::start();
    let site = Site::new();
    site.import(&server.url("/hop/5"), "five");
    let out = site.atlas(
        &[
            "import",
            &server.url("/hop/6"),
            "--org",
            "example",
            "--slug",
            "six",
            "--root",
            ".",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("more than 5 redirects"),
        "{}",
        stderr(&out)
    );
    assert!(!site.notice("six").exists());
}

/// A site with one notice imported from the server, then the page answers `answer`.
fn refresh_failing(answer: Answer, env: &[(&str, &str)]) -> (Output, Server) {
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    let site = Site::new();
    site.import(&server.url("/n"), "n");
    let before = site.content();
    server.set("/n", answer);
    let out = site.atlas(&["refresh"], env);
    assert_eq!(
        site.content(),
        before,
        "content/ changed after a failed refresh"
    );
    assert!(!out.status.success(), "a failed refresh must exit non-zero");
    assert!(stderr(&out).contains(&server.url("/n")), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 unchanged, 0 changed, 0 kept for review, 1 failed"),
        "{}",
        stdout(&out)
    );
    (out, server)
}

#[test]
fn refresh_reports_404() {
    let (out, _) = refresh_failing(
        Answer::Page {
            status: 404,
            content_type: "text/html",
            body: b"gone".to_vec(),
        },
        &[],
    );
    assert!(
        stderr(&out).contains("the server answered 404 (not found)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_500() {
    let (out, _) = refresh_failing(
        Answer::Page {
            status: 500,
            content_type: "text/html",
            body: b"oops".to_vec(),
        },
        &[],
    );
    assert!(
        stderr(&out).contains("the server answered 500 (server error)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_too_many_redirects() {
    let (out, _) = refresh_failing(Answer::Redirect("/hop/6".into()), &[]);
    assert!(
        stderr(&out).contains("more than 5 redirects"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_a_timeout() {
    let start = Instant::now();
    let (out, _) = refresh_failing(
        Answer::Slow(Duration::from_secs(4)),
        &[("ATLAS_FETCH_TIMEOUT_MS", "400")],
    );
    assert!(
        stderr(&out).contains("no answer in time"),
        "{}",
        stderr(&out)
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "the timeout was not applied"
    );
}

#[test]
fn refresh_reports_a_20_mb_page() {
    let (out, _) = refresh_failing(Answer::Huge(20 * 1024 * 1024), &[]);
    assert!(
        stderr(&out).contains("the page is over 8388608 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_a_20_mb_page_sent_without_its_length() {
    let (out, _) = refresh_failing(Answer::HugeUndeclared(20 * 1024 * 1024), &[]);
    assert!(
        stderr(&out).contains("the page is over 8388608 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_a_binary_body() {
    let (out, _) = refresh_failing(
        Answer::Page {
            status: 200,
            content_type: "text/html",
            body: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        },
        &[],
    );
    assert!(
        stderr(&out).contains("this looks like a PNG image"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_the_wrong_content_type() {
    let (out, _) = refresh_failing(
        Answer::Page {
            status: 200,
            content_type: "application/pdf",
            body: b"%PDF-1.7".to_vec(),
        },
        &[],
    );
    assert!(
        stderr(&out).contains("the page is application/pdf, not text/html or text/plain"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refresh_reports_text_that_is_not_utf8() {
    let (out, _) = refresh_failing(
        Answer::Page {
            status: 200,
            content_type: "text/html",
            body: b"<html><body><main><h1>Notice</h1><p>Caf\xe9 records.</p></main></body></html>"
                .to_vec(),
        },
        &[],
    );
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
}

#[test]
fn refresh_reports_refused_connections_and_unknown_hosts() {
    let site = Site::new();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    site.import(&server.url("/n"), "refused");
    site.import(&server.url("/n"), "unknown");
    for (slug, url) in [
        ("refused", format!("http://127.0.0.1:{port}/n")),
        ("unknown", "http://no-such-host.invalid/n".to_string()),
    ] {
        let text = fs::read_to_string(site.notice(slug)).unwrap();
        fs::write(site.notice(slug), text.replace(&server.url("/n"), &url)).unwrap();
    }
    let before = site.content();
    let out = site.atlas(&["refresh", "content/example"], &[]);
    assert_eq!(site.content(), before);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "http://127.0.0.1:{port}/n: the connection was refused"
        )),
        "{err}"
    );
    assert!(
        err.contains("http://no-such-host.invalid/n: the host name was not found (DNS)"),
        "{err}"
    );
    assert!(stdout(&out).contains("0 unchanged, 0 changed, 0 kept for review, 2 failed"));
}

#[test]
fn an_unchanged_page_writes_nothing() {
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    let site = Site::new();
    site.import(&server.url("/n"), "n");
    // A maintainer's own title is front matter: the text is still as imported.
    let text = fs::read_to_string(site.notice("n")).unwrap();
    fs::write(
        site.notice("n"),
        text.replace("title = \"Housing privacy notice\"", "title = \"Housing\""),
    )
    .unwrap();
    let before = site.content();
    let out = site.atlas(&["refresh", "."], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("unchanged  "), "{}", stdout(&out));
    assert!(stdout(&out).contains("nothing written"));
    assert!(stdout(&out).contains("1 unchanged, 0 changed, 0 kept for review, 0 failed"));
    assert_eq!(site.content(), before);
}

#[test]
fn a_changed_page_keeps_the_old_version_and_replaces_the_notice() {
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    let site = Site::new();
    site.import(&server.url("/n"), "n");
    // The maintainer writes the summary: front matter, not the text.
    let old = fs::read_to_string(site.notice("n")).unwrap().replace(
        "summary = \"\"  # one plain sentence, written by hand",
        "summary = \"Housing records.\"",
    );
    fs::write(site.notice("n"), &old).unwrap();
    server.page("/n", "text/html", &page_v2());
    let out = site.atlas(&["refresh", "content/example/notices/n.md"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 unchanged, 1 changed, 0 kept for review, 0 failed"),
        "{}",
        stdout(&out)
    );
    let kept = site
        .root()
        .join(format!("content/example/notices/n.versions/{}.md", today()));
    assert!(
        stdout(&out).contains("the version before kept as"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        fs::read_to_string(&kept).unwrap(),
        old,
        "the old version is kept whole"
    );
    let new = fs::read_to_string(site.notice("n")).unwrap();
    assert!(new.contains("for twelve years"));
    assert!(new.contains("summary = \"Housing records.\""), "{new}");
    assert!(new.contains(&format!(
        "sha256 = \"{}\"",
        atlas::files::sha256_hex(page_v2().as_bytes())
    )));
    // No temporary files are left behind.
    assert!(site
        .content()
        .keys()
        .all(|p| !p.to_string_lossy().ends_with(".tmp")));
    // The site is valid and builds its "what changed" page, feeds and open data.
    let check = site.atlas(&["check", "."], &[]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let build = site.atlas(
        &["build", "--out", "out"],
        &[("ATLAS_NO_SEARCH_MODULE", "1")],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    let out_dir = site.root().join("out");
    let change = fs::read_to_string(
        out_dir.join(format!("orgs/example/n/changes/{}-2/index.html", today())),
    )
    .unwrap();
    assert!(
        change.contains("<ins>We also hold repair requests.</ins>"),
        "{change}"
    );
    assert!(
        change.contains("Retention changed from eight to twelve years."),
        "{change}"
    );
    let notice_page = fs::read_to_string(out_dir.join("orgs/example/n/index.html")).unwrap();
    assert!(notice_page.contains("Versions of this notice"));
    for feed in ["changes.xml", "orgs/example/changes.xml"] {
        let xml = fs::read_to_string(out_dir.join(feed)).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), 1, "{feed}");
    }
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out_dir.join("data/notices.json")).unwrap())
            .unwrap();
    let versions = data["notices"][0]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["current"], true);
}

#[test]
fn a_hand_edited_notice_is_kept_and_the_fetched_version_written_for_review() {
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    let site = Site::new();
    site.import(&server.url("/n"), "n");
    let edited = fs::read_to_string(site.notice("n")).unwrap().replace(
        "Example Borough Council is the controller.",
        "Example Borough Council (the council) is the controller.",
    );
    fs::write(site.notice("n"), &edited).unwrap();
    server.page("/n", "text/html", &page_v2());
    let out = site.atlas(&["refresh"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("edited by hand since its import"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("0 unchanged, 0 changed, 1 kept for review, 0 failed"));
    assert_eq!(fs::read_to_string(site.notice("n")).unwrap(), edited);
    let review = site.root().join(format!(
        "content/example/notices/n.versions/{}.fetched.md",
        today()
    ));
    assert!(fs::read_to_string(review)
        .unwrap()
        .contains("for twelve years"));
    // A version waiting for review is not part of the site: check passes.
    let check = site.atlas(&["check", "."], &[]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn every_notice_is_tried_and_one_request_at_a_time_per_host_with_a_pause() {
    let server = Server::start();
    for p in ["/a", "/b", "/c"] {
        server.page(p, "text/html", PAGE_V1);
    }
    let site = Site::new();
    site.import(&server.url("/a"), "a");
    site.import(&server.url("/b"), "b");
    site.import(&server.url("/c"), "c");
    server.page("/a", "text/html", &page_v2());
    server.set(
        "/b",
        Answer::Page {
            status: 503,
            content_type: "text/html",
            body: b"busy".to_vec(),
        },
    );
    let from = server.seen().len();
    let out = site.atlas(&["refresh"], &[("ATLAS_FETCH_PAUSE_MS", "300")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("1 unchanged, 1 changed, 0 kept for review, 1 failed"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("the server answered 503 (server error)"));
    let seen = &server.seen()[from..];
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["/a", "/b", "/c"]);
    for pair in seen.windows(2) {
        assert!(
            pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(290),
            "requests to one host must pause between them"
        );
    }
}

#[test]
fn check_reports_versions_out_of_order_misnamed_or_without_provenance() {
    let server = Server::start();
    server.page("/n", "text/html", PAGE_V1);
    let site = Site::new();
    site.import(&server.url("/n"), "n");
    let text = fs::read_to_string(site.notice("n")).unwrap();
    let dir = site.root().join("content/example/notices/n.versions");
    fs::create_dir_all(&dir).unwrap();
    let at = |date: &str| {
        text.replace(
            &format!("retrieved = {}", today()),
            &format!("retrieved = {date}"),
        )
    };
    fs::write(dir.join("2024-05-01.md"), at("2024-04-30")).unwrap();
    fs::write(
        dir.join("2024-06-01.md"),
        at("2024-06-01").replace("\nsha256 = ", "\nsha256x = "),
    )
    .unwrap();
    fs::write(dir.join("2024-07-01.md"), at("2024-03-01")).unwrap();
    fs::write(dir.join("notes.md"), "+++\n").unwrap();
    fs::write(dir.join("2099-01-01.md"), at("2099-01-01")).unwrap();
    let orphan = site.root().join("content/example/notices/gone.versions");
    fs::create_dir_all(&orphan).unwrap();
    let out = site.atlas(&["check", "content/example"], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let expect = [
        "n.versions/2024-05-01.md:4: retrieved 2024-04-30 is not the date the version is named by (2024-05-01)",
        "n.versions/2024-06-01.md:9:1: unknown field `sha256x`",
        "n.versions/2024-07-01.md:4: retrieved 2024-03-01 is before the version it follows (2024-05-01.md, retrieved 2024-04-30)",
        "n.versions/notes.md: version file \"notes.md\" is not named by its date",
        "n.versions/2099-01-01.md:4: retrieved 2099-01-01 is after the notice's own retrieved date",
        "gone.versions: earlier versions of a notice that does not exist (gone.md)",
    ];
    for e in expect {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
}

/// A notice file with `body`, retrieved on `date`.
fn notice_file(title: &str, date: &str, body: &str) -> String {
    let sha = atlas::files::sha256_hex(body.as_bytes());
    format!(
        "+++\ntitle = {}\nsource_url = \"https://example.gov.uk/rent\"\nretrieved = {date}\nsummary = \"\"\n\n[provenance]\nsource_file = \"rent.html\"\nsha256 = \"{sha}\"\nimported = {date}\nmarkdown_sha256 = \"{sha}\"\n+++\n{body}",
        toml::Value::String(title.to_string())
    )
}

#[test]
fn untrusted_notice_text_is_escaped_in_change_pages_and_feeds() {
    let site = Site::new();
    let title = "Rent & \"arrears\" <script>alert(1)</script>";
    let old = "\n## Rent\n\nWe keep rent records for six years. Ask <b>us</b> & we answer.\n";
    let new = "\n## Rent\n\nWe keep rent records for six years. Ask <b>us</b> & we answer. <script>alert(2)</script> is text.\n";
    fs::write(site.notice("rent"), notice_file(title, "2026-02-01", new)).unwrap();
    let dir = site.root().join("content/example/notices/rent.versions");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("2026-01-01.md"),
        notice_file(title, "2026-01-01", old),
    )
    .unwrap();
    let build = site.atlas(&["build", "--out", "out"], &[]);
    assert!(build.status.success(), "{}", stderr(&build));
    let out = site.root().join("out");
    let page =
        fs::read_to_string(out.join("orgs/example/rent/changes/2026-02-01/index.html")).unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(2)&lt;/script&gt; is text."),
        "{page}"
    );
    for feed in ["changes.xml", "orgs/example/changes.xml"] {
        let xml = fs::read_to_string(out.join(feed)).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}\n{xml}"));
        let entry_title = doc
            .descendants()
            .find(|n| n.has_tag_name("entry"))
            .and_then(|e| e.children().find(|n| n.has_tag_name("title")))
            .and_then(|t| t.text())
            .unwrap();
        assert!(entry_title.contains(title), "{entry_title}");
        assert!(!xml.contains("<script>"), "{xml}");
    }
}

#[test]
fn builds_with_history_are_byte_identical() {
    let site = Site::new();
    crate::common::copy_dir(
        &crate::common::repo().join("content"),
        &site.root().join("content"),
    );
    let build = |out: &str| {
        let b = site.atlas(&["build", "--out", out], &[]);
        assert!(b.status.success(), "{}", stderr(&b));
        let dir = site.root().join(out);
        walkdir(&dir)
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.strip_prefix(&dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    let (first, second) = (build("one"), build("two"));
    assert!(first.contains_key(Path::new(
        "orgs/southwark/client-level-data/changes/2026-11-21/index.html"
    )));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{} differs between two builds",
            path.display()
        );
    }
}
