//! The same condition gives the same exit status in every command: 0 fine, 1 content errors, 2
//! usage or I/O errors (README, "Exit status"). Each command is run as a user runs it.

mod common;

use std::path::Path;
use std::process::Command;

/// The exit status of `bonneporte <args> --content <content>`, run in a temporary folder.
fn status(args: &[&str], content: &Path) -> i32 {
    let work = tempfile::tempdir().expect("tempdir");
    let output = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .arg("--content")
        .arg(content)
        .current_dir(work.path())
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env("CI", "true")
        .output()
        .expect("bonneporte runs");
    output.status.code().unwrap_or(-1)
}

/// The commands that read a guide and answer from it, as a user types them.
const COMMANDS: [&[&str]; 4] = [&["build", "--out", "public"], &["check"], &["rapport"], &["search", "orientation"]];

fn check_every_command(content: &Path, expected: i32, what: &str) {
    for args in COMMANDS {
        assert_eq!(status(args, content), expected, "bonneporte {} on {what}", args.join(" "));
    }
}

#[test]
fn a_valid_guide_exits_0_everywhere() {
    let guide = common::guide(None);
    check_every_command(guide.path(), 0, "the minimal guide");
}

#[test]
fn content_errors_exit_1_everywhere() {
    for case in ["errors/unknown-reference", "errors/yaml-syntax", "errors/region-parent"] {
        let guide = common::guide(Some(case));
        check_every_command(guide.path(), 1, case);
    }
}

#[test]
fn a_missing_guide_folder_exits_2_everywhere() {
    let missing = Path::new("/nonexistent/bonneporte-guide");
    check_every_command(missing, 2, "a missing folder");
    assert_eq!(status(&["serve", "--port", "0"], missing), 2, "serve on a missing folder");
    assert_eq!(status(&["new", "structure", "ml-x"], missing), 2, "new on a missing folder");
}

#[test]
fn usage_errors_exit_2() {
    let guide = common::guide(None);
    assert_eq!(status(&["search", "--territoire", "inconnu", "orientation"], guide.path()), 2);
    assert_eq!(status(&["build", "--base-url", "exemple.fr/guide"], guide.path()), 2);
    assert_eq!(status(&["new", "inconnu", "x"], guide.path()), 2);
}

/// Words of clap's English messages that a French help or usage error must not have.
const ENGLISH: [&str; 24] = [
    "usage",
    "commands",
    "command",
    "print",
    "help",
    "default",
    "possible",
    "values",
    "value",
    "error",
    "tip",
    "unrecognized",
    "unexpected",
    "invalid",
    "required",
    "found",
    "more",
    "information",
    "try",
    "similar",
    "exist",
    "the",
    "for",
    "subcommand",
];

/// The English words of `text` (`--help`, the flag's name, aside).
fn english_words(text: &str) -> Vec<String> {
    let text = text.replace("--help", "");
    let words = text.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase);
    words.filter(|w| ENGLISH.contains(&w.as_str())).collect()
}

fn run(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bonneporte")).args(args).current_dir(dir).output().expect("bonneporte runs")
}

#[test]
fn help_and_usage_errors_are_in_french() {
    let work = tempfile::tempdir().expect("tempdir");
    let subcommands = ["build", "check", "search", "rapport", "schema", "new", "import", "serve"];
    let mut helps: Vec<Vec<&str>> = vec![vec!["--help"], vec!["-h"]];
    helps.extend(subcommands.iter().map(|s| vec![*s, "--help"]));
    for args in &helps {
        let out = run(args, work.path());
        assert_eq!(out.status.code(), Some(0), "bonneporte {}", args.join(" "));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Utilisation : bonneporte"), "bonneporte {}:\n{text}", args.join(" "));
        assert!(text.contains("Afficher l'aide"), "bonneporte {}:\n{text}", args.join(" "));
        assert_eq!(english_words(&text), Vec::<String>::new(), "bonneporte {}:\n{text}", args.join(" "));
    }
    let errors: &[(&[&str], &str)] = &[
        (&["chek"], "erreur : commande inconnue « chek »"),
        (&[], "Utilisation : bonneporte <COMMANDE>"),
        (&["check", "--contnt", "x"], "aide : vouliez-vous dire « --content » ?"),
        (
            &["check", "--format", "xml"],
            "erreur : valeur « xml » refusée pour --format <FORMAT> ; valeurs possibles : texte, json",
        ),
        (&["build", "--base-url", "exemple.fr/guide"], "« exemple.fr/guide » n'est pas une adresse web"),
        (&["new", "structure"], "erreur : argument obligatoire absent : <ID>"),
        (&["search"], "erreur : argument obligatoire absent : <RECHERCHE>"),
        (&["serve", "--port", "quatre"], "erreur : valeur « quatre » refusée pour --port <PORT>"),
        (&["check", "--format", "xml"], "Pour en savoir plus : bonneporte check --help"),
        (&["check", "--format"], "erreur : valeur manquante pour --format <FORMAT>"),
        (&["check", "--frmat", "json"], "aide : vouliez-vous dire « --format » ?"),
        (&["check", "en-trop"], "erreur : option ou argument inattendu « en-trop »"),
        (&["check", "--external=oui"], "erreur : valeur en trop : « oui »"),
        (&["help"], "aide : l'aide s'affiche avec bonneporte --help"),
    ];
    for &(args, expected) in errors {
        let out = run(args, work.path());
        assert_eq!(out.status.code(), Some(2), "bonneporte {}", args.join(" "));
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(text.contains(expected), "bonneporte {}:\n{text}", args.join(" "));
        // What the user typed comes back quoted (« help »): only our own words count.
        let ours = args.iter().fold(text.to_string(), |text, typed| text.replace(&format!("« {typed} »"), ""));
        assert_eq!(english_words(&ours), Vec::<String>::new(), "bonneporte {}:\n{text}", args.join(" "));
    }
}

#[test]
fn the_guide_folder_itself_is_the_guide_and_elsewhere_check_says_what_to_type() {
    let guide = common::guide(None);
    let out = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .arg("check")
        .current_dir(guide.path())
        .env("BONNEPORTE_DATE", "2026-11-23")
        .output()
        .expect("bonneporte runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let out = run(&["check"], elsewhere.path());
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("erreur : dossier du guide introuvable : content"), "{text}");
    assert!(text.contains("--content <DOSSIER>"), "{text}");
}
