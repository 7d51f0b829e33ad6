//! A hostile guide: content written to crash, stall or subvert the tools (issue « Hostile
//! input », `docs/securite.md`). Each case puts a few synthetic files on top of the minimal
//! fixture guide and asserts the exact outcome: a located error, a refused request, safe output.
//! Commands run as a user (or CI) runs them, in a process of their own, so that a crash (a stack
//! overflow aborts the process) is a failed assertion on the exit status, not a lost test binary.

mod common;

use std::path::Path;
use std::process::Command;

/// Exit status, stdout and stderr of `bonneporte <args>`, run in `cwd`.
fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .current_dir(cwd)
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env("CI", "true")
        .output()
        .expect("bonneporte runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// `file:line:column: level: message` of every diagnostic of `check`, run as a process on `guide`
/// (its exit status asserted to be 0 or 1: never a crash).
fn check(guide: &Path) -> Vec<String> {
    let (code, stdout, stderr) = run(&["check", "--format", "json", "--content", "."], guide);
    assert!(code == 0 || code == 1, "check exited {code}: {stderr}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON report");
    items
        .iter()
        .map(|d| {
            let level = if d["severity"] == "error" { "erreur" } else { "avertissement" };
            format!(
                "{}:{}:{}: {level}: {}",
                d["file"].as_str().unwrap_or("?").trim_start_matches("./"),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn write(guide: &Path, relative: &str, text: &str) {
    let path = guide.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The errors of `check` on the minimal guide with `relative` written as `text`, and the exit
/// status of `build` on it (which must refuse it the same way, without crashing).
fn refused(relative: &str, text: &str) -> Vec<String> {
    let guide = common::guide(None);
    write(guide.path(), relative, text);
    let lines = check(guide.path());
    let (code, _, stderr) = run(&["build", "--content", ".", "--out", "public"], guide.path());
    assert_eq!(code, 1, "build refuses it as content: {stderr}");
    lines.into_iter().filter(|l| l.contains(": erreur: ")).collect()
}

const PARTNER: &str = "structures/dep/profond.yaml";

#[test]
fn deep_block_lists_are_refused_at_the_first_level_too_many() {
    // 7,000 levels (16 KB) overflowed the stack of check, build and serve.
    for levels in [33, 7_000, 100_000] {
        let text = format!("nom: \"Profond\"\nnote:\n  {}x\n", "- ".repeat(levels));
        assert_eq!(
            refused(PARTNER, &text),
            [format!("{PARTNER}:3:65: erreur: plus de 32 niveaux de listes ou de dictionnaires imbriqués")],
            "{levels} levels"
        );
    }
}

#[test]
fn deep_block_mappings_and_flow_collections_are_refused() {
    let mut text = String::from("nom: \"Profond\"\nnote:\n");
    for level in 1..=40 {
        text.push_str(&format!("{}a:\n", "  ".repeat(level)));
    }
    assert_eq!(
        refused(PARTNER, &text),
        [format!("{PARTNER}:34:65: erreur: plus de 32 niveaux de listes ou de dictionnaires imbriqués")]
    );
    let text = format!("nom: \"Profond\"\nnote: {}x{}\n", "[{a: ".repeat(20), "}]".repeat(20));
    assert_eq!(
        refused(PARTNER, &text),
        [format!("{PARTNER}:2:83: erreur: plus de 32 niveaux de listes ou de dictionnaires imbriqués")]
    );
    // Deeper, the parser's own bound (255 brackets) is met first, while it looks ahead for a key.
    let text = format!("nom: \"Profond\"\nnote: {}x{}\n", "[{a: ".repeat(5_000), "}]".repeat(5_000));
    assert_eq!(
        refused(PARTNER, &text),
        [format!("{PARTNER}:2:643: erreur: YAML illisible : plus de 255 crochets ou accolades imbriqués")]
    );
}

#[test]
fn deep_front_matter_is_refused() {
    let text = format!("---\ntitre: \"Profond\"\nx:\n  {}x\n---\nTexte.\n", "- ".repeat(7_000));
    assert_eq!(
        refused("pages/profond.md", &text),
        ["pages/profond.md:4:65: erreur: plus de 32 niveaux de listes ou de dictionnaires imbriqués"]
    );
}

#[test]
fn a_theme_cannot_read_the_environment() {
    let guide = common::guide(None);
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"))
            .expect("default base.html");
    let spaced = "{{ get_env ( name=\"SECRET_TOKEN\", default=\"\" ) }}";
    write(guide.path(), "theme/templates/base.html", &base.replacen("</body>", &format!("{spaced}</body>"), 1));
    let output = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(["build", "--content", ".", "--out", "public"])
        .current_dir(guide.path())
        .env("SECRET_TOKEN", "s3cr3t-de-la-ci")
        .env("CI", "true")
        .output()
        .expect("bonneporte runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("le gabarit base.html appelle get_env, refusé : un gabarit met en page"), "{stderr}");
    assert!(!guide.path().join("public").exists(), "nothing written");
}

#[test]
fn the_default_theme_does_not_read_the_environment() {
    let guide = common::guide(None);
    let (code, _, stderr) = run(&["build", "--content", ".", "--out", "public"], guide.path());
    assert_eq!(code, 0, "{stderr}");
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates")) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).expect("template");
            assert!(!text.contains("get_env"), "{}", entry.path().display());
        }
    }
}
