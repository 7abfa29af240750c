//! Publishing: where a build may write, the staging folder it writes into, and the one step
//! that makes the new site the published one.
//!
//! - The output folder is checked before anything is built: never the site root or a folder
//!   holding it, never inside `content/`, `themes/` or the site's own `templates/`,
//!   `styles/` and `static/`, never a file, and never a non-empty folder that atlas did not
//!   write (every site atlas writes carries the marker file [`MARKER`]).
//! - Builds of one output take a lock beside it (`.<name>.lock`), so they run one at a time;
//!   the lock dies with its process, so a killed build never blocks the next one.
//! - Holding the lock, a build removes the staging folders of builds that no longer run, then
//!   writes its own (`.<name>.staging-<pid>`, beside the output, so on the same file system).
//! - A build that keeps none of the published files (the first into a folder, or one that
//!   finds no record of the published site) stages a whole site, which replaces the old in
//!   one atomic step: on Linux the two folders are exchanged (`renameat2` with
//!   `RENAME_EXCHANGE`), so at every moment the output path holds a whole site; then the old
//!   one is moved aside and removed while the next build runs (or at once, see [`OldSite`]).
//!   Where exchange is not supported the old site is moved aside and the new one moved in
//!   (two renames, a short gap).
//! - A build that keeps published files (`cache::Outputs`) stages only what it made. Once
//!   every stage has succeeded it writes a journal into the staging folder (the published
//!   files to remove) and then moves each staged file into the published site with a rename,
//!   which replaces a file whole: new files first, so no page links to one not there yet,
//!   then changed ones, the marker last; then it removes the files that went. Killed during
//!   those steps, the build leaves the journal, and the next build of the same output
//!   finishes the move before anything else; until then every file served is whole, old or
//!   new. The cost is that of the change, not of the site: renaming 100,000 files into a
//!   fresh tree takes seconds.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::files::{write_whole, Durability};

/// Written at the root of every site atlas builds; a folder that has it may be replaced.
pub const MARKER: &str = ".atlas-site";
/// In a staging folder: the published files to remove, written once the staged files are
/// ready to be moved into the published site. A staging folder with it is finished, never
/// thrown away.
const JOURNAL: &str = ".atlas-publish";
const MARKER_TEXT: &str = "This folder is written by atlas build and replaced by the next build.\n";

/// The site folders an output must stay out of, relative to the site root.
const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "styles", "static"];

/// What becomes of the site a build replaces. Removing a site of 100,000 files is slow
/// where the disk is (a minute on a busy virtual machine): it need not hold up the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldSite {
    /// Removed before `publish` returns.
    RemoveNow,
    /// Moved aside (`.<name>.old-<pid>-<n>`) and removed by a thread of its own, for a
    /// process that goes on running (`atlas serve`).
    RemoveInBackground,
    /// Moved aside and removed by the next build of the same output, on a thread while it
    /// builds (`atlas build`).
    RemoveDuringNextBuild,
}

/// A build's right to write one output folder: the lock, held until dropped, and the
/// staging folder the site is written into.
#[derive(Debug)]
pub struct Publisher {
    out: PathBuf,
    staging: PathBuf,
    _lock: File,
}

impl Publisher {
    /// Checks that `out` may be written for the site at `root`, waits for any other build of
    /// the same output, removes what interrupted builds left, and makes a fresh staging folder.
    pub fn start(root: &Path, out: &Path) -> Result<Publisher> {
        check_output(root, out)?;
        let (parent, name) = split(out);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let lock = lock(&parent.join(format!(".{name}.lock")), out)?;
        finish_or_remove_leftovers(&parent, &name, out)?;
        remove_old_sites(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot remove {}", staging.display()))?;
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        std::fs::write(staging.join(MARKER), MARKER_TEXT)
            .with_context(|| format!("cannot write {}", staging.join(MARKER).display()))?;
        Ok(Publisher {
            out: out.to_path_buf(),
            staging,
            _lock: lock,
        })
    }

    /// Where the new site is written.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The published folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Publishes what was staged, with the record of what the site then holds (`outputs`).
    /// When the build kept published files the staged ones are moved into the site and the
    /// files it no longer has removed; otherwise the staged site replaces the old one, which
    /// is removed as `old` says. Returns a warning when the new site is published but the old
    /// copy could not be removed (the next build removes it).
    pub fn publish(self, old: OldSite, outputs: crate::cache::Outputs) -> Result<Option<String>> {
        let staged = files_under(&self.staging)?;
        if !outputs.keeps_any() {
            outputs.save(&staged);
            return self.replace(old);
        }
        self.write_journal(outputs, &staged)?;
        if old == OldSite::RemoveNow {
            move_in(&self.staging, &self.out, None)?;
            return Ok(None);
        }
        // The files the new site replaces or drops are set aside and removed later: freeing a
        // file waits on the disk (hundreds of megabytes of open data, or thousands of pages,
        // each freed as a rename replaces it), which the build need not.
        let aside = self.aside();
        move_in(&self.staging, &self.out, Some(&aside))?;
        if old == OldSite::RemoveInBackground {
            std::thread::spawn(move || {
                let _ = std::fs::remove_dir_all(aside);
            });
        }
        Ok(None)
    }

    /// A new path beside the output for what a build sets aside (a replaced site, or
    /// replaced files), named so that the next build of the output removes it if this
    /// process does not (`remove_old_sites`).
    fn aside(&self) -> PathBuf {
        static ASIDE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = ASIDE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (parent, name) = split(&self.out);
        parent.join(format!(".{name}.old-{}-{n}", std::process::id()))
    }

    /// Saves the record of the site as it will be, then writes the journal that lets the
    /// staged files be moved in (by this build or, after a kill, the next).
    fn write_journal(
        &self,
        outputs: crate::cache::Outputs,
        staged: &BTreeSet<String>,
    ) -> Result<()> {
        let site = outputs.site_after(staged);
        let removed = outputs.removed(&site);
        outputs.save(&site);
        let mut journal = removed.join("\n");
        journal.push('\n');
        let path = self.staging.join(JOURNAL);
        write_whole(&path, journal.as_bytes(), Durability::Written)
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Puts the staged (whole) site in place of the published one.
    fn replace(self, old: OldSite) -> Result<Option<String>> {
        let replaced = swap_in(&self.staging, &self.out)?;
        let Some(replaced) = replaced else {
            return Ok(None);
        };
        if old != OldSite::RemoveNow {
            let aside = self.aside();
            if std::fs::rename(&replaced, &aside).is_ok() {
                if old == OldSite::RemoveInBackground {
                    std::thread::spawn(move || {
                        let _ = std::fs::remove_dir_all(&aside);
                    });
                }
                return Ok(None);
            }
        }
        match std::fs::remove_dir_all(&replaced) {
            Ok(()) => Ok(None),
            Err(e) => Ok(Some(format!(
                "the new site is published, but the previous one could not be removed from {}: {e}; the next build removes it",
                replaced.display()
            ))),
        }
    }

    /// Gives up: removes the staging folder, leaving the published site as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Refuses an output folder that would destroy anything atlas did not write.
pub fn check_output(root: &Path, out: &Path) -> Result<()> {
    let root_abs = absolute(root)?;
    let out_abs = absolute(out)?;
    let shown = out.display();
    let help = "choose another --out (the default is public/ in the site folder)";
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        bail!("refusing to write the site to {shown}: that folder holds the site's own files (atlas.toml, content/), which a build would replace\n  help: {help}");
    }
    for dir in SOURCE_DIRS {
        let source = root_abs.join(dir);
        if out_abs.starts_with(&source) || (source.starts_with(&out_abs) && source.exists()) {
            bail!("refusing to write the site to {shown}: it is or holds the site's {dir}/ folder, which a build would replace\n  help: {help}");
        }
    }
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(anyhow::anyhow!("cannot read {shown}: {e}")),
        Ok(meta) if meta.file_type().is_symlink() => bail!(
            "refusing to write the site to {shown}: it is a symbolic link, and publishing replaces the link itself\n  help: give the folder the link points to as --out"
        ),
        Ok(meta) if !meta.is_dir() => bail!(
            "refusing to write the site to {shown}: it is a file, not a folder\n  help: move the file away or {help}"
        ),
        Ok(_) => {
            // Sites written before the marker existed carry the search pointer.
            let written_by_atlas = out.join(MARKER).is_file()
                || out.join(crate::emit::index::POINTER_FILE).is_file();
            if written_by_atlas || is_empty_dir(out)? {
                Ok(())
            } else {
                bail!("refusing to write the site to {shown}: it holds files that atlas did not write (it has no {MARKER} marker), which a build would delete\n  help: empty the folder yourself if it may go, or {help}")
            }
        }
    }
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .next()
        .is_none())
}

/// `path` made absolute and free of `.` and `..`, following links in the part that exists.
fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Resolve links in the longest part that exists.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// The folder an output lives in and its name.
fn split(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    (parent, name)
}

/// Takes the output's lock, waiting (and saying so) while another build holds it.
fn lock(path: &Path, out: &Path) -> Result<File> {
    use rustix::fs::{flock, FlockOperation};
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the build lock {}", path.display()))?;
    if flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
        let holder = std::fs::read_to_string(path).unwrap_or_default();
        eprintln!(
            "waiting for another build of {} to finish (process {})",
            out.display(),
            holder.trim()
        );
        flock(&file, FlockOperation::LockExclusive)
            .with_context(|| format!("cannot lock {}", path.display()))?;
    }
    file.set_len(0)?;
    write!(file, "{}", std::process::id())?;
    Ok(file)
}

/// Deals with the staging folders left by builds of the same output that no longer run (the
/// lock is held, so none of them does): one with a journal was being moved into the site, and
/// the move is finished; any other is removed. What cannot be removed is left for a later
/// build.
fn finish_or_remove_leftovers(parent: &Path, name: &str, out: &Path) -> Result<()> {
    for dir in beside(parent, &format!(".{name}.staging-")) {
        if dir.join(JOURNAL).is_file() {
            move_in(&dir, out, None).with_context(|| {
                format!(
                    "cannot finish publishing the build that was stopped while it moved {} into {}",
                    dir.display(),
                    out.display()
                )
            })?;
        } else {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    Ok(())
}

/// Every file under `dir`, relative and with `/` between parts, but the journal.
fn files_under(dir: &Path) -> Result<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir)?;
        let relative = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if relative != JOURNAL {
            files.insert(relative);
        }
    }
    Ok(files)
}

/// Moves every file of `staging` (whose journal lists the published files to remove) into the
/// published site `out`, removes those files, then the staging folder. Every step can be run
/// again after a kill: a moved file is no longer staged, a removed one is gone.
///
/// With `aside`, a published file that is replaced or dropped is first linked (or moved) into
/// that folder, so that its space is freed when the folder is removed rather than now: on a
/// disk that frees space slowly, a rename over a file was measured at four to seven times the
/// cost of a link and a rename that free nothing.
fn move_in(staging: &Path, out: &Path, aside: Option<&Path>) -> Result<()> {
    let journal = std::fs::read_to_string(staging.join(JOURNAL))
        .with_context(|| format!("cannot read {}", staging.join(JOURNAL).display()))?;
    // New files, then changed ones, the marker last: the record names the new marker, so it
    // is trusted only once everything else is in place.
    let mut staged: Vec<(bool, bool, String)> = files_under(staging)?
        .into_iter()
        .map(|path| (path == MARKER, out.join(&path).exists(), path))
        .collect();
    staged.sort();
    let mut set_aside = 0usize;
    // Keeps a published file in `aside` under a name of its own; false when there is nowhere
    // to set it aside (it is then freed at once).
    let mut made_aside = false;
    let mut keep_aside = |file: &Path, link: bool| -> bool {
        let Some(aside) = aside else { return false };
        if !made_aside {
            if std::fs::create_dir_all(aside).is_err() {
                return false;
            }
            made_aside = true;
        }
        set_aside += 1;
        let kept = aside.join(set_aside.to_string());
        if link {
            std::fs::hard_link(file, kept).is_ok()
        } else {
            std::fs::rename(file, kept).is_ok()
        }
    };
    for (_, exists, path) in &staged {
        let to = out.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        if *exists {
            keep_aside(&to, true);
        }
        std::fs::rename(staging.join(path), &to)
            .with_context(|| format!("cannot move the new {} into place", to.display()))?;
    }
    for path in journal.lines().filter(|l| !l.is_empty()) {
        let file = out.join(path);
        if !keep_aside(&file, false) {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot remove {}", file.display()))
                }
            }
        }
        // Folders left empty go too (a removed notice's), up to the site's root.
        let mut dir = file.parent();
        while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    std::fs::remove_dir_all(staging).with_context(|| format!("cannot remove {}", staging.display()))
}

/// Removes the sites earlier builds replaced and moved aside, on a thread of its own: the
/// build goes on meanwhile (it never reads them).
fn remove_old_sites(parent: &Path, name: &str) {
    let old = beside(parent, &format!(".{name}.old-"));
    if !old.is_empty() {
        std::thread::spawn(move || {
            for dir in old {
                let _ = std::fs::remove_dir_all(dir);
            }
        });
    }
}

/// The entries of `parent` whose names start with `prefix`.
fn beside(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect()
}

/// Puts `staging` at `out`. Returns where the previous site now is, if there was one.
fn swap_in(staging: &Path, out: &Path) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
        return Ok(None);
    }
    if exchange(staging, out).is_ok() {
        // The old site is now where the staging folder was.
        return Ok(Some(staging.to_path_buf()));
    }
    let old = staging.with_file_name(format!(
        "{}.old",
        staging.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::rename(out, &old)
        .with_context(|| format!("cannot move the previous {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(staging, out) {
        // Put the old site back, so the output never stays empty.
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    Ok(Some(old))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record of what a publisher's build made and kept, in the site's cache.
    fn outputs(p: &Publisher) -> crate::cache::Outputs {
        let record = p.out().parent().unwrap().join(".atlas-cache/outputs.bin");
        crate::cache::Outputs::open(&record, p.out(), p.staging(), MARKER)
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content/a", "themes/t", "templates", "styles", "static"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("atlas.toml"), "title = \"x\"\n").unwrap();
        dir
    }

    #[test]
    fn refuses_the_site_and_its_sources() {
        let s = site();
        let root = s.path();
        for bad in [
            root.to_path_buf(),
            root.join("."),
            root.join("content"),
            root.join("content/a"),
            root.join("content/new"),
            root.join("themes/t"),
            root.join("templates"),
            root.join("styles/x"),
            root.join("static"),
            root.parent().unwrap().to_path_buf(),
            root.join("public/.."),
        ] {
            let e = check_output(root, &bad).unwrap_err().to_string();
            assert!(e.contains("refusing"), "{}: {e}", bad.display());
        }
        check_output(root, &root.join("public")).unwrap();
        check_output(root, &root.join("out/site")).unwrap();
    }

    #[test]
    fn refuses_files_and_folders_it_did_not_write() {
        let s = site();
        let root = s.path();
        std::fs::write(root.join("notes.txt"), "keep").unwrap();
        let e = check_output(root, &root.join("notes.txt")).unwrap_err();
        assert!(e.to_string().contains("is a file"), "{e}");
        std::fs::create_dir(root.join("docs")).unwrap();
        check_output(root, &root.join("docs")).unwrap();
        std::fs::write(root.join("docs/a.txt"), "mine").unwrap();
        let e = check_output(root, &root.join("docs")).unwrap_err();
        assert!(e.to_string().contains("did not write"), "{e}");
        std::fs::write(root.join("docs").join(MARKER), MARKER_TEXT).unwrap();
        check_output(root, &root.join("docs")).unwrap();
    }

    #[test]
    fn publishes_atomically_and_leaves_nothing_behind() {
        let s = site();
        let out = s.path().join("public");
        // A staging folder left by a build killed earlier.
        std::fs::create_dir_all(s.path().join(".public.staging-999999999/x")).unwrap();
        for round in 0..3 {
            let p = Publisher::start(s.path(), &out).unwrap();
            std::fs::write(p.staging().join("index.html"), format!("{round}")).unwrap();
            let o = outputs(&p);
            assert_eq!(p.publish(OldSite::RemoveNow, o).unwrap(), None);
            assert_eq!(
                std::fs::read_to_string(out.join("index.html")).unwrap(),
                round.to_string()
            );
            assert!(out.join(MARKER).is_file());
        }
        let mut left: Vec<String> = std::fs::read_dir(s.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("public"))
            .collect();
        left.sort();
        assert_eq!(left, [".public.lock", "public"]);
    }

    #[test]
    fn a_replaced_site_moved_aside_is_removed_by_the_next_build() {
        let s = site();
        let out = s.path().join("public");
        let names = || -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(s.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("public"))
                .collect();
            names.sort();
            names
        };
        for round in 0..2 {
            let p = Publisher::start(s.path(), &out).unwrap();
            std::fs::write(p.staging().join("index.html"), format!("{round}")).unwrap();
            let o = outputs(&p);
            p.publish(OldSite::RemoveDuringNextBuild, o).unwrap();
        }
        assert!(
            names().iter().any(|n| n.starts_with(".public.old-")),
            "{:?}",
            names()
        );
        let p = Publisher::start(s.path(), &out).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while names().iter().any(|n| n.starts_with(".public.old-")) {
            assert!(std::time::Instant::now() < deadline, "{:?}", names());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        p.abandon();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "1"
        );
    }

    #[test]
    fn abandoning_keeps_the_published_site() {
        let s = site();
        let out = s.path().join("public");
        let p = Publisher::start(s.path(), &out).unwrap();
        std::fs::write(p.staging().join("index.html"), "old").unwrap();
        let o = outputs(&p);
        p.publish(OldSite::RemoveNow, o).unwrap();
        let p = Publisher::start(s.path(), &out).unwrap();
        std::fs::write(p.staging().join("index.html"), "new").unwrap();
        p.abandon();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
    }

    /// Publishes a build that makes `made` (path, content) and keeps `kept` (made with the
    /// same content by the build before); `stop` writes the journal and stops there, as a
    /// build killed while it moves files in.
    fn build(root: &Path, made: &[(&str, &str)], kept: &[&str], stop: bool) {
        build_as(root, made, kept, stop, OldSite::RemoveNow);
    }

    /// [`build`], the old files removed as `old` says.
    fn build_as(root: &Path, made: &[(&str, &str)], kept: &[&str], stop: bool, old: OldSite) {
        let out = root.join("public");
        let p = Publisher::start(root, &out).unwrap();
        let o = outputs(&p);
        let key = |path: &str, text: &str| {
            crate::cache::KeyBuilder::new("test")
                .str(path)
                .str(text)
                .finish()
        };
        for path in kept {
            let text = std::fs::read_to_string(out.join(path)).unwrap();
            assert!(o.reuse(path, &key(path, &text)), "{path} is kept");
        }
        for (path, text) in made {
            let file = p.staging().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            o.made_from(path, &key(path, text));
        }
        if stop {
            let staged = files_under(p.staging()).unwrap();
            p.write_journal(o, &staged).unwrap();
        } else {
            p.publish(old, o).unwrap();
        }
    }

    #[test]
    fn replaced_or_dropped_files_are_set_aside_and_removed_by_the_next_build() {
        let s = site();
        let root = s.path();
        let big = |c: &str| c.repeat((1 << 20) + 1);
        let (old_csv, gone, new_csv) = (big("x"), big("g"), big("y"));
        build(
            root,
            &[
                ("a/index.html", "a"),
                ("b/index.html", "b"),
                ("data/facts.csv", &old_csv),
                ("data/gone.csv", &gone),
            ],
            &[],
            false,
        );
        build_as(
            root,
            &[("data/facts.csv", &new_csv), ("b/index.html", "b2")],
            &["a/index.html"],
            false,
            OldSite::RemoveDuringNextBuild,
        );
        let text = |p: &str| std::fs::read_to_string(root.join("public").join(p)).unwrap();
        assert_eq!(text("data/facts.csv"), new_csv);
        assert_eq!(text("b/index.html"), "b2");
        assert!(!root.join("public/data/gone.csv").exists());
        assert_eq!(text("a/index.html"), "a");
        // The replaced files, large and small, and the dropped one wait beside the site,
        // whole, with the replaced marker.
        let aside = beside(root, ".public.old-");
        assert_eq!(aside.len(), 1, "{aside:?}");
        let mut kept: Vec<String> = std::fs::read_dir(&aside[0])
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .filter(|text| text != MARKER_TEXT)
            .collect();
        kept.sort();
        assert_eq!(kept, ["b".to_string(), gone.clone(), old_csv.clone()]);
        // In a process that goes on running, a thread of its own removes them.
        build_as(
            root,
            &[("a/index.html", "a2")],
            &["data/facts.csv", "b/index.html"],
            false,
            OldSite::RemoveInBackground,
        );
        assert_eq!(text("a/index.html"), "a2");
        // The next build removes whatever is still set aside, while it builds.
        let p = Publisher::start(root, &root.join("public")).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !beside(root, ".public.old-").is_empty() {
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        p.abandon();
    }

    fn published(root: &Path) -> Vec<(String, String)> {
        let out = root.join("public");
        files_under(&out)
            .unwrap()
            .into_iter()
            .filter(|f| f != MARKER)
            .map(|f| {
                let text = std::fs::read_to_string(out.join(&f)).unwrap();
                (f, text)
            })
            .collect()
    }

    #[test]
    fn a_build_that_keeps_files_moves_in_what_changed_and_removes_what_went() {
        let s = site();
        let root = s.path();
        build(
            root,
            &[
                ("a/index.html", "a"),
                ("b/index.html", "b"),
                ("b/index.html.gz", "bz"),
            ],
            &[],
            false,
        );
        let kept_inode = |p: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(root.join("public").join(p))
                .unwrap()
                .ino()
        };
        let before = kept_inode("a/index.html");
        // a kept, b changed (its old compressed copy no longer matches), c new.
        build(
            root,
            &[("b/index.html", "b2"), ("c/index.html", "c")],
            &["a/index.html"],
            false,
        );
        assert_eq!(
            published(root),
            [
                ("a/index.html".to_string(), "a".to_string()),
                ("b/index.html".to_string(), "b2".to_string()),
                ("c/index.html".to_string(), "c".to_string()),
            ]
        );
        assert_eq!(
            kept_inode("a/index.html"),
            before,
            "a kept file is not rewritten"
        );
        // c goes: its folder with it.
        build(root, &[("b/index.html", "b3")], &["a/index.html"], false);
        assert!(!root.join("public/c").exists());
        assert_eq!(published(root).len(), 2);
    }

    #[test]
    fn a_move_stopped_half_way_is_finished_by_the_next_build() {
        let s = site();
        let root = s.path();
        build(
            root,
            &[("a/index.html", "a"), ("b/index.html", "b")],
            &[],
            false,
        );
        build(
            root,
            &[("b/index.html", "b2"), ("c/index.html", "c")],
            &["a/index.html"],
            true,
        );
        // Killed after moving one file in: the site still serves whole files.
        let staging = beside(root, ".public.staging-").pop().unwrap();
        std::fs::create_dir_all(root.join("public/c")).unwrap();
        std::fs::rename(
            staging.join("c/index.html"),
            root.join("public/c/index.html"),
        )
        .unwrap();
        assert_eq!(published(root).len(), 3);
        // The next build finishes the move first, then keeps what it may.
        build(
            root,
            &[("d/index.html", "d")],
            &["a/index.html", "b/index.html"],
            false,
        );
        assert_eq!(
            published(root),
            [
                ("a/index.html".to_string(), "a".to_string()),
                ("b/index.html".to_string(), "b2".to_string()),
                ("d/index.html".to_string(), "d".to_string()),
            ]
        );
        assert!(beside(root, ".public.staging-").is_empty());
    }
}
