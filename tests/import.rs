//! `bonneporte import`: data·inclusion JSON and spreadsheet CSV into a copy of the minimal
//! fixture guide. Every row here is synthetic (`tests/fixtures/import/README.md`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    common::fixtures().join("import").join(name)
}

/// Runs `bonneporte import` on the guide at `content`, on a fixed day.
fn import(content: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .arg("import")
        .arg("--content")
        .arg(content)
        .args(args)
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env("NO_COLOR", "1")
        .output()
        .expect("run bonneporte")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file of the guide and its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).expect("prefix").to_path_buf(), std::fs::read(e.path()).expect("read")))
        .collect()
}

fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap_or_else(|_| panic!("{relative} missing"))
}

/// `check` finds no error in the guide.
fn assert_checks(dir: &Path) {
    let errors: Vec<String> = common::check_lines(dir).into_iter().filter(|l| l.contains(": erreur:")).collect();
    assert!(errors.is_empty(), "check refuses the imported guide: {errors:#?}");
}

/// A file to import, written into `dir`.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.to_string_lossy().into_owned()
}

/// The minimal guide whose networks have a data·inclusion `reseau_porteur`, which rows of
/// data·inclusion JSON name their network by.
fn json_guide() -> tempfile::TempDir {
    common::guide(Some("import/roundtrip"))
}

#[test]
fn data_inclusion_structures_are_imported_and_bad_rows_reported() {
    let guide = json_guide();
    let file = fixture("structures.json");
    let out = import(guide.path(), &[file.to_str().expect("path")]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "a row is refused\n{stdout}\n{stderr}");
    let created = read(guide.path(), "structures/dep-test/ml-mehun.yaml");
    for line in [
        "# yaml-language-server: $schema=../../schemas/structure.schema.json\n# Importé par « bonneporte import »",
        "# import: cle=annuaire-synthetique--ml-mehun\n",
        "nom: \"Mission locale de Mehun (synthétique)\"\nreseau: \"mission-locale\"\nterritoire: \"dep-test\"\n",
        "telephone: \"02 99 00 00 10\"\n",
        "latitude: 47.14\n",
        "date_maj: \"2026-05-02\"\n",
        "source: \"« structures.json » (annuaire-synthetique), 2026-05-02\"\n",
    ] {
        assert!(created.contains(line), "{line:?} not in\n{created}");
    }
    let vierzon = read(guide.path(), "structures/dep-test/ml-vierzon-2.yaml");
    assert!(vierzon.contains("territoire: \"bassin-vierzon\""), "from postal code and name:\n{vierzon}");
    assert!(!vierzon.contains("telephone"), "a bad phone is left out:\n{vierzon}");
    assert!(stderr.contains("champ « telephone » : numéro de téléphone « pas un numéro » invalide"), "{stderr}");
    assert!(stderr.contains("structures.json:31:"), "the bad value's line: {stderr}");
    assert!(stderr.contains("ligne refusée : aucun réseau du guide n'a le code porteur « croix-rouge »"), "{stderr}");
    assert!(stdout.contains("2 créées") && stdout.contains("1 refusée"), "{stdout}");
    assert!(stdout.contains("Vérification du guide :"), "check runs after writing: {stdout}");
    assert_checks(guide.path());
}

#[test]
fn services_go_into_their_structure_without_personal_data() {
    let guide = json_guide();
    let (structures, services) = (fixture("structures.json"), fixture("services.json"));
    let out = import(guide.path(), &[structures.to_str().expect("path"), services.to_str().expect("path")]);
    let stderr = text(&out.stderr);
    let created = read(guide.path(), "structures/dep-test/ml-mehun.yaml");
    assert!(
        created.contains(
            "services:\n  - nom: \"Accompagnement vers l'emploi (synthétique)\"\n    description: \"Service synthétique pour les tests.\"\n    type: \"accompagnement\"\n    thematiques: [\"trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs\"]\n"
        ),
        "{created}"
    );
    assert!(!created.contains("Personne Fictive") && !created.contains("contact_nom_prenom"), "{created}");
    assert!(!created.contains("lien_mobilisation"), "a bad link is left out: {created}");
    assert!(stderr.contains("champ « lien_mobilisation »"), "{stderr}");
    assert!(
        stderr.contains("« trouver-un-emploi--suivre-ses-candidatures » n'est pas une thématique de data·inclusion"),
        "a code out of the list is left out: {stderr}"
    );
    assert!(stderr.contains("« annuaire-synthetique--inconnue », qui n'est dans aucun fichier importé"), "{stderr}");
    assert_checks(guide.path());
}

#[test]
fn csv_in_utf8_with_bom_and_semicolons() {
    let guide = common::guide(None);
    let data = tempfile::tempdir().expect("tempdir");
    let csv = "\u{feff}Nom;Réseau;Code postal;Commune;Téléphone;E-mail;Site internet;Remarques\r\n\
               \"Mission locale; antenne de Mehun (synthétique)\";Mission locale;18500;Mehun-sur-Yèvre;02 99 00 00 20;mehun@example.org;https://example.org/m;à rappeler\r\n";
    let file = write(data.path(), "annuaire.csv", csv.as_bytes());
    let out = import(guide.path(), &["--date-maj", "2026-10-01", &file]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "annuaire.csv : CSV, séparateur « ; », encodage UTF-8 avec BOM, 1 structure, 7 colonnes reconnues, colonne « Remarques » ignorée"
        ),
        "{stderr}"
    );
    let created = read(guide.path(), "structures/dep-test/mission-locale-antenne-de-mehun-synthetique.yaml");
    assert!(created.contains("courriel: \"mehun@example.org\"\n"), "{created}");
    assert!(created.contains("date_maj: \"2026-10-01\"\nsource: \"« annuaire.csv », 2026-10-01\"\n"), "{created}");
    assert_checks(guide.path());
}

#[test]
fn csv_in_windows_1252_with_commas() {
    let guide = common::guide(None);
    let data = tempfile::tempdir().expect("tempdir");
    // « Téléphone », « Mission locale de Bourges – Gare (synthétique) » in Windows-1252.
    let bytes = b"Nom,R\xE9seau,Code INSEE,T\xE9l\xE9phone\r\nMission locale de Bourges \x96 Gare (synth\xE9tique),mission-locale,18033,02 99 00 00 30\r\n";
    let file = write(data.path(), "export-tableur.csv", bytes);
    let out = import(guide.path(), &["--source", "Annuaire synthétique", &file]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("séparateur « , », encodage Windows-1252, 1 structure, 4 colonnes reconnues"), "{stderr}");
    let created = read(guide.path(), "structures/dep-test/mission-locale-de-bourges-gare-synthetique.yaml");
    assert!(created.contains("nom: \"Mission locale de Bourges – Gare (synthétique)\""), "{created}");
    assert!(created.contains("territoire: \"bassin-bourges\""), "{created}");
    assert!(created.contains("source: \"Annuaire synthétique\""), "{created}");
}

#[test]
fn bad_values_are_reported_at_row_and_column_and_not_written() {
    let guide = common::guide(None);
    let data = tempfile::tempdir().expect("tempdir");
    let csv = "nom;reseau;code_insee;telephone;courriel;horaires_accueil;siret;territoire\n\
               Antenne (synthétique);mission-locale;18279;02 99 00 00 40;ok@example.org;Mo-Fr 09:00-12:00;;\n\
               Autre antenne (synthétique);mission-locale;18279;12;pas@;tous les jours;123;nulle-part\n\
               ;mission-locale;18279;;;;;\n";
    let file = write(data.path(), "lignes.csv", csv.as_bytes());
    let out = import(guide.path(), &[&file]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a row without name is refused: {stderr}");
    for expected in [
        "colonne 4 « telephone »",
        "colonne 5 « courriel »",
        "colonne 6 « horaires_accueil »",
        "colonne 7 « siret »",
        "colonne 8 « territoire » : territoire « nulle-part » inconnu du guide",
        "lignes.csv:3:",
        "lignes.csv:4:1",
        "ligne refusée : sans nom",
    ] {
        assert!(stderr.contains(expected), "{expected} not in\n{stderr}");
    }
    let other = read(guide.path(), "structures/dep-test/autre-antenne-synthetique.yaml");
    for key in ["telephone", "courriel", "horaires_accueil", "siret"] {
        assert!(!other.contains(&format!("\n{key}:")), "{key} written:\n{other}");
    }
    assert_checks(guide.path());
}

#[test]
fn importing_the_same_data_again_changes_nothing() {
    let guide = json_guide();
    let file = fixture("structures.json");
    import(guide.path(), &[file.to_str().expect("path")]);
    let before = files(guide.path());
    let out = import(guide.path(), &[file.to_str().expect("path")]);
    assert_eq!(files(guide.path()), before, "byte-identical guide");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("0 créée, 0 mise à jour, 2 inchangées"), "{stdout}");
}

#[test]
fn an_editors_change_is_kept_while_the_other_imported_fields_update() {
    let guide = common::guide(None);
    let data = tempfile::tempdir().expect("tempdir");
    let row = |phone: &str, mail: &str| {
        format!(
            "id;nom;reseau;code_insee;telephone;courriel\nant-1;Antenne (synthétique);mission-locale;18279;{phone};{mail}\n"
        )
    };
    let file = write(data.path(), "a.csv", row("02 99 00 00 50", "a@example.org").as_bytes());
    import(guide.path(), &[&file]);
    let record = guide.path().join("structures/dep-test/ant-1.yaml");
    let edited = read(guide.path(), "structures/dep-test/ant-1.yaml").replace("02 99 00 00 50", "02 99 00 00 59");
    std::fs::write(&record, edited).expect("edit");
    write(data.path(), "a.csv", row("02 99 00 00 51", "b@example.org").as_bytes());
    let out = import(guide.path(), &[&file]);
    let after = read(guide.path(), "structures/dep-test/ant-1.yaml");
    assert!(after.contains("telephone: \"02 99 00 00 59\""), "the editor's phone is kept:\n{after}");
    assert!(after.contains("courriel: \"b@example.org\""), "the imported e-mail is updated:\n{after}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 mise à jour") && stdout.contains("1 valeur gardée"), "{stdout}");
}

#[test]
fn a_row_naming_an_editors_record_only_fills_its_empty_fields() {
    let guide = common::guide(None);
    let data = tempfile::tempdir().expect("tempdir");
    let csv = "id;nom;reseau;code_insee;telephone;courriel\n\
               ml-bourges;Autre nom (synthétique);mission-locale;18033;02 99 00 00 60;bourges@example.org\n\
               Nom;Mission locale de Bourges (test);mission-locale;18033;02 99 00 00 61;\n";
    let file = write(data.path(), "m.csv", csv.replace("\nNom;", "\n;").as_bytes());
    let out = import(guide.path(), &[&file]);
    let merged = read(guide.path(), "structures/dep/ml-bourges.yaml");
    assert!(merged.contains("nom: \"Mission locale de Bourges (test)\""), "name kept:\n{merged}");
    assert!(merged.contains("telephone: \"02 99 00 00 02\""), "phone kept:\n{merged}");
    assert!(merged.contains("courriel: \"bourges@example.org\""), "e-mail filled:\n{merged}");
    assert!(merged.contains("# import: cle=ml-bourges\n# import: code_insee="), "{merged}");
    assert!(!merged.contains("# import: telephone="), "a kept value is not recorded:\n{merged}");
    // The second row, without id, has the name of the editor's record: it gets an id of its own.
    let other = read(guide.path(), "structures/dep-test/mission-locale-de-bourges-test.yaml");
    assert!(other.contains("telephone: \"02 99 00 00 61\""), "{other}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 créée, 1 mise à jour"), "{stdout}");
    assert_checks(guide.path());
}

#[test]
fn a_dry_run_writes_nothing() {
    let guide = json_guide();
    let before = files(guide.path());
    let file = fixture("structures.json");
    let out = import(guide.path(), &["--dry-run", file.to_str().expect("path")]);
    assert_eq!(files(guide.path()), before);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Simulation (--dry-run) : aucun fichier n'a été écrit.") && stdout.contains("2 créées"),
        "{stdout}"
    );
}

/// Build a guide, import its `donnees/structures.json` into a copy without partners, build
/// again: the same open data. Once the build writes `donnees/services.json`, the import reads
/// it too (a data·inclusion `Service` list, `services_go_into_their_structure…`).
#[test]
fn open_data_round_trips_through_import() {
    let guide = common::guide(Some("import/roundtrip"));
    let sites = tempfile::tempdir().expect("tempdir");
    let built = |content: &Path, out: &str| {
        let out = sites.path().join(out);
        let config = bonneporte::build::BuildConfig {
            content: content.into(),
            out: out.clone(),
            base_url: None,
            today: common::today(),
        };
        assert!(bonneporte::build::build(&config).is_ok(), "{} should build", content.display());
        let json = |file: &str| serde_json::from_str::<serde_json::Value>(&read(&out, file)).expect("json");
        (json("donnees/structures.json"), json("donnees/services.json"))
    };
    let first = built(guide.path(), "first");
    assert_eq!(first.0.as_array().map(Vec::len), Some(3), "every partner exported");
    assert!(first.1.as_array().is_some_and(|s| !s.is_empty()), "the fixture's services exported");
    let emptied = tempfile::tempdir().expect("tempdir");
    common::overlay(guide.path(), emptied.path());
    std::fs::remove_dir_all(emptied.path().join("structures")).expect("empty structures/");
    let exported = |file: &str| sites.path().join("first/donnees").join(file).to_string_lossy().into_owned();
    let out = import(emptied.path(), &[&exported("structures.json"), &exported("services.json")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(built(emptied.path(), "second"), first);
}
