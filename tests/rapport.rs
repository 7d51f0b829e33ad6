//! `bonneporte rapport`, data-driven: each folder of `tests/fixtures/rapport/` holds files put on
//! top of the minimal guide (synthetic data); `<case>.txt` is the terminal report and
//! `<case>.csv` the CSV that the command writes for it (`BLESS=1` rewrites them).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// Runs the command in `dir`, on the guide `dir/guide`, on the fixed day of the tests.
fn rapport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .current_dir(dir)
        .args(["rapport", "--content", "guide"])
        .args(args)
        .env("BONNEPORTE_DATE", "2026-11-23")
        .output()
        .expect("run bonneporte")
}

/// A temporary folder with the minimal guide under `guide/`, `case` (a folder of fixtures) on top.
fn guide_in_folder(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = dir.path().join("guide");
    overlay(&fixtures().join("minimal"), &guide);
    overlay(&fixtures().join(case), &guide);
    dir
}

#[test]
fn every_case_gives_its_table_and_csv() {
    let root = fixtures().join("rapport");
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .expect("rapport fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no case under {}", root.display());
    for case in cases {
        let dir = guide_in_folder(&format!("rapport/{case}"));
        let out = rapport(dir.path(), &["--csv", "rapport.csv"]);
        assert!(out.status.success(), "{case}: {}", String::from_utf8_lossy(&out.stderr));
        assert_expected(&root.join(format!("{case}.txt")), &String::from_utf8_lossy(&out.stdout));
        let csv = std::fs::read_to_string(dir.path().join("rapport.csv")).expect("csv written");
        assert_expected(&root.join(format!("{case}.csv")), &csv);
    }
}

#[test]
fn csv_opens_in_a_french_spreadsheet() {
    let dir = guide_in_folder("rapport/fraicheur");
    assert!(rapport(dir.path(), &["--csv", "rapport.csv"]).status.success());
    let bytes = std::fs::read(dir.path().join("rapport.csv")).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte order mark");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let header = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // Shares are whole numbers (no decimal point to misread) or empty without partner.
    for column in ["Téléphone (%)", "Adresse (%)", "Horaires (%)"] {
        let c = header.iter().position(|h| h == column).expect(column);
        assert!(rows.iter().all(|r| r[c].is_empty() || r[c].parse::<u8>().is_ok_and(|n| n <= 100)));
    }
}

#[test]
fn territories_without_partner_are_those_check_warns_about() {
    let dir = guide(Some("rapport/fraicheur"));
    let checked = bonneporte::site::check(dir.path(), today()).expect("check");
    let graph = bonneporte::graph::Graph::build(&checked.guide).expect("graph");
    let rapport = bonneporte::rapport::Rapport::of(&graph, &checked.sources, today());
    let reported: Vec<String> = rapport.without_partner().map(|t| t.file.clone()).collect();
    let warned: Vec<String> = short_report(&checked)
        .into_iter()
        .filter(|l| l.contains("sans aucune structure"))
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect();
    assert!(!reported.is_empty());
    assert_eq!(reported, warned);
}

fn short_report(checked: &bonneporte::site::Checked) -> Vec<String> {
    bonneporte::diag::short_report(&checked.diags, &checked.sources)
}

#[test]
fn a_guide_with_errors_gets_its_report_after_them_and_exits_1() {
    let dir = guide_in_folder("errors/unknown-reference");
    let out = rapport(dir.path(), &["--csv", "rapport.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("erreur : réseau inconnu : « mision-locale »"), "{stderr}");
    assert!(stderr.contains("--> guide/structures/dep/ml-bourges.yaml:2:9"), "{stderr}");
    assert!(dir.path().join("rapport.csv").exists());
    assert!(
        stderr.contains("Attention : le guide a 1 erreur ; ce rapport ne compte que les fiches lisibles."),
        "{stderr}"
    );
    let table = String::from_utf8_lossy(&out.stdout);
    // The three partners of the minimal guide, the one with an unknown network included.
    assert!(table.contains("\nRégion de test                  3 "), "{table}");
}
