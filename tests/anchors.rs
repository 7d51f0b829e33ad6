//! What `check` accepts, `build` builds: every anchor that `check` accepts in a `@/` link is an
//! `id` of the built page (`anchors::Offered` against the HTML), and `address::page_at` reads
//! back the page of every file the build writes (`check` reads relative links with it).

mod common;

use std::path::Path;

use bonneporte::build::{BuildConfig, build};
use bonneporte::content::model::RecordKind;
use bonneporte::graph::Graph;
use bonneporte::graph::address::{self, Job, PageAt};
use bonneporte::graph::anchors::Offered;

/// The `id` values of a page.
fn ids_of(html: &str) -> Vec<String> {
    html.split(" id=\"").skip(1).filter_map(|piece| piece.split('"').next()).map(str::to_string).collect()
}

/// Builds `content`, then checks that each record page has every anchor `check` accepts for it.
fn anchors_accepted_by_check_are_in_the_pages(content: &Path) -> usize {
    let checked = bonneporte::site::check(content, common::today()).expect("check");
    assert!(!checked.diags.has_errors(), "{:?}", bonneporte::diag::short_report(&checked.diags, &checked.sources));
    let sites = tempfile::tempdir().expect("tempdir");
    let out = sites.path().join("public");
    let config = BuildConfig { content: content.into(), out: out.clone(), base_url: None, today: common::today() };
    assert!(build(&config).is_ok(), "build of {}", content.display());
    let guide = &checked.guide;
    let offered = Offered::new(guide);
    let records = guide
        .territories
        .iter()
        .map(|r| (RecordKind::Territoire, &r.id))
        .chain(guide.partners.iter().map(|r| (RecordKind::Structure, &r.id)))
        .chain(guide.networks.iter().map(|r| (RecordKind::Reseau, &r.id)))
        .chain(guide.walkthroughs.iter().map(|d| (RecordKind::Parcours, &d.record.id)))
        .chain(guide.pages.iter().map(|d| (RecordKind::Page, &d.record.id)));
    let mut verified = 0;
    for (kind, id) in records {
        let file = format!("{}index.html", address::record_dir(kind, id));
        let html = std::fs::read_to_string(out.join(&file)).unwrap_or_else(|_| panic!("{file}"));
        let ids = ids_of(&html);
        for anchor in offered.of(kind, id) {
            assert!(
                ids.contains(&anchor),
                "check accepts @/{}/{id}#{anchor}, which {file} does not have",
                kind.folder().unwrap_or_default()
            );
            verified += 1;
        }
    }
    verified
}

#[test]
fn bundled_guide_pages_have_the_anchors_check_accepts() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    assert!(anchors_accepted_by_check_are_in_the_pages(&content) > 50);
}

#[test]
fn fixture_guide_pages_have_the_anchors_check_accepts() {
    let guide = common::guide(None);
    assert!(anchors_accepted_by_check_are_in_the_pages(guide.path()) > 10);
}

#[test]
fn every_section_of_the_table_is_documented_for_editors() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide-editeur.md"))
        .expect("guide-editeur.md");
    for (kind, sections) in bonneporte::graph::anchors::TABLE {
        for section in sections {
            assert!(
                doc.contains(&format!("`#{}`", section.id())),
                "docs/guide-editeur.md: #{} ({kind:?})",
                section.id()
            );
        }
    }
}

#[test]
fn page_at_reads_back_every_page_of_the_build() {
    let guide_dir = common::guide(None);
    let checked = bonneporte::site::check(guide_dir.path(), common::today()).expect("check");
    let g = Graph::build(&checked.guide).expect("graph");
    for job in address::jobs(&g) {
        let file = job.file(&g);
        let expected = match &job {
            Job::Territory(t) => Some(PageAt::Record(RecordKind::Territoire, &g.territories[*t].record.id)),
            Job::Partner(p) => Some(PageAt::Record(RecordKind::Structure, &g.partners[*p].id)),
            Job::Network(n) => Some(PageAt::Record(RecordKind::Reseau, &g.networks[*n].id)),
            Job::Walkthrough(w) => Some(PageAt::Record(RecordKind::Parcours, &g.walkthroughs[*w].record.id)),
            Job::Page(p) => Some(PageAt::Record(RecordKind::Page, &g.pages[*p].record.id)),
            Job::Home => Some(PageAt::Record(RecordKind::Page, "index")),
            Job::FindPublic(p) => Some(PageAt::Site { public: Some(&g.publics[*p].id), need: None }),
            Job::FindNeed(p, n) => Some(PageAt::Site { public: Some(&g.publics[*p].id), need: Some(&g.needs[*n].id) }),
            Job::NotFound => None,
            _ => Some(PageAt::Site { public: None, need: None }),
        };
        assert_eq!(address::page_at(&file), expected, "{file}");
    }
    assert_eq!(address::page_at("assets/index.html"), None);
    assert_eq!(address::page_at("territoires/x/y/index.html"), None);
    assert_eq!(address::page_at("img/porte.png"), None);
}
