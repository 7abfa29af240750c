//! How far a build has got, for a command to show while it runs: the current stage, how many
//! of its items are done and how many there are. The build sets the stage and its stages
//! count their items here; a reader polls [`snapshot`] (the `atlas` command draws a bar on a
//! terminal and prints a line per stage otherwise). Counting costs one atomic add per item.
//!
//! The state is process-wide: two builds at once in one process (tests) share the counters,
//! which only makes the figures shown wrong, never the output.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static DONE: AtomicU64 = AtomicU64::new(0);
static STAGE: Mutex<Option<Stage>> = Mutex::new(None);
static SERIAL: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Clone, Copy)]
struct Stage {
    name: &'static str,
    unit: &'static str,
    total: u64,
    started: Instant,
    serial: u64,
}

/// The stage running now and how far it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub name: &'static str,
    /// What it counts (`notices`, `pages`, `files`), empty when it counts nothing.
    pub unit: &'static str,
    pub done: u64,
    /// 0 when not known.
    pub total: u64,
    pub elapsed: Duration,
    /// Changes with every new stage, so a reader can tell two runs of one stage apart.
    pub serial: u64,
}

/// A stage begins: `total` items of `unit` (0 and "" for a stage that counts nothing).
pub fn start(name: &'static str, unit: &'static str, total: u64) {
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed) + 1;
    DONE.store(0, Ordering::Relaxed);
    if let Ok(mut stage) = STAGE.lock() {
        *stage = Some(Stage {
            name,
            unit,
            total,
            started: Instant::now(),
            serial,
        });
    }
}

/// `n` more items of the current stage are done.
pub fn tick(n: u64) {
    DONE.fetch_add(n, Ordering::Relaxed);
}

/// No stage runs any more.
pub fn finish() {
    if let Ok(mut stage) = STAGE.lock() {
        *stage = None;
    }
}

/// The current stage, if one is running.
pub fn snapshot() -> Option<Snapshot> {
    let stage = (*STAGE.lock().ok()?)?;
    Some(Snapshot {
        name: stage.name,
        unit: stage.unit,
        done: DONE.load(Ordering::Relaxed),
        total: stage.total,
        elapsed: stage.started.elapsed(),
        serial: stage.serial,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_items_of_the_current_stage() {
        start("pages", "pages", 10);
        tick(3);
        tick(4);
        let s = snapshot().unwrap();
        assert_eq!((s.name, s.unit, s.done, s.total), ("pages", "pages", 7, 10));
        start("compress", "files", 0);
        let t = snapshot().unwrap();
        assert_eq!((t.name, t.done), ("compress", 0));
        assert!(t.serial > s.serial);
        finish();
        assert_eq!(snapshot(), None);
    }
}
