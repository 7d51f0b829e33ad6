//! Builds of the minimal fixture guide: determinism, atomicity, sanitizing, links, sub-paths.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use bonneporte::build::{BuildConfig, build};
use bonneporte::site::Error;

fn config(content: &Path, out: &Path, base_url: Option<&str>) -> BuildConfig {
    BuildConfig {
        content: content.into(),
        out: out.into(),
        base_url: base_url.map(str::to_string),
        today: common::today(),
    }
}

/// Every file of a built site with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
            (relative, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A built file, its no-break spaces read as spaces: what a page says, not how it sets French
/// punctuation (`render::typography` and `pages_set_french_punctuation` test that).
fn page(out: &Path, relative: &str) -> String {
    let text = std::fs::read_to_string(out.join(relative)).unwrap_or_else(|_| panic!("{relative} missing"));
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn same_guide_gives_byte_identical_output() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let (a, b) = (sites.path().join("a"), sites.path().join("b"));
    assert!(build(&config(guide.path(), &a, None)).is_ok());
    assert!(build(&config(guide.path(), &b, None)).is_ok());
    let (first, second) = (snapshot(&a), snapshot(&b));
    assert!(first.len() > 20, "too few files: {}", first.len());
    assert!(first == second, "two builds differ");
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let before = snapshot(&out);
    common::overlay(&common::fixtures().join("errors/invalid-fields"), guide.path());
    match build(&config(guide.path(), &out, None)) {
        Err(Error::Content(checked)) => assert!(checked.diags.error_count() >= 5),
        _ => panic!("the build should fail on content errors"),
    }
    assert!(snapshot(&out) == before, "the previous output changed");
    let leftovers: Vec<String> = std::fs::read_dir(sites.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["public"], "a failed build left files behind");
}

/// A rebuild into the same folder after a one-partner edit rewrites only the files that changed,
/// leaves the others as they are, rewrites a file edited by hand, removes a file the build does
/// not make, and ends with exactly the output of a fresh build.
#[test]
fn a_rebuild_writes_only_what_changed_and_ends_as_a_fresh_build() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let (out, fresh) = (sites.path().join("public"), sites.path().join("fresh"));
    let (first, _) = build(&config(guide.path(), &out, None)).expect("first build");
    assert_eq!(first.unchanged, 0, "nothing to keep from an empty folder");
    let css = out.join("assets/site.css");
    let css_before = std::fs::metadata(&css).expect("css").modified().expect("mtime");
    let record = guide.path().join("structures/dep/ml-test.yaml");
    let text = std::fs::read_to_string(&record).expect("record");
    std::fs::write(&record, text.replace("02 99 00 00 01", "02 99 00 00 09")).expect("edit");
    std::fs::write(out.join("de-trop.txt"), "pas du site").expect("stray file");
    let mut edited = std::fs::read_to_string(out.join("404.html")).expect("404");
    edited.push_str("<!-- à la main -->");
    std::fs::write(out.join("404.html"), edited).expect("hand edit");

    let (again, _) = build(&config(guide.path(), &out, None)).expect("rebuild");
    let rewritten = again.files - again.unchanged;
    assert!(rewritten > 0 && rewritten * 4 < again.files, "{rewritten} of {} files rewritten", again.files);
    assert_eq!(std::fs::metadata(&css).expect("css").modified().expect("mtime"), css_before, "site.css rewritten");
    assert!(page(&out, "structures/ml-test/index.html").contains("02 99 00 00 09"));
    assert!(build(&config(guide.path(), &fresh, None)).is_ok());
    assert!(snapshot(&out) == snapshot(&fresh), "the rebuilt output differs from a fresh build");
    let mut siblings: Vec<String> = std::fs::read_dir(sites.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    siblings.sort();
    assert_eq!(siblings, ["fresh", "public"], "a rebuild left a folder behind");
}

/// An edit of a guide: `(file, text replaced, by, pages kept without rendering, search index
/// kept)`; an empty text replaced writes the file anew, an empty file edits nothing.
type Edit = (&'static str, &'static str, &'static str, usize, bool);

/// Pages kept without rendering: partner pages, territory pages, pages of communes.
const fn kept(partners: usize, territories: usize, communes: usize) -> usize {
    partners + territories + communes
}

/// Edits of the minimal guide (3 partners, 4 territories, 2 pages of communes from A to Z), each
/// after the build before. A rebuild keeps the partner pages but the edited partner's, the
/// territory pages that show none of its lists, the pages of communes (`render::reuse`) unless
/// something else than a partner changed, and the search export made from the index when only
/// what results show changed (a phone). The département and its bassins show every partner of
/// the département; the region page, only those located at the region.
const EDITS: &[Edit] = &[
    ("structures/dep/ml-test.yaml", "02 99 00 00 01", "02 99 00 00 02", kept(2, 1, 2), true),
    (
        "structures/dep/ml-test.yaml",
        "fauteuil: oui",
        "fauteuil: non\ndescription: \"Voir [Bourges](@/structures/ml-bourges).\"",
        kept(2, 1, 2),
        false,
    ),
    ("structures/dep/ml-test.yaml", "territoire: bassin-vierzon", "territoire: bassin-bourges", kept(2, 1, 2), false),
    (
        "structures/dep/ml-bourges.yaml",
        "Mission locale de Bourges (test)",
        "Mission locale de Bourges",
        kept(2, 1, 2),
        false,
    ),
    ("structures/tp-test.yaml", "Transitions Pro de test", "Transitions Pro (test)", kept(2, 0, 2), false),
    ("reseaux/mission-locale.yaml", "sigle: ML", "sigle: ML\ntelephone: \"02 99 00 00 77\"", 0, false),
    ("reseaux/mission-locale.yaml", "publics: [jeune-16-25]", "publics: [jeune-16-25, salarie]", 0, false),
    ("territoires/bassin-vierzon.yaml", "Bassin de Vierzon", "Bassin vierzonnais", 0, false),
    ("site.yaml", "0 800 000 000", "0 800 000 001", 0, false),
    ("static/plan.txt", "", "un plan", 0, false),
    ("", "", "", kept(3, 4, 2), true),
    ("structures/dep/ml-neuve.yaml", "", NEW_PARTNER, 0, false),
    (
        "theme/templates/partner.html",
        "",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ l.title }}</h1>{% endblock %}",
        0,
        false,
    ),
    ("", "", "", kept(4, 4, 2), true),
];

const NEW_PARTNER: &str = "nom: \"Mission locale neuve\"\nreseau: mission-locale\nterritoire: bassin-vierzon\n\
    telephone: \"02 99 00 00 05\"\ndate_maj: 2026-06-01\nsource: \"synthétique\"\n";

/// Edits of the other region's guide (11 partners; a region, two départements, three bassins;
/// 3 pages of communes): a partner of Finistère leaves Ille-et-Vilaine's pages and the region's
/// as they were, unless it moves there, or changes network (each page counts a network's
/// partners elsewhere).
const OTHER_REGION_EDITS: &[Edit] = &[
    ("structures/finistere/ml-quimper.yaml", "02 61 91 00 02", "02 61 91 00 12", kept(10, 3, 3), true),
    (
        "structures/finistere/ml-quimper.yaml",
        "territoire: bassin-de-quimper",
        "territoire: bassin-de-rennes",
        kept(10, 1, 3),
        false,
    ),
    ("structures/finistere/ml-quimper.yaml", "reseau: mission-locale", "reseau: cio", kept(10, 0, 3), false),
    ("", "", "", kept(11, 6, 3), true),
];

/// After each of [`EDITS`], a rebuild keeps what the edit says, and ends as a fresh build, byte
/// for byte. A page edited by hand is rendered again.
#[test]
fn a_rebuild_after_each_edit_keeps_what_did_not_change_and_ends_as_a_fresh_build() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    build(&config(guide.path(), &out, None)).expect("first build");
    std::fs::write(out.join("structures/tp-test/index.html"), "<p>à la main</p>").expect("hand edit");
    let (again, _) = build(&config(guide.path(), &out, None)).expect("rebuild");
    assert_eq!(again.reused, kept(2, 4, 2), "a partner page edited by hand is not kept");
    check_edits(guide.path(), EDITS);
}

/// [`OTHER_REGION_EDITS`], as [`EDITS`].
#[test]
fn a_rebuild_of_another_region_keeps_the_pages_of_the_departements_not_edited() {
    let guide = tempfile::tempdir().expect("tempdir");
    common::overlay(&common::fixtures().join("bretagne"), guide.path());
    check_edits(guide.path(), OTHER_REGION_EDITS);
}

/// Builds `guide`, then makes each of `edits`, rebuilds, and compares with a fresh build.
fn check_edits(guide: &Path, edits: &[Edit]) {
    let sites = tempfile::tempdir().expect("tempdir");
    let (out, fresh) = (sites.path().join("public"), sites.path().join("fresh"));
    build(&config(guide, &out, None)).expect("first build");
    for (i, &(file, from, to, kept, index_kept)) in edits.iter().enumerate() {
        if !file.is_empty() {
            let path = guide.join(file);
            let text = match from {
                "" => to.to_string(),
                _ => {
                    let text = std::fs::read_to_string(&path).expect("record");
                    assert!(text.contains(from), "edit {i}: {file} has no « {from} »");
                    text.replacen(from, to, 1)
                }
            };
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("edit");
        }
        let (again, _) = build(&config(guide, &out, None)).unwrap_or_else(|e| panic!("edit {i}: {e:?}"));
        assert_eq!(again.reused, kept, "edit {i} ({file}): pages kept without rendering");
        assert_eq!(again.search_reused, index_kept, "edit {i} ({file}): search index kept");
        let _ = std::fs::remove_dir_all(&fresh);
        build(&config(guide, &fresh, None)).expect("fresh build");
        assert!(snapshot(&out) == snapshot(&fresh), "edit {i} ({file}): the rebuild differs from a fresh build");
    }
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_site() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("documents");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("important.txt"), "ne pas effacer").expect("write");
    assert!(matches!(build(&config(guide.path(), &out, None)), Err(Error::Io(_))));
    assert_eq!(std::fs::read_to_string(out.join("important.txt")).expect("kept"), "ne pas effacer");
}

#[test]
fn no_script_from_content_reaches_a_page() {
    let guide = common::guide(None);
    let description = "description: |\n  <script>alert(1)</script>\n  <a href=\"javascript:alert(2)\" onclick=\"x()\">lien</a>\n  <img src=\"../../lisez-moi.txt\" onerror=\"alert(3)\">\n  [clic](javascript:alert(4))\n";
    let partner = std::fs::read_to_string(guide.path().join("structures/dep/ml-test.yaml")).expect("read");
    std::fs::write(guide.path().join("structures/dep/ml-test.yaml"), format!("{partner}{description}")).expect("write");
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let html = page(&out, "structures/ml-test/index.html");
    assert!(html.contains("lien"), "the text stays");
    for bad in ["<script>alert", "javascript:", "onclick", "onerror"] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
}

#[test]
fn record_links_become_relative_urls() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let walkthrough = page(&out, "parcours/jeune-emploi/index.html");
    assert!(walkthrough.contains("href=\"../../structures/ml-test/index.html\""), "{walkthrough}");
    assert!(walkthrough.contains("href=\"../../territoires/bassin-vierzon/index.html\""));
    let about = page(&out, "a-propos/index.html");
    assert!(about.contains("href=\"../reseaux/mission-locale/index.html\""));
    // Markdown headings move one level down: the page title is the only h1.
    assert_eq!(about.matches("<h1").count(), 1);
    assert!(about.contains("<h2>Le service</h2>"));
}

#[test]
fn site_works_under_a_sub_path() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let base = "https://exemple.fr/guide/";
    assert!(build(&config(guide.path(), &out, Some(base))).is_ok());
    for (relative, bytes) in snapshot(&out) {
        if !relative.ends_with(".html") || relative == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        // Every link is relative: none starts at the host root, which would leave the sub-path.
        assert!(!html.contains("href=\"/") && !html.contains("src=\"/"), "root-relative link in {relative}");
    }
    let partner = page(&out, "structures/ml-test/index.html");
    assert!(partner.contains("<link rel=\"canonical\" href=\"https://exemple.fr/guide/structures/ml-test/\">"));
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://exemple.fr/guide/territoires/bassin-vierzon/</loc>"));
    assert!(page(&out, "robots.txt").contains("Sitemap: https://exemple.fr/guide/sitemap.xml"));
    assert!(page(&out, "404.html").contains("href=\"https://exemple.fr/guide/index.html\""));
    assert!(!page(&out, "404.html").contains("rel=\"canonical\""), "the error page has no canonical address");
}

#[test]
fn static_file_links_resolve_from_every_depth_under_a_sub_path() {
    let guide = common::guide(None);
    std::fs::create_dir_all(guide.path().join("static/img")).expect("mkdir");
    std::fs::copy(
        common::fixtures().join("errors/static-links/static/img/porte.png"),
        guide.path().join("static/img/porte.png"),
    )
    .expect("copy");
    std::fs::write(guide.path().join("static/img/plan d'accès.pdf"), "plan").expect("write");
    let about = guide.path().join("pages/a-propos.md");
    let text = std::fs::read_to_string(&about).expect("read")
        + "\n![Une porte ouverte](@/static/img/porte.png) et [le plan](<@/static/img/plan d'accès.pdf>), pour les \
           [communes](@/territoires/bassin-vierzon#communes) et les [bonnes portes](@/territoires/bassin-vierzon#jeune-16-25--trouver-emploi).\n";
    std::fs::write(&about, text).expect("write");
    let network = guide.path().join("reseaux/mission-locale.yaml");
    let text =
        std::fs::read_to_string(&network).expect("read") + "description: \"![Une porte](@/static/img/porte.png)\"\n";
    std::fs::write(&network, text).expect("write");
    let home = guide.path().join("pages/index.md");
    let text = std::fs::read_to_string(&home).expect("read") + "\n![Une porte](@/static/img/porte.png)\n";
    std::fs::write(&home, text).expect("write");
    let checked = bonneporte::site::check(guide.path(), common::today()).expect("check");
    assert_eq!(bonneporte::diag::short_report(&checked.diags, &checked.sources), Vec::<String>::new());

    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    // The link gate verifies every `src` and `href`: the build succeeds only if they lead to files.
    if let Err(error) = build(&config(guide.path(), &out, Some("https://exemple.fr/guide/"))) {
        panic!("{error}");
    }
    for (file, src) in [
        ("index.html", "img/porte.png"),
        ("a-propos/index.html", "../img/porte.png"),
        ("reseaux/mission-locale/index.html", "../../img/porte.png"),
    ] {
        let html = page(&out, file);
        assert!(html.contains(&format!("<img src=\"{src}\" alt=\"Une porte")), "{file}: {html}");
        let dir = Path::new(file).parent().expect("parent");
        assert!(out.join(dir).join(src).is_file(), "{file}: {src} leads nowhere");
    }
    let about = page(&out, "a-propos/index.html");
    assert!(about.contains("href=\"../img/plan%20d'acc%C3%A8s.pdf\""), "{about}");
    assert!(about.contains("href=\"../territoires/bassin-vierzon/index.html#communes\""), "{about}");
    assert!(out.join("img/plan d'accès.pdf").is_file());
}

#[test]
fn partner_page_shows_contacts_in_french_and_says_once_what_is_missing() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let full = page(&out, "structures/ml-test/index.html");
    assert!(full.contains("du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; fermé les jours fériés"));
    assert!(full.contains("<a class=\"call\" href=\"tel:+33299000001\">02 99 00 00 01</a>"));
    assert!(full.contains("Fiche vérifiée le 1er juin 2026."));
    assert!(full.contains("Ajouter aux contacts"), "a vCard with a phone is offered");
    // A phone only: the rest is named once, with whom to ask meanwhile; no placeholder as a value.
    let sparse = page(&out, "structures/ml-bourges/index.html");
    assert!(!sparse.contains("à compléter"), "{sparse}");
    assert_eq!(sparse.matches("Pas encore indiqué dans ce guide : adresse, courriel, site web").count(), 1, "{sparse}");
    assert!(sparse.contains("Pour un renseignement, appelez gratuitement le"), "{sparse}");
    assert!(
        sparse.contains("voyez le réseau <a href=\"../../reseaux/mission-locale/index.html\">Mission locale</a>"),
        "{sparse}"
    );
}

/// A record checked longer ago than `verification_max_jours` says, by its contact, from when and
/// where it comes and that it may have changed; a fresh one does not.
#[test]
fn an_old_contact_says_its_month_and_source_and_that_it_may_have_changed() {
    let guide = common::guide(None);
    let record = guide.path().join("structures/dep/ml-bourges.yaml");
    let text = std::fs::read_to_string(&record).expect("read");
    let old = text
        .replace("date_maj: 2026-06-01", "date_maj: 2019-08-11")
        .replace("synthétique : données de test", "Annuaire synthétique (test), état du 11 août 2019");
    std::fs::write(&record, old).expect("write");
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let stale = page(&out, "structures/ml-bourges/index.html");
    assert!(
        stale.contains("Ces coordonnées datent d&#39;août 2019 (Annuaire synthétique) et ont pu changer depuis."),
        "{stale}"
    );
    assert_eq!(stale.matches("appelez gratuitement le").count(), 1, "{stale}");
    let fresh = page(&out, "structures/ml-test/index.html");
    assert!(!fresh.contains("ont pu changer"), "{fresh}");
}

#[test]
fn static_files_and_theme_overrides_are_used() {
    let guide = common::guide(None);
    std::fs::create_dir_all(guide.path().join("theme/templates")).expect("mkdir");
    std::fs::write(
        guide.path().join("theme/templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"surcharge\">{{ p.body | safe }}</p>{% endblock content %}",
    )
    .expect("write");
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    assert!(page(&out, "a-propos/index.html").contains("<p class=\"surcharge\">"));
    assert_eq!(page(&out, "lisez-moi.txt"), "fichier statique de test\n");
}

/// The header is rendered once per distinct value (`Theme::chrome`): each page still gets the
/// one of its own folder and section, and a theme's `header.html` takes its place.
#[test]
fn a_theme_header_shows_on_every_page_with_its_own_links() {
    let guide = common::guide(None);
    std::fs::create_dir_all(guide.path().join("theme/templates")).expect("mkdir");
    let header = "<p class=\"entete\">{{ l.home }}|{% for m in l.menu %}{% if m.current %}{{ m.title }}{% endif %}{% endfor %}</p>";
    std::fs::write(guide.path().join("theme/templates/header.html"), header).expect("write");
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    for (relative, expected) in [
        ("index.html", "<p class=\"entete\">index.html|</p>"),
        ("reseaux/index.html", "<p class=\"entete\">../index.html|Réseaux</p>"),
        ("reseaux/transitions-pro/index.html", "<p class=\"entete\">../../index.html|Réseaux</p>"),
        ("structures/ml-test/index.html", "<p class=\"entete\">../../index.html|Territoires</p>"),
    ] {
        let html = page(&out, relative);
        assert_eq!(html.matches(expected).count(), 1, "{relative}: {html}");
    }
}

/// Golden pages: the whole HTML of a few pages of the minimal guide. After a deliberate change of
/// the theme, run `BLESS=1 cargo test --release --test build` and review the diff of `tests/golden/`.
#[test]
fn golden_pages() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, Some("https://exemple.fr/"))).is_ok());
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (relative, name) in [
        ("structures/ml-test/index.html", "structure.html"),
        ("reseaux/transitions-pro/index.html", "reseau.html"),
        ("parcours/jeune-emploi/index.html", "parcours.html"),
    ] {
        common::assert_expected(&golden.join(name), &std::fs::read_to_string(out.join(relative)).expect("read"));
    }
}

/// The bundled guide answers « who do I call »: every Mission locale and CIO of the region has a
/// phone and an address, and its page says how old they are and where they come from.
#[test]
fn bundled_guide_gives_every_mission_locale_and_cio_a_phone_and_an_address_with_their_age() {
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    assert!(build(&config(&content, &out, None)).is_ok(), "the bundled guide must build");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(content.join("structures")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let record: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(entry.path()).expect("read")).expect("yaml");
        let network = record["reseau"].as_str().unwrap_or_default();
        if !["mission-locale", "cio"].contains(&network) {
            continue;
        }
        seen += 1;
        let id = entry.path().file_stem().expect("stem").to_string_lossy();
        for key in ["telephone", "adresse", "commune", "date_maj", "source"] {
            assert!(record[key].as_str().is_some_and(|v| !v.trim().is_empty()), "{id}: {key} missing");
        }
        let page = page(&out, &format!("structures/{id}/index.html"));
        assert!(page.contains("class=\"call\" href=\"tel:+33"), "{id}: no number to call");
        assert!(page.contains("Ces coordonnées datent d&#39;août 2019 (Annuaire de l&#39;administration)"), "{id}");
    }
    assert!(seen >= 49, "the 29 Missions locales and 20 CIO of the Annuaire: {seen}");
}

/// The `href`, `src` and form `action` values of a page.
fn links_of(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        for piece in html.split(attr).skip(1) {
            if let Some(end) = piece.find('"') {
                found.push(piece[..end].replace("&amp;", "&"));
            }
        }
    }
    found
}

/// The bundled guide: from the home page, following links, every page is reached and every
/// internal link leads to an existing file.
#[test]
fn bundled_guide_every_page_reachable_and_no_broken_link() {
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    assert!(build(&config(&content, &out, None)).is_ok(), "the bundled guide must build");
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![out.join("index.html")];
    let mut broken = Vec::new();
    while let Some(file) = queue.pop() {
        let Ok(canonical) = file.canonicalize() else {
            broken.push(file.display().to_string());
            continue;
        };
        if !seen.insert(canonical.clone()) || canonical.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&canonical).expect("read");
        for link in links_of(&html) {
            if link.contains(':') || link.starts_with('#') || link.is_empty() {
                continue; // external, tel:, mailto:, or an anchor on the same page
            }
            let path = link.split(['#', '?']).next().unwrap_or("");
            queue.push(canonical.parent().expect("parent").join(path));
        }
    }
    assert_eq!(broken, Vec::<String>::new(), "broken internal links");
    let pages: Vec<_> = snapshot(&out).into_keys().filter(|p| p.ends_with("index.html")).collect();
    let unreached: Vec<_> =
        pages.iter().filter(|p| !seen.contains(&out.join(p).canonicalize().expect("canonical"))).collect();
    assert!(unreached.is_empty(), "pages not reachable from the home page: {unreached:?}");
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused_before_building() {
    let guide = common::guide(None);
    let out = tempfile::tempdir().expect("tempdir");
    for wrong in ["pas une url", "ftp://exemple.fr/guide/", "/guide/"] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_bonneporte"))
            .args(["build", "--content"])
            .arg(guide.path())
            .arg("--out")
            .arg(out.path().join("site"))
            .args(["--base-url", wrong])
            .output()
            .expect("run bonneporte");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{wrong}: {stderr}");
        assert!(stderr.contains("http"), "{wrong}: the message says what is expected: {stderr}");
        assert!(!out.path().join("site").exists(), "{wrong}: nothing is built");
    }
}

#[test]
fn a_territory_page_lists_the_partners_of_wider_territories_that_serve_it() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let bassin = page(&out, "territoires/bassin-vierzon/index.html");
    let (_, serving_too) = bassin.split_once("interviennent aussi ici").expect("the section of other partners");
    let serving_too = serving_too.split("</ul>").next().unwrap_or_default();
    // Located in the region: it serves the bassin too. Located in the bassin: listed above only.
    assert!(serving_too.contains("href=\"../../structures/tp-test/index.html\""), "{serving_too}");
    assert!(!serving_too.contains("ml-test"), "{serving_too}");
    let region = page(&out, "territoires/region-test/index.html");
    assert!(!region.contains("interviennent aussi ici"), "nothing is wider than the region");
}

/// A territory says what it is and where it lies without ungrammatical French (« Bassin, dans
/// Cher ») or a kind its name already says (« Bassin de Vierzon (Bassin) »).
#[test]
fn territories_name_their_kind_and_parent_plainly() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let bassin = page(&out, "territoires/bassin-vierzon/index.html");
    assert!(
        bassin
            .contains("<p class=\"meta\">Département : <a href=\"../../territoires/dep-test/index.html\">Cher</a></p>")
    );
    let departement = page(&out, "territoires/dep-test/index.html");
    assert!(departement.contains("<p class=\"meta\">Département (code 18) · Région : <a "), "{departement}");
    let index = page(&out, "territoires/index.html");
    // No kind after a name that says it; its largest communes instead, for whom « bassin » says nothing.
    assert!(index.contains(">Bassin de Vierzon</a> <span class=\"places\">: Vierzon, Méry-sur-Cher</span>"), "{index}");
    assert!(!index.contains("Bassin de Vierzon</a> <span class=\"kind\">"), "{index}");
    assert!(index.contains(">Cher</a> <span class=\"kind\">(Département)</span>"), "{index}");
}

/// Each département lists its communes from A to Z, each linked to the territory that serves it,
/// with the article of its name; a bassin page sends there rather than listing its communes.
#[test]
fn communes_from_a_to_z_lead_to_their_territory() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let communes = page(&out, "territoires/dep-test/communes/index.html");
    assert!(communes.contains("<h1>Les communes du Cher, de A à Z</h1>"), "{communes}");
    let line =
        "<li>Vierzon (18100) : <a href=\"../../../territoires/bassin-vierzon/index.html\">Bassin de Vierzon</a></li>";
    assert!(communes.contains(line), "{communes}");
    // Thénioux is in no bassin of the fixture: the département serves it.
    assert!(
        communes.contains("<li>Thénioux (18100) : <a href=\"../../../territoires/dep-test/index.html\">Cher</a></li>")
    );
    let bassin = page(&out, "territoires/bassin-vierzon/index.html");
    assert!(bassin.contains("Ce territoire compte 2 communes : <a href=\"../../territoires/dep-test/communes/index.html\">Les communes du Cher, de A à Z</a>."), "{bassin}");
}

/// Territory pages of the bundled guide, for people: every pair (`#<public>--<need>`) keeps its
/// anchor, inside one disclosure per public, and a door without a partner near is explained once
/// per page, never with a sentence repeated for each pair.
#[test]
fn territory_pages_keep_every_pair_anchor_and_explain_once_a_door_without_partner_near() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let checked = bonneporte::site::check(&content, common::today()).expect("check");
    let g = bonneporte::graph::Graph::build(&checked.guide).expect("graph");
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(&content, &out, None)).is_ok(), "the bundled guide must build");
    let pairs: Vec<String> = (0..g.publics.len())
        .flat_map(|p| (0..g.needs.len()).map(move |n| (p, n)))
        .filter(|&(p, n)| !g.doors(p, n).is_empty())
        .map(|(p, n)| format!("id=\"{}--{}\"", g.publics[p].id, g.needs[n].id))
        .collect();
    assert!(pairs.len() > 50, "the bundled guide has doors for most pairs");
    for t in &g.territories {
        let relative = format!("territoires/{}/index.html", t.record.id);
        let html = page(&out, &relative);
        let missing: Vec<_> = pairs.iter().filter(|id| !html.contains(id.as_str())).collect();
        assert!(missing.is_empty(), "{relative}: no {missing:?}");
        let publics =
            html.matches("<details><summary>").count() - usize::from(html.contains("Afficher la liste des communes"));
        assert_eq!(publics, g.publics.len(), "{relative}: one disclosure per public");
        assert!(!html.contains("<h4 id=\""), "{relative}: no section per pair");
        assert!(!html.contains("n'est encore indiquée près d'ici"), "{relative}: the old sentence per pair");
        assert!(!html.contains("à compléter"), "{relative}");
        assert!(html.matches("id=\"ailleurs\"").count() <= 1, "{relative}");
        assert_eq!(html.matches("<p>Pour les joindre :</p>").count(), html.matches("id=\"ailleurs\"").count());
    }
    // A pair whose doors have no partner near a bassin: its line names the networks and sends to
    // the one place that says how to reach them.
    let bassins = g.territories.iter().enumerate().filter(|(_, t)| !t.record.data.communes.is_empty());
    let (t, p, n) = bassins
        .flat_map(|(t, _)| pairs_of(&g).map(move |(p, n)| (t, p, n)))
        .filter(|&(_, p, n)| !g.doors(p, n).is_empty())
        .find(|&(t, p, n)| g.right_partners(t, p, n).iter().all(|(_, partners)| partners.is_empty()))
        .expect("the bundled guide has a pair without partner near some bassin");
    let html = page(&out, &format!("territoires/{}/index.html", g.territories[t].record.id));
    let networks: Vec<&str> = g.doors(p, n).iter().map(|d| g.networks[d.network].data.nom.as_str()).collect();
    let need = format!("<b id=\"{}--{}\">", g.publics[p].id, g.needs[n].id);
    let start = html.find(&need).unwrap_or_else(|| panic!("{need} in {}", g.territories[t].record.id));
    let line = &html[start..start + html[start..].find("</li>").expect("its line")];
    let expected =
        format!(" : {} — <a href=\"#ailleurs\">voir plus bas</a>", networks.join(", ")).replace('\'', "&#39;");
    assert!(line.ends_with(&expected), "{line}");
    for d in g.doors(p, n) {
        let link = format!("<li><a href=\"../../reseaux/{}/index.html\">", g.networks[d.network].id);
        assert!(html.contains(&link), "{link}: how to reach the network, below");
    }
    let vierzon = page(&out, "territoires/bassin-de-vierzon/index.html");
    assert!(vierzon.contains("<p class=\"here\"><span>Bassin de Vierzon</span> <a href=\"tel:+33800222100\">"));
}

/// Every (public, need) pair of `g`.
fn pairs_of<'a>(g: &'a bonneporte::graph::Graph) -> impl Iterator<Item = (usize, usize)> + 'a {
    (0..g.publics.len()).flat_map(move |p| (0..g.needs.len()).map(move |n| (p, n)))
}

/// Pages set French punctuation: a no-break space before « : » and a narrow one before « ? »,
/// in the templates' text and in the editors' text alike; not in the JSON-LD of a partner.
#[test]
fn pages_set_french_punctuation() {
    let guide = common::guide(None);
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    assert!(build(&config(guide.path(), &out, None)).is_ok());
    let raw = |relative: &str| std::fs::read_to_string(out.join(relative)).expect("read");
    let bassin = raw("territoires/bassin-vierzon/index.html");
    assert!(bassin.contains("Département\u{a0}: <a"), "{bassin}");
    assert!(!bassin.contains(" : "), "a breakable space before a colon");
    let home = raw("index.html");
    assert!(home.contains("Où vous adresser\u{202f}?"), "{home}");
    let partner = raw("structures/ml-test/index.html");
    let json_ld =
        partner.split("application/ld+json\">").nth(1).and_then(|s| s.split("</script>").next()).expect("JSON-LD");
    assert!(!json_ld.contains(['\u{a0}', '\u{202f}']), "{json_ld}");
}
