//! Helpers shared by the integration tests: fixture guides copied into temporary folders.
#![allow(dead_code)] // each test file uses its own part

pub mod markup;

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixed "today" so that freshness warnings do not depend on the day tests run.
pub fn today() -> i64 {
    bonneporte::content::fields::date("2026-11-23").expect("date").days_since_epoch()
}

/// Copies every file of `from` into `to`, replacing files that exist.
pub fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The minimal fixture guide, with the files of `case` (a folder of `tests/fixtures/`) on top.
pub fn guide(case: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    overlay(&fixtures().join("minimal"), dir.path());
    if let Some(case) = case {
        overlay(&fixtures().join(case), dir.path());
    }
    dir
}

/// `file:line:column: level: message` lines of a check of `dir`.
pub fn check_lines(dir: &Path) -> Vec<String> {
    let checked = bonneporte::site::check(dir, today()).expect("check");
    bonneporte::diag::short_report(&checked.diags, &checked.sources)
}

/// Compares `actual` with the expected file; `BLESS=1` writes it instead (then review the diff).
pub fn assert_expected(expected_file: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(expected_file, actual).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(expected_file)
        .unwrap_or_else(|_| panic!("{} is missing: run with BLESS=1 and review it", expected_file.display()));
    assert_eq!(actual, expected, "output differs from {}", expected_file.display());
}

/// Whether `python3` has the data·inclusion schema package (`pip install data-inclusion-schema`).
/// Without it, says loudly that the caller skips, except under `CI=true`, where it fails.
pub fn data_inclusion_python() -> bool {
    let available = std::process::Command::new("python3").args(["-c", "import data_inclusion.schema"]).output();
    if available.is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true: python3 with data-inclusion-schema is required (pip install data-inclusion-schema)"
    );
    eprintln!("!!! SKIPPED: python3 or data-inclusion-schema missing (pip install data-inclusion-schema)");
    false
}

/// The vCard that a partner page carries in its « Ajouter aux contacts » link (a `data:` URL),
/// decoded.
pub fn vcard_of_page(html: &str) -> Option<String> {
    let start = html.find("href=\"data:text/vcard;charset=utf-8,")? + "href=\"data:text/vcard;charset=utf-8,".len();
    let encoded = &html[start..start + html[start..].find('"')?];
    Some(percent_encoding::percent_decode_str(encoded).decode_utf8().ok()?.into_owned())
}
