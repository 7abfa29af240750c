//! `atlas serve`, run as a maintainer runs it: the real binary on a free port over a site in
//! a temporary folder. A notice edited on disk is served anew within seconds; a broken edit
//! keeps the last good page served and reports the error to the browser.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, repo, ATLAS};

/// Generous: asserts that the change arrives, not how fast.
const DEADLINE: Duration = Duration::from_secs(20);

const NOTICE: &str = "+++\ntitle = \"Council tax privacy notice\"\nretrieved = 2026-01-15\n+++\n\n## Who we share with\n\nWe share data with the Cabinet Office.\n";

/// The server and its site; the server is stopped when this is dropped.
struct Served {
    site: tempfile::TempDir,
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start() -> Served {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::copy(repo().join("atlas.toml"), root.join("atlas.toml")).unwrap();
        copy_dir(&repo().join("themes"), &root.join("themes"));
        fs::create_dir_all(root.join("content/example/notices")).unwrap();
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("static/probe.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(
            root.join("content/example/org.toml"),
            "name = \"Example Borough Council\"\nkind = \"council\"\nwebsite = \"https://example.gov.uk\"\nregion = \"London\"\n",
        )
        .unwrap();
        fs::write(root.join("content/example/notices/council-tax.md"), NOTICE).unwrap();
        let mut child = Command::new(ATLAS)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The first line names the address (port 0: the server picked a free one).
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // Keep reading what it prints, as a terminal would.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Served {
            site,
            child,
            url,
            agent,
        }
    }

    fn notice_path(&self) -> PathBuf {
        self.site
            .path()
            .join("content/example/notices/council-tax.md")
    }

    /// Status code, content type and body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut response = self
            .agent
            .get(&format!("{}{}", self.url, path.trim_start_matches('/')))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.body_mut().read_to_string().unwrap();
        (status, kind, body)
    }

    /// Polls `path` until `test` holds, or fails at the deadline.
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, _, body) = self.get(path);
            if test(&body) {
                return body;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{what}: not seen at {path} within {DEADLINE:?}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

const PAGE: &str = "orgs/example/council-tax/";

#[test]
fn an_edited_notice_is_served_anew_with_the_reload_script() {
    let served = Served::start();
    let (status, kind, page) = served.get(PAGE);
    assert_eq!(status, 200);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert!(
        page.contains("We share data with the Cabinet Office."),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"/__atlas/livereload.js\" defer></script>\n</body>"),
        "{page}"
    );
    // The script is a real file of its own, never inline (the site runs under a strict CSP).
    let (status, kind, script) = served.get("/__atlas/livereload.js");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/javascript"), "{kind}");
    assert!(script.contains("/__atlas/"), "{script}");
    // Files on disk are not touched: the script is added while serving only.
    let on_disk = fs::read_to_string(
        served
            .site
            .path()
            .join("public")
            .join(PAGE)
            .join("index.html"),
    )
    .unwrap();
    assert!(!on_disk.contains("livereload"));
    // Static files keep their types; .wasm is application/wasm.
    let (status, kind, _) = served.get("/probe.wasm");
    assert_eq!((status, kind.as_str()), (200, "application/wasm"));
    let (status, _, not_found) = served.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(not_found.contains("/__atlas/livereload.js"));

    fs::write(
        served.notice_path(),
        NOTICE.replace("the Cabinet Office.", "the Valuation Office Agency."),
    )
    .unwrap();
    served.wait_for(PAGE, "the edited text", |body| {
        body.contains("We share data with the Valuation Office Agency.")
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_reports_the_error() {
    let served = Served::start();
    let (_, _, status) = served.get("/__atlas/status");
    assert!(status.contains("\"error\":null"), "{status}");
    let version: u64 = status
        .split("\"version\":")
        .nth(1)
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // Break the front matter: the build fails with the file and line.
    fs::write(
        served.notice_path(),
        NOTICE.replace(
            "retrieved = 2026-01-15",
            "retrieved = 2026-01-15\nregoin = \"x\"",
        ),
    )
    .unwrap();
    // The long poll answers once the failed build is recorded.
    let (_, _, report) = served.get(&format!("/__atlas/wait?since={version}"));
    let report = if report.contains("regoin") {
        report
    } else {
        served.wait_for("/__atlas/status", "the build error", |b| {
            b.contains("regoin")
        })
    };
    assert!(
        report.contains("content/example/notices/council-tax.md:4:1: unknown field `regoin`"),
        "{report}"
    );
    // The last good page is still served.
    let (status, _, page) = served.get(PAGE);
    assert_eq!(status, 200);
    assert!(
        page.contains("We share data with the Cabinet Office."),
        "{page}"
    );

    // Fixed: the error clears and the new text is served.
    fs::write(
        served.notice_path(),
        NOTICE.replace("the Cabinet Office.", "HM Revenue and Customs."),
    )
    .unwrap();
    served.wait_for("/__atlas/status", "the error cleared", |b| {
        b.contains("\"error\":null")
    });
    served.wait_for(PAGE, "the fixed text", |b| {
        b.contains("We share data with HM Revenue and Customs.")
    });
}
