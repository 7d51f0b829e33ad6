//! The editors' JSON Schemas (`bonneporte schema`): the bundled guide and the fixture guide
//! validate against them, records that the loader refuses are refused, and the output is the
//! same bytes every time. Each YAML text is validated twice: as an editor's YAML language server
//! reads it (YAML 1.2 types: `18100` is a number) and as the loader reads it (plain scalars are
//! text): a valid guide must never be underlined in red.

mod common;

use std::path::{Path, PathBuf};

use bonneporte::content::model::RecordKind;
use bonneporte::content::model::{Code, Network, Page, Partner, Rule, Site, Territory, Walkthrough};
use bonneporte::diag::Diagnostics;
use serde_json::Value;

/// The kind of a guide file from its place, as the content format lays it out.
fn kind_of(relative: &str) -> Option<RecordKind> {
    let top = relative.split('/').next().unwrap_or_default();
    match (top, relative) {
        (_, "site.yaml") => Some(RecordKind::Site),
        (_, "publics.yaml") => Some(RecordKind::Publics),
        (_, "besoins.yaml") => Some(RecordKind::Besoins),
        (_, "portes.yaml") => Some(RecordKind::Portes),
        ("reseaux", _) => Some(RecordKind::Reseau),
        ("territoires", _) => Some(RecordKind::Territoire),
        ("structures", _) => Some(RecordKind::Structure),
        ("parcours", _) => Some(RecordKind::Parcours),
        ("pages", _) => Some(RecordKind::Page),
        _ => None,
    }
}

/// The YAML of a file: the whole text, or the front matter of a Markdown file.
fn yaml_of(text: &str, markdown: bool) -> &str {
    if !markdown {
        return text;
    }
    let body = text.strip_prefix("---\n").expect("front matter opens with ---");
    &body[..body.find("\n---").expect("front matter closes with ---") + 1]
}

/// As a YAML 1.2 language server types the values.
fn editor_view(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).expect("YAML")
}

/// As the loader reads them (`yaml::parse`: every plain scalar is text).
fn loader_view(yaml: &str) -> Value {
    let doc = bonneporte::content::yaml::parse(yaml, 0, 0).expect("YAML");
    serde_json::to_value(&doc.value).expect("JSON")
}

fn errors(kind: RecordKind, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&kind.schema()).expect("a valid JSON Schema");
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// Every problem of every record file of `guide`, for both views, and how many files were seen.
fn validate_guide(guide: &Path) -> (Vec<String>, Vec<RecordKind>) {
    let mut problems = Vec::new();
    let mut kinds = Vec::new();
    for entry in walkdir::WalkDir::new(guide).sort_by_file_name() {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(guide).expect("prefix").to_string_lossy().replace('\\', "/");
        let Some(kind) = kind_of(&relative).filter(|_| entry.file_type().is_file()) else { continue };
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let yaml = yaml_of(&text, kind.is_markdown());
        for (view, value) in [("éditeur", editor_view(yaml)), ("chargeur", loader_view(yaml))] {
            problems.extend(errors(kind, &value).into_iter().map(|e| format!("{relative} ({view}) : {e}")));
        }
        kinds.push(kind);
    }
    (problems, kinds)
}

#[test]
fn bundled_and_fixture_guides_validate_against_the_schemas() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for guide in [root.join("content"), common::fixtures().join("minimal"), common::fixtures().join("bretagne")] {
        let (problems, kinds) = validate_guide(&guide);
        assert!(problems.is_empty(), "{}:\n{}", guide.display(), problems.join("\n"));
        for kind in RecordKind::ALL {
            assert!(kinds.contains(&kind), "{} has no {} record to validate", guide.display(), kind.name());
        }
    }
}

/// Whether the loader decodes `yaml` as a record of `kind` (no check of formats or references).
fn loader_accepts(kind: RecordKind, yaml: &str) -> bool {
    let mut doc = bonneporte::content::yaml::parse(yaml, 0, 0).expect("YAML");
    let mut diags = Diagnostics::default();
    let decoded = match kind {
        RecordKind::Site => bonneporte::content::yaml::decode::<Site>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Structure => bonneporte::content::yaml::decode::<Partner>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Reseau => bonneporte::content::yaml::decode::<Network>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Territoire => bonneporte::content::yaml::decode::<Territory>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Publics | RecordKind::Besoins => {
            bonneporte::content::yaml::decode::<Vec<Code>>(&mut doc, "", 0, &mut diags).is_some()
        }
        RecordKind::Portes => bonneporte::content::yaml::decode::<Vec<Rule>>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Parcours => bonneporte::content::yaml::decode::<Walkthrough>(&mut doc, "", 0, &mut diags).is_some(),
        RecordKind::Page => bonneporte::content::yaml::decode::<Page>(&mut doc, "", 0, &mut diags).is_some(),
    };
    decoded && !diags.has_errors()
}

const PARTNER: &str = "nom: Mission locale\nreseau: mission-locale\nterritoire: bassin-vierzon\n";

/// Records that editors write and the loader accepts, in the forms that differ between a YAML
/// language server and the loader: the schema must accept them.
const ACCEPTED: &[(RecordKind, &str)] = &[
    (RecordKind::Structure, "code_postal: 18100\ncode_insee: 2A004\nsiret: 130 005 481 00010\n"),
    (RecordKind::Structure, "latitude: 47.22\nlongitude: \"2.07\"\nsur_rendez_vous: oui\nfauteuil: partiel\n"),
    (RecordKind::Structure, "sur_rendez_vous: true\ntelephone: 0248123456\ndate_maj: 2025-03-01\n"),
    (RecordKind::Structure, "sur_rendez_vous: Non\npublics: [jeune-16-25]\ncourriel: ~\n"),
    (RecordKind::Site, "titre: Guide\nregion: centre\nverification_max_jours: 180\nsynonymes: [[cv, curriculum]]\n"),
    (RecordKind::Site, "titre: 2026\nregion: centre\nverification_max_jours: \"90\"\nurl: https://exemple.fr/guide/\n"),
    (RecordKind::Reseau, "nom: CIO\nresume: Orientation scolaire.\nniveaux_cep: [1, \"2\"]\n"),
    (RecordKind::Territoire, "nom: Cher\ntype: departement\nparent: centre\ncode: 18\ncommunes: [\"18033\"]\n"),
    (RecordKind::Publics, "- id: jeune-16-25\n  libelle: Jeune\n- id: salarie\n  libelle: Salarié\n"),
    (RecordKind::Portes, "- public: salarie\n  besoin: faire-vae\n  portes:\n    - reseau: cibc\n"),
    (RecordKind::Parcours, "titre: Un parcours\netapes:\n  - reseau: bij\n    porte: premiere\n"),
    (RecordKind::Page, "titre: À propos\nordre: 2\n"),
];

/// Records that `check` refuses: the schema must refuse them as the editor types them (typos,
/// wrong values).
const REFUSED: &[(RecordKind, &str)] = &[
    (RecordKind::Structure, "telephon: 02 48 12 34 56\n"),
    (RecordKind::Structure, "fauteuil: parfois\n"),
    (RecordKind::Structure, "sur_rendez_vous: peut-être\n"),
    (RecordKind::Structure, "code_postal: \"1800\"\n"),
    (RecordKind::Structure, "courriel: accueil.exemple.fr\n"),
    (RecordKind::Structure, "site_web: www.exemple.fr\n"),
    (RecordKind::Structure, "latitude: 147.2\nlongitude: 2\n"),
    (RecordKind::Structure, "date_maj: 01/03/2025\n"),
    (RecordKind::Site, "titre: Guide\nregion: Centre Val de Loire\n"),
    (RecordKind::Site, "titre: Guide\nregion: centre\nverification_max_jours: un an\n"),
    (RecordKind::Reseau, "nom: CIO\nresume: Orientation.\nniveaux_cep: [4]\n"),
    (RecordKind::Territoire, "nom: Cher\ntype: commune\nparent: centre\n"),
    (RecordKind::Territoire, "nom: Cher\nparent: centre\n"),
    (RecordKind::Besoins, "- id: trouver-emploi\n  libelle: Trouver un emploi\n  libellé: doublon\n"),
    (RecordKind::Portes, "- public: salarie\n  besoin: faire-vae\n"),
    (RecordKind::Parcours, "titre: Un parcours\netapes:\n  - reseau: bij\n    porte: derniere\n"),
    (RecordKind::Page, "titre: À propos\nordre: deux\n"),
];

/// A whole record: the partner cases complete the required keys.
fn record(kind: RecordKind, yaml: &str) -> String {
    if kind == RecordKind::Structure { format!("{PARTNER}{yaml}") } else { yaml.to_string() }
}

#[test]
fn records_the_loader_accepts_are_accepted() {
    for (kind, yaml) in ACCEPTED {
        let yaml = record(*kind, yaml);
        assert!(loader_accepts(*kind, &yaml), "the loader refuses {}:\n{yaml}", kind.name());
        for value in [editor_view(&yaml), loader_view(&yaml)] {
            let problems = errors(*kind, &value);
            assert!(problems.is_empty(), "{} refused:\n{yaml}{problems:?}", kind.name());
        }
    }
}

#[test]
fn records_with_a_mistake_are_refused() {
    for (kind, yaml) in REFUSED {
        let yaml = record(*kind, yaml);
        assert!(!errors(*kind, &editor_view(&yaml)).is_empty(), "{} accepted:\n{yaml}", kind.name());
    }
}

#[test]
fn every_key_has_a_description() {
    for kind in RecordKind::ALL {
        let schema = kind.schema();
        for (key, property) in properties(&schema) {
            let description = property.get("description").and_then(Value::as_str).unwrap_or_default();
            assert!(description.len() > 8, "{}: key {key} has no description", kind.name());
        }
    }
}

/// Every property of the root (or list item) and of the definitions.
fn properties(schema: &Value) -> Vec<(String, Value)> {
    let mut objects = vec![schema.clone()];
    objects.extend(schema["definitions"].as_object().into_iter().flat_map(|d| d.values().cloned()));
    objects.iter().flat_map(|o| o["properties"].as_object().cloned().unwrap_or_default()).collect()
}

fn run_schema(out: &Path) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(["schema", "--out"])
        .arg(out)
        .status()
        .expect("run bonneporte");
    assert!(status.success());
}

#[test]
fn schema_files_are_named_by_kind_identical_across_runs_with_sorted_keys() {
    let (a, b) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
    run_schema(a.path());
    run_schema(b.path());
    let mut names: Vec<String> = std::fs::read_dir(a.path())
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    names.sort();
    let mut expected: Vec<String> = RecordKind::ALL.iter().map(|k| format!("{}.schema.json", k.name())).collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in names {
        let text = std::fs::read_to_string(a.path().join(&name)).expect("read");
        assert_eq!(text, std::fs::read_to_string(b.path().join(&name)).expect("read"), "{name} differs");
        assert_keys_sorted(&name, &text);
    }
}

/// In pretty JSON, the keys of one object are the lines `"key": ` at one indentation between
/// its braces: each must sort after the one before.
fn assert_keys_sorted(name: &str, text: &str) {
    let mut last: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        last.retain(|(level, _)| *level <= indent);
        let Some(key) = line.trim_start().strip_prefix('"').and_then(|rest| rest.split_once("\": ")).map(|(k, _)| k)
        else {
            continue; // a brace or an item of a list
        };
        if let Some((_, previous)) = last.iter().find(|(level, _)| *level == indent) {
            assert!(previous.as_str() < key, "{name}: « {key} » after « {previous} »");
        }
        last.retain(|(level, _)| *level != indent);
        last.push((indent, key.to_string()));
    }
}
