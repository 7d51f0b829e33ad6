//! The link gate: a theme override whose links lead nowhere fails the build with a message that
//! names the page and the link, and leaves the previous output untouched.

mod common;

use std::path::Path;

use bonneporte::build::{BuildConfig, build};
use bonneporte::site::Error;

fn config(content: &Path, out: &Path) -> BuildConfig {
    BuildConfig { content: content.into(), out: out.into(), base_url: None, today: common::today() }
}

/// Free pages (`pages/*.md`) rendered through `template` instead of the default `page.html`.
fn override_page_template(guide: &Path, template: &str) {
    let dir = guide.join("theme/templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{template}\n{{% endblock content %}}\n");
    std::fs::write(dir.join("page.html"), text).expect("write template");
}

/// (markup added to free pages, lines the error must contain; none: the build succeeds)
const CASES: [(&str, &[&str]); 7] = [
    (r#"<a href="../plan-du-site/index.html">plan</a> <a href="{{ l.home }}">accueil</a>"#, &[]),
    (
        r##"<a href="#contenu">haut</a> <a href="../lisez-moi.txt">texte</a> <a href="https://ailleurs.example/">x</a>"##,
        &[],
    ),
    (
        r#"<a href="../perdue/index.html">perdue</a>"#,
        &["a-propos/index.html : « ../perdue/index.html » mène à perdue/index.html, qui n'existe pas dans le site"],
    ),
    (r#"<img src="../images/absente.png" alt="">"#, &["« ../images/absente.png » mène à images/absente.png"]),
    (r#"<img srcset="../lisez-moi.txt 1x, ../x2.png 2x" alt="">"#, &["« ../x2.png » mène à x2.png"]),
    (
        r##"<a href="#nulle-part">ancre</a>"##,
        &["« #nulle-part » vise l'ancre #nulle-part, qu'aucun élément de a-propos/index.html ne porte"],
    ),
    (
        r##"<a href="../plan-du-site/index.html#absente">ancre</a>"##,
        &["vise l'ancre #absente, qu'aucun élément de plan-du-site/index.html ne porte"],
    ),
];

#[test]
fn broken_internal_links_fail_the_build_and_name_page_and_link() {
    for (markup, expected) in CASES {
        let guide = common::guide(None);
        let sites = tempfile::tempdir().expect("tempdir");
        let out = sites.path().join("public");
        assert!(build(&config(guide.path(), &out)).is_ok(), "first build");
        let before = std::fs::read(out.join("a-propos/index.html")).expect("page");
        override_page_template(guide.path(), markup);
        match (build(&config(guide.path(), &out)), expected.is_empty()) {
            (Ok(_), true) => {}
            (Err(Error::Links(message)), false) => {
                for line in expected {
                    assert!(message.contains(line), "{markup}: expected « {line} » in\n{message}");
                }
                assert!(message.starts_with("1 lien interne cassé"), "{markup}: one broken link\n{message}");
                assert_eq!(std::fs::read(out.join("a-propos/index.html")).expect("page"), before, "output changed");
            }
            (Ok(_), false) => panic!("{markup}: the build should fail"),
            (Err(Error::Content(_)), _) => panic!("{markup}: content errors"),
            (Err(e), _) => panic!("{markup}: the build should succeed or fail on a link: {e}"),
        }
    }
}

#[test]
fn the_bundled_guide_builds_with_every_internal_link_resolved() {
    let sites = tempfile::tempdir().expect("tempdir");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let result = build(&BuildConfig {
        content,
        out: sites.path().join("public"),
        base_url: Some("https://exemple.fr/guide/".into()),
        today: common::today(),
    });
    if let Err(error) = &result {
        panic!("{error}");
    }
    assert!(result.is_ok());
}

/// A web server on 127.0.0.1 for `check --external` (no test goes on the network): `/ok` answers,
/// `/absent` is a 404, `/sans-head` refuses HEAD but serves GET, `/lent` answers too late.
fn serve_local() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut request_line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut request_line);
                let mut words = request_line.split_whitespace();
                let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") | ("GET", "/sans-head") => "200 OK",
                    ("HEAD", "/sans-head") => "405 Method Not Allowed",
                    (_, "/lent") => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let response = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                let _ = (&stream).write_all(response.as_bytes());
            });
        }
    });
    port
}

/// A port of 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[test]
fn check_external_warns_at_the_field_of_each_failing_address() {
    let guide = common::guide(None);
    let (port, closed) = (serve_local(), closed_port());
    let edit = |file: &str, from: &str, to: &str| {
        let path = guide.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).expect("write");
    };
    let base = format!("http://127.0.0.1:{port}");
    edit("structures/dep/ml-test.yaml", "https://example.org/ml", &format!("{base}/absent"));
    edit("structures/tp-test.yaml", "https://example.org/tp", &format!("{base}/sans-head"));
    edit("reseaux/mission-locale.yaml", "sigle: ML\n", &format!("sigle: ML\nsite_web: {base}/lent\n"));
    edit(
        "structures/dep/ml-bourges.yaml",
        "nom: \"Mission locale de Bourges (test)\"\n",
        &format!(
            "nom: \"Mission locale de Bourges (test)\"\nsite_web: {base}/ok\naccessibilite_lieu: http://127.0.0.1:{closed}/\n"
        ),
    );
    let checked = bonneporte::site::check(guide.path(), common::today()).expect("check");
    assert!(!checked.diags.has_errors(), "{:?}", bonneporte::diag::short_report(&checked.diags, &checked.sources));
    let options = bonneporte::check::external::Options {
        timeout: std::time::Duration::from_millis(800),
        concurrency: 2,
        allow_loopback: true,
        ..Default::default()
    };
    let mut diags = bonneporte::check::external::check(&checked.guide, &options);
    diags.sort(&checked.sources);
    let lines: Vec<String> = bonneporte::diag::short_report(&diags, &checked.sources)
        .into_iter()
        .map(|l| l.replace(&port.to_string(), "PORT").replace(&closed.to_string(), "FERME"))
        .map(|l| l.split(" (aide").next().unwrap_or_default().to_string())
        .collect();
    let expected = [
        "reseaux/mission-locale.yaml:3:11: avertissement: l'adresse web http://127.0.0.1:PORT/lent ne répond pas : pas de réponse dans le délai",
        "structures/dep/ml-bourges.yaml:3:21: avertissement: l'adresse web http://127.0.0.1:FERME/ ne répond pas : connexion refusée",
        "structures/dep/ml-test.yaml:10:11: avertissement: l'adresse web http://127.0.0.1:PORT/absent ne répond pas : réponse HTTP 404",
    ];
    assert_eq!(lines, expected);
}
