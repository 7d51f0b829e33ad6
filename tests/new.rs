//! `bonneporte new <kind> <id>`: a skeleton for every kind, in a copy of the fixture guide, that
//! `check` accepts as it is (with only the warnings of an incomplete record), that names every
//! key of its schema, that points to its schema, and that is never written over a record.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use bonneporte::content::model::RecordKind;
use serde_json::Value;

fn bonneporte(args: &[&str], content: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .arg("--content")
        .arg(content)
        .output()
        .expect("run bonneporte")
}

/// For each kind, an id that the fixture guide does not have, and the file it goes to.
const NEW: &[(RecordKind, &str, &str)] = &[
    (RecordKind::Site, "region-test", "site.yaml"),
    (RecordKind::Structure, "ml-nouvelle", "structures/ml-nouvelle.yaml"),
    (RecordKind::Reseau, "cio", "reseaux/cio.yaml"),
    (RecordKind::Territoire, "bassin-nouveau", "territoires/bassin-nouveau.yaml"),
    (RecordKind::Publics, "cadre", "publics.yaml"),
    (RecordKind::Besoins, "faire-vae", "besoins.yaml"),
    (RecordKind::Portes, "salarie/trouver-emploi", "portes.yaml"),
    (RecordKind::Parcours, "salarie-vae", "parcours/salarie-vae.md"),
    (RecordKind::Page, "mentions-legales", "pages/mentions-legales.md"),
];

/// Warnings that a new, still empty record may give; anything else is a defect of the skeleton.
const EXPECTED_WARNINGS: [&str; 4] =
    ["aucun moyen de contact", "sans aucune structure", "date de vérification absente", PLACEHOLDER_LEFT];

/// The warning of a required text still at the skeleton's "À compléter".
const PLACEHOLDER_LEFT: &str = "valeur laissée à « À compléter »";

fn new_record(kind: RecordKind, id: &str, content: &Path) -> Output {
    bonneporte(&["new", kind.name(), id], content)
}

#[test]
fn every_kind_gets_a_skeleton_that_check_accepts() {
    for &(kind, id, file) in NEW {
        let guide = common::guide(None);
        if kind == RecordKind::Site {
            std::fs::remove_file(guide.path().join("site.yaml")).expect("remove site.yaml");
        }
        let created = new_record(kind, id, guide.path());
        assert!(created.status.success(), "new {} {id}: {}", kind.name(), String::from_utf8_lossy(&created.stderr));
        assert!(guide.path().join(file).is_file(), "new {} {id} did not write {file}", kind.name());
        let lines = common::check_lines(guide.path());
        let unexpected: Vec<&String> = lines
            .iter()
            .filter(|l| !EXPECTED_WARNINGS.iter().any(|w| l.contains("avertissement") && l.contains(w)))
            .collect();
        assert!(unexpected.is_empty(), "new {} {id}, then check:\n{unexpected:#?}", kind.name());
        let checked = bonneporte(&["check"], guide.path());
        assert!(checked.status.success(), "check after new {} {id}", kind.name());
    }
}

#[test]
fn check_warns_about_a_placeholder_until_it_is_replaced() {
    let guide = common::guide(None);
    assert!(new_record(RecordKind::Structure, "ml-nouvelle", guide.path()).status.success());
    let placeholders = |lines: &[String]| lines.iter().filter(|l| l.contains(PLACEHOLDER_LEFT)).count();
    assert_eq!(placeholders(&common::check_lines(guide.path())), 1, "the skeleton's `nom`");
    let file = guide.path().join("structures/ml-nouvelle.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("\"À compléter\"", "\"Mission locale nouvelle\"")).expect("write");
    assert_eq!(placeholders(&common::check_lines(guide.path())), 0);
}

#[test]
fn every_key_of_the_schema_is_in_the_skeleton_with_its_description() {
    for &(kind, id, file) in NEW {
        let guide = common::guide(None);
        std::fs::remove_file(guide.path().join(file)).ok();
        assert!(new_record(kind, id, guide.path()).status.success());
        let text = std::fs::read_to_string(guide.path().join(file)).expect("read");
        let schema = kind.schema();
        for (key, property) in keys(&schema) {
            let written = text.lines().any(|line| {
                let line = line.trim_start().trim_start_matches('#').trim_start().trim_start_matches("- ");
                line.starts_with(&format!("{key}:"))
            });
            assert!(written, "new {}: key « {key} » missing:\n{text}", kind.name());
            if let Some(description) = property.get("description").and_then(Value::as_str) {
                assert!(text.contains(description), "new {}: description of « {key} » missing", kind.name());
            }
        }
    }
}

/// The keys of the record (of the list item) and of the objects nested in it.
fn keys(schema: &Value) -> Vec<(String, Value)> {
    let mut objects = vec![schema.clone()];
    objects.extend(schema["definitions"].as_object().into_iter().flat_map(|d| d.values().cloned()));
    objects.iter().flat_map(|o| o["properties"].as_object().cloned().unwrap_or_default()).collect()
}

#[test]
fn the_schema_line_points_to_the_schema_written_in_the_guide() {
    let guide = common::guide(None);
    let schemas = guide.path().join("schemas");
    let written = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(["schema", "--out"])
        .arg(&schemas)
        .status()
        .expect("run bonneporte");
    assert!(written.success());
    for &(kind, id, file) in NEW.iter().filter(|(kind, ..)| !kind.is_markdown()) {
        std::fs::remove_file(guide.path().join(file)).ok();
        assert!(new_record(kind, id, guide.path()).status.success());
        let path = guide.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        let target = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# yaml-language-server: $schema="))
            .unwrap_or_else(|| panic!("{file} has no schema line:\n{text}"));
        let schema = path.parent().expect("folder").join(target);
        assert_eq!(schema.canonicalize().ok(), schemas.join(kind.schema_file()).canonicalize().ok(), "{file}");
    }
    // The schemas/ folder is not content: it gives no warning.
    let lines = common::check_lines(guide.path());
    assert!(!lines.iter().any(|l| l.contains("schemas/")), "{lines:#?}");
}

#[test]
fn an_existing_record_is_never_written_over() {
    for &(kind, id, file) in NEW {
        let guide = common::guide(None);
        if kind != RecordKind::Site {
            assert!(new_record(kind, id, guide.path()).status.success());
        }
        let before = std::fs::read_to_string(guide.path().join(file)).expect("read");
        let again = new_record(kind, id, guide.path());
        assert_eq!(again.status.code(), Some(2), "new {} {id} twice", kind.name());
        assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"), "new {} {id} twice", kind.name());
        assert_eq!(std::fs::read_to_string(guide.path().join(file)).expect("read"), before);
    }
}

#[test]
fn an_existing_partner_in_a_sub_folder_is_not_duplicated() {
    let guide = common::guide(None);
    assert!(guide.path().join("structures/dep/ml-test.yaml").is_file());
    let again = new_record(RecordKind::Structure, "ml-test", guide.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(!guide.path().join("structures/ml-test.yaml").exists());
}

#[test]
fn bad_ids_and_unknown_kinds_are_refused_without_writing() {
    let cases = [
        ("structure", "Mission_Locale"),
        ("reseau", "cio-"),
        ("page", "à-propos"),
        ("portes", "salarie"),
        ("portes", "salarie/Trouver"),
        ("fiche", "test"),
    ];
    for (kind, id) in cases {
        let guide = common::guide(None);
        let before: Vec<_> =
            walkdir::WalkDir::new(guide.path()).into_iter().filter_map(Result::ok).map(|e| e.into_path()).collect();
        let refused = bonneporte(&["new", kind, id], guide.path());
        assert_eq!(refused.status.code(), Some(2), "new {kind} {id}");
        assert!(String::from_utf8_lossy(&refused.stderr).starts_with("erreur : "), "new {kind} {id}");
        let after: Vec<_> =
            walkdir::WalkDir::new(guide.path()).into_iter().filter_map(Result::ok).map(|e| e.into_path()).collect();
        assert_eq!(before, after, "new {kind} {id} wrote something");
    }
}
