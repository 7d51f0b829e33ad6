//! Data-driven checks: each folder of `tests/fixtures/errors/` holds the files that, put on top
//! of the minimal guide, make one kind of mistake; `<case>.expected` lists what `check` reports.
//!
//! Each case is a test of its own, named `errors::<case>` with `-` turned into `_`, so one
//! mismatch does not hide the others and one case runs alone:
//! `cargo test --release --test check bad_enum` (or `-- --exact errors::bad_enum`);
//! `cargo test --release --test check errors::` runs every case. `BLESS=1` writes the
//! `.expected` files instead of comparing (then review the diff). `-- --list` lists the tests.
//! The file has its own harness (libtest-mimic, `harness = false` in Cargo.toml), hence `main`.

mod common;

use common::*;
use libtest_mimic::{Arguments, Trial};

fn main() {
    let args = Arguments::from_args();
    let cases = error_cases();
    let mut trials = vec![
        trial("minimal_guide_is_clean", minimal_guide_is_clean),
        trial("five_mistakes_in_one_guide_are_all_reported", five_mistakes_in_one_guide_are_all_reported),
        trial("json_report_has_one_object_per_diagnostic", json_report_has_one_object_per_diagnostic),
        trial(
            "text_report_shows_errors_first_then_counts_warnings",
            text_report_shows_errors_first_then_counts_warnings,
        ),
    ];
    let count = cases.len();
    trials.push(Trial::test("error_fixtures_hold_at_least_15_cases", move || {
        // Guards against the folder moving and every case silently vanishing.
        if count >= 15 { Ok(()) } else { Err(format!("expected at least 15 error fixtures, found {count}").into()) }
    }));
    trials.extend(cases.into_iter().map(|case| {
        Trial::test(format!("errors::{}", case.replace('-', "_")), move || {
            check(&case);
            Ok(())
        })
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// A trial running `test`, which fails by panicking like a `#[test]` function.
fn trial(name: &str, test: fn()) -> Trial {
    Trial::test(name, move || {
        test();
        Ok(())
    })
}

/// The folders of `tests/fixtures/errors/`, sorted.
fn error_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("errors"))
        .expect("errors folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

fn check(case: &str) {
    let dir = guide(Some(&format!("errors/{case}")));
    let lines = check_lines(dir.path());
    let expected = fixtures().join("errors").join(format!("{case}.expected"));
    assert_expected(&expected, &(lines.join("\n") + "\n"));
}

fn minimal_guide_is_clean() {
    let dir = guide(None);
    assert_eq!(check_lines(dir.path()), Vec::<String>::new());
}

fn five_mistakes_in_one_guide_are_all_reported() {
    let dir = guide(None);
    for case in ["unknown-key", "bad-link", "invalid-fields", "territory-cycle", "yaml-syntax"] {
        overlay(&fixtures().join("errors").join(case), dir.path());
    }
    let lines = check_lines(dir.path());
    let files: std::collections::BTreeSet<&str> =
        lines.iter().filter(|l| l.contains(": erreur: ")).map(|l| l.split(':').next().unwrap_or("")).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "pages/a-propos.md",
            "reseaux/mission-locale.yaml",
            "structures/dep/ml-bourges.yaml",
            "structures/dep/ml-test.yaml",
            "territoires/bassin-vierzon.yaml",
            "territoires/dep-test.yaml",
        ]
    );
}

fn json_report_has_one_object_per_diagnostic() {
    let dir = guide(Some("errors/unknown-reference"));
    let checked = bonneporte::site::check(dir.path(), today()).expect("check");
    let json = checked.diags.to_json(&checked.sources, std::path::Path::new("guide"));
    let items = json.as_array().expect("array");
    assert_eq!(items.len(), 1);
    let d = &items[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "guide/structures/dep/ml-bourges.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(9)));
    assert_eq!(d["message"], "réseau inconnu : « mision-locale »");
    assert_eq!(d["hint"], "vouliez-vous dire « mission-locale » ?");
}

/// `bonneporte check` as an editor runs it, on a guide with errors in a file that sorts after
/// those with warnings: for each `--avertissements`, stderr is `tests/fixtures/report/<mode>.expected`
/// (errors first whatever the files, then the warnings as the mode says, then the counts).
fn text_report_shows_errors_first_then_counts_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("guide");
    for case in ["minimal", "errors/warnings", "errors/territory-cycle"] {
        overlay(&fixtures().join(case), &content);
    }
    for mode in [None, Some("resume"), Some("tout"), Some("aucun")] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bonneporte"));
        command.current_dir(dir.path()).args(["check", "--content", "guide"]).env("BONNEPORTE_DATE", "2026-11-23");
        if let Some(mode) = mode {
            command.args(["--avertissements", mode]);
        }
        let out = command.output().expect("run bonneporte");
        assert_eq!(out.status.code(), Some(1), "{mode:?}");
        let name = mode.unwrap_or("resume");
        assert_expected(&fixtures().join(format!("report/{name}.expected")), &String::from_utf8_lossy(&out.stderr));
    }
}
