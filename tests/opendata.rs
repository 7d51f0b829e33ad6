//! Open data: the data·inclusion JSON, the CSV, the `/donnees/` page, vCards and JSON-LD, built
//! from the minimal guide with the synthetic partners of `tests/fixtures/opendata/` on top.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use bonneporte::build::{BuildConfig, build};

/// Builds the open-data fixture guide with a base URL; returns the folder that holds the site.
fn built() -> (tempfile::TempDir, PathBuf) {
    let guide = common::guide(Some("opendata"));
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let config = BuildConfig {
        content: guide.path().into(),
        out: out.clone(),
        base_url: Some("https://exemple.fr/guide/".into()),
        today: common::today(),
    };
    assert!(build(&config).is_ok(), "the open-data fixture guide should build");
    (sites, out)
}

/// A built file, its no-break spaces read as spaces: what a page says, not how it sets French
/// punctuation (`render::typography` and `pages_set_french_punctuation` test that).
fn read(out: &Path, relative: &str) -> String {
    let text = std::fs::read_to_string(out.join(relative)).unwrap_or_else(|_| panic!("{relative} missing"));
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// The whole JSON file: which records are in it, and each field's mapping (E.164, null for a
/// short number or a too-short description, reseaux_porteurs only from the vocabulary).
#[test]
fn json_export_matches_golden_file() {
    let (_sites, out) = built();
    common::assert_expected(&golden("structures.json"), &read(&out, "donnees/structures.json"));
}

/// Both JSON files pass the official pydantic models of data·inclusion (`pip install
/// data-inclusion-schema`), warnings included. Skipped loudly without Python or the package,
/// except under `CI=true`.
#[test]
fn json_export_passes_the_data_inclusion_schema() {
    let (_sites, out) = built();
    let script = r#"
import json, sys
from data_inclusion.schema import v1
model = getattr(v1, sys.argv[1])
records = json.load(open(sys.argv[2], encoding="utf-8"))
for record in records:
    model.model_validate(record, context={"ignore_warnings": False})
print(len(records))
"#;
    if !common::data_inclusion_python() {
        return;
    }
    for (model, file, count) in [("Structure", "structures.json", "5"), ("Service", "services.json", "2")] {
        let path = out.join("donnees").join(file);
        let run = Command::new("python3").arg("-c").arg(script).arg(model).arg(&path).output().expect("python3");
        assert!(run.status.success(), "data·inclusion refuses {file}:\n{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), count, "records of {file} validated");
    }
}

/// The services: ids from the structure's and the service's name, the structure's date, place
/// and page, the service's own e-mail else the structure's; those without description or whose
/// structure is left out are not in the file.
#[test]
fn services_export_matches_golden_file() {
    let (_sites, out) = built();
    common::assert_expected(&golden("services.json"), &read(&out, "donnees/services.json"));
}

/// The CSV opens in a French spreadsheet and reads back as the same values.
#[test]
fn csv_export_reads_back() {
    let (_sites, out) = built();
    let bytes = std::fs::read(out.join("donnees/structures.csv")).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte order mark");
    assert!(bytes.ends_with(b"\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let header = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 8, "every partner, also those left out of the JSON");
    let column = |row: &csv::StringRecord, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
        row[i].to_string()
    };
    let complete = rows.iter().find(|r| column(r, "id") == "spro-region-test--od-complete").expect("od-complete");
    for (name, expected) in [
        ("nom", "Antenne d'orientation; nord, \"centre\""),
        ("adresse", "2 place de l'Exemple; bâtiment B"),
        ("latitude", "47,2218"),
        ("telephone", "02 99 00 00 03"),
        ("code_postal", "18100"),
        ("publics", "Jeune de 16 à 25 ans"),
        ("reseaux_porteurs", "mission-locale"),
        ("date_maj", "2026-09-15"),
        ("lien_source", "https://exemple.fr/guide/structures/od-complete/"),
        ("origine", "synthétique : données de test"),
    ] {
        assert_eq!(column(complete, name), expected, "{name}");
    }
    assert!(column(complete, "description").contains("le mardi.\nDeuxième ligne, avec un point-virgule ;"));
    let undated = rows.iter().find(|r| column(r, "id").ends_with("--od-sans-date")).expect("od-sans-date");
    assert_eq!(column(undated, "date_maj"), "");
}

/// The page describes both files with the newest `date_maj` as update date (a date in the
/// future is not one) and the records left
/// out of the JSON; the footer of every page links to it.
#[test]
fn open_data_page_describes_the_files() {
    let (_sites, out) = built();
    let page = read(&out, "donnees/index.html");
    for expected in [
        "Dernière mise à jour des données : 15 septembre 2026",
        "Licence Ouverte 2.0",
        "href=\"../donnees/structures.json\"",
        "href=\"../donnees/structures.csv\"",
        "5 structures)",
        "8 structures)",
        "<li>1 structure : date de vérification dans le futur</li>",
        "<li>1 structure : date de vérification absente</li>",
        "<li>1 structure : nom de moins de 3 ou de plus de 150 caractères</li>",
        "<code>spro-region-test</code>",
        "href=\"../donnees/services.json\"",
        "2 services sur 4 services)",
        "<li>1 service : description absente, ou de moins de 5 ou de plus de 10 000 caractères</li>",
        "<li>1 service : structure absente du fichier des structures</li>",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    assert!(read(&out, "index.html").contains("<a href=\"donnees/index.html\">Données ouvertes</a>"));
}

/// A partner page carries its JSON-LD, and a hostile name cannot close the element.
#[test]
fn json_ld_cannot_be_closed_by_content() {
    let (_sites, out) = built();
    let page = read(&out, "structures/od-hostile/index.html");
    let open = "<script type=\"application/ld+json\">";
    assert_eq!(page.matches("<script").count(), 1, "only the JSON-LD element");
    assert_eq!(page.matches("</script>").count(), 1, "the name must not close the element");
    let start = page.find(open).expect("JSON-LD") + open.len();
    let end = page[start..].find("</script>").expect("end") + start;
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON-LD is JSON");
    assert_eq!(value["name"], "</script><script>alert(1)</script>");
    assert_eq!(value["telephone"], "39 49", "a short number keeps its French form");

    let complete = read(&out, "structures/od-complete/index.html");
    let start = complete.find(open).expect("JSON-LD") + open.len();
    let end = complete[start..].find("</script>").expect("end") + start;
    let value: serde_json::Value = serde_json::from_str(&complete[start..end]).expect("JSON-LD is JSON");
    assert_eq!(value["telephone"], "+33299000003");
    assert_eq!(value["address"]["postalCode"], "18100");
    assert_eq!(value["geo"]["latitude"], 47.2218);
    assert_eq!(value["openingHours"], serde_json::json!(["Mo-Fr 09:00-12:00", "Mo-Fr 13:30-17:00"]));
}

/// Each partner page that has a way to reach the partner carries its vCard in its « Ajouter aux
/// contacts » link, no file beside it.
#[test]
fn vcard_in_each_partner_page() {
    let (_sites, out) = built();
    let complete = read(&out, "structures/od-complete/index.html");
    assert!(complete.contains("type=\"text/vcard\" download=\"od-complete.vcf\">Ajouter aux contacts</a>"));
    common::assert_expected(&golden("structure.vcf"), &common::vcard_of_page(&complete).expect("vCard"));
    assert!(!out.join("structures/od-complete/od-complete.vcf").exists());
    let no_contact = read(&out, "structures/od-nom-court/index.html");
    assert_eq!(common::vcard_of_page(&no_contact), None, "a card with only a name is not offered");
}
