//! Progress of a build: every page is reported once, steps in pipeline order, the output does
//! not change, and nothing is drawn when stderr is not a terminal.

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bonneporte::build::{BuildConfig, build, build_with_progress};
use bonneporte::progress::Progress;
use common::*;

/// Records what the pipeline tells.
#[derive(Default)]
struct Recorder {
    steps: Mutex<Vec<&'static str>>,
    total: AtomicUsize,
    done: AtomicUsize,
    finished: AtomicUsize,
}

impl Progress for Recorder {
    fn step(&self, name: &'static str) {
        self.steps.lock().expect("lock").push(name);
    }
    fn pages(&self, total: usize) {
        self.total.store(total, Ordering::SeqCst);
    }
    fn page_done(&self) {
        self.done.fetch_add(1, Ordering::SeqCst);
    }
    fn finish(&self) {
        self.finished.fetch_add(1, Ordering::SeqCst);
    }
}

fn config(content: &std::path::Path, out: std::path::PathBuf) -> BuildConfig {
    BuildConfig { content: content.to_path_buf(), out, base_url: None, today: today() }
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).expect("prefix").display().to_string(), std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_page_and_step_is_reported_and_output_is_unchanged() {
    let guide = guide(None);
    let out = tempfile::tempdir().expect("tempdir");
    let recorder = Recorder::default();
    let (summary, _) =
        build_with_progress(&config(guide.path(), out.path().join("a")), &recorder).unwrap_or_else(|_| panic!("build"));
    assert!(build(&config(guide.path(), out.path().join("b"))).is_ok());

    assert_eq!(recorder.total.load(Ordering::SeqCst), summary.pages);
    assert_eq!(recorder.done.load(Ordering::SeqCst), summary.pages);
    assert_eq!(recorder.finished.load(Ordering::SeqCst), 1);
    let told = recorder.steps.lock().expect("lock").clone();
    let timed: Vec<&str> = summary.steps.iter().map(|step| step.name).collect();
    assert_eq!(told, timed, "the steps shown are the steps timed");
    assert_eq!(files(&out.path().join("a")), files(&out.path().join("b")));
}

#[test]
fn a_failed_build_clears_the_progress_display() {
    let guide = guide(Some("errors/unknown-reference"));
    let out = tempfile::tempdir().expect("tempdir");
    let recorder = Recorder::default();
    assert!(build_with_progress(&config(guide.path(), out.path().join("site")), &recorder).is_err());
    assert_eq!(recorder.finished.load(Ordering::SeqCst), 1);
    assert_eq!(recorder.done.load(Ordering::SeqCst), 0);
}

#[test]
fn nothing_is_drawn_when_stderr_is_not_a_terminal() {
    let guide = guide(None);
    let out = tempfile::tempdir().expect("tempdir");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .arg("build")
        .arg("--content")
        .arg(guide.path())
        .arg("--out")
        .arg(out.path().join("site"))
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env_remove("CI")
        .output()
        .expect("run");
    assert!(run.status.success());
    // The minimal guide has no warning: anything on stderr would be progress output.
    assert_eq!(String::from_utf8_lossy(&run.stderr), "");
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("Site construit dans "));
}
