//! `atlas check`, run as a maintainer runs it, over a fixture site whose every file holds
//! problems (`tests/testsuite/check/invalid/`): each is listed with its file and line, and the command
//! fails. One organisation folder can be checked alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_dir, repo, stderr, ATLAS};

fn invalid() -> PathBuf {
    repo().join("tests/testsuite/check/invalid")
}

fn check(path: &Path) -> Output {
    Command::new(ATLAS).arg("check").arg(path).output().unwrap()
}

/// Every problem in the fixture, as `file:line[:column]: message` (paths from the site root).
const EXPECTED: &[&str] = &[
    "content/Bad_Slug: organisation folder name \"Bad_Slug\" is not a valid slug",
    "content/bad-codes/notices/no-date.md:2:1: missing field `retrieved`",
    "content/bad-codes/org.toml:3: website \"www.bad-codes.gov.uk\" is not an http(s) address",
    "content/bad-codes/org.toml:4: region \"Midlands\" is not an ONS region",
    "content/bad-codes/org.toml:5: nhs_region \"West Midlands\" is not an NHS England region",
    "content/bad-codes/org.toml:8: gss \"E99000001\" has prefix E99, which no organisation on the site can have",
    "content/bad-codes/org.toml:9: ods \"qvv\" is not an ODS code",
    "content/bad-codes/org.toml:10: ico_registration \"Z12345\" is not an ICO registration number",
    "content/dates/notices/dup-b.md:1: duplicate notice slug \"same\"",
    "content/dates/notices/future.md:3: source_url \"ftp://example.org/notice\" is not an http(s) address",
    "content/dates/notices/future.md:4: retrieved 2999-01-01 is in the future",
    "content/dates/notices/future.md:5: last_updated 3000-01-01 is after retrieved 2999-01-01",
    "content/dates/notices/future.md:10: sha256 is not 64 lower-case hex digits",
    "content/dates/notices/links.md:10:6: link \"../missing/\" points to no page of the site (/orgs/dates/missing/)",
    "content/dates/notices/links.md:10:40: link \"#nowhere\" points to no heading",
    "content/dates/notices/links.md:11:5: link \"../../bad-codes/nothing/\" points to no page of the site",
    "content/dates/notices/links.md:11:47: link \"../future/#contact\" points to no heading: #contact is not an anchor of /orgs/dates/future/",
    "content/dates/notices/links.md:13:1: link to a javascript: address",
    "content/dates/notices/timed.md:3: `retrieved` must be a date without a time",
    "content/dates/notices/unknown-key.md:4:1: unknown field `titel`",
    "content/dates/org.toml:8: gss \"E08000027\" names a metropolitan district, not an integrated care board",
    "content/dates/org.toml:9: ods \"RBD\" is not an ICB code",
    "content/no-org: organisation folder has no org.toml",
    "content/typo/org.toml:4:1: unknown field `regoin`",
];

fn problems(err: &str) -> Vec<&str> {
    err.lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .filter(|l| !l.contains(" problems found in "))
        .collect()
}

#[test]
fn every_problem_of_the_invalid_site_is_listed_with_file_and_line() {
    let out = check(&invalid());
    assert!(!out.status.success(), "check passed an invalid site");
    let err = stderr(&out);
    let found = problems(&err);
    for (expected, found) in EXPECTED.iter().zip(&found) {
        assert!(
            found.starts_with(expected),
            "expected {expected:?}\n     got {found:?}\nfull output:\n{err}"
        );
    }
    assert_eq!(found.len(), EXPECTED.len(), "{err}");
    assert!(
        err.contains("24 problems found in 5 organisations"),
        "{err}"
    );
    // Every problem says what to do.
    assert_eq!(err.matches("\n  help: ").count(), EXPECTED.len(), "{err}");
}

#[test]
fn one_organisation_is_checked_alone() {
    let out = check(&invalid().join("content/dates"));
    assert!(!out.status.success());
    let err = stderr(&out);
    let found = problems(&err);
    let expected: Vec<&str> = EXPECTED
        .iter()
        .copied()
        .filter(|e| e.starts_with("content/dates/"))
        .collect();
    assert_eq!(found.len(), expected.len(), "{err}");
    for (expected, found) in expected.iter().zip(&found) {
        assert!(found.starts_with(expected), "{expected:?} vs {found:?}");
    }
    // Links into other organisations still resolve against the whole site.
    assert!(err.contains("(/orgs/bad-codes/nothing/)"), "{err}");
    // A file inside the folder names the same organisation.
    let out = check(&invalid().join("content/dates/notices/links.md"));
    assert_eq!(problems(&stderr(&out)).len(), expected.len());
}

#[test]
fn the_repository_content_passes() {
    let out = check(&repo());
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("checked 5 organisations, 5 notices: no problems"),
        "{stdout}"
    );
    let out = check(&repo().join("content/dudley"));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_path_that_is_not_a_site_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(dir.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not a site root, a content folder or an organisation folder"));
}

#[test]
fn build_refuses_what_check_finds_and_keeps_the_last_site() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::copy(repo().join("atlas.toml"), root.join("atlas.toml")).unwrap();
    copy_dir(&repo().join("themes"), &root.join("themes"));
    copy_dir(&repo().join("content/dudley"), &root.join("content/dudley"));
    let build = || {
        Command::new(ATLAS)
            .args(["build", "--root"])
            .arg(root)
            .output()
            .unwrap()
    };
    assert!(build().status.success());
    let org = root.join("content/dudley/org.toml");
    let text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(&org, text.replace("E08000027", "E0800002")).unwrap();
    let notice = root.join("content/dudley/notices/public-health-children-young-people.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(
        &notice,
        format!("{text}\nSee [the rights](#no-such-heading).\n"),
    )
    .unwrap();
    let out = build();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/dudley/org.toml:9: gss \"E0800002\" is not a GSS code"),
        "{err}"
    );
    assert!(err.contains("public-health-children-young-people.md:142:5: link \"#no-such-heading\" points to no heading"), "{err}");
    assert!(
        err.contains("2 problems found; nothing was written"),
        "{err}"
    );
    assert!(root.join("public/orgs/dudley/index.html").exists());
}
