//! Property tests (proptest): no content makes `load`, `check` or `build` panic, and no content
//! makes a page run code (script element, event handler, `javascript:` URL) or break the CSP.
//!
//! The guides are the minimal fixture guide with random or hostile text put in its files (the
//! text is synthetic). Case counts are small so that `cargo test --release` stays quick;
//! `PROPTEST_CASES=5000` runs a long session (every property then runs that many cases).

mod common;

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;

use bonneporte::build::{self, BuildConfig};
use bonneporte::diag::Diagnostics;
use bonneporte::graph::address;
use bonneporte::render;
use bonneporte::render::theme::Theme;
use bonneporte::site::{self, Options, Site};

/// Markup and Markdown that tried to run code in one browser or another, and text that template
/// engines, YAML or front matter could take for their own syntax.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[lien](javascript:alert(1))",
    "[lien](  JAVASCRIPT:alert(1) \"t\")",
    "![image](javascript:alert(1))",
    "[r]: javascript:alert(1)\n\n[x][r]",
    "<javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<base href=\"javascript:/\">",
    "<iframe src=\"https://ailleurs.example/\"></iframe>",
    "<object data=x></object>",
    "<style>body{display:none}</style>",
    "<p style=\"color:red\">rouge</p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "</title><script>alert(1)</script>",
    "<!--",
    "-->",
    "]]>",
    "{{ l.title }}",
    "{% raw %}",
    "${x}",
    "\n---\n",
    "\n# Titre\n",
    "\n| a | b |\n|---|---|\n| <script>x</script> | y |\n",
    "`<script>`",
    "@/structures/ml-test",
    "&amp;&lt;&#0;",
    "\u{2028}\u{feff}\u{0}",
];

/// Text built from hostile pieces, random characters and random Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(HOSTILE).prop_map(str::to_string),
        2 => "[a-zA-Z <>\"'=:/&#;()\\[\\]!-]{0,24}",
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|pieces| pieces.concat())
}

/// `PROPTEST_CASES` when set, otherwise `default` (the count run by `cargo test`).
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// A YAML double-quoted scalar holding `text` exactly (JSON escapes are YAML escapes).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("string")
}

/// Checks the guide; without error, renders every page in memory as the build does (without
/// the link gate, so that a hostile relative link does not hide the rest of the page: `check`'s
/// errors on links, which the link gate would also stop, are let through), else returns the
/// errors.
fn render_pages(guide: &Path) -> Result<Vec<(String, String)>, Vec<String>> {
    let checked = site::check(guide, common::today()).expect("guide folder readable");
    let errors: Vec<String> = bonneporte::diag::short_report(&checked.diags, &checked.sources)
        .into_iter()
        .filter(|line| {
            line.contains(": erreur: ") && !line.contains(": erreur: lien ") && !line.contains(": erreur: ancre ")
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    // Only errors on links are left, which the pages are rendered despite.
    let options = Options { base_url: Some("https://exemple.fr/guide/".into()), today: common::today() };
    let site = Site::resolve(&checked.guide, &Diagnostics::default(), options).map_err(|e| vec![e.to_string()])?;
    let theme = Theme::load(checked.guide.theme_dir.as_deref()).map_err(|e| vec![e])?;
    address::jobs(&site.graph)
        .iter()
        .map(|job| {
            let html = render::page(&site, &theme, job).map_err(|e| vec![e.to_string()])?;
            Ok((job.file(&site.graph), html))
        })
        .collect()
}

/// Loads, checks and builds the guide: errors are data (content errors, a broken link), a panic
/// fails the case. Returns the built pages, if any.
fn build_pages(guide: &Path) -> Vec<(String, String)> {
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let config = BuildConfig { content: guide.into(), out: out.clone(), base_url: None, today: common::today() };
    if build::build(&config).is_err() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().display().to_string(), std::fs::read_to_string(e.path()).expect("page")))
        .collect()
}

/// A web address that `check` accepts, with hostile text in its path and query.
fn web_address(text: &str) -> String {
    format!("https://example.org/{}", text.split_whitespace().collect::<String>())
}

/// Hostile text in each place an editor writes text: page title and body, a partner's name and
/// address, a network's summary, a walkthrough's step and body, the site's description and a
/// partner's web address (its path).
fn write_hostile_guide(guide: &Path, texts: &[String; 6]) {
    let write = |file: &str, text: String| std::fs::write(guide.join(file), text).expect("write");
    write("pages/a-propos.md", format!("---\ntitre: {}\nordre: 1\n---\n{}\n", yaml_string(&texts[0]), texts[1]));
    let partner = std::fs::read_to_string(guide.join("structures/dep/ml-test.yaml")).expect("partner");
    let partner = partner
        .replace("nom: \"Mission locale de test\"", &format!("nom: {}", yaml_string(&texts[2])))
        .replace("adresse: \"1 rue de l'Exemple\"", &format!("adresse: {}", yaml_string(&texts[3])))
        .replace("site_web: https://example.org/ml", &format!("site_web: {}", yaml_string(&web_address(&texts[5]))));
    write("structures/dep/ml-test.yaml", partner);
    let network = std::fs::read_to_string(guide.join("reseaux/mission-locale.yaml")).expect("network");
    let network = network
        .replace("resume: \"Accueille les jeunes de 16 à 25 ans.\"", &format!("resume: {}", yaml_string(&texts[4])));
    write("reseaux/mission-locale.yaml", network);
    let walkthrough = std::fs::read_to_string(guide.join("parcours/jeune-emploi.md")).expect("walkthrough");
    let walkthrough = walkthrough.replace("\"Il est accueilli.\"", &yaml_string(&texts[3])) + &texts[1];
    write("parcours/jeune-emploi.md", walkthrough);
    let site = std::fs::read_to_string(guide.join("site.yaml")).expect("site");
    let site = site.replace(
        "description: \"Guide synthétique pour les tests de bonneporte.\"",
        &format!("description: {}", yaml_string(&texts[0])),
    );
    write("site.yaml", site);
}

proptest! {
    #![proptest_config(config(24))]

    /// No content produces a script element, an event handler, a `javascript:` URL, an inline
    /// style or any other element the CSP or the theme does not allow.
    #[test]
    fn no_content_runs_code_in_a_page(texts in prop::array::uniform6(hostile_text())) {
        let guide = common::guide(None);
        write_hostile_guide(guide.path(), &texts);
        let pages = render_pages(guide.path());
        prop_assert!(pages.is_ok(), "the hostile guide should build: {:?}", pages.err());
        for (page, html) in pages.unwrap_or_default() {
            let found = common::markup::violations(&html);
            prop_assert!(found.is_empty(), "{page}: {found:?}");
        }
    }
}

/// The files of the minimal fixture guide that a mutation may change.
const FILES: &[&str] = &[
    "site.yaml",
    "publics.yaml",
    "besoins.yaml",
    "portes.yaml",
    "reseaux/mission-locale.yaml",
    "structures/dep/ml-test.yaml",
    "structures/tp-test.yaml",
    "territoires/bassin-vierzon.yaml",
    "territoires/region-test.yaml",
    "pages/a-propos.md",
    "pages/index.md",
    "parcours/jeune-emploi.md",
];

/// A change to a file's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// The whole file replaced.
    Replace(String),
    /// Text inserted at a fraction of the file's length.
    Insert(f64, String),
    /// A range removed, from and to fractions of the length.
    Remove(f64, f64),
    /// The file cut at a fraction of its length.
    Truncate(f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fraction = 0.0..=1.0f64;
    prop_oneof![
        hostile_text().prop_map(Mutation::Replace),
        (fraction.clone(), prop_oneof![hostile_text(), yaml_noise()]).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (fraction.clone(), fraction.clone()).prop_map(|(a, b)| Mutation::Remove(a.min(b), a.max(b))),
        fraction.prop_map(Mutation::Truncate),
    ]
}

/// Pieces of YAML syntax: anchors, aliases, tags, flow collections, merge keys, odd indents.
fn yaml_noise() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(
        &[
            "\n",
            "  ",
            "\t",
            ": ",
            "- ",
            "? ",
            "&a ",
            "*a",
            "!!binary ",
            "!<tag:x> ",
            "<<: *a\n",
            "{",
            "}",
            "[",
            "]",
            ",",
            "'",
            "\"",
            "|\n",
            ">-\n",
            "#",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "~",
            "0x1F",
            "1e999",
            ".nan",
            "2026-13-45",
            "\u{feff}",
            "\\u0000",
        ][..],
    );
    prop::collection::vec(piece, 1..12).prop_map(|p| p.concat())
}

/// Index of the char boundary nearest below `fraction` of `text`'s length.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = (text.len() as f64 * fraction) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    match mutation {
        Mutation::Replace(new) => new.clone(),
        Mutation::Insert(at, piece) => {
            let at = boundary(text, *at);
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
        Mutation::Remove(from, to) => format!("{}{}", &text[..boundary(text, *from)], &text[boundary(text, *to)..]),
        Mutation::Truncate(at) => text[..boundary(text, *at)].to_string(),
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Random changes to the fixture guide's YAML, front matter and Markdown never make load,
    /// check or build panic (a panic fails the case); what builds stays free of code.
    #[test]
    fn mutated_guides_never_panic(changes in prop::collection::vec((prop::sample::select(FILES), mutation()), 1..4)) {
        let guide = common::guide(None);
        for (file, mutation) in &changes {
            let path = guide.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, mutate(&text, mutation)).expect("write");
        }
        for (page, html) in build_pages(guide.path()) {
            let found = common::markup::violations(&html);
            prop_assert!(found.is_empty(), "{page}: {found:?}");
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Markdown alone, many cases (no build): sanitized HTML never carries code, whatever the
    /// `@/` links resolve to.
    #[test]
    fn markdown_never_yields_code(text in hostile_text()) {
        let html = bonneporte::content::markdown::to_html(&text, &|dest| Some(format!("../{dest}")));
        let page = format!("<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body>{html}</body></html>");
        let found = common::markup::violations(&page);
        prop_assert!(found.is_empty(), "{found:?}");
    }
}
