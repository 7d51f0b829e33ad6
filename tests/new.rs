//! `bonneporte new <kind> <id>`: a skeleton for every kind, in a copy of the fixture guide, that
//! `check` refuses only for its « À compléter » and accepts once they are replaced (with only
//! the warnings of an incomplete record), that names every key of its schema, that points to its
//! schema, that goes where the guide keeps its records, and that is never written over a record.

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
    (RecordKind::Structure, "dep-test/ml-nouvelle", "structures/dep-test/ml-nouvelle.yaml"),
    (RecordKind::Reseau, "cio", "reseaux/cio.yaml"),
    (RecordKind::Territoire, "bassin-nouveau", "territoires/bassin-nouveau.yaml"),
    (RecordKind::Publics, "cadre", "publics.yaml"),
    (RecordKind::Besoins, "faire-vae", "besoins.yaml"),
    (RecordKind::Portes, "salarie/trouver-emploi", "portes.yaml"),
    (RecordKind::Parcours, "salarie-vae", "parcours/salarie-vae.md"),
    (RecordKind::Page, "mentions-legales", "pages/mentions-legales.md"),
];

/// Warnings that a new, still empty record may give; anything else is a defect of the skeleton.
const EXPECTED_WARNINGS: [&str; 3] =
    ["aucun moyen de contact", "sans aucune structure", "date de vérification absente"];

/// The error of a required value still at the skeleton's "À compléter".
const PLACEHOLDER_LEFT: &str = "erreur: valeur laissée à « À compléter »";

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
            .filter(|l| !l.contains(PLACEHOLDER_LEFT))
            .filter(|l| !EXPECTED_WARNINGS.iter().any(|w| l.contains("avertissement") && l.contains(w)))
            .collect();
        assert!(unexpected.is_empty(), "new {} {id}, then check:\n{unexpected:#?}", kind.name());
        let placeholders = lines.iter().any(|l| l.contains(PLACEHOLDER_LEFT));
        let checked = bonneporte(&["check"], guide.path());
        assert_eq!(checked.status.code(), Some(i32::from(placeholders)), "check after new {} {id}", kind.name());
        // Filled in, the record is accepted.
        let path = guide.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace("\"À compléter\"", "\"Texte de test\"")).expect("write");
        let checked = bonneporte(&["check"], guide.path());
        assert!(checked.status.success(), "check after filling new {} {id}", kind.name());
    }
}

#[test]
fn check_refuses_a_placeholder_until_it_is_replaced() {
    let guide = common::guide(None);
    assert!(new_record(RecordKind::Structure, "ml-nouvelle", guide.path()).status.success());
    let placeholders = |lines: &[String]| lines.iter().filter(|l| l.contains(PLACEHOLDER_LEFT)).count();
    // `nom`, and `territoire`, which nothing guesses without a folder; reported only as
    // placeholders, not as an unknown territory.
    let lines = common::check_lines(guide.path());
    assert_eq!(placeholders(&lines), 2, "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("inconnu")), "{lines:#?}");
    let file = guide.path().join("structures/ml-nouvelle.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replacen("\"À compléter\"", "\"Mission locale nouvelle\"", 1);
    std::fs::write(&file, text.replace("\"À compléter\"", "bassin-vierzon")).expect("write");
    let lines = common::check_lines(guide.path());
    assert!(!lines.iter().any(|l| l.contains(": erreur: ")), "{lines:#?}");
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
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("existe déjà (structures/dep/ml-test.yaml)"), "names the real file: {stderr}");
}

/// The value of `key:` in the record written by `new structure <id>`.
fn written_value(id: &str, key: &str) -> String {
    let guide = common::guide(None);
    assert!(new_record(RecordKind::Structure, id, guide.path()).status.success(), "new structure {id}");
    let file = match id.rsplit_once('/') {
        Some((folder, name)) => format!("structures/{folder}/{name}.yaml"),
        None => format!("structures/{id}.yaml"),
    };
    let text = std::fs::read_to_string(guide.path().join(file)).expect("read");
    let line = text.lines().find(|l| l.starts_with(&format!("{key}:"))).unwrap_or_else(|| panic!("{key}:\n{text}"));
    line[key.len() + 1..].split('#').next().unwrap_or_default().trim().to_string()
}

#[test]
fn a_new_structure_guesses_its_network_and_territory_or_leaves_them_to_fill() {
    let cases = [
        // The network of the structures named alike (ml-test, ml-bourges), the territory named
        // like the folder.
        ("dep-test/ml-nouvelle", "mission-locale", "dep-test"),
        // The network whose id starts the id; no folder, no territory.
        ("transitions-pro-indre", "transitions-pro", "\"À compléter\""),
        ("autre/cio-nouveau", "\"À compléter\"", "\"À compléter\""),
    ];
    for (id, network, territory) in cases {
        assert_eq!(
            (written_value(id, "reseau"), written_value(id, "territoire")),
            (network.into(), territory.into()),
            "{id}"
        );
    }
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
