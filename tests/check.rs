//! Data-driven checks: each folder of `tests/fixtures/errors/` holds the files that, put on top
//! of the minimal guide, make one kind of mistake; `<case>.expected` lists what `check` reports.

mod common;

use common::*;

fn check(case: &str) {
    let dir = guide(Some(&format!("errors/{case}")));
    let lines = check_lines(dir.path());
    let expected = fixtures().join("errors").join(format!("{case}.expected"));
    assert_expected(&expected, &(lines.join("\n") + "\n"));
}

#[test]
fn minimal_guide_is_clean() {
    let dir = guide(None);
    assert_eq!(check_lines(dir.path()), Vec::<String>::new());
}

#[test]
fn every_error_case_reports_its_location() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("errors"))
        .expect("errors folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected the error fixtures, found {cases:?}");
    for case in cases {
        check(&case);
    }
}

#[test]
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

#[test]
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
