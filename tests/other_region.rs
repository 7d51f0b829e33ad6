//! The guide of another region (`tests/fixtures/bretagne/`, synthetic, written only from
//! `content-format.md`): it checks and builds, and the mistakes of an editor's first hour
//! (issue 17) made on it give one French error each at the place of the mistake.
//!
//! The mistakes are a table; `tests/fixtures/bretagne.expected` lists, for each, what `check`
//! reports (`BLESS=1` rewrites it, then review the diff).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The synthetic guide of another region, copied into a temporary folder.
fn bretagne() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    overlay(&fixtures().join("bretagne"), dir.path());
    dir
}

fn bonneporte(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .current_dir(dir)
        .env("BONNEPORTE_DATE", "2026-11-23")
        .output()
        .expect("bonneporte runs")
}

/// Replaces `from` by `to` in the guide's file `file`; `from` must be there.
fn edit(guide: &Path, file: &str, from: &str, to: &str) {
    let path = guide.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} has no « {from} »");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

const BREST: &str = "structures/finistere/ml-brest.yaml";
const CIO_RENNES: &str = "structures/ille-et-vilaine/cio-rennes.yaml";

/// Each mistake: its name, the file, the text replaced and what the editor wrote instead.
const MISTAKES: &[(&str, &str, &str, &str)] = &[
    ("postal code as INSEE code", BREST, "code_insee: \"29019\"", "code_insee: \"29200\""),
    ("broken link in a | block", CIO_RENNES, "@/structures/ml-rennes", "@/structures/ml-renne"),
    ("line of a block at the margin", CIO_RENNES, "\n  Pour un jeune", "\nPour un jeune"),
    ("tab in a block", CIO_RENNES, "\n  Pour un jeune", "\n\tPour un jeune"),
    (
        "opening hours",
        "structures/ille-et-vilaine/ml-rennes.yaml",
        "\"Mo-Fr 09:00-12:00,13:30-17:00\"",
        "\"Mo-Fr 9h-12h,13:30-17:00\"",
    ),
    ("territory near miss", "structures/finistere/cio-brest.yaml", "bassin-de-brest", "brest"),
    ("network near miss", "structures/finistere/cio-quimper.yaml", "reseau: cio", "reseau: cio-finistere"),
    ("zone not a list", "structures/finistere/cap-emploi-finistere.yaml", "zone: [finistere]", "zone: finistere"),
    ("capital in a value", BREST, "fauteuil: oui", "fauteuil: Oui"),
    (
        "bad value under a misspelt key",
        "structures/ille-et-vilaine/ft-saint-malo.yaml",
        "telephone: \"02 61 91 00 10\"",
        "telefone: \"02 61\"",
    ),
];

#[test]
fn the_other_region_guide_checks_and_builds() {
    let guide = bretagne();
    assert_eq!(
        check_lines(guide.path()),
        [
            "structures/ille-et-vilaine/tp-bretagne.yaml:2:1: avertissement: « Transitions Pro Bretagne (fiche de test) » n'a aucun moyen de contact (téléphone, courriel, site web ni adresse) (aide : le site affichera « à compléter » ; ajoutez un contact vérifié dès que possible)"
        ]
    );
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    let built = bonneporte(&["build", "--out", site.to_str().expect("utf-8")], guide.path());
    assert_eq!(built.status.code(), Some(0), "{}", String::from_utf8_lossy(&built.stderr));
    let page = std::fs::read_to_string(site.join("structures/ml-brest/index.html")).expect("partner page");
    assert!(page.contains("le mercredi, seulement de 9 h à 12 h"), "hours of ml-brest");
    let communes = std::fs::read_to_string(site.join("territoires/finistere/communes/index.html")).expect("communes");
    assert!(communes.contains("Plougastel-Daoulas"), "communes of the bassin de Brest, from the commune list");
}

#[test]
fn each_first_hour_mistake_is_one_error_at_its_place() {
    let mut report = String::new();
    for (name, file, from, to) in MISTAKES {
        let guide = bretagne();
        edit(guide.path(), file, from, to);
        report += &format!("== {name}\n");
        for line in check_lines(guide.path()).iter().filter(|l| l.contains(": erreur: ")) {
            report += &format!("{line}\n");
        }
    }
    assert_expected(&fixtures().join("bretagne.expected"), &report);
}

#[test]
fn new_writes_where_the_guide_keeps_its_records_and_check_runs_inside_the_guide() {
    let guide = bretagne();
    let made = bonneporte(&["new", "structure", "finistere/ml-morlaix"], guide.path());
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let text = std::fs::read_to_string(guide.path().join("structures/finistere/ml-morlaix.yaml")).expect("written");
    for line in
        ["$schema=../../schemas/structure.schema.json", "\nreseau: mission-locale\n", "\nterritoire: finistere\n"]
    {
        assert!(text.contains(line), "« {line} » in\n{text}");
    }
    let again = bonneporte(&["new", "structure", "ml-brest"], guide.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("(structures/finistere/ml-brest.yaml)"));
    // Run from the guide's own folder, without --content: the new record is an error until filled.
    let checked = bonneporte(&["check"], guide.path());
    assert_eq!(checked.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(stderr.starts_with("erreur : valeur laissée à « À compléter »"), "{stderr}");
}
