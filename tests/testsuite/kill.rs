//! `atlas build` killed (SIGKILL) at random moments over a site of 200 notices: after every
//! kill the output folder is a whole site, and after one more build nothing is left behind.
//!
//! `cargo test -p notice-atlas --test testsuite kill -- --nocapture` prints the figures.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, repo, ATLAS};

const TRIALS: usize = 20;
const ORGS: usize = 20;
const NOTICES_PER_ORG: usize = 10;

/// A small seeded generator (xorshift64*), so every run kills at the same moments.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SENTENCES: &[&str] = &[
    "We use your information to provide services and to meet our legal duties.",
    "The lawful basis is Article 6(1)(e) of the UK GDPR: a task in the public interest.",
    "We share data with NHS England and with the Cabinet Office for fraud prevention.",
    "We keep records for six years after your last contact with us.",
    "You have the right to ask for a copy of your information and to have it corrected.",
    "You can complain to the Information Commissioner's Office at ico.org.uk.",
    "Our data protection officer can be reached at dpo@example.gov.uk.",
    "Health data is processed under Article 9(2)(h) for the management of care.",
];

/// `orgs` organisations of `notices` short notices each, with the repository's theme.
pub fn corpus(root: &Path, rng: &mut Rng, orgs: usize, notices: usize) {
    copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
    fs::write(
        root.join("atlas.toml"),
        "title = \"Kill test\"\nbase_url = \"https://atlas.example/\"\n",
    )
    .unwrap();
    let regions = ["London", "West Midlands", "North West", "South West"];
    for o in 0..orgs {
        let dir = root.join(format!("content/org-{o}"));
        fs::create_dir_all(dir.join("notices")).unwrap();
        fs::write(
            dir.join("org.toml"),
            format!(
                "name = \"Organisation {o}\"\nkind = \"other\"\nwebsite = \"https://org{o}.example.gov.uk\"\nregion = \"{}\"\n",
                regions[o % regions.len()]
            ),
        )
        .unwrap();
        for n in 0..notices {
            let mut body = String::new();
            for section in 0..4 {
                body.push_str(&format!("## Section {section}\n\n"));
                for _ in 0..2 {
                    body.push_str(SENTENCES[rng.below(SENTENCES.len() as u64) as usize]);
                    body.push(' ');
                }
                body.push_str("\n\n");
            }
            fs::write(
                dir.join(format!("notices/notice-{n}.md")),
                format!("+++\ntitle = \"Notice {n} of organisation {o}\"\nretrieved = 2026-01-15\n+++\n\n{body}"),
            )
            .unwrap();
        }
    }
}

/// What a whole site has; the missing ones named.
fn missing_from_site(out: &Path) -> Vec<&'static str> {
    [
        "index.html",
        "search/index.json",
        "data/facts.csv",
        ".atlas-site",
    ]
    .into_iter()
    .filter(|f| !out.join(f).is_file())
    .collect()
}

fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-"))
        .collect()
}

fn build(root: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(ATLAS)
        .arg("build")
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

#[test]
fn killed_builds_never_lose_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut rng = Rng(0x5eed_a71a5);
    corpus(root, &mut rng, ORGS, NOTICES_PER_ORG);
    let took = build(root);
    let out = root.join("public");
    assert!(missing_from_site(&out).is_empty());

    let mut lost = 0;
    let mut left_after_kill = 0;
    let mut finished = 0;
    for trial in 0..TRIALS {
        // Anywhere from the start to the usual end (the exchange is at the end).
        let at = Duration::from_millis(rng.below(took.as_millis() as u64 + 1));
        let mut child = Command::new(ATLAS)
            .arg("build")
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        let missing = missing_from_site(&out);
        if !missing.is_empty() {
            lost += 1;
            eprintln!("trial {trial}, killed after {at:?}: the site lacks {missing:?}");
        }
        left_after_kill += leftovers(root).len();
    }
    build(root);
    let left = leftovers(root);
    println!(
        "kill test: {TRIALS} kills tried ({finished} builds had already finished), {lost} sites lost, {left_after_kill} staging folders left by kills, {} left after the next build (a build takes {:.1} s here)",
        left.len(),
        took.as_secs_f64()
    );
    assert_eq!(lost, 0, "a killed build lost the published site");
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(missing_from_site(&out).is_empty());

    // Whatever the kills interrupted, the site is now what a cold build of the same content
    // writes.
    let (_cold_dir, cold) = crate::incremental::cold_copy(root);
    crate::incremental::assert_same_site(&out, &cold);
}
