//! The link gate: a theme override whose links lead nowhere fails the build with a message that
//! names the page and the link, and leaves the previous output untouched.

mod common;

use std::path::Path;

use bonneporte::site::{BuildConfig, BuildError, build};

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
            (Err(BuildError::Failed(message)), false) => {
                for line in expected {
                    assert!(message.contains(line), "{markup}: expected « {line} » in\n{message}");
                }
                assert!(message.starts_with("1 lien(s) interne(s) cassé(s)"), "{markup}: one broken link\n{message}");
                assert_eq!(std::fs::read(out.join("a-propos/index.html")).expect("page"), before, "output changed");
            }
            (Ok(_), false) => panic!("{markup}: the build should fail"),
            (Err(BuildError::Failed(m)), true) => panic!("{markup}: the build should succeed: {m}"),
            (Err(BuildError::Content(_)), _) => panic!("{markup}: content errors"),
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
    if let Err(BuildError::Failed(message)) = &result {
        panic!("{message}");
    }
    assert!(result.is_ok());
}
