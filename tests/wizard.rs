//! The data files of the wizard of `/trouver/` (`src/wizard.rs`, read by position by
//! `static/wizard.js`) follow their description, `docs/donnees-assistant.schema.json`: every file
//! of `trouver/donnees-<hash>/` of the bundled guide and of the fixture guide validates against
//! the definition of its kind, the indices of one file into another are in range, and the
//! schema refuses a file with a position of the wrong kind.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use bonneporte::build::{BuildConfig, build};
use serde_json::{Value, json};

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/donnees-assistant.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read the schema")).expect("the schema is JSON")
}

/// A validator of the definition `name` (`$defs/<name>`) of the schema.
fn validator(schema: &Value, name: &str) -> jsonschema::Validator {
    assert!(schema["$defs"].get(name).is_some(), "no definition {name}");
    let mut root = schema.clone();
    root["$ref"] = json!(format!("#/$defs/{name}"));
    jsonschema::validator_for(&root).expect("a valid JSON Schema")
}

/// The definition that a file of the data folder follows, from its name (its path in the folder
/// without `.js`).
fn definition_of(name: &str) -> Option<&'static str> {
    match name.split('/').collect::<Vec<_>>()[..] {
        ["index"] => Some("index"),
        ["hors"] => Some("hors"),
        ["communes", _] => Some("communes"),
        [_] => Some("partie"),
        _ => None,
    }
}

/// The JSON of a data file, which is a script handing its data to `donnees.js`:
/// `bonneporte.donnees("<name>",<JSON>);`, the name being the file's.
fn data_of(name: &str, script: &str) -> Value {
    let prefix = format!("bonneporte.donnees({name:?},");
    let json = script
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{name}.js does not hand its data as {prefix}…);"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}.js does not hold JSON: {e}"))
}

/// Builds `guide`; returns the wizard's files by path in their folder.
fn wizard_files(guide: &Path) -> BTreeMap<String, Value> {
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let config = BuildConfig { content: guide.into(), out: out.clone(), base_url: None, today: common::today() };
    assert!(build(&config).is_ok(), "{} should build", guide.display());
    let folders: Vec<PathBuf> = std::fs::read_dir(out.join("trouver"))
        .expect("trouver/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("donnees-")))
        .collect();
    assert_eq!(folders.len(), 1, "one data folder: {folders:?}");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&folders[0]).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&folders[0]).expect("prefix").to_string_lossy().replace('\\', "/");
            let name = relative.strip_suffix(".js").unwrap_or_else(|| panic!("{relative} is not a script"));
            let value = data_of(name, &std::fs::read_to_string(entry.path()).expect("read"));
            files.insert(name.to_string(), value);
        }
    }
    files
}

/// The wizard's files of the bundled guide and of the fixture guide, built once for all tests.
static GUIDES: LazyLock<Vec<(&str, BTreeMap<String, Value>)>> = LazyLock::new(|| {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let fixture = common::guide(None);
    vec![("content/", wizard_files(&bundled)), ("tests/fixtures/minimal/", wizard_files(fixture.path()))]
});

/// The problems of `instance` against the definition `name`.
fn problems(schema: &Value, name: &str, instance: &Value) -> Vec<String> {
    let validator = validator(schema, name);
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn every_data_file_validates_against_its_definition() {
    let schema = schema();
    for (guide, files) in GUIDES.iter() {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut found = Vec::new();
        for (relative, value) in files {
            let name = definition_of(relative).unwrap_or_else(|| panic!("{guide}: {relative} is no data file"));
            *kinds.entry(name).or_default() += 1;
            found.extend(problems(&schema, name, value).into_iter().map(|p| format!("{relative} ({name}): {p}")));
        }
        let shown: Vec<&str> = found.iter().take(20).map(String::as_str).collect();
        assert!(found.is_empty(), "{guide}: {} problems, first ones:\n{}", found.len(), shown.join("\n"));
        for name in ["index", "partie", "communes", "hors"] {
            assert!(kinds.contains_key(name), "{guide}: no file of kind {name}: {kinds:?}");
        }
    }
}

/// What the schema cannot say: the files that the index names exist, and every index of a file
/// into another is in range.
#[test]
fn indices_and_file_names_lead_somewhere() {
    let len = |v: &Value| v.as_array().map_or(0, Vec::len);
    for (guide, files) in GUIDES.iter() {
        let index = &files["index"];
        let pairs = len(&index["publics"]) * len(&index["besoins"]);
        assert_eq!(len(&index["portes"]), pairs, "{guide}: one list of doors per pair");
        for door in index["portes"].as_array().into_iter().flatten().flat_map(|d| d.as_array().into_iter().flatten()) {
            assert!(door[0].as_u64().is_some_and(|n| (n as usize) < len(&index["reseaux"])), "{guide}: {door}");
        }
        for bassin in index["bassins"].as_array().expect("bassins") {
            assert!(bassin[2].as_u64().is_some_and(|n| (n as usize) < len(&index["parts"])), "{guide}: {bassin}");
        }
        let mut named: Vec<String> =
            index["parts"].as_array().expect("parts").iter().map(|p| p.as_str().unwrap().into()).collect();
        named.extend(
            index["lettres"].as_array().expect("lettres").iter().map(|l| format!("communes/{}", l.as_str().unwrap())),
        );
        for list in index["codes_postaux"].as_object().expect("codes_postaux").values() {
            named.extend(list.as_array().unwrap().iter().map(|d| format!("communes/d{}", d.as_str().unwrap())));
        }
        for name in &named {
            assert!(files.contains_key(name), "{guide}: the index names {name}, which is missing");
        }
        assert_eq!(index["hors"].as_bool(), Some(files.contains_key("hors")), "{guide}: hors.js as the index says");
        if let Some(hors) = files.get("hors") {
            for town in hors["communes"].as_array().expect("towns") {
                assert!(town[1].as_u64().is_some_and(|r| (r as usize) < len(&hors["regions"])), "{guide}: {town}");
            }
        }
        for (relative, value) in files {
            match definition_of(relative) {
                Some("communes") => {
                    for commune in value.as_array().expect("communes") {
                        assert!(
                            commune[2].as_u64().is_some_and(|n| (n as usize) < len(&index["bassins"])),
                            "{guide}: {commune}"
                        );
                    }
                }
                Some("partie") => {
                    assert!(named.iter().any(|n| n == relative), "{guide}: {relative} is not in the index's parts");
                    for (bassin, per_pair) in value["bassins"].as_object().expect("bassins") {
                        assert!(
                            bassin.parse::<usize>().is_ok_and(|b| b < len(&index["bassins"])),
                            "{guide}: bassin {bassin}"
                        );
                        assert_eq!(len(per_pair), pairs, "{guide}: {relative}, bassin {bassin}: one list per pair");
                        for (pair, doors) in per_pair.as_array().unwrap().iter().enumerate() {
                            assert_eq!(
                                len(doors),
                                len(&index["portes"][pair]),
                                "{guide}: {relative}, one list per door"
                            );
                            for s in doors.as_array().unwrap().iter().flat_map(|d| d.as_array().into_iter().flatten()) {
                                assert!(
                                    s.as_u64().is_some_and(|s| (s as usize) < len(&value["structures"])),
                                    "{guide}: {s}"
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The schema is strict enough to catch a position moved or of the wrong kind.
#[test]
fn the_schema_refuses_a_wrong_file() {
    let schema = schema();
    let files = &GUIDES[1].1;
    let (part, _) = files.iter().find(|(r, _)| definition_of(r) == Some("partie")).expect("a part");
    let (communes, _) = files.iter().find(|(r, _)| definition_of(r) == Some("communes")).expect("communes");
    // Each change to a valid file, by JSON pointer, and what it breaks.
    let cases: &[(&str, &str, Value, &str)] = &[
        ("index", "/bassins/0/2", json!("0"), "a bassin's part is an index"),
        ("index", "/portes", json!({}), "the doors are a list per pair"),
        ("index", "/telephone", json!(["02 48 00 00 00"]), "a phone has its tel: link"),
        ("index", "/publics/0", json!(["Jeune", "jeune-16-25"]), "a public is id, then label"),
        ("index", "/hors_guide", json!({"75": 75}), "a région elsewhere is named"),
        (part, "/structures/0/5", json!("https://exemple.fr/"), "a partner's page is in the site"),
        (part, "/structures/0", json!(["Nom", null, null, null, null]), "a partner has nine positions"),
        (part, "/structures/0/7", json!([[[540, 720]]]), "a usual week has seven days"),
        (communes, "/0/3", json!("Vierzon"), "a commune's INSEE code"),
        (communes, "/0", json!(["Vierzon", "18100", 0, "18279", 1, "en trop"]), "a commune has five positions"),
    ];
    for (file, pointer, wrong, what) in cases {
        let name = definition_of(file).expect("a data file");
        assert!(problems(&schema, name, &files[*file]).is_empty(), "{file} is valid before the change");
        let mut changed = files[*file].clone();
        *changed.pointer_mut(pointer).unwrap_or_else(|| panic!("{file}{pointer}")) = wrong.clone();
        assert!(!problems(&schema, name, &changed).is_empty(), "{what}: {file}{pointer} = {wrong} accepted");
    }
}

/// Every definition and every position of an array says what it holds.
#[test]
fn every_position_is_described() {
    let schema = schema();
    for (name, definition) in schema["$defs"].as_object().expect("$defs") {
        let described = |v: &Value| v["description"].as_str().is_some_and(|d| d.len() > 10);
        assert!(described(definition), "{name} has no description");
        for (i, position) in definition["prefixItems"].as_array().into_iter().flatten().enumerate() {
            assert!(described(position), "{name}: position {i} has no description");
        }
        for (key, property) in definition["properties"].as_object().into_iter().flatten() {
            assert!(described(property), "{name}: {key} has no description");
        }
    }
}
