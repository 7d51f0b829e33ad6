//! Find the right door: `/trouver/` (the first question and the wizard), a public's needs, and a
//! (public, need) pair's doors, walkthroughs and territories.

use serde::Serialize;

use super::territory::{TerritoryItem, communes_title, territory_item_at};
use super::{Link, TitledLink, pair_anchor};
use crate::content::load::Record;
use crate::content::model::Code;
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};

#[derive(Serialize)]
pub(super) struct FindView {
    items: Vec<Link>,
}

/// `/trouver/`: the links of the first question, and the wizard that replaces them when
/// JavaScript runs.
#[derive(Serialize)]
pub(super) struct FindStartView {
    items: Vec<Link>,
    wizard: WizardView,
}

/// The one-page wizard of the home page and of `/trouver/`: its form, and what its script loads.
#[derive(Serialize)]
pub(super) struct WizardView {
    /// `donnees.js`, which receives the data files, then `wizard.js`.
    scripts: [String; 2],
    /// The folder of the data files.
    data: String,
    root: String,
    publics: Vec<Choice>,
    needs: Vec<Choice>,
}

#[derive(Serialize)]
struct Choice {
    id: String,
    title: String,
}

fn choices(codes: &[&Record<Code>]) -> Vec<Choice> {
    codes.iter().map(|c| Choice { id: c.id.clone(), title: c.data.libelle.clone() }).collect()
}

pub(super) fn find(g: &Graph, links: &Links, wizard_dir: &str) -> FindStartView {
    FindStartView { items: public_links(g, links), wizard: wizard(g, links, wizard_dir) }
}

/// The first question without JavaScript: a link per public.
pub(super) fn public_links(g: &Graph, links: &Links) -> Vec<Link> {
    (0..g.publics.len())
        .map(|p| Link { title: g.publics[p].data.libelle.clone(), href: links.job(g, &Job::FindPublic(p)) })
        .collect()
}

pub(super) fn wizard(g: &Graph, links: &Links, wizard_dir: &str) -> WizardView {
    WizardView {
        scripts: [links.file(&address::asset("donnees.js")), links.file(&address::asset("wizard.js"))],
        data: links.file(wizard_dir),
        root: links.file(""),
        publics: choices(&g.publics),
        needs: choices(&g.needs),
    }
}

pub(super) fn find_public(g: &Graph, links: &Links, p: usize) -> FindView {
    FindView {
        items: (0..g.needs.len())
            .map(|n| Link { title: g.needs[n].data.libelle.clone(), href: links.job(g, &Job::FindNeed(p, n)) })
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct FindNeedView {
    doors: Vec<DoorView>,
    walkthroughs: Vec<Link>,
    /// Départements and their bassins, each linking to this pair's section of its page.
    territories: Vec<TerritoryItem>,
    /// Where to find any member of the SPRO, when the pair has no door.
    all_territories: String,
    /// The pages of the communes from A to Z, for whom does not know their territory.
    communes: Vec<Link>,
}

#[derive(Serialize)]
struct DoorView {
    network: Link,
    why: Option<String>,
}

pub(super) fn find_need(g: &Graph, links: &Links, p: usize, n: usize) -> FindNeedView {
    FindNeedView {
        doors: g
            .doors(p, n)
            .iter()
            .map(|door| {
                let net = g.networks[door.network];
                DoorView {
                    network: links.link(g, Job::Network(door.network)),
                    why: door.why.map(str::to_string).or_else(|| Some(net.data.resume.clone())),
                }
            })
            .collect(),
        walkthroughs: (0..g.walkthroughs.len())
            .filter(|&w| {
                let d = &g.walkthroughs[w].record.data;
                d.public.as_deref() == Some(g.publics[p].id.as_str())
                    && d.besoin.as_deref() == Some(g.needs[n].id.as_str())
            })
            .map(|w| links.link(g, Job::Walkthrough(w)))
            .collect(),
        territories: {
            let fragment = format!("#{}", pair_anchor(g, p, n));
            g.territories[g.root].children.iter().map(|&c| territory_item_at(g, links, c, 1, &fragment)).collect()
        },
        all_territories: links.job(g, &Job::Territories),
        communes: g
            .commune_parts()
            .iter()
            .map(|&t| Link {
                title: communes_title(&g.territories[t].record.data),
                href: links.job(g, &Job::Communes(t)),
            })
            .collect(),
    }
}
