//! The pages about the site as a whole: home, search (also the 404 page), site map, open data.

use serde::Serialize;

use super::find::{WizardView, public_links, wizard};
use super::territory::{TerritoryItem, territory_index, territory_item};
use super::{Link, TitledLink, markdown_html};
use crate::export::opendata;
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};
use crate::graph::card::source_name;
use crate::site::RenderConfig;

/// The home page: the wizard first (links to the first question without JavaScript), then the
/// guide's introduction, walkthroughs and territories.
#[derive(Serialize)]
pub(super) struct HomeView {
    intro: Option<String>,
    publics: Vec<Link>,
    wizard: WizardView,
    territories: Vec<TerritoryItem>,
    walkthroughs: Vec<Link>,
}

pub(super) fn home(g: &Graph, links: &Links, config: &RenderConfig, wizard_dir: &str) -> HomeView {
    HomeView {
        intro: config.home_text.map(|t| markdown_html(g, links, t)),
        publics: public_links(g, links),
        wizard: wizard(g, links, wizard_dir),
        territories: g.territories[g.root].children.iter().map(|&c| territory_item(g, links, c, 1)).collect(),
        walkthroughs: (0..g.walkthroughs.len()).map(|w| links.link(g, Job::Walkthrough(w))).collect(),
    }
}

#[derive(Serialize)]
pub(super) struct SearchView {
    find: String,
    territories: String,
    networks: String,
    /// The client, the loader of its data files (`donnees.js`), the folder of the exported
    /// index, and the site root that the documents' URLs are relative to.
    script: String,
    loader: String,
    data: String,
    root: String,
}

pub(super) fn search(g: &Graph, links: &Links) -> SearchView {
    SearchView {
        find: links.job(g, &Job::Find),
        territories: links.job(g, &Job::Territories),
        networks: links.job(g, &Job::Networks),
        script: links.file(&address::asset("search.js")),
        loader: links.file(&address::asset("donnees.js")),
        data: links.file(&address::search_file("")),
        root: links.file(""),
    }
}

#[derive(Serialize)]
pub(super) struct SiteMapView {
    sections: Vec<Link>,
    pages: Vec<Link>,
    territories: TerritoryItem,
    networks: Vec<Link>,
    walkthroughs: Vec<Link>,
}

/// Every page of the guide but partner pages (reached from their territory): a second way to
/// find one's way besides the menu (RGAA 12.1).
pub(super) fn site_map(g: &Graph, links: &Links) -> SiteMapView {
    let link = |job: Job| links.link(g, job);
    SiteMapView {
        sections: [
            Job::Home,
            Job::Find,
            Job::Territories,
            Job::Networks,
            Job::Walkthroughs,
            Job::Search,
            Job::OpenData,
        ]
        .into_iter()
        .map(link)
        .collect(),
        pages: (0..g.pages.len()).map(|p| link(Job::Page(p))).collect(),
        territories: territory_index(g, links),
        networks: (0..g.networks.len()).map(|n| link(Job::Network(n))).collect(),
        walkthroughs: (0..g.walkthroughs.len()).map(|w| link(Job::Walkthrough(w))).collect(),
    }
}

/// The `/donnees/` page: the export files, how many records, since when, under which licence.
#[derive(Serialize)]
pub(super) struct OpenDataView {
    json: DataFile,
    csv: DataFile,
    services: DataFile,
    /// "12 services" in all, and in the JSON.
    services_count: String,
    services_exported: String,
    /// "1 service : description absente…".
    services_left_out: Vec<String>,
    /// "20 000 structures".
    partners: String,
    exported: String,
    /// "2 structures : date de vérification absente".
    left_out: Vec<String>,
    /// The newest `date_maj`, in French.
    updated: Option<String>,
    producer: String,
    list_separator: &'static str,
    /// "Annuaire de l'administration : 92 structures": where the records come from, most first.
    sources: Vec<String>,
}

#[derive(Serialize)]
struct DataFile {
    href: String,
    size: String,
}

/// "2 structures : date de vérification absente", one line per reason.
fn reasons(counts: &[(opendata::LeftOut, usize)], noun: &str) -> Vec<String> {
    counts.iter().map(|(why, n)| format!("{} : {}", opendata::french_count(*n, noun), why.french())).collect()
}

/// The sources of the partner records, each named as a sentence names it (`source_name`), with
/// how many records it gave; most first, then in French order.
fn partner_sources(g: &Graph) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for name in g.partners.iter().filter_map(|p| p.data.source.as_deref().and_then(source_name)) {
        *counts.entry(name).or_default() += 1;
    }
    let mut sources: Vec<(String, usize)> = counts.into_iter().collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| crate::content::collate::compare(&a.0, &b.0)));
    sources.into_iter().map(|(name, n)| format!("{name} : {}", opendata::french_count(n, "structure"))).collect()
}

pub(super) fn open_data_view(g: &Graph, links: &Links, summary: &opendata::Summary) -> OpenDataView {
    let file = |path: &str, bytes: usize| DataFile { href: links.file(path), size: opendata::french_size(bytes) };
    OpenDataView {
        json: file(address::OPEN_DATA_JSON, summary.json_bytes),
        csv: file(address::OPEN_DATA_CSV, summary.csv_bytes),
        partners: opendata::french_count(summary.partners, "structure"),
        exported: opendata::french_count(summary.exported, "structure"),
        left_out: reasons(&summary.left_out, "structure"),
        services: file(address::OPEN_DATA_SERVICES, summary.services_json_bytes),
        services_count: opendata::french_count(summary.services, "service"),
        services_exported: opendata::french_count(summary.services_exported, "service"),
        services_left_out: reasons(&summary.services_left_out, "service"),
        updated: summary.updated.map(|d| d.french()),
        producer: summary.producer.clone(),
        list_separator: opendata::LIST_SEPARATOR,
        sources: partner_sources(g),
    }
}
