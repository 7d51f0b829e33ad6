//! The walkthroughs index (by public) and a walkthrough page (its steps from door to door).

use serde::Serialize;

use super::{Ids, Link, TitledLink, markdown_html};
use crate::content::model::{DoorKind, RecordKind};
use crate::graph::address::{Job, Links};
use crate::graph::{Graph, anchors};

#[derive(Serialize)]
pub(super) struct WalkthroughGroup {
    title: String,
    items: Vec<Link>,
}

pub(super) fn walkthrough_index(g: &Graph, links: &Links) -> Vec<WalkthroughGroup> {
    let mut groups: Vec<WalkthroughGroup> = Vec::new();
    let public_of = |w: usize| g.walkthroughs[w].record.data.public.as_deref().and_then(|p| g.public(p));
    let mut order: Vec<Option<usize>> = (0..g.publics.len()).map(Some).collect();
    order.push(None);
    for public in order {
        let items: Vec<Link> = (0..g.walkthroughs.len())
            .filter(|&w| public_of(w) == public)
            .map(|w| links.link(g, Job::Walkthrough(w)))
            .collect();
        if !items.is_empty() {
            let title = public.map_or("Autres situations".to_string(), |p| g.publics[p].data.libelle.clone());
            groups.push(WalkthroughGroup { title, items });
        }
    }
    groups
}

#[derive(Serialize)]
pub(super) struct WalkthroughView {
    public: Option<Link>,
    need: Option<String>,
    /// The need page of the walkthrough's pair: its right doors near the reader.
    find: Option<String>,
    steps: Vec<StepView>,
    body: String,
    ids: Ids,
}

#[derive(Serialize)]
struct StepView {
    network: Option<Link>,
    /// The network's partners, by territory (its page's list).
    partners: Option<String>,
    door: Option<&'static str>,
    text: Option<String>,
}

pub(super) fn walkthrough(g: &Graph, links: &Links, w: usize) -> WalkthroughView {
    let doc = g.walkthroughs[w];
    let d = &doc.record.data;
    WalkthroughView {
        public: d
            .public
            .as_deref()
            .and_then(|p| g.public(p))
            .map(|p| Link { title: g.publics[p].data.libelle.clone(), href: links.job(g, &Job::FindPublic(p)) }),
        need: d.besoin.as_deref().and_then(|n| g.need(n)).map(|n| g.needs[n].data.libelle.clone()),
        find: match (d.public.as_deref().and_then(|p| g.public(p)), d.besoin.as_deref().and_then(|n| g.need(n))) {
            (Some(p), Some(n)) => Some(links.job(g, &Job::FindNeed(p, n))),
            _ => None,
        },
        steps: d
            .etapes
            .iter()
            .map(|s| StepView {
                network: g.network(&s.reseau).map(|n| links.link(g, Job::Network(n))),
                partners: g
                    .network(&s.reseau)
                    .filter(|&n| !g.of_network[n].is_empty())
                    .map(|n| format!("{}#{}", links.job(g, &Job::Network(n)), anchors::Section::Partners.id())),
                door: s.porte.map(|k| match k {
                    DoorKind::Premiere => "Première porte",
                    DoorKind::Bonne => "Bonne porte",
                }),
                text: s.texte.as_deref().map(|t| markdown_html(g, links, t)),
            })
            .collect(),
        body: markdown_html(g, links, &doc.body),
        ids: anchors::ids(
            RecordKind::Parcours,
            &anchors::Facts { steps: !d.etapes.is_empty(), ..anchors::Facts::default() },
        ),
    }
}
