//! Incremental builds: a build reuses the work of the last one (each notice's rendered
//! Markdown and facts from the cache, unchanged pages kept where they are in the published
//! site, which receives only what changed), and its output is byte for byte what a cold
//! build of the same content writes.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{copy_dir, repo, stderr, walkdir, ATLAS};

/// The seed content in a temporary site folder.
fn seed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    fs::copy(repo().join("atlas.toml"), dir.path().join("atlas.toml")).unwrap();
    dir
}

/// Builds `root` into `out`; returns what the build said on stderr.
fn build(root: &Path, out: &Path) -> String {
    let output = Command::new(ATLAS)
        .args(["build", "--out"])
        .arg(out)
        .current_dir(root)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "build failed:\n{err}");
    err
}

/// `(notices reused, notices, pages reused, pages)` from a build's report.
fn reused(report: &str) -> (usize, usize, usize, usize) {
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with("reused:"))
        .unwrap_or_else(|| panic!("no reuse line in:\n{report}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 4, "{line}");
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, fs::read(&p).unwrap())
        })
        .collect()
}

/// Asserts that two built sites hold the same files with the same bytes.
pub fn assert_same_site(incremental: &Path, cold: &Path) {
    let a = files(incremental);
    let b = files(cold);
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "only in the incremental build: {only_a:?}\nonly in the cold build: {only_b:?}"
    );
    let differ: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "files that differ: {differ:?}");
    assert!(a.len() > 100, "too few files to mean anything: {}", a.len());
}

/// A cold build of `root`'s content, in a fresh folder with no cache and no earlier site.
pub fn cold_copy(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), &dir.path().join("content"));
    fs::copy(root.join("atlas.toml"), dir.path().join("atlas.toml")).unwrap();
    for own in ["templates", "themes"] {
        if root.join(own).is_dir() {
            copy_dir(&root.join(own), &dir.path().join(own));
        }
    }
    let out = dir.path().join("public");
    let report = build(dir.path(), &out);
    let (notices_reused, _, pages_reused, _) = reused(&report);
    assert_eq!((notices_reused, pages_reused), (0, 0), "{report}");
    (dir, out)
}

/// The inode of every page, feed (`changes.xml`, `feed.xml`), sitemap and `robots.txt` under
/// `dir`, with their compressed copies: a file written again has another.
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let listed: BTreeMap<String, u64> = walkdir(dir)
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let plain = rel.trim_end_matches(".gz").trim_end_matches(".br");
            let kind = [".html", ".xml", "robots.txt"];
            kind.iter()
                .any(|k| plain.ends_with(k))
                .then(|| (rel, fs::metadata(&p).unwrap().ino()))
        })
        .collect();
    for file in [
        "changes.xml",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "index.html",
    ] {
        assert!(listed.contains_key(file), "no {file} in {}", dir.display());
    }
    assert!(listed
        .keys()
        .any(|f| f.starts_with("orgs/") && f.ends_with("/changes.xml")));
    listed
}

fn first_notice(root: &Path) -> std::path::PathBuf {
    let mut notices: Vec<_> = walkdir(&root.join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !p.to_string_lossy().contains(".versions"))
        .collect();
    notices.sort();
    notices.remove(0)
}

#[test]
fn a_build_after_an_edit_reuses_the_rest_and_matches_a_cold_build() {
    let site = seed_site();
    let root = site.path();
    let out = root.join("public");
    let first = build(root, &out);
    let (n_reused, notices, p_reused, pages) = reused(&first);
    assert_eq!(
        (n_reused, p_reused),
        (0, 0),
        "a first build has nothing to reuse"
    );
    assert!(notices >= 5 && pages > 50, "{first}");

    // The same content again: everything is reused, and nothing changes.
    let before = files(&out);
    let pages_and_feeds_before = inodes(&out);
    let again = build(root, &out);
    assert_eq!(reused(&again), (notices, notices, pages, pages), "{again}");
    assert_eq!(files(&out), before, "an unchanged build changed the site");
    // Kept where they were, not written again: every page, feed, sitemap and robots.txt.
    assert_eq!(inodes(&out), pages_and_feeds_before);

    // One notice gains a sentence that states a lawful basis: that notice is read again,
    // the others come from the cache, and the pages showing it (its own, its
    // organisation's, the comparison) are rendered again.
    let notice = first_notice(root);
    let mut text = fs::read_to_string(&notice).unwrap();
    text.push_str(
        "\n## Our legal basis for billing\n\nWe rely on Article 6(1)(c) UK GDPR: the law requires us to keep accounts.\n",
    );
    fs::write(&notice, text).unwrap();
    let edited = build(root, &out);
    let (n_reused, _, p_reused, _) = reused(&edited);
    assert_eq!(n_reused, notices - 1, "{edited}");
    assert!(p_reused > 0 && p_reused < pages, "{edited}");

    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);

    // A kept version of a notice changes: its notice's pages and its "what changed" page
    // follow, as a cold build would have them.
    let version = walkdir(&root.join("content"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(".versions") && p.is_file())
        .expect("the seed content keeps a version of a notice");
    let mut text = fs::read_to_string(&version).unwrap();
    text.push_str("\nWe used to send reminders by post.\n");
    fs::write(&version, text).unwrap();
    let versioned = build(root, &out);
    let (n_reused, _, _, _) = reused(&versioned);
    assert_eq!(n_reused, notices, "{versioned}");
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
}

#[test]
fn a_theme_or_config_change_renders_the_pages_again_but_not_the_notices() {
    let site = seed_site();
    let root = site.path();
    let out = root.join("public");
    let first = build(root, &out);
    let (_, notices, _, pages) = reused(&first);

    // A site template overriding the theme's footer: every page shows it.
    let footer = fs::read_to_string(repo().join("themes/default/templates/footer.html")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/footer.html"),
        format!("{footer}\n<p>Kept by the test team.</p>\n"),
    )
    .unwrap();
    let themed = build(root, &out);
    assert_eq!(reused(&themed), (notices, notices, 0, pages), "{themed}");
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Kept by the test team."));
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);

    // The site's title: every page shows it too.
    let config = fs::read_to_string(root.join("atlas.toml")).unwrap();
    fs::write(
        root.join("atlas.toml"),
        config.replace(
            "title = \"Notice Atlas\"",
            "title = \"Notice Atlas (test)\"",
        ),
    )
    .unwrap();
    let retitled = build(root, &out);
    assert_eq!(
        reused(&retitled),
        (notices, notices, 0, pages),
        "{retitled}"
    );
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
}

#[test]
fn a_page_changed_by_hand_is_rendered_again_and_a_lost_cache_costs_only_time() {
    let site = seed_site();
    let root = site.path();
    let out = root.join("public");
    build(root, &out);
    let page = out.join("index.html");
    let original = fs::read(&page).unwrap();
    fs::write(&page, b"<p>changed by hand</p>").unwrap();
    let after = build(root, &out);
    let (_, _, p_reused, pages) = reused(&after);
    assert_eq!(p_reused, pages - 1, "{after}");
    assert_eq!(fs::read(&page).unwrap(), original);

    // A damaged cache entry and a lost record are work to do again, never a wrong site.
    let cache = root.join(".atlas-cache");
    for path in walkdir(&cache.join("notices")) {
        if path.is_file() {
            fs::write(&path, b"not an entry").unwrap();
        }
    }
    fs::remove_dir_all(cache.join("outputs")).unwrap();
    let rebuilt = build(root, &out);
    let (n_reused, _, p_reused, _) = reused(&rebuilt);
    assert_eq!((n_reused, p_reused), (0, 0), "{rebuilt}");
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
}

#[test]
fn two_cold_builds_are_identical_search_index_included() {
    let site = seed_site();
    let (_a_dir, a) = cold_copy(site.path());
    let (_b_dir, b) = cold_copy(site.path());
    assert!(files(&a).keys().any(|k| k.starts_with("search/index-")));
    // No lock or work file of the index writer is published.
    let hidden: Vec<String> = files(&a)
        .into_keys()
        .filter(|k| k.starts_with("search/") && k.split('/').any(|part| part.starts_with('.')))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    assert_same_site(&a, &b);
}

#[test]
fn an_edit_reindexes_one_group_of_notices_and_the_index_matches_a_cold_build() {
    // 270 notices: two groups of the search index (256 and 14), of which the edit touches one.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::kill::corpus(root, &mut crate::kill::Rng(0x1dea), 15, 18);
    let out = root.join("public");
    build(root, &out);
    let groups = || {
        fs::read_dir(root.join(".atlas-cache/index"))
            .unwrap()
            .count()
    };
    assert_eq!(groups(), 2);
    let index_of = |site: &Path| {
        fs::read_dir(site.join("search"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with("index-"))
            .unwrap()
    };
    let before = index_of(&out);
    // The stored notices, in one folder per group, named after its notices.
    let stored_dirs = || -> Vec<String> {
        let mut dirs: Vec<String> = fs::read_dir(out.join("search"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("doc-"))
            .collect();
        dirs.sort();
        dirs
    };
    let stored_before = stored_dirs();
    assert_eq!(stored_before.len(), 2, "{stored_before:?}");
    // Each stored notice file with its inode, to tell a kept file from one written again.
    let inodes = || -> BTreeMap<String, u64> {
        use std::os::unix::fs::MetadataExt;
        walkdir(&out.join("search"))
            .into_iter()
            .filter(|p| p.is_file() && p.to_string_lossy().contains("/doc-"))
            .map(|p| {
                let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
                (rel, fs::metadata(&p).unwrap().ino())
            })
            .collect()
    };
    let inodes_before = inodes();

    let notice = root.join("content/org-3/notices/notice-3.md");
    let text = fs::read_to_string(&notice).unwrap();
    fs::write(
        &notice,
        format!("{text}\nWe also hold records of safeguarding referrals.\n"),
    )
    .unwrap();
    let edited = build(root, &out);
    let (n_reused, notices, _, _) = reused(&edited);
    assert_eq!((n_reused, notices), (269, 270), "{edited}");
    assert_ne!(index_of(&out), before, "the index did not change");
    assert_eq!(groups(), 2, "unused groups are removed from the cache");
    // The first group (notices 0 to 255, organisation 3's among them) has a new folder, and
    // the old one is gone; the second is kept as it was, its files not written again.
    let stored_after = stored_dirs();
    assert_eq!(stored_after.len(), 2, "{stored_after:?}");
    let kept: Vec<&String> = stored_after
        .iter()
        .filter(|d| stored_before.contains(d))
        .collect();
    assert_eq!(kept.len(), 1, "{stored_before:?} then {stored_after:?}");
    let inodes_after = inodes();
    let kept_files: Vec<&String> = inodes_after
        .keys()
        .filter(|f| f.contains(kept[0].as_str()))
        .collect();
    // 14 notices, each with its compressed copies.
    assert_eq!(kept_files.len(), 14 * 3, "{kept_files:?}");
    for file in kept_files {
        assert_eq!(inodes_before.get(file), inodes_after.get(file), "{file}");
    }

    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
}

#[test]
fn a_removed_notice_leaves_the_site_and_an_added_one_joins_it_as_a_cold_build_has_them() {
    let site = seed_site();
    let root = site.path();
    let out = root.join("public");
    build(root, &out);
    let notice = first_notice(root);
    let page = |out: &Path, slug: &str| -> bool {
        walkdir(&out.join("orgs"))
            .iter()
            .any(|p| p.ends_with(format!("{slug}/index.html")))
    };
    let slug = notice.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(page(&out, &slug));

    // Removed: its page, folder and stored notice go; the rest is kept where it is.
    let text = fs::read_to_string(&notice).unwrap();
    fs::remove_file(&notice).unwrap();
    let removed = build(root, &out);
    let (_, _, p_reused, _) = reused(&removed);
    assert!(p_reused > 0, "{removed}");
    assert!(!page(&out, &slug));
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);

    // Added under a new name: its page appears.
    let added = notice.with_file_name("a-notice-added-later.md");
    fs::write(&added, text).unwrap();
    let report = build(root, &out);
    let (_, _, p_reused, _) = reused(&report);
    assert!(p_reused > 0, "{report}");
    assert!(page(&out, "a-notice-added-later"));
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
    // Nothing is left beside the output: no staging folder, no journal.
    let beside: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn edits_across_organisations_of_one_kind_each_match_a_cold_build() {
    // Twelve bodies of one kind in four regions: each body's peer report and side-by-side
    // pages show its peers' words and counts, so an edit to one body's notice reaches pages
    // of others. After each of several edits, the site is what a cold build writes.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut rng = crate::kill::Rng(0x0ed1);
    crate::kill::corpus(root, &mut rng, 12, 3);
    let out = root.join("public");
    build(root, &out);
    // (organisation, notice, sentence, where): at the end, or first, where it becomes the
    // body's first words for an element it already states (what peers' pages quote, with
    // no count changing); an empty sentence takes out the notice's lawful basis sentences.
    let edits = [
        (
            4,
            1,
            "We rely on Article 6(1)(c) UK GDPR where the law requires it.",
            false,
        ),
        (
            0,
            0,
            "Health data is processed under Article 9(2)(h) for the management of care.",
            false,
        ),
        (
            2,
            0,
            "We rely on Article 6(1)(c) of the UK GDPR: a legal obligation.",
            true,
        ),
        (
            7,
            2,
            "We share data with the Cabinet Office for fraud prevention.",
            false,
        ),
        (4, 1, "", false),
    ];
    for (org, notice, sentence, first) in edits {
        let path = root.join(format!("content/org-{org}/notices/notice-{notice}.md"));
        let text = fs::read_to_string(&path).unwrap();
        let text = if sentence.is_empty() {
            text.lines()
                .filter(|l| !l.contains("Article 6"))
                .collect::<Vec<_>>()
                .join("\n")
        } else if first {
            let body = text.find("## ").unwrap();
            format!(
                "{}## Our basis\n\n{sentence}\n\n{}",
                &text[..body],
                &text[body..]
            )
        } else {
            format!("{text}\n## Added\n\n{sentence}\n")
        };
        fs::write(&path, text).unwrap();
        let report = build(root, &out);
        let (n_reused, notices, p_reused, pages) = reused(&report);
        assert_eq!(n_reused, notices - 1, "{report}");
        assert!(p_reused > 0 && p_reused < pages, "{report}");
        let (_cold_dir, cold) = cold_copy(root);
        assert_same_site(&out, &cold);
    }
}

#[test]
fn an_edit_that_changes_no_fact_leaves_facts_csv_and_the_comparison_pages_unwritten() {
    use std::os::unix::fs::MetadataExt;
    let site = seed_site();
    let root = site.path();
    let out = root.join("public");
    build(root, &out);
    let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
    let csv = inode("data/facts.csv");
    // Every comparison page (by element, by value, side by side), with its inode.
    let compared = || -> BTreeMap<String, u64> {
        ["compare", "facets"]
            .iter()
            .flat_map(|dir| walkdir(&out.join(dir)))
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| {
                let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
                (rel, fs::metadata(&p).unwrap().ino())
            })
            .collect()
    };
    let compared_before = compared();
    assert!(compared_before.len() > 20, "{compared_before:?}");

    // A sentence that states nothing: the notice and its organisation change, its facts do
    // not, so facts.csv (hundreds of megabytes on a national site) and the pages comparing
    // organisations are kept as they are.
    let notice = first_notice(root);
    let mut text = fs::read_to_string(&notice).unwrap();
    text.push_str("\nThank you for reading this page.\n");
    fs::write(&notice, &text).unwrap();
    let report = build(root, &out);
    assert_eq!(
        inode("data/facts.csv"),
        csv,
        "facts.csv was written again\n{report}"
    );
    assert_eq!(
        compared(),
        compared_before,
        "comparison pages were written again"
    );
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);

    // A sentence that states a lawful basis adds a fact: the file is written again.
    text.push_str(
        "\n## Our legal basis\n\nWe rely on Article 6(1)(c) UK GDPR to keep these records.\n",
    );
    fs::write(&notice, &text).unwrap();
    build(root, &out);
    assert_ne!(
        inode("data/facts.csv"),
        csv,
        "facts.csv was kept though a fact was added"
    );
    let (_cold_dir, cold) = cold_copy(root);
    assert_same_site(&out, &cold);
}
