//! A hostile guide: content written to crash, stall or subvert the tools (issue « Hostile
//! input », `docs/securite.md`). Each case puts a few synthetic files on top of the minimal
//! fixture guide and asserts the exact outcome: a located error, a refused request, safe output.
//! Commands run as a user (or CI) runs them, in a process of their own, so that a crash (a stack
//! overflow aborts the process) is a failed assertion on the exit status, not a lost test binary.
//!
//! The list: deep YAML (block, flow, front matter), deep or huge Markdown, files over the size
//! limit, an error on a very long line, theme templates reading the environment, a symlinked
//! `--out` and leftovers of killed builds, symlinks inside the guide, formulas in the CSV and
//! breaks in the vCard, `check --external` towards local or private addresses, `static/` files
//! in the place of generated ones or carrying a script, ids unfit for a file system, ids with
//! `..` or look-alike letters, references that climb out, `javascript:` / `data:` addresses in
//! every URL field, local paths in links, alias bombs, scripts in every shown text and in the
//! JSON-LD. The preview's (a foreign `Host`, idle, slow and many clients, file descriptors run
//! out) are in `tests/serve.rs`, which runs it; rendering any Markdown safely is a property of
//! `tests/props.rs`.

mod common;

use std::path::Path;
use std::process::Command;

/// Exit status, stdout and stderr of `bonneporte <args>`, run in `cwd`.
fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    run_with_env(args, cwd, &[])
}

/// The same with the variables `env` set too.
fn run_with_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_bonneporte"))
        .args(args)
        .current_dir(cwd)
        .env("BONNEPORTE_DATE", "2026-11-23")
        .env("CI", "true")
        .envs(env.iter().copied())
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

const PAGE: &str = "pages/forme.md";

#[test]
fn markdown_nested_too_deep_is_refused_where_it_gets_too_deep() {
    // 10 KB of `>` took seconds to build, 100 KB more than a minute (the sanitizer is quadratic
    // in the depth): now refused by `check` before anything is rendered.
    let deep = "plus de 32 niveaux imbriqués (citations « > », listes, mises en forme, balises HTML)";
    // The 33rd `>` of line 6; the line of raw HTML where the 33rd element opens.
    for (body, at) in [(">".repeat(10_000) + " x", "6:33"), ("<div>\n".to_string() + &"<div>".repeat(10_000), "7:1")] {
        let text = format!("---\ntitre: \"Forme\"\n---\nIntro.\n\n{body}\n");
        assert_eq!(refused(PAGE, &text), [format!("{PAGE}:{at}: erreur: {deep}")]);
    }
    let partner = format!(
        "nom: \"Profond\"\nreseau: mission-locale\nterritoire: bassin-bourges\ntelephone: \"02 99 00 00 09\"\n\
         date_maj: 2026-06-01\nsource: \"synthétique\"\ndescription: \"{} x\"\n",
        ">".repeat(200)
    );
    assert_eq!(refused(PARTNER, &partner), [format!("{PARTNER}:7:14: erreur: {deep}")]);
}

#[test]
fn a_markdown_text_over_the_limit_is_refused() {
    let text = format!("---\ntitre: \"Forme\"\n---\n{}\n", "mot ".repeat(70_000));
    assert_eq!(refused(PAGE, &text), [format!("{PAGE}:4:1: erreur: texte de 273 ko : la limite est de 256 ko")]);
}

#[test]
fn a_theme_cannot_read_the_environment() {
    let guide = common::guide(None);
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"))
            .expect("default base.html");
    let spaced = "{{ get_env ( name=\"SECRET_TOKEN\", default=\"\" ) }}";
    write(guide.path(), "theme/templates/base.html", &base.replacen("</body>", &format!("{spaced}</body>"), 1));
    let secret = [("SECRET_TOKEN", "s3cr3t-de-la-ci")];
    let (code, _, stderr) = run_with_env(&["build", "--content", ".", "--out", "public"], guide.path(), &secret);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("le gabarit base.html appelle get_env, refusé : un gabarit met en page"), "{stderr}");
    assert!(!guide.path().join("public").exists(), "nothing written");
    // What check accepts, build builds: check refuses the theme the same way.
    let (code, _, stderr) = run(&["check", "--content", "."], guide.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("le gabarit base.html appelle get_env, refusé"), "{stderr}");
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

/// The files of a folder, relative to it, sorted, with their bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            (relative, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

fn build(guide: &Path, out: &str) -> (i32, String) {
    let (code, _, stderr) = run(&["build", "--content", ".", "--out", out], guide);
    (code, stderr)
}

#[test]
fn a_symlinked_out_is_replaced_behind_its_link() {
    let guide = common::guide(None);
    let g = guide.path();
    assert_eq!(build(g, "plain").0, 0);
    let expected = tree(&g.join("plain"));
    assert_eq!(build(g, "real").0, 0);
    std::os::unix::fs::symlink("real", g.join("publink")).expect("symlink");
    for round in 0..3 {
        let (code, stderr) = build(g, "publink");
        assert_eq!(code, 0, "round {round}: {stderr}");
        assert!(std::fs::symlink_metadata(g.join("publink")).expect("link").file_type().is_symlink());
        assert!(tree(&g.join("real")) == expected, "round {round}: the real folder holds a whole build");
    }
    let mut names: Vec<String> = std::fs::read_dir(g)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.retain(|n| n.starts_with(".real") || n.starts_with(".publink"));
    assert_eq!(names, Vec::<String>::new(), "no staging or old folder left");
    std::os::unix::fs::symlink("nowhere", g.join("dangling")).expect("symlink");
    let (code, stderr) = build(g, "dangling");
    assert_eq!(code, 2);
    assert!(stderr.contains("dangling est un lien qui ne mène à aucun dossier"), "{stderr}");
}

#[test]
fn leftovers_of_killed_builds_are_removed_only_with_the_marker() {
    let guide = common::guide(None);
    let g = guide.path();
    let left = g.join(".public.tmp-4194305"); // no process has this pid (above Linux's largest pid_max)
    std::fs::create_dir_all(left.join("territoires")).expect("mkdir");
    std::fs::write(left.join(".bonneporte"), "Site produit par bonneporte.\n").expect("marker");
    std::fs::write(left.join("territoires/index.html"), "ancien").expect("page");
    let foreign = g.join(".public.tmp-4194306");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("notes.txt"), "à garder").expect("file");
    assert_eq!(build(g, "public").0, 0);
    assert!(!left.exists(), "a marked staging folder of a dead build is removed");
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).expect("kept"), "à garder");

    let old = g.join(".public.old");
    std::fs::create_dir_all(&old).expect("mkdir");
    std::fs::write(old.join("notes.txt"), "à garder").expect("file");
    // A rebuild updates the output in place and leaves the sibling alone; without the list of
    // the output's files, it swaps a new folder in, through `.public.old`.
    assert_eq!(build(g, "public").0, 0);
    assert_eq!(std::fs::read_to_string(old.join("notes.txt")).expect("kept"), "à garder");
    std::fs::remove_file(g.join("public/.bonneporte-empreintes")).expect("list");
    let before = tree(&g.join("public"));
    let (code, stderr) = build(g, "public");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(".public.old existe et n'est pas un dossier produit par bonneporte"), "{stderr}");
    assert_eq!(std::fs::read_to_string(old.join("notes.txt")).expect("kept"), "à garder");
    assert!(tree(&g.join("public")) == before, "the previous output is untouched");
    std::fs::write(old.join(".bonneporte"), "Site produit par bonneporte.\n").expect("marker");
    assert_eq!(build(g, "public").0, 0);
    assert!(!old.exists(), "a marked old output is removed");
    assert!(g.join("public/.bonneporte-empreintes").is_file(), "the new output lists its files");
}

#[test]
fn symlinks_inside_the_guide_are_reported_never_followed() {
    let guide = common::guide(None);
    let g = guide.path();
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::copy(g.join("structures/dep/ml-test.yaml"), outside.path().join("ml.yaml")).expect("copy");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    std::os::unix::fs::symlink(outside.path().join("ml.yaml"), g.join("structures/dep/lien.yaml")).expect("link");
    std::os::unix::fs::symlink(outside.path(), g.join("structures/ailleurs")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), g.join("static/secret.txt")).expect("link");
    std::os::unix::fs::symlink(outside.path(), g.join("theme")).expect("link");
    assert_eq!(
        check(g),
        [
            "static/secret.txt:1:1: avertissement: lien symbolique ignoré : ni copié ni lu",
            "structures/ailleurs:1:1: erreur: lien symbolique : cette fiche n'est pas lue",
            "structures/dep/lien.yaml:1:1: erreur: lien symbolique : cette fiche n'est pas lue",
            "theme:1:1: avertissement: lien symbolique ignoré : ni copié ni lu",
        ]
    );
    assert_eq!(build(g, "public").0, 1);
}

#[test]
fn the_csv_opens_without_a_formula_and_the_vcard_keeps_its_fields() {
    let guide = common::guide(None);
    let g = guide.path();
    let record = std::fs::read_to_string(g.join("structures/dep/ml-test.yaml")).expect("record");
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let record = record
        .replace("nom: \"Mission locale de test\"", &format!("nom: '{formula}'"))
        .replace(
            "adresse: \"1 rue de l'Exemple\"",
            "adresse: \"@SUM(1+1)\"\ncomplement_adresse: \"-2+3; \\\\, b\\nEND:VCARD\"",
        )
        .replace("commune: Vierzon", "commune: \"+Vierzon\"");
    write(g, "structures/dep/ml-test.yaml", &record);
    let (code, stderr) = build(g, "public");
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(g.join("public/donnees/structures.csv")).expect("csv");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let header = reader.headers().expect("header").clone();
    let row = reader
        .records()
        .map(|r| r.expect("row"))
        .find(|r| r.iter().next().is_some_and(|id| id.ends_with("--ml-test")))
        .expect("the partner's row");
    let column = |name: &str| row[header.iter().position(|h| h == name).expect(name)].to_string();
    assert_eq!(column("nom"), format!("'{formula}"));
    assert_eq!(column("adresse"), "'@SUM(1+1)");
    assert_eq!(column("complement_adresse"), "'-2+3; \\, b\nEND:VCARD", "a line break stays in its cell");
    assert_eq!(column("commune"), "'+Vierzon");
    assert_eq!(column("telephone"), "02 99 00 00 01", "other cells intact");
    let page = std::fs::read_to_string(g.join("public/structures/ml-test/index.html")).expect("page");
    let vcard = common::vcard_of_page(&page).expect("the page's vCard");
    let unfolded = vcard.replace("\r\n ", "");
    assert!(unfolded.contains("\r\nFN:=HYPERLINK(\"http://evil.example\"\\,\"x\")\r\n"), "{vcard}");
    assert!(
        unfolded.contains("\r\nADR;TYPE=work:;-2+3\\; \\\\\\, b\\nEND:VCARD;@SUM(1+1);+Vierzon;;18100;\r\n"),
        "{vcard}"
    );
    assert_eq!(vcard.matches("END:VCARD\r\n").count(), 1, "a value cannot end the card: {vcard}");
    assert!(vcard.split("\r\n").all(|line| line.len() <= 75), "{vcard}");
}

/// A local server that counts the requests it receives; `/vers-prive` redirects to a private
/// address, `/boucle` to itself.
fn counting_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let location = if line.contains("/vers-prive") {
                format!("http://10.1.2.3:{port}/x")
            } else {
                format!("http://127.0.0.1:{port}/boucle")
            };
            let response =
                format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = (&stream).write_all(response.as_bytes());
        }
    });
    (port, count)
}

#[test]
fn check_external_never_asks_a_local_or_private_address() {
    let guide = common::guide(None);
    let g = guide.path();
    let (port, count) = counting_server();
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(g.join(file)).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(g.join(file), text.replace(from, to)).expect("write");
    };
    edit("structures/dep/ml-test.yaml", "https://example.org/ml", &format!("http://127.0.0.1:{port}/secret"));
    edit("structures/tp-test.yaml", "https://example.org/tp", &format!("http://admin.localhost:{port}/secret"));
    edit(
        "structures/dep/ml-bourges.yaml",
        "nom: \"Mission locale de Bourges (test)\"\n",
        &format!(
            "nom: \"Mission locale de Bourges (test)\"\nsite_web: http://[::ffff:127.0.0.1]:{port}/\naccessibilite_lieu: http://169.254.169.254/latest/meta-data/\n"
        ),
    );
    let checked = bonneporte::site::check(g, common::today()).expect("check");
    let offline: Vec<String> = bonneporte::diag::short_report(&checked.diags, &checked.sources)
        .into_iter()
        .map(|l| l.replace(&port.to_string(), "PORT").split(" (aide").next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        offline,
        [
            "structures/dep/ml-bourges.yaml:2:11: avertissement: l'adresse web http://[::ffff:7f00:1]:PORT/ mène à cette machine ou à un réseau privé (::ffff:127.0.0.1), pas à un site public",
            "structures/dep/ml-bourges.yaml:3:21: avertissement: l'adresse web http://169.254.169.254/latest/meta-data/ mène à cette machine ou à un réseau privé (169.254.169.254), pas à un site public",
            "structures/dep/ml-test.yaml:10:11: avertissement: l'adresse web http://127.0.0.1:PORT/secret mène à cette machine ou à un réseau privé (127.0.0.1), pas à un site public",
            "structures/dep/ml-test.yaml:29:24: avertissement: l'adresse web http://127.0.0.1:PORT/secret/rendez-vous mène à cette machine ou à un réseau privé (127.0.0.1), pas à un site public",
            "structures/tp-test.yaml:4:11: avertissement: l'adresse web http://admin.localhost:PORT/secret mène à cette machine ou à un réseau privé (admin.localhost), pas à un site public",
        ]
    );
    let options =
        bonneporte::check::external::Options { timeout: std::time::Duration::from_secs(2), ..Default::default() };
    let diags = bonneporte::check::external::check(&checked.guide, &options);
    assert_eq!(diags.items.len(), 4, "one warning per address");
    assert!(diags.items.iter().all(|d| d.message.contains("n'a pas été demandée")));
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 0, "nothing reached the local server");

    // Allowed to ask the loopback (tests only), a redirect is checked again, and limited.
    edit("structures/dep/ml-test.yaml", "/secret", "/vers-prive");
    edit(
        "structures/tp-test.yaml",
        &format!("http://admin.localhost:{port}/secret"),
        &format!("http://127.0.0.1:{port}/boucle"),
    );
    let checked = bonneporte::site::check(g, common::today()).expect("check");
    let options = bonneporte::check::external::Options { allow_loopback: true, ..options };
    let mut diags = bonneporte::check::external::check(&checked.guide, &options);
    diags.sort(&checked.sources);
    let lines: Vec<String> = bonneporte::diag::short_report(&diags, &checked.sources)
        .into_iter()
        .map(|l| l.replace(&port.to_string(), "PORT").split(" (aide").next().unwrap_or_default().to_string())
        .filter(|l| !l.contains("ml-bourges"))
        .collect();
    assert_eq!(
        lines,
        [
            "structures/dep/ml-test.yaml:10:11: avertissement: l'adresse web http://127.0.0.1:PORT/vers-prive n'a pas été demandée : 10.1.2.3 mène à cette machine ou à un réseau privé (10.1.2.3)",
            "structures/tp-test.yaml:4:11: avertissement: l'adresse web http://127.0.0.1:PORT/boucle ne répond pas : plus de 5 redirections",
        ]
    );
}

#[test]
fn check_refuses_a_static_file_in_the_place_of_a_generated_one_and_warns_on_scripts() {
    // `build` stopped on these (exit 2) after `check` had passed them.
    let guide = common::guide(None);
    for name in ["index.html", "assets/site.css", "recherche/index.js", "a-propos/index.html", "robots.txt"] {
        write(guide.path(), &format!("static/{name}"), "x");
    }
    write(guide.path(), "static/a-propos/plan.pdf", "x");
    write(guide.path(), "static/formulaire.html", "<script>alert(1)</script>");
    write(guide.path(), "static/img/porte.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload =\"alert(1)\"/>");
    write(guide.path(), "static/img/sage.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Porte</title></svg>");
    write(guide.path(), "static/_headers", "/*\n  X-Frame-Options: ALLOW\n");
    let mut lines: Vec<String> = check(guide.path()).into_iter().filter(|l| l.starts_with("static/")).collect();
    lines.sort();
    let taken = |name: &str| {
        format!("static/{name}:1:1: erreur: static/{name} prendrait la place d'un fichier que la construction écrit")
    };
    let published =
        |name: &str, why: &str| format!("static/{name}:1:1: avertissement: static/{name} est publié tel quel : {why}");
    assert_eq!(
        lines,
        [
            published("_headers", "il règle le serveur qui héberge le site"),
            taken("a-propos/index.html"),
            taken("assets/site.css"),
            published("formulaire.html", "une page HTML peut exécuter un script sur le site"),
            published("img/porte.svg", "ce dessin SVG contient un script, qui s'exécute quand on l'ouvre"),
            taken("index.html"),
            taken("recherche/index.js"),
            taken("robots.txt"),
        ]
    );
}

#[test]
fn ids_fit_every_file_system() {
    let id = "a".repeat(101);
    let record = "nom: \"Synthétique\"\nreseau: mission-locale\nterritoire: bassin-bourges\ntelephone: \"02 99 00 00 09\"\n\
                  date_maj: 2026-06-01\nsource: \"synthétique\"\n";
    let lines = check_with(&format!("structures/dep/{id}.yaml"), record);
    assert!(lines.iter().any(|l| l.contains("identifiant de 101 caractères : 100 au plus")), "{lines:?}");
    let lines = check_with("structures/dep/con.yaml", record);
    assert!(lines.iter().any(|l| l.contains("identifiant « con » réservé par Windows")), "{lines:?}");
}

/// The diagnostics of `check` on the minimal guide with `relative` written as `text`.
fn check_with(relative: &str, text: &str) -> Vec<String> {
    let guide = common::guide(None);
    write(guide.path(), relative, text);
    check(guide.path())
}

#[test]
fn a_file_over_the_limit_is_refused_without_being_read() {
    // A 50 MB description cost 4.6 GB of memory.
    let text = format!("nom: \"Gros\"\ndescription: \"{}\"\n", "x".repeat(2 << 20));
    let over = "erreur: fichier de 2 048 ko : la limite est de 1 Mo par fichier";
    assert_eq!(refused(PARTNER, &text), [format!("{PARTNER}:1:1: {over}")]);
    let text = format!("---\ntitre: \"Gros\"\n---\n{}\n", "mot ".repeat(1 << 19));
    assert_eq!(refused(PAGE, &text), [format!("{PAGE}:1:1: {over}")]);
}

#[test]
fn an_error_on_a_long_line_shows_only_its_surroundings() {
    // A located error printed its whole line: here 900 KB, for one `[` too deep.
    let guide = common::guide(None);
    let text = format!("nom: \"Long\"\nnote: [{}, {}x{}]\n", "a".repeat(900_000), "[".repeat(40), "]".repeat(40));
    write(guide.path(), PARTNER, &text);
    let (code, _, stderr) = run(&["check", "--content", "."], guide.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.lines().all(|l| l.chars().count() < 150), "a line of the report is too long");
    let lines: Vec<&str> = stderr.lines().collect();
    // `note: [`, 900,000 `a`, `, `, then the 31st `[` (the record and `note` are two levels).
    let at = lines.iter().position(|l| l.ends_with(&format!("{PARTNER}:2:900040"))).expect("the place");
    let (snippet, marker) = (lines[at + 2], lines[at + 3]);
    let column = marker.chars().position(|c| c == '^').expect("marker");
    assert!(snippet.starts_with("2 | …aaa"), "{snippet}");
    assert_eq!(snippet.chars().nth(column), Some('['), "the marker points at the `[` too deep:\n{stderr}");
    assert_eq!(snippet.chars().skip(column).filter(|c| *c == '[').count(), 10, "{snippet}");
}

/// A partner of the minimal guide without its network and territory, which each case writes.
const PARTNER_BASE: &str =
    "nom: \"Synthétique\"\ntelephone: \"02 99 00 00 09\"\ndate_maj: 2026-06-01\nsource: \"synthétique\"\n";
const PLACED: &str = "reseau: mission-locale\nterritoire: bassin-bourges\n";

/// Ids, references and addresses that try to leave the guide, pass for another, run a script or
/// multiply a document: each is a located error of `check` (and `build` refuses the guide).
#[test]
fn hostile_values_get_located_errors() {
    let id_rule = "lettres minuscules sans accents, chiffres et tirets simples, sans tiret au début ni à la fin";
    let web = |value: &str, scheme: &str| {
        format!(
            "adresse web « {value} » invalide : seules les adresses http:// ou https:// sont acceptées (pas « {scheme}: ») ; forme attendue : https://www.exemple.fr/page"
        )
    };
    let placed = format!("{PARTNER_BASE}{PLACED}");
    let bomb = (b'b'..=b'i').fold("nom: \"Bombe\"\na: &a [x, x, x, x, x, x, x, x, x, x]\n".to_string(), |doc, n| {
        let (n, previous) = (n as char, (n - 1) as char);
        format!("{doc}{n}: &{n} [{}]\n", vec![format!("*{previous}"); 10].join(", "))
    });
    // (file, text, its errors: `line:column: message`)
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        ("structures/dep/a..b.yaml", placed.clone(), vec![format!("1:1: identifiant « a..b » invalide : {id_rule} ; proposition : « a-b » (nom du fichier)")]),
        // A Cyrillic « о » in the place of the Latin one of `ml-bourges`.
        ("structures/dep/ml-b\u{43e}urges.yaml", placed.clone(), vec![format!("1:1: identifiant « ml-b\u{43e}urges » invalide : {id_rule} ; proposition : « ml-b-urges » (nom du fichier)")]),
        (PARTNER, format!("{PARTNER_BASE}reseau: missi\u{43e}n-locale\nterritoire: bassin-bourges\n"), vec!["5:9: réseau inconnu : « missi\u{43e}n-locale »".into()]),
        (PARTNER, format!("{PARTNER_BASE}reseau: mission-locale\nterritoire: \"../../site\"\n"), vec!["6:13: territoire inconnu : « ../../site »".into()]),
        (PARTNER, format!("{placed}site_web: \"javascript:alert(1)\"\n"), vec![format!("7:11: {}", web("javascript:alert(1)", "javascript"))]),
        (PARTNER, format!("{placed}accessibilite_lieu: \"data:text/html,<script>alert(1)</script>\"\n"), vec![format!("7:21: {}", web("data:text/html,<script>alert(1)</script>", "data"))]),
        (PARTNER, format!("{placed}courriel: \"javascript:alert(1)//@example.org\"\n"), vec!["7:11: courriel « javascript:alert(1)//@example.org » invalide : caractère non permis (accents, espaces, guillemets ou parenthèses) ; forme attendue : accueil@exemple.fr".into()]),
        (PARTNER, format!("{placed}description: \"[a](/etc/passwd) [b](@/../../site.yaml)\"\n"), vec![
            "7:19: lien « /etc/passwd » depuis la racine du serveur : depuis la page structures/profond/index.html, il mène à etc/passwd, qui n'est pas dans le site".into(),
            "7:36: lien « @/../../site.yaml » mal formé : attendu @/<type>/<id> avec un type parmi reseaux, structures, territoires, parcours, pages, ou @/static/<chemin> pour un fichier de static/".into(),
        ]),
        (PARTNER, format!("{placed}services:\n  - nom: \"Atelier\"\n    description: \"Un atelier synthétique.\"\n    type: atelier\n    thematiques: [preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation]\n    modes_accueil: [en-presentiel]\n    modes_mobilisation: [utiliser-lien-mobilisation]\n    lien_mobilisation: \"JaVaScRiPt:alert(1)\"\n"), vec![format!("14:24: {}", web("JaVaScRiPt:alert(1)", "javascript"))]),
        // Aliases of aliases: ten to the power nine values from ten lines ("billion laughs").
        ("structures/dep/bombe.yaml", bomb, vec!["7:8: plus de 200 000 valeurs dans ce fichier (un alias * compte chaque fois qu'il sert)".into()]),
    ];
    for (file, text, expected) in cases {
        let errors: Vec<String> = refused(file, &text)
            .into_iter()
            .filter_map(|l| l.strip_prefix(&format!("{file}:")).map(|l| l.replace(": erreur: ", ": ")))
            .collect();
        assert_eq!(errors, expected, "{file}:\n{text}");
    }
}

/// A script in every text the site shows (a partner's fields and services, a territory, a
/// network, a page's and a walkthrough's title), and links to `javascript:`, `data:` or local
/// files in a Markdown text: the guide builds, every text is shown escaped, no link keeps such
/// an address, and the JSON-LD cannot be closed.
#[test]
fn scripts_in_every_text_are_shown_as_text() {
    let guide = common::guide(None);
    let g = guide.path();
    let payload = "</script><script>alert(1)</script><img src=x onerror=alert(1)>";
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(g.join(file)).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(g.join(file), text.replacen(from, to, 1)).expect("write");
    };
    let partner = "structures/dep/ml-test.yaml";
    for from in [
        "Mission locale de test",
        "1 rue de l'Exemple",
        "Bilan de compétences jeunes",
        "De 16 à 25 ans.",
        "Être inscrit à la mission locale.",
        "Prendre rendez-vous en ligne ou passer à l'accueil.",
        "2 € pour l'impression.",
    ] {
        edit(partner, from, &format!("{from} {payload}"));
    }
    edit(
        partner,
        "Faire le point sur ses compétences",
        &format!(
            "{payload} [a](javascript:alert(1)) [b](data:text/html,x) ![c](data:image/svg+xml,x) [d](file:///etc/passwd) [e](vbscript:x) Faire le point sur ses compétences"
        ),
    );
    edit("territoires/bassin-vierzon.yaml", "Bassin de Vierzon", &format!("Bassin de Vierzon {payload}"));
    edit("reseaux/mission-locale.yaml", "nom: \"Mission locale", &format!("nom: \"Mission locale {payload}"));
    edit("pages/a-propos.md", "À propos", &format!("À propos {payload}"));
    edit("parcours/jeune-emploi.md", "Un jeune cherche un emploi", &format!("Un jeune cherche un emploi {payload}"));
    let (code, stderr) = build(g, "public");
    assert_eq!(code, 0, "{stderr}");
    let escaped = "&lt;&#x2F;script&gt;&lt;script&gt;alert(1)&lt;&#x2F;script&gt;&lt;img src=x onerror=alert(1)&gt;";
    let mut pages = 0;
    for (name, bytes) in tree(&g.join("public")).into_iter().filter(|(name, _)| name.ends_with(".html")) {
        let html = String::from_utf8_lossy(&bytes);
        for raw in
            ["<script>alert", "<img src=x", "href=\"javascript:", "src=\"data:", "href=\"file:", "href=\"vbscript:"]
        {
            assert!(!html.contains(raw), "{name} has {raw}");
        }
        // The one `data:` link is the partner's own vCard, which the build writes.
        let data_links = html.matches("href=\"data:").count();
        assert_eq!(
            data_links,
            html.matches("href=\"data:text/vcard;charset=utf-8,BEGIN:VCARD").count(),
            "{name} has href=\"data:"
        );
        for json_ld in html.split("<script type=\"application/ld+json\">").skip(1) {
            let block = json_ld.split("</script>").next().unwrap_or_default();
            assert!(!block.contains('<'), "{name}: a JSON-LD block holds a raw `<`");
        }
        pages += usize::from(html.contains(escaped) || html.contains(&escaped.replace("&#x2F;", "/")));
    }
    let page = std::fs::read_to_string(g.join("public/structures/ml-test/index.html")).expect("partner page");
    let shown = page.matches(escaped).count() + page.matches(&escaped.replace("&#x2F;", "/")).count();
    assert!(shown >= 7, "the partner's texts are shown escaped ({shown}):\n{page}");
    assert!(page.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"), "the JSON-LD writes `<` as \\u003c");
    assert!(pages > 5, "the escaped texts are shown on the pages that name them ({pages})");
}
