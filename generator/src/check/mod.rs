//! `atlas check`: everything `atlas build` would refuse, and the formats a build cannot see
//! for itself (codes, regions, dates, links between pages), reported all at once with file
//! and line. The whole site, or one organisation folder so that its maintainers can check
//! theirs alone.
//!
//! The checks run on what could be read even where reading found problems, so one pass
//! reports everything. To add a check on notices (e.g. a reviewed-facts file beside each
//! notice), add it to [`check_notice`]; on organisations, to [`check_org`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{line_col, Diagnostic};
use crate::model::config::{SiteConfig, CONFIG_FILE};
use crate::model::content::{
    self, key_line, NoticeSource, OrgMeta, PartialOrg, CONTENT_DIR, ORG_FILE,
};
use crate::model::date::Date;
use crate::model::reference::{NHS_REGIONS, REGIONS};

mod codes;
mod links;
mod versions;

pub use codes::{gss_problem, is_ico_registration, ods_problem};
use links::check_links;
pub use links::sweep_scans;
#[cfg(test)]
use links::{resolve_link, Link};

/// What `atlas check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub problems: Vec<Diagnostic>,
    pub orgs: usize,
    pub notices: usize,
}

/// Where a PATH given to `atlas check` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The site root: holds `content/` (and normally `atlas.toml`).
    pub root: PathBuf,
    /// One organisation folder, or the whole site.
    pub org: Option<PathBuf>,
}

impl Scope {
    /// Reads PATH as a site root, its `content/` folder, or an organisation folder (or a
    /// file in one).
    pub fn resolve(path: &Path) -> Result<Scope, Diagnostic> {
        let path = if path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            path
        };
        if !path.exists() {
            return Err(Diagnostic::new(path, "no such file or folder").help(
                "give the site root, content/, or an organisation folder such as content/dudley",
            ));
        }
        if path.join(CONTENT_DIR).is_dir() || path.join(CONFIG_FILE).is_file() {
            return Ok(Scope {
                root: path.to_path_buf(),
                org: None,
            });
        }
        if path.file_name().is_some_and(|n| n == CONTENT_DIR) && path.is_dir() {
            return Ok(Scope {
                root: parent_or_dot(path),
                org: None,
            });
        }
        // An organisation folder is a child of content/; a file inside one names it too.
        let mut dir = Some(path);
        while let Some(d) = dir {
            if let Some(parent) = d.parent() {
                if parent.file_name().is_some_and(|n| n == CONTENT_DIR) && d.is_dir() {
                    return Ok(Scope {
                        root: parent_or_dot(parent),
                        org: Some(d.to_path_buf()),
                    });
                }
            }
            dir = d.parent().filter(|p| !p.as_os_str().is_empty());
        }
        Err(Diagnostic::new(
            path,
            "not a site root, a content folder or an organisation folder",
        )
        .help("give the folder holding atlas.toml and content/, or content/<organisation>"))
    }
}

fn parent_or_dot(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks the site, or one organisation in it.
pub fn check(scope: &Scope, today: Date) -> CheckReport {
    let mut report = CheckReport::default();
    let root = scope.root.as_path();
    let content_dir = root.join(CONTENT_DIR);
    let mut problems = Vec::new();

    // The site settings give the base path links resolve against.
    let config = if root.join(CONFIG_FILE).is_file() {
        match SiteConfig::load(root) {
            Ok(config) => {
                // The theme must exist, as the build requires (its name is checked on load).
                let dir = root.join("themes").join(&config.theme);
                if scope.org.is_none() && config.theme != "default" && !dir.is_dir() {
                    problems.push(
                        Diagnostic::new(
                            root.join(CONFIG_FILE),
                            format!("theme {:?} not found (looked in {})", config.theme, dir.display()),
                        )
                        .at_line(line_of(&root.join(CONFIG_FILE), "theme"))
                        .help("set `theme` to a folder under themes/, or to \"default\" for the built-in theme"),
                    );
                }
                Some(config)
            }
            Err(d) => {
                if scope.org.is_none() {
                    problems.push(d);
                }
                None
            }
        }
    } else {
        None
    };
    let base_path = config
        .as_ref()
        .map(SiteConfig::base_path)
        .unwrap_or_else(|| "/".to_string());

    if !content_dir.is_dir() {
        problems.push(
            Diagnostic::new(&content_dir, "content folder not found")
                .help("create content/<organisation>/org.toml and content/<organisation>/notices/<notice>.md"),
        );
    }
    read_and_check(
        &content_dir,
        scope.org.as_deref(),
        &base_path,
        today,
        None,
        &mut problems,
        &mut report,
    );
    // Reviewed-facts files beside the notices, once the content itself reads cleanly.
    if problems.is_empty() {
        if let Ok(content) = content::load(&content_dir) {
            let site = crate::model::site::Site::from_content(content);
            for d in crate::facts::check_reviewed(&site) {
                // content/<org>/notices/<notice>.facts.toml belongs to content/<org>.
                let org_dir = d.path.parent().and_then(Path::parent).unwrap_or(&d.path);
                let in_scope = scope
                    .org
                    .as_deref()
                    .is_none_or(|org| same_dir(org, org_dir));
                if in_scope {
                    problems.push(d);
                }
            }
        }
    }
    // Grouped by file, in line order.
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    report.problems = problems.into_iter().map(|d| d.relative_to(root)).collect();
    report
}

/// Reads every organisation (all of them, for the link targets) and checks it: what
/// `atlas check` and `atlas build` both refuse. Problems of organisations outside
/// `scope_org` (when given) are left out. Returns the organisations as read, each marked
/// whether it is in scope.
fn read_and_check(
    content_dir: &Path,
    scope_org: Option<&Path>,
    base_path: &str,
    today: Date,
    scans: Option<&crate::cache::Store>,
    problems: &mut Vec<Diagnostic>,
    report: &mut CheckReport,
) -> Vec<(PartialOrg, bool)> {
    // Every organisation is read, for the link targets; problems count only in scope.
    let mut orgs = Vec::new();
    let mut ignored = Vec::new();
    let dirs = if content_dir.is_dir() {
        content::org_dirs(
            content_dir,
            if scope_org.is_none() {
                problems
            } else {
                &mut ignored
            },
        )
    } else {
        Vec::new()
    };
    // Folders are read in parallel, each with its own problems, kept in folder order.
    use rayon::prelude::*;
    let read: Vec<(PartialOrg, bool, Vec<Diagnostic>)> = dirs
        .into_par_iter()
        .map(|dir| {
            let in_scope = scope_org.is_none_or(|org| same_dir(org, &dir));
            let mut found = Vec::new();
            let org = content::read_org(&dir, &mut found);
            (org, in_scope, found)
        })
        .collect();
    for (org, in_scope, found) in read {
        if in_scope {
            problems.extend(found);
        }
        orgs.push((org, in_scope));
    }
    if let Some(org) = scope_org {
        if !orgs.iter().any(|(_, in_scope)| *in_scope) {
            problems.push(Diagnostic::new(
                org,
                "not an organisation folder under content/",
            ));
        }
    }

    // Each notice's headings and links, read once (or taken from `scans`).
    let scanned: Vec<Vec<links::Scan>> = orgs
        .par_iter()
        .map(|(o, _)| o.notices.iter().map(|n| links::scan(n, scans)).collect())
        .collect();
    let pages = Pages::new(
        orgs.iter()
            .zip(&scanned)
            .map(|((o, _), s)| (o.slug.as_str(), o.notices.as_slice(), s.as_slice())),
    );
    // Codes are unique across the site: all are compared, problems kept only in scope.
    let mut duplicates = duplicate_codes(
        orgs.iter()
            .filter_map(|(o, _)| Some((o.dir.as_path(), o.meta.as_ref()?))),
    );
    // Each organisation is checked on its own (in parallel); problems in folder order, an
    // organisation's own first, then its duplicate codes, then its notices'.
    let checked: Vec<(Vec<Diagnostic>, Vec<Diagnostic>)> = orgs
        .par_iter()
        .zip(&scanned)
        .map(|((org, _), scanned)| {
            let mut own = Vec::new();
            if let Some(meta) = &org.meta {
                check_org(org, meta, &mut own);
            }
            let mut of_notices = Vec::new();
            for (notice, scan) in org.notices.iter().zip(scanned) {
                let checks = Checks {
                    today,
                    base_path,
                    pages: &pages,
                    scan,
                };
                check_notice(org, notice, &checks, &mut of_notices);
                versions::check_versions(notice, &mut of_notices);
            }
            (own, of_notices)
        })
        .collect();
    for ((org, in_scope), (mut org_problems, of_notices)) in orgs.iter().zip(checked) {
        if org.meta.is_some() {
            org_problems.extend(duplicates.remove(&org.dir).unwrap_or_default());
        }
        org_problems.extend(of_notices);
        if *in_scope {
            report.orgs += 1;
            report.notices += org.notices.len();
            problems.extend(org_problems);
        }
    }
    orgs
}

/// The content, read and checked as `atlas check` checks the whole site (everything but the
/// reviewed-facts files, which the build's facts stage reads): the problems, all of them,
/// or the content when there are none. What `atlas build` should load with, so that it
/// refuses exactly what `atlas check` reports.
pub fn load_checked(
    root: &Path,
    base_path: &str,
    today: Date,
) -> Result<content::Content, Vec<Diagnostic>> {
    load_checked_with(root, base_path, today, None)
}

/// [`load_checked`], each notice's headings and links read once per text and kept in `scans`
/// (a build's cache), so that a build after an edit parses one notice, not all of them.
pub fn load_checked_with(
    root: &Path,
    base_path: &str,
    today: Date,
    scans: Option<&crate::cache::Store>,
) -> Result<content::Content, Vec<Diagnostic>> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::new(
            &content_dir,
            "content folder not found",
        )
        .help(
            "create content/<organisation>/org.toml and content/<organisation>/notices/<notice>.md",
        )]);
    }
    let mut problems = Vec::new();
    let orgs = read_and_check(
        &content_dir,
        None,
        base_path,
        today,
        scans,
        &mut problems,
        &mut CheckReport::default(),
    );
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(problems);
    }
    Ok(content::Content {
        orgs: orgs
            .into_iter()
            .filter_map(|(org, _)| {
                Some(content::OrgSource {
                    slug: org.slug,
                    meta: org.meta?,
                    dir: org.dir,
                    notices: org.notices,
                })
            })
            .collect(),
    })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A code (GSS, ODS, ICO registration) given to two organisations: a problem in the
/// `org.toml` of each after the first, by organisation folder. `orgs` in folder order.
fn duplicate_codes<'a>(
    orgs: impl Iterator<Item = (&'a Path, &'a OrgMeta)>,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut first: HashMap<(&'static str, &'a str), PathBuf> = HashMap::new();
    let mut problems: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for (dir, meta) in orgs {
        let org_file = dir.join(ORG_FILE);
        for (key, value) in [
            ("gss", meta.codes.gss.as_str()),
            ("ods", meta.codes.ods.as_str()),
            ("ico_registration", meta.codes.ico_registration.as_str()),
        ] {
            if value.is_empty() {
                continue;
            }
            match first.get(&(key, value)) {
                Some(other) => problems.entry(dir.to_path_buf()).or_default().push(
                    Diagnostic::new(
                        &org_file,
                        format!(
                            "{key} code {} is also the code of {}",
                            crate::text::excerpt(value, 40),
                            other.display()
                        ),
                    )
                    .at_line(line_of(&org_file, key))
                    .help("each code names one body; check which organisation it belongs to"),
                ),
                None => {
                    first.insert((key, value), org_file.clone());
                }
            }
        }
    }
    problems
}

fn line_of(path: &Path, key: &str) -> usize {
    std::fs::read_to_string(path)
        .map(|t| key_line(&t, key))
        .unwrap_or(1)
}

/// One organisation's `org.toml`: address, region and codes.
pub fn check_org(org: &PartialOrg, meta: &OrgMeta, problems: &mut Vec<Diagnostic>) {
    let path = org.dir.join(ORG_FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let at = |key: &str| key_line(&text, key);
    if !meta.website.trim().is_empty() && !is_web_address(&meta.website) {
        problems.push(
            Diagnostic::new(
                &path,
                format!(
                    "website {:?} is not an http(s) address",
                    shown(&meta.website)
                ),
            )
            .at_line(at("website"))
            .help("write it as https://www.example.gov.uk"),
        );
    }
    if !meta.region.trim().is_empty() && !one_of(REGIONS, &meta.region) {
        problems.push(
            Diagnostic::new(
                &path,
                format!("region {:?} is not an ONS region", shown(&meta.region)),
            )
            .at_line(at("region"))
            .help(format!("use one of: {}", REGIONS.join(", "))),
        );
    }
    if !meta.nhs_region.is_empty() && !one_of(NHS_REGIONS, &meta.nhs_region) {
        problems.push(
            Diagnostic::new(
                &path,
                format!(
                    "nhs_region {:?} is not an NHS England region",
                    shown(&meta.nhs_region)
                ),
            )
            .at_line(at("nhs_region"))
            .help(format!("use one of: {}", NHS_REGIONS.join(", "))),
        );
    }
    let codes = &meta.codes;
    if !codes.gss.is_empty() {
        if let Some(message) = gss_problem(&codes.gss, meta.kind) {
            problems.push(
                Diagnostic::new(&path, message)
                    .at_line(at("gss"))
                    .help("a GSS code is 9 characters: a prefix such as E08 and 6 digits, e.g. E08000027; leave it empty rather than guess"),
            );
        }
    }
    if !codes.ods.is_empty() {
        if let Some(message) = ods_problem(&codes.ods, meta.kind) {
            problems.push(
                Diagnostic::new(&path, message)
                    .at_line(at("ods"))
                    .help("ODS codes are upper-case letters and digits: ICBs Q and 2 more (QVV), trusts R or T and 2 more (RBD); leave it empty rather than guess"),
            );
        }
    }
    if !codes.ico_registration.is_empty() && !is_ico_registration(&codes.ico_registration) {
        problems.push(
            Diagnostic::new(
                &path,
                format!("ico_registration {:?} is not an ICO registration number", shown(&codes.ico_registration)),
            )
            .at_line(at("ico_registration"))
            .help("ICO registration numbers are Z, a letter or digit, then 6 digits, e.g. Z5678901 or ZA123456"),
        );
    }
}

/// A value from the input as a message quotes it: at most 80 bytes.
fn shown(value: &str) -> String {
    crate::text::excerpt(value, 80)
}

fn one_of(list: &[&str], value: &str) -> bool {
    list.iter().any(|r| r.eq_ignore_ascii_case(value.trim()))
}

fn is_web_address(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// The site's pages and their anchors, for internal links.
pub struct Pages {
    /// Site-relative paths without the base path: "", "search/", "orgs/x/", "orgs/x/n/".
    paths: BTreeSet<String>,
    /// Heading anchors of each notice page.
    anchors: BTreeMap<String, BTreeSet<String>>,
}

impl Pages {
    /// `orgs`: each organisation's slug, notices and their scans.
    fn new<'a>(
        orgs: impl Iterator<Item = (&'a str, &'a [NoticeSource], &'a [links::Scan])>,
    ) -> Pages {
        let mut paths: BTreeSet<String> = ["", "search/", "404.html", "favicon.svg"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut anchors = BTreeMap::new();
        for (slug, notices, scans) in orgs {
            paths.insert(format!("orgs/{slug}/"));
            for (n, scan) in notices.iter().zip(scans) {
                let url = format!("orgs/{slug}/{}/", n.slug);
                paths.insert(url.clone());
                anchors.insert(url, scan.anchors.iter().cloned().collect());
            }
        }
        Pages { paths, anchors }
    }
}

fn notice_url(org: &PartialOrg, notice: &NoticeSource) -> String {
    format!("orgs/{}/{}/", org.slug, notice.slug)
}

/// What a notice is checked against: the day, the site's pages, and its own headings and links.
pub struct Checks<'a> {
    pub today: Date,
    pub base_path: &'a str,
    pub pages: &'a Pages,
    pub scan: &'a links::Scan,
}

/// One notice: dates, addresses and links.
pub fn check_notice(
    org: &PartialOrg,
    notice: &NoticeSource,
    checks: &Checks,
    problems: &mut Vec<Diagnostic>,
) {
    let today = checks.today;
    let path = &notice.path;
    // The file is read again only to place a problem on its line.
    let text = std::cell::OnceCell::new();
    let front_line = |key: &str| {
        key_line(
            text.get_or_init(|| std::fs::read_to_string(path).unwrap_or_default()),
            key,
        )
    };
    if notice.retrieved > today {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "retrieved {} is in the future (today is {today})",
                    notice.retrieved
                ),
            )
            .at_line(front_line("retrieved"))
            .help("give the day the page was taken"),
        );
    }
    if notice.retrieved.year() < FIRST_YEAR {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "retrieved {} is before {FIRST_YEAR}: not a day a web page was taken",
                    notice.retrieved
                ),
            )
            .at_line(front_line("retrieved"))
            .help("give the day the page was taken, e.g. retrieved = 2024-05-31"),
        );
    }
    if let Some(updated) = notice
        .last_updated
        .as_ref()
        .filter(|d| d.year() < FIRST_YEAR)
    {
        problems.push(
            Diagnostic::new(
                path,
                format!("last_updated {updated} is before {FIRST_YEAR}: not a date a privacy notice was updated"),
            )
            .at_line(front_line("last_updated"))
            .help("give the date the notice states, or leave last_updated out"),
        );
    }
    if let Some(updated) = &notice.last_updated {
        if updated > &notice.retrieved {
            problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "last_updated {updated} is after retrieved {}",
                        notice.retrieved
                    ),
                )
                .at_line(front_line("last_updated"))
                .help("a notice cannot have been updated after it was taken; check both dates"),
            );
        }
    }
    if !notice.source_url.is_empty() && !is_web_address(&notice.source_url) {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "source_url {:?} is not an http(s) address",
                    shown(&notice.source_url)
                ),
            )
            .at_line(front_line("source_url"))
            .help("give the address of the page the notice was taken from, or leave it empty"),
        );
    }
    let sha = &notice.provenance.sha256;
    let hex = sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !sha.is_empty() && !hex {
        problems.push(
            Diagnostic::new(path, "sha256 is not 64 lower-case hex digits")
                .at_line(front_line("sha256"))
                .help("it is written by `atlas import`; re-import, or remove it"),
        );
    }
    check_links(org, notice, checks, problems);
}

/// Dates before this year are typing mistakes (no web page was taken then).
pub const FIRST_YEAR: i32 = 1990;

/// Most table rows one notice may have (each costs more to render than a paragraph).
pub const MAX_TABLE_ROWS: usize = 20_000;

/// Most Markdown elements one notice may have: each costs the HTML sanitiser and the
/// pages something, and a real notice has a few thousand.
pub const MAX_ELEMENTS: usize = 100_000;

/// Most headings one notice may have (real notices have under a hundred).
pub const MAX_HEADINGS: usize = 2_000;
/// Most links one notice may have.
pub const MAX_LINKS: usize = 5_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reference::OrgKind;

    /// `content/<slug>/` under `root` with its `notices/` folder and `org.toml`.
    fn org_folder(root: &Path, slug: &str, org_toml: &str) -> PathBuf {
        let org = root.join(CONTENT_DIR).join(slug);
        std::fs::create_dir_all(org.join("notices")).unwrap();
        std::fs::write(org.join(ORG_FILE), org_toml).unwrap();
        org
    }

    /// A build keeps each notice's scan (headings and links): a later build reports the same
    /// problems from it, and a notice over a limit is read in full every time.
    #[test]
    fn kept_scans_give_the_same_problems() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let org = org_folder(
            root,
            "a",
            "name = \"A\"\nkind = \"council\"\nwebsite = \"https://a.gov.uk\"\nregion = \"London\"\n",
        );
        let notice =
            |body: &str| format!("+++\ntitle = \"T\"\nretrieved = 2025-01-01\n+++\n{body}");
        std::fs::write(
            org.join("notices/one.md"),
            notice("## Your rights\n\nSee [two](../two/#nowhere), [rights](#your-rights) and [x](ftp://x.org/).\n"),
        )
        .unwrap();
        let many_links: String = (0..=MAX_LINKS)
            .map(|i| format!("[l{i}](https://x.org/{i}) "))
            .collect();
        std::fs::write(org.join("notices/two.md"), notice(&many_links)).unwrap();
        let today = Date::from_ymd(2026, 1, 1).unwrap();
        let messages = |cache: Option<&crate::cache::Store>| -> Vec<String> {
            let problems = load_checked_with(root, "/", today, cache).unwrap_err();
            problems
                .iter()
                .map(|d| format!("{}:{:?} {}", d.path.display(), d.line, d.message))
                .collect()
        };
        let fresh = messages(None);
        assert_eq!(fresh.len(), 3, "{fresh:?}");
        assert!(
            fresh
                .iter()
                .any(|m| m.contains("#nowhere is not an anchor")),
            "{fresh:?}"
        );
        assert!(
            fresh
                .iter()
                .any(|m| m.contains("link to a") && m.contains("ftp")),
            "{fresh:?}"
        );
        assert!(
            fresh
                .iter()
                .any(|m| m.contains(&format!("more than {MAX_LINKS} links"))),
            "{fresh:?}"
        );
        let cache = crate::cache::Store::open(&root.join(".cache"));
        assert_eq!(messages(Some(&cache)), fresh, "scanned and filed");
        assert!(root.join(".cache/scan").is_dir());
        let cache = crate::cache::Store::open(&root.join(".cache"));
        assert_eq!(messages(Some(&cache)), fresh, "read back");
    }

    #[test]
    fn build_loads_with_the_checks_check_makes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let org = org_folder(
            root,
            "a",
            "name = \"A\"\nkind = \"council\"\nwebsite = \"https://a.gov.uk\"\nregion = \"London\"\ncolour_scheme = \"purple\"\n[codes]\ngss = \"X12345\"\n",
        );
        org_folder(
            root,
            "b",
            "name = \"B\"\nkind = \"other\"\nwebsite = \"https://b.gov.uk\"\nregion = \"London\"\n[codes]\nods = \"QVV\"\n",
        );
        std::fs::write(org.join("org.toml.bak"), "not read").unwrap();
        let today = Date::from_ymd(2026, 1, 1).unwrap();
        let build = load_checked(root, "/", today).unwrap_err();
        let messages: Vec<&str> = build.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("unknown field `colour_scheme`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("\"X12345\" is not a GSS code")),
            "{messages:?}"
        );
        let check = check(
            &Scope {
                root: root.to_path_buf(),
                org: None,
            },
            today,
        );
        let relative: Vec<Diagnostic> = build.into_iter().map(|d| d.relative_to(root)).collect();
        assert_eq!(check.problems, relative);
    }

    #[test]
    fn gss_codes() {
        assert!(gss_problem("E08000027", OrgKind::Council).is_none());
        assert!(gss_problem("E54000066", OrgKind::Icb).is_none());
        assert!(gss_problem("E0800002", OrgKind::Council).is_some());
        assert!(gss_problem("e08000027", OrgKind::Council).is_some());
        assert!(gss_problem("E99000001", OrgKind::Other)
            .unwrap()
            .contains("prefix E99"));
        assert!(gss_problem("E54000066", OrgKind::Council)
            .unwrap()
            .contains("integrated care board"));
    }

    #[test]
    fn ods_and_ico_codes() {
        assert!(ods_problem("QVV", OrgKind::Icb).is_none());
        assert!(ods_problem("RBD", OrgKind::NhsTrust).is_none());
        assert!(ods_problem("RBD", OrgKind::Icb).is_some());
        assert!(ods_problem("qvv", OrgKind::Icb).is_some());
        assert!(is_ico_registration("Z5678901"));
        assert!(is_ico_registration("ZA123456"));
        assert!(!is_ico_registration("Z567890"));
        assert!(!is_ico_registration("A1234567"));
    }

    #[test]
    fn links_resolve_against_the_notice() {
        let here = "orgs/a/n/";
        let internal = |dest: &str, base: &str| match resolve_link(dest, here, base) {
            Link::Internal { path, fragment } => (path, fragment),
            _ => panic!("{dest} is not internal"),
        };
        assert_eq!(
            internal("#rights", "/"),
            ("orgs/a/n/".into(), Some("rights".into()))
        );
        assert_eq!(internal("../m/", "/"), ("orgs/a/m/".into(), None));
        assert_eq!(internal("../../b/", "/atlas/"), ("orgs/b/".into(), None));
        assert_eq!(
            internal("/atlas/orgs/b/x", "/atlas/"),
            ("orgs/b/x/".into(), None)
        );
        assert!(
            matches!(resolve_link("javascript:alert(1)", here, "/"), Link::Forbidden(s) if s == "javascript")
        );
        assert!(matches!(
            resolve_link("https://ico.org.uk", here, "/"),
            Link::External
        ));
        for dest in [
            "//evil.example/",
            "\\\\evil.example/x",
            "/\\evil.example",
            " //x",
        ] {
            assert!(
                matches!(resolve_link(dest, here, "/"), Link::OtherHost),
                "{dest}"
            );
        }
    }
}
