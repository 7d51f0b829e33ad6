//! Views: what each template receives, built from the graph with links already relative (the
//! data files of the wizard of `/trouver/` are `wizard`'s).
//!
//! Templates never compute: a missing contact is `None` here and "à compléter" there, a phone is
//! already formatted, opening hours are already French.
//!
//! One file per family of pages: `layout` (what every page shares), `territory`, `partner`,
//! `network`, `walkthrough`, `find` (the right door), `site` (home, search, site map, open
//! data); here, the dispatch from a page to its template and view, and what several share.

mod find;
mod layout;
mod network;
mod partner;
mod services;
mod site;
pub(crate) mod territory;
mod walkthrough;

pub use layout::layout;

use serde::Serialize;

use crate::content::markdown::{self, Target};
use crate::export::opendata;
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};
use crate::graph::anchors;
use crate::graph::card::PartnerSummary;
use crate::site::RenderConfig;
use find::{find, find_need, find_public};
use network::{network, network_index};
use partner::partner;
use site::{home, open_data_view, search, site_map};
use territory::{communes_index, territory, territory_index};
use walkthrough::{walkthrough, walkthrough_index};

/// A link to a page titled by that page's title (a record's name).
trait TitledLink {
    fn link(&self, g: &Graph, job: Job) -> Link;
}

impl TitledLink for Links {
    fn link(&self, g: &Graph, job: Job) -> Link {
        Link { title: title_of(g, &job), href: self.job(g, &job) }
    }
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub href: String,
}

fn title_of(g: &Graph, job: &Job) -> String {
    match *job {
        Job::Home => g.site.titre.clone(),
        Job::Territories => "Les territoires".into(),
        Job::Territory(t) => g.territories[t].record.data.nom.clone(),
        Job::Communes(t) => territory::communes_title(&g.territories[t].record.data),
        Job::Partner(p) => g.partners[p].data.nom.clone(),
        Job::Networks => "Les réseaux du service public de l'orientation".into(),
        Job::Network(n) => g.networks[n].data.nom.clone(),
        Job::Walkthroughs => "Parcours : de la première porte à la bonne porte".into(),
        Job::Walkthrough(w) => g.walkthroughs[w].record.data.titre.clone(),
        Job::Page(p) => g.pages[p].record.data.titre.clone(),
        Job::Find => "Trouver la bonne porte".into(),
        Job::FindPublic(p) => format!("Vous êtes : {}", g.publics[p].data.libelle),
        Job::FindNeed(p, n) => format!("{} : {}", g.publics[p].data.libelle, g.needs[n].data.libelle),
        Job::Search => "Rechercher".into(),
        Job::SiteMap => "Plan du site".into(),
        Job::OpenData => "Données ouvertes".into(),
        Job::NotFound => "Page introuvable".into(),
    }
}

/// A partner in a list: enough to call or visit it.
#[derive(Serialize)]
pub struct Group {
    pub title: String,
    pub href: String,
    pub partners: Vec<PartnerSummary>,
}

/// French date from `YYYY-MM-DD` ("7 février 2024"); `None` for a date that is not one.
pub fn french_date(text: &str) -> Option<String> {
    crate::content::fields::date(text).ok().map(|d| d.french())
}

/// The template and view of a page; `Err` only if the view cannot be serialized.
pub fn view(
    g: &Graph,
    links: &Links,
    config: &RenderConfig,
    wizard_dir: &str,
    open_data: &opendata::Summary,
    job: &Job,
) -> Result<(&'static str, serde_json::Value), String> {
    let (template, view) = match *job {
        Job::Home => ("home.html", json(home(g, links, config, wizard_dir))),
        Job::Territories => ("territories.html", json(territory_index(g, links))),
        Job::Territory(t) => ("territory.html", json(territory(g, links, config.today, t))),
        Job::Communes(t) => ("communes.html", json(communes_index(g, links, t))),
        Job::Partner(p) => ("partner.html", json(partner(g, links, config, p))),
        Job::Networks => ("networks.html", json(network_index(g, links))),
        Job::Network(n) => ("network.html", json(network(g, links, n))),
        Job::Walkthroughs => ("walkthroughs.html", json(walkthrough_index(g, links))),
        Job::Walkthrough(w) => ("walkthrough.html", json(walkthrough(g, links, w))),
        Job::Page(p) => ("page.html", json(PageView { body: markdown_html(g, links, &g.pages[p].body) })),
        Job::Find => ("find.html", json(find(g, links, wizard_dir))),
        Job::FindPublic(p) => ("find-public.html", json(find_public(g, links, p))),
        Job::FindNeed(p, n) => ("find-need.html", json(find_need(g, links, p, n))),
        Job::Search => ("search.html", json(search(g, links))),
        Job::SiteMap => ("site-map.html", json(site_map(g, links))),
        Job::OpenData => ("donnees.html", json(open_data_view(g, links, open_data))),
        Job::NotFound => ("404.html", json(search(g, links))),
    };
    Ok((template, view.map_err(|e| format!("vue de {template} : {e}"))?))
}

/// Views are different types; templates take them as JSON values.
fn json<T: Serialize>(view: T) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(view)
}

#[derive(Serialize)]
struct PageView {
    body: String,
}

/// The ids of a page's sections, by section (`anchors::ids`).
type Ids = std::collections::BTreeMap<anchors::Section, Option<&'static str>>;

/// The anchor of a (public, need) section on a territory page.
pub fn pair_anchor(g: &Graph, p: usize, n: usize) -> String {
    anchors::pair(&g.publics[p].id, &g.needs[n].id)
}

/// The anchor of a public's sections on a territory page.
pub fn public_anchor(g: &Graph, p: usize) -> String {
    anchors::public(&g.publics[p].id)
}

/// Markdown of a record rendered for a page at `links`' place: `@/` links lead to the record's
/// page, or to the file of `static/` copied to the site root (`site::copy_statics`).
pub fn markdown_html(g: &Graph, links: &Links, text: &str) -> String {
    markdown::to_html(text, &|dest| {
        let link = markdown::parse_link(dest)?.ok()?;
        let anchor = link.anchor.map(|a| format!("#{a}")).unwrap_or_default();
        let href = match link.target {
            Target::Static => {
                let path = markdown::static_path(link.id);
                g.statics.contains(&path).then(|| links.file(&markdown::encode_path(&path)))?
            }
            Target::Record(kind) => links.job(g, &address::record_job(g, kind, link.id)?),
        };
        Some(format!("{href}{anchor}"))
    })
}
