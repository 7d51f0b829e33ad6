//! The networks index and a network page (its partners by territory, or counts for a large one).

use serde::Serialize;

use super::{Group, Ids, markdown_html};
use crate::content::model::RecordKind;
use crate::graph::address::{Job, Links};
use crate::graph::card::{PartnerSummary, PhoneView, partner_summary, phone_view};
use crate::graph::{Graph, anchors, labels};

#[derive(Serialize)]
pub(super) struct NetworkItem {
    title: String,
    href: String,
    sigle: Option<String>,
    resume: String,
    count: usize,
}

pub(super) fn network_index(g: &Graph, links: &Links) -> Vec<NetworkItem> {
    g.networks
        .iter()
        .enumerate()
        .map(|(n, net)| NetworkItem {
            title: net.data.nom.clone(),
            href: links.job(g, &Job::Network(n)),
            sigle: net.data.sigle.clone(),
            resume: net.data.resume.clone(),
            count: g.of_network[n].len(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct NetworkView {
    sigle: Option<String>,
    anciens_noms: Vec<String>,
    resume: String,
    description: Option<String>,
    publics: Vec<String>,
    besoins: Vec<String>,
    niveaux_cep: Vec<u8>,
    site_web: Option<String>,
    phone: Option<PhoneView>,
    groups: Vec<Group>,
    /// Instead of `groups` when the network has too many partners for one page.
    counts: Vec<CountLink>,
    ids: Ids,
}

/// Above this many partners, a network page lists territories with counts instead of partners:
/// a national network would otherwise make a page of several megabytes.
const NETWORK_PAGE_MAX_PARTNERS: usize = 150;

#[derive(Serialize)]
struct CountLink {
    title: String,
    href: String,
    count: usize,
}

/// The partners of network `n` counted by territory just below the root (départements).
fn network_counts(g: &Graph, links: &Links, n: usize) -> Vec<CountLink> {
    let mut counts = vec![0usize; g.territories.len()];
    for &p in &g.of_network[n] {
        let Some(t) = g.territory(&g.partners[p].data.territoire) else { continue };
        let top = g.territories[t].ancestors.get(1).copied().unwrap_or(t);
        counts[top] += 1;
    }
    let top_level = std::iter::once(g.root).chain(g.territories[g.root].children.iter().copied());
    top_level
        .filter(|&t| counts[t] > 0)
        .map(|t| CountLink {
            title: g.territories[t].record.data.nom.clone(),
            href: links.job(g, &Job::Territory(t)),
            count: counts[t],
        })
        .collect()
}

pub(super) fn network(g: &Graph, links: &Links, n: usize) -> NetworkView {
    let d = &g.networks[n].data;
    let too_many = g.of_network[n].len() > NETWORK_PAGE_MAX_PARTNERS;
    // Partners by territory, in the tree's order.
    let mut groups = Vec::new();
    for (t, node) in g.territories.iter().enumerate().filter(|_| !too_many) {
        let partners: Vec<PartnerSummary> = g.located_in[t]
            .iter()
            .filter(|&&p| g.partners[p].data.reseau == g.networks[n].id)
            .map(|&p| partner_summary(g, links, p))
            .collect();
        if !partners.is_empty() {
            groups.push(Group {
                title: node.record.data.nom.clone(),
                href: links.job(g, &Job::Territory(t)),
                partners,
            });
        }
    }
    NetworkView {
        sigle: d.sigle.clone(),
        anciens_noms: d.anciens_noms.clone(),
        resume: d.resume.clone(),
        description: d.description.as_deref().map(|t| markdown_html(g, links, t)),
        publics: labels(&g.publics, &d.publics),
        besoins: labels(&g.needs, &d.besoins),
        niveaux_cep: d.niveaux_cep.iter().map(|l| l.0).collect(),
        site_web: d.site_web.clone(),
        phone: phone_view(d.telephone.as_deref()),
        groups,
        counts: if too_many { network_counts(g, links, n) } else { Vec::new() },
        ids: anchors::ids(RecordKind::Reseau, &anchors::Facts::default()),
    }
}
