//! The territories index and a territory page: its partners by network, those serving it from
//! elsewhere, the right doors here with their contact cards, coordination, communes.

use serde::Serialize;

use super::{Group, Ids, Link, TitledLink, markdown_html, pair_anchor, public_anchor};
use crate::content::collate;
use crate::content::model::{RecordKind, Territory};
use crate::graph::Graph;
use crate::graph::address::{Job, Links};
use crate::graph::anchors;
use crate::graph::card::{PARTNERS_PER_DOOR, PartnerSummary, PhoneView, partner_summary, phone_view};

/// The kind of a territory, to show beside its name, unless the name already says it
/// (« Bassin de Vierzon », not « Bassin de Vierzon (Bassin) »).
fn kind_unless_named(d: &Territory) -> Option<&'static str> {
    let kind = d.kind.label();
    let named = collate::fold(&d.nom).starts_with(&collate::fold(kind));
    (!named).then_some(kind)
}

#[derive(Serialize)]
pub(super) struct TerritoryItem {
    title: String,
    href: String,
    kind: Option<&'static str>,
    children: Vec<TerritoryItem>,
}

pub(super) fn territory_item(g: &Graph, links: &Links, t: usize, depth: usize) -> TerritoryItem {
    territory_item_at(g, links, t, depth, "")
}

/// A territory and `depth` levels below it, each linking to `fragment` (`#…`) of its page.
pub(super) fn territory_item_at(g: &Graph, links: &Links, t: usize, depth: usize, fragment: &str) -> TerritoryItem {
    let node = &g.territories[t];
    TerritoryItem {
        title: node.record.data.nom.clone(),
        href: format!("{}{fragment}", links.job(g, &Job::Territory(t))),
        kind: kind_unless_named(&node.record.data),
        children: if depth == 0 {
            Vec::new()
        } else {
            node.children.iter().map(|&c| territory_item_at(g, links, c, depth - 1, fragment)).collect()
        },
    }
}

pub(super) fn territory_index(g: &Graph, links: &Links) -> TerritoryItem {
    territory_item(g, links, g.root, usize::MAX)
}

#[derive(Serialize)]
pub(super) struct TerritoryView {
    kind: Option<&'static str>,
    code: Option<String>,
    parent: Option<Link>,
    /// The kind of the parent, which names it: « Département : Cher ».
    parent_kind: Option<&'static str>,
    children: Vec<TerritoryItem>,
    description: Option<String>,
    groups: Vec<Group>,
    zone_partners: Vec<PartnerSummary>,
    coordination: Vec<CoordinationView>,
    communes: Vec<CommuneView>,
    source: Option<String>,
    doors_here: DoorsHere,
    /// The ids of the sections shown (`anchors`), `null` for those left out.
    ids: Ids,
}

#[derive(Serialize)]
struct CoordinationView {
    role: String,
    partner: Option<Link>,
}

#[derive(Serialize)]
struct CommuneView {
    nom: String,
    code: String,
    codes_postaux: String,
}

/// Partners located elsewhere that serve `t` too: those whose `zone` names it, then, nearest
/// first, those of each territory above it (located there or with a zone there).
fn serving_too(g: &Graph, t: usize) -> Vec<usize> {
    let above = g.territories[t].ancestors.iter().rev();
    let mut partners: Vec<usize> = g.zoned_in[t].clone();
    for &a in above {
        partners.extend(g.located_in[a].iter().chain(&g.zoned_in[a]));
    }
    let mut seen: std::collections::HashSet<usize> = g.located_in[t].iter().copied().collect();
    partners.retain(|&p| seen.insert(p));
    partners
}

pub(super) fn territory(g: &Graph, links: &Links, t: usize) -> TerritoryView {
    let node = &g.territories[t];
    let d = &node.record.data;
    let mut groups: Vec<Group> = Vec::new();
    for (n, network) in g.networks.iter().enumerate() {
        let partners: Vec<PartnerSummary> = g.located_in[t]
            .iter()
            .filter(|&&p| g.partners[p].data.reseau == network.id)
            .map(|&p| partner_summary(g, links, p))
            .collect();
        if !partners.is_empty() {
            groups.push(Group { title: network.data.nom.clone(), href: links.job(g, &Job::Network(n)), partners });
        }
    }
    let reference = crate::content::communes::reference();
    let mut communes: Vec<CommuneView> = d
        .communes
        .iter()
        .filter_map(|code| reference.get(code))
        .map(|c| CommuneView {
            nom: c.nom.to_string(),
            code: c.code.to_string(),
            codes_postaux: c.codes_postaux.join(", "),
        })
        .collect();
    communes.sort_by(|a, b| collate::compare(&a.nom, &b.nom).then_with(|| a.code.cmp(&b.code)));
    let doors_here = doors_here(g, links, t);
    let facts = anchors::Facts {
        children: !node.children.is_empty(),
        doors: !doors_here.publics.is_empty(),
        coordination: !d.coordination.is_empty(),
        communes: !communes.is_empty(),
        ..anchors::Facts::default()
    };
    TerritoryView {
        kind: kind_unless_named(d),
        code: d.code.clone(),
        parent: node.parent.map(|p| links.link(g, Job::Territory(p))),
        parent_kind: node.parent.map(|p| g.territories[p].record.data.kind.label()),
        children: node.children.iter().map(|&c| territory_item(g, links, c, 0)).collect(),
        description: d.description.as_deref().map(|t| markdown_html(g, links, t)),
        groups,
        zone_partners: serving_too(g, t).into_iter().map(|p| partner_summary(g, links, p)).collect(),
        coordination: d
            .coordination
            .iter()
            .map(|c| CoordinationView {
                role: c.role.clone(),
                partner: g.partner(&c.structure).map(|p| links.link(g, Job::Partner(p))),
            })
            .collect(),
        communes,
        source: d.source.clone(),
        doors_here,
        ids: anchors::ids(RecordKind::Territoire, &facts),
    }
}

/// The right doors of a territory for every (public, need) that has one: each partner's
/// contact appears once at the end (`contacts`), the pairs refer to it by anchor, so that a
/// bassin page stays small even with every pair of a national guide.
#[derive(Serialize)]
struct DoorsHere {
    publics: Vec<PublicDoors>,
    contacts: Vec<ContactCard>,
}

#[derive(Serialize)]
struct PublicDoors {
    anchor: String,
    title: String,
    needs: Vec<NeedDoors>,
}

#[derive(Serialize)]
struct NeedDoors {
    anchor: String,
    title: String,
    doors: Vec<DoorHere>,
}

#[derive(Serialize)]
struct DoorHere {
    network: Link,
    partners: Vec<PartnerRef>,
    /// How many more partners the network page lists.
    more: usize,
}

#[derive(Serialize)]
struct PartnerRef {
    title: String,
    /// The contact card on the same page.
    href: String,
    phone: Option<PhoneView>,
}

#[derive(Serialize)]
struct ContactCard {
    anchor: String,
    summary: PartnerSummary,
    adresse: Option<String>,
    courriel: Option<String>,
    hours: Option<String>,
}

fn doors_here(g: &Graph, links: &Links, t: usize) -> DoorsHere {
    let mut contacts: Vec<usize> = Vec::new();
    let mut publics = Vec::new();
    let nearest = g.nearest_by_network(t);
    for p in 0..g.publics.len() {
        let mut needs = Vec::new();
        for n in (0..g.needs.len()).filter(|&n| !g.doors(p, n).is_empty()) {
            let doors = g
                .right_partners_from(&nearest, p, n)
                .into_iter()
                .map(|(door, partners)| {
                    let shown = &partners[..partners.len().min(PARTNERS_PER_DOOR)];
                    for &i in shown {
                        if !contacts.contains(&i) {
                            contacts.push(i);
                        }
                    }
                    DoorHere {
                        network: links.link(g, Job::Network(door.network)),
                        partners: shown.iter().map(|&i| partner_ref(g, i)).collect(),
                        more: partners.len() - shown.len(),
                    }
                })
                .collect();
            needs.push(NeedDoors { anchor: pair_anchor(g, p, n), title: g.needs[n].data.libelle.clone(), doors });
        }
        if !needs.is_empty() {
            publics.push(PublicDoors { anchor: public_anchor(g, p), title: g.publics[p].data.libelle.clone(), needs });
        }
    }
    contacts.sort_unstable();
    DoorsHere { publics, contacts: contacts.into_iter().map(|i| contact_card(g, links, i)).collect() }
}

fn partner_ref(g: &Graph, p: usize) -> PartnerRef {
    let d = &g.partners[p].data;
    PartnerRef {
        title: d.nom.clone(),
        href: format!("#s-{}", g.partners[p].id),
        phone: phone_view(d.telephone.as_deref()),
    }
}

fn contact_card(g: &Graph, links: &Links, p: usize) -> ContactCard {
    let d = &g.partners[p].data;
    ContactCard {
        anchor: format!("s-{}", g.partners[p].id),
        summary: partner_summary(g, links, p),
        adresse: d.adresse.clone(),
        courriel: d.courriel.clone(),
        hours: d.horaires_accueil.as_deref().and_then(|h| g.hours_french(h)).map(str::to_string),
    }
}
