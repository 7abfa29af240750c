//! A notice's kept versions (`<slug>.versions/<date>.md`, see `model::versions`): each
//! named by its `retrieved` date, with the provenance `atlas refresh` wrote, older than the
//! version after it and than the notice itself.

use crate::error::Diagnostic;
use crate::model::content::{key_line, NoticeSource};
use crate::model::versions::parse_name;

/// Problems in `notice`'s versions, each with the version's file and line.
pub fn check_versions(notice: &NoticeSource, problems: &mut Vec<Diagnostic>) {
    let mut previous: Option<&NoticeSource> = None;
    for version in &notice.versions {
        let path = &version.path;
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let line = |key: &str| key_line(&text, key);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some((date, _)) = parse_name(&name) {
            if date != version.retrieved {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "retrieved {} is not the date the version is named by ({date})",
                            version.retrieved
                        ),
                    )
                    .at_line(line("retrieved"))
                    .help("a kept version is named by its retrieved date: rename the file, or restore the date `atlas refresh` wrote"),
                );
            }
        }
        let sha = &version.provenance.sha256;
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(
                Diagnostic::new(
                    path,
                    if sha.is_empty() {
                        "a kept version has no provenance sha256".to_string()
                    } else {
                        format!(
                            "provenance sha256 {:?} is not 64 hexadecimal digits",
                            crate::text::excerpt(sha, 70)
                        )
                    },
                )
                .at_line(if sha.is_empty() { 1 } else { line("sha256") })
                .help("versions are kept whole by `atlas refresh`, provenance included: restore it from version control"),
            );
        }
        if let Some(before) = previous {
            if version.retrieved < before.retrieved {
                problems.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "retrieved {} is before the version it follows ({}, retrieved {})",
                            version.retrieved,
                            before.path.file_name().unwrap_or_default().to_string_lossy(),
                            before.retrieved
                        ),
                    )
                    .at_line(line("retrieved"))
                    .help("versions are in the order they were retrieved: fix the date or the file name"),
                );
            }
        }
        if version.retrieved > notice.retrieved {
            problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "retrieved {} is after the notice's own retrieved date ({})",
                        version.retrieved, notice.retrieved
                    ),
                )
                .at_line(line("retrieved"))
                .help(format!(
                    "a kept version is older than the notice; is {} the newer text?",
                    notice.path.display()
                )),
            );
        }
        previous = Some(version);
    }
}
