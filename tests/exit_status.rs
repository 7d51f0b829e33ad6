//! The same condition gives the same exit status in every command: 0 fine, 1 content errors, 2
//! usage or I/O errors (README, "Exit status"). Each command is run as a user runs it.

mod common;

use std::path::Path;
use std::process::Command;

/// The exit status of `bonneporte <args> --content <content>`, run in a temporary folder.
fn status(args: &[&str], content: &Path) -> i32 {
    let work = tempfile::tempdir().expect("tempdir");
    let output = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .arg("--content")
        .arg(content)
        .current_dir(work.path())
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env("CI", "true")
        .output()
        .expect("bonneporte runs");
    output.status.code().unwrap_or(-1)
}

/// The commands that read a guide and answer from it, as a user types them.
const COMMANDS: [&[&str]; 4] = [&["build", "--out", "public"], &["check"], &["rapport"], &["search", "orientation"]];

fn check_every_command(content: &Path, expected: i32, what: &str) {
    for args in COMMANDS {
        assert_eq!(status(args, content), expected, "bonneporte {} on {what}", args.join(" "));
    }
}

#[test]
fn a_valid_guide_exits_0_everywhere() {
    let guide = common::guide(None);
    check_every_command(guide.path(), 0, "the minimal guide");
}

#[test]
fn content_errors_exit_1_everywhere() {
    for case in ["errors/unknown-reference", "errors/yaml-syntax", "errors/region-parent"] {
        let guide = common::guide(Some(case));
        check_every_command(guide.path(), 1, case);
    }
}

#[test]
fn a_missing_guide_folder_exits_2_everywhere() {
    let missing = Path::new("/nonexistent/bonneporte-guide");
    check_every_command(missing, 2, "a missing folder");
    assert_eq!(status(&["serve", "--port", "0"], missing), 2, "serve on a missing folder");
    assert_eq!(status(&["new", "structure", "ml-x"], missing), 2, "new on a missing folder");
}

#[test]
fn usage_errors_exit_2() {
    let guide = common::guide(None);
    assert_eq!(status(&["search", "--territoire", "inconnu", "orientation"], guide.path()), 2);
    assert_eq!(status(&["build", "--base-url", "exemple.fr/guide"], guide.path()), 2);
    assert_eq!(status(&["new", "inconnu", "x"], guide.path()), 2);
}
