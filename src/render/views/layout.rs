//! What every page shares around its view: header, menu, breadcrumbs, footer.

use serde::Serialize;

use super::{Link, TitledLink, title_of};
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};
use crate::graph::card::{PhoneView, phone_view};

/// What every page shares: header, menu, breadcrumbs, footer.
#[derive(Serialize)]
pub struct Layout {
    /// Flattened: templates read `l.menu`, `l.phone`… as before.
    #[serde(flatten)]
    pub chrome: Chrome,
    pub css: String,
    /// The site's icon, so that browsers do not ask for a missing `/favicon.ico`.
    pub icon: String,
    pub breadcrumbs: Vec<Link>,
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
}

/// What the site's header and footer show: the same on every page of a section at one depth,
/// so that each is rendered once per distinct value (`render::page`), not once per page.
#[derive(Serialize)]
pub struct Chrome {
    pub site_title: String,
    /// The site title in the header: its head, and its rest (after « : » or a dash), which a
    /// phone leaves out so that the title holds on one line.
    pub header_title: (String, Option<String>),
    pub phone: Option<PhoneView>,
    pub home: String,
    pub search: String,
    pub menu: Vec<MenuItem>,
    pub footer: Vec<Link>,
    /// The licence of the commune reference, credited on every page.
    pub credit: &'static str,
}

#[derive(Serialize)]
pub struct MenuItem {
    pub title: String,
    pub href: String,
    pub current: bool,
}

/// The sections of the main menu, then the pages that have an `ordre`.
pub fn layout(g: &Graph, links: &Links, job: &Job, canonical: Option<String>) -> Layout {
    let section = section_of(job);
    let mut menu: Vec<MenuItem> = [
        (Job::Find, "Trouver la bonne porte"),
        (Job::Territories, "Territoires"),
        (Job::Networks, "Réseaux"),
        (Job::Walkthroughs, "Parcours"),
    ]
    .into_iter()
    .map(|(j, title)| MenuItem { current: section == section_of(&j), title: title.into(), href: links.job(g, &j) })
    .collect();
    for (i, page) in g.pages.iter().enumerate() {
        if page.record.data.ordre.is_some() {
            menu.push(MenuItem {
                title: page.record.data.titre.clone(),
                href: links.job(g, &Job::Page(i)),
                current: matches!(job, Job::Page(p) if *p == i),
            });
        }
    }
    // Pages outside the menu (accessibility statement, legal notice…) go in the footer while they
    // are few; the site map lists them all, so that every page is reachable.
    let outside_menu: Vec<usize> = (0..g.pages.len()).filter(|&i| g.pages[i].record.data.ordre.is_none()).collect();
    let mut footer: Vec<Link> = if outside_menu.len() <= FOOTER_MAX_PAGES {
        outside_menu.iter().map(|&i| links.link(g, Job::Page(i))).collect()
    } else {
        Vec::new()
    };
    footer.push(links.link(g, Job::SiteMap));
    footer.push(links.link(g, Job::OpenData));
    Layout {
        chrome: Chrome {
            site_title: g.site.titre.clone(),
            header_title: split_title(&g.site.titre),
            phone: phone_view(g.site.telephone.as_deref()),
            home: links.to(""),
            search: links.job(g, &Job::Search),
            menu,
            footer,
            credit: crate::content::communes::CREDIT,
        },
        css: links.file(&address::asset("site.css")),
        icon: links.file(&address::asset("favicon.svg")),
        breadcrumbs: breadcrumbs(g, links, job),
        title: title_of(g, job),
        description: description_of(g, job),
        canonical,
    }
}

/// Above this many pages outside the menu, the footer links only the site map.
const FOOTER_MAX_PAGES: usize = 6;

fn section_of(job: &Job) -> u8 {
    match job {
        Job::Find | Job::FindPublic(_) | Job::FindNeed(..) => 1,
        Job::Territories | Job::Territory(_) | Job::Communes(_) | Job::Partner(_) => 2,
        Job::Networks | Job::Network(_) => 3,
        Job::Walkthroughs | Job::Walkthrough(_) => 4,
        _ => 0,
    }
}

fn description_of(g: &Graph, job: &Job) -> Option<String> {
    match *job {
        Job::Home => g.site.description.clone(),
        Job::Network(n) => Some(g.networks[n].data.resume.clone()),
        Job::Page(p) => g.pages[p].record.data.description.clone(),
        Job::Walkthrough(w) => g.walkthroughs[w].record.data.description.clone(),
        _ => None,
    }
}

fn breadcrumbs(g: &Graph, links: &Links, job: &Job) -> Vec<Link> {
    let link = |j: Job| links.link(g, j);
    let home = Link { title: "Accueil".into(), href: links.to("") };
    let territory_chain = |t: usize, include_self: bool| {
        let node = &g.territories[t];
        let mut chain = vec![link(Job::Territories)];
        chain.extend(node.ancestors.iter().map(|&a| link(Job::Territory(a))));
        if include_self {
            chain.push(link(Job::Territory(t)));
        }
        chain
    };
    let mut crumbs = match *job {
        Job::Home => return Vec::new(),
        Job::Territory(t) => territory_chain(t, false),
        Job::Communes(t) => territory_chain(t, true),
        Job::Partner(p) => match g.territory(&g.partners[p].data.territoire) {
            Some(t) => territory_chain(t, true),
            None => vec![link(Job::Territories)],
        },
        Job::Network(_) => vec![link(Job::Networks)],
        Job::Walkthrough(_) => vec![link(Job::Walkthroughs)],
        Job::FindPublic(_) => vec![link(Job::Find)],
        Job::FindNeed(p, _) => vec![link(Job::Find), link(Job::FindPublic(p))],
        _ => Vec::new(),
    };
    crumbs.insert(0, home);
    crumbs
}

/// « Trouver la bonne porte : l'orientation en Centre-Val de Loire » → its head and rest, split
/// before the first « : », « – » or « — »; the whole title when it has none.
fn split_title(title: &str) -> (String, Option<String>) {
    let at = [" : ", " – ", " — "].iter().filter_map(|sep| title.find(sep)).min();
    match at {
        Some(i) if i > 0 => (title[..i].to_string(), Some(title[i..].to_string())),
        _ => (title.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::split_title;

    #[test]
    fn a_title_splits_before_its_first_colon_or_dash() {
        let split = |t: &str| split_title(t);
        assert_eq!(
            split("Trouver la bonne porte : l'orientation en Centre-Val de Loire"),
            ("Trouver la bonne porte".into(), Some(" : l'orientation en Centre-Val de Loire".into()))
        );
        assert_eq!(split("SPRO Bretagne – orientation"), ("SPRO Bretagne".into(), Some(" – orientation".into())));
        assert_eq!(split("Orientation en Normandie"), ("Orientation en Normandie".into(), None));
        assert_eq!(split(" : rien avant"), (" : rien avant".into(), None));
    }
}
