//! The territories index and a territory page: its partners by network, those serving it from
//! elsewhere, the right doors here with their contact cards, coordination, communes.

use serde::Serialize;

use super::{Ids, Link, TitledLink, markdown_html, pair_anchor, public_anchor};
use crate::content::collate;
use crate::content::model::{Partner, RecordKind, Territory};
use crate::graph::Graph;
use crate::graph::address::{Job, Links};
use crate::graph::anchors;
use crate::graph::card::{PartnerSummary, PhoneView, dated, partner_summary, phone_view};

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
    /// Its largest communes, for whom the word « bassin » says nothing.
    places: Option<String>,
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
        places: g.main_communes(t).map(str::to_string),
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
    /// The partners located here, by network, with their cards.
    groups: Vec<CardGroup>,
    zone_partners: Vec<ContactCard>,
    coordination: Vec<CoordinationView>,
    /// How many communes the record lists, and the page that lists them from A to Z.
    communes: Option<CommunesLink>,
    source: Option<String>,
    doors_here: DoorsHere,
    /// The ids of the sections shown (`anchors`), `null` for those left out.
    ids: Ids,
}

#[derive(Serialize)]
struct CardGroup {
    title: String,
    href: String,
    cards: Vec<ContactCard>,
    /// For a group of more than [`FOLDED_FROM`] cards, folded on the page: the communes of its
    /// places, so that a visitor sees whether theirs is there before opening it.
    folded: Option<String>,
}

/// A network with this many places or more in a territory shows them folded: fifteen open
/// cards would push everything else screens down on a phone.
const FOLDED_FROM: usize = 3;

/// The communes of `partners`, each once, in their order: « Blois, Mer, Vendôme ».
fn places(g: &Graph, partners: &[usize]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for name in partners.iter().filter_map(|&p| g.partners[p].data.commune.as_deref()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

#[derive(Serialize)]
struct CoordinationView {
    role: String,
    partner: Option<Link>,
}

#[derive(Serialize)]
struct CommunesLink {
    count: usize,
    href: String,
    /// The territory whose communes that page lists (this one, or its département), after
    /// « de » when its article is known: « du Cher ».
    of: String,
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

/// The lists of partners whose records the page of `t` may show: each network's nearest
/// partners (`Graph::nearest_by_network`), those located or with a zone in `t` and in each
/// territory above it, those that its coordination names. The page reads no other partner but
/// to count a network's partners (`network_without`), which depends only on each partner's
/// network. A rebuild keeps the page while these lists and their records are the same
/// (`render::reuse`): keep this in step with what [`territory`] reads.
pub(crate) fn partners_read(g: &Graph, t: usize) -> Vec<Vec<usize>> {
    let mut lists = g.nearest_by_network(t);
    for level in std::iter::once(t).chain(g.territories[t].ancestors.iter().copied()) {
        lists.push(g.located_in[level].clone());
        lists.push(g.zoned_in[level].clone());
    }
    let coordination = &g.territories[t].record.data.coordination;
    lists.push(coordination.iter().filter_map(|c| g.partner(&c.structure)).collect());
    lists
}

pub(super) fn territory(g: &Graph, links: &Links, today: i64, t: usize) -> TerritoryView {
    let node = &g.territories[t];
    let d = &node.record.data;
    let mut groups: Vec<CardGroup> = Vec::new();
    for (n, network) in g.networks.iter().enumerate() {
        let members: Vec<usize> =
            g.located_in[t].iter().copied().filter(|&p| g.partners[p].data.reseau == network.id).collect();
        if !members.is_empty() {
            groups.push(CardGroup {
                title: network.data.nom.clone(),
                href: links.job(g, &Job::Network(n)),
                folded: (members.len() >= FOLDED_FROM).then(|| places(g, &members)),
                cards: members.iter().map(|&p| contact_card(g, links, today, p)).collect(),
            });
        }
    }
    let part = g.commune_part(t);
    let communes = (!d.communes.is_empty() && g.commune_parts().contains(&part)).then(|| CommunesLink {
        count: d.communes.len(),
        href: links.job(g, &Job::Communes(part)),
        of: communes_title(&g.territories[part].record.data),
    });
    let serving = serving_too(g, t);
    let above: Vec<usize> = g.located_in[t].iter().chain(&serving).copied().collect();
    let doors_here = doors_here(g, links, today, t, &above);
    let facts = anchors::Facts {
        children: !node.children.is_empty(),
        doors: !doors_here.publics.is_empty(),
        coordination: !d.coordination.is_empty(),
        communes: communes.is_some(),
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
        zone_partners: serving.into_iter().map(|p| contact_card(g, links, today, p)).collect(),
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

/// The right doors of a territory for every (public, need) that has one, as short lines: the
/// nearest partner of each door with its phone, or else the doors' networks, which the page
/// says once how to reach (`without`). The needs of a public whose lines read the same share
/// one. A line names its partners; their cards are in the partners section, or else in
/// `farther`, so that a bassin page stays small (about 11 KB of doors on the bundled guide).
#[derive(Serialize)]
struct DoorsHere {
    publics: Vec<PublicDoors>,
    /// Cards of the partners that the lines name and the partners section does not show.
    farther: Vec<ContactCard>,
    /// The networks that lines name for want of a partner near: how to reach them, once.
    without: Vec<NetworkWithout>,
}

#[derive(Serialize)]
struct PublicDoors {
    anchor: String,
    title: String,
    lines: Vec<DoorLine>,
}

/// The needs of a public that have the same doors here, and those doors.
#[derive(Serialize)]
struct DoorLine {
    needs: Vec<NeedRef>,
    /// The nearest partner of each door that has one, in the order of the doors.
    partners: Vec<PartnerRef>,
    /// The networks of the doors, when none has a partner near. A line with a partner near
    /// names only the partners: naming the other doors too made a bassin page half as long
    /// again, and any partner orients to the right door.
    without: Vec<String>,
}

/// A need in a line, with the anchor of its pair (`<public>--<need>`).
#[derive(Serialize)]
struct NeedRef {
    anchor: String,
    title: String,
}

#[derive(Serialize)]
struct PartnerRef {
    title: String,
    /// Its contact card on the same page, when the card says more than its name and phone.
    href: Option<String>,
    phone: Option<PhoneView>,
    /// The other partners of the door, when the nearest is not of this territory itself
    /// (a département names one of its bassins' partners): the network page lists them.
    more: usize,
}

#[derive(Serialize)]
struct NetworkWithout {
    network: Link,
    site: Option<String>,
    phone: Option<PhoneView>,
    /// Its partners farther away, which its page lists.
    elsewhere: usize,
}

#[derive(Serialize)]
struct ContactCard {
    anchor: String,
    summary: PartnerSummary,
    adresse: Option<String>,
    courriel: Option<String>,
    hours: Option<String>,
    /// "d'août 2019" when the contact is older than the guide allows.
    dated: Option<String>,
}

/// The doors of a pair here: the nearest partner of each door that has one, with how many
/// others it has, and the networks of the doors without.
struct PairDoors {
    partners: Vec<(usize, usize)>,
    without: Vec<usize>,
}

/// `local`: the partners of the territory itself, whose door needs no other.
fn pair_doors(g: &Graph, nearest: &[Vec<usize>], local: &[usize], p: usize, n: usize) -> PairDoors {
    let mut doors = PairDoors { partners: Vec::new(), without: Vec::new() };
    for (door, partners) in g.right_partners_from(nearest, p, n) {
        match partners.first() {
            Some(&first) if local.contains(&first) => doors.partners.push((first, 0)),
            Some(&first) => doors.partners.push((first, partners.len() - 1)),
            None => doors.without.push(door.network),
        }
    }
    doors
}

/// What a line shows of a pair's doors (`DoorLine`); the needs whose lines would read the
/// same share one.
#[derive(PartialEq)]
struct Shown {
    partners: Vec<(usize, usize)>,
    without: Vec<usize>,
}

impl From<PairDoors> for Shown {
    fn from(doors: PairDoors) -> Shown {
        let without = if doors.partners.is_empty() { doors.without } else { Vec::new() };
        Shown { partners: doors.partners, without }
    }
}

/// `above`: the partners whose cards the partners section shows.
fn doors_here(g: &Graph, links: &Links, today: i64, t: usize, above: &[usize]) -> DoorsHere {
    let nearest = g.nearest_by_network(t);
    let local: Vec<usize> = g.located_in[t].iter().chain(&g.zoned_in[t]).copied().collect();
    let (mut named, mut empty) = (Vec::new(), Vec::new());
    let mut publics = Vec::new();
    for p in 0..g.publics.len() {
        let mut lines: Vec<(Shown, Vec<NeedRef>)> = Vec::new();
        for n in (0..g.needs.len()).filter(|&n| !g.doors(p, n).is_empty()) {
            let shown = Shown::from(pair_doors(g, &nearest, &local, p, n));
            shown.partners.iter().for_each(|&(i, _)| push_once(&mut named, i));
            shown.without.iter().for_each(|&n| push_once(&mut empty, n));
            let need = NeedRef { anchor: pair_anchor(g, p, n), title: g.needs[n].data.libelle.clone() };
            match lines.iter_mut().find(|(s, _)| *s == shown) {
                Some((_, needs)) => needs.push(need),
                None => lines.push((shown, vec![need])),
            }
        }
        if !lines.is_empty() {
            let lines = lines.into_iter().map(|(shown, needs)| door_line(g, shown, needs)).collect();
            publics.push(PublicDoors { anchor: public_anchor(g, p), title: g.publics[p].data.libelle.clone(), lines });
        }
    }
    named.retain(|p| !above.contains(p));
    named.sort_unstable();
    empty.sort_unstable();
    DoorsHere {
        publics,
        farther: named.into_iter().map(|i| contact_card(g, links, today, i)).collect(),
        without: empty.into_iter().map(|n| network_without(g, links, n, &nearest[n])).collect(),
    }
}

fn door_line(g: &Graph, shown: Shown, needs: Vec<NeedRef>) -> DoorLine {
    DoorLine {
        needs,
        partners: shown.partners.into_iter().map(|(p, more)| partner_ref(g, p, more)).collect(),
        without: shown.without.into_iter().map(|n| g.networks[n].data.nom.clone()).collect(),
    }
}

fn push_once(list: &mut Vec<usize>, item: usize) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn partner_ref(g: &Graph, p: usize, more: usize) -> PartnerRef {
    let d = &g.partners[p].data;
    PartnerRef {
        title: d.nom.clone(),
        href: more_than_phone(d).then(|| format!("#s-{}", g.partners[p].id)),
        phone: phone_view(d.telephone.as_deref()),
        more,
    }
}

/// Whether a partner's card tells more than a line does: where it is, its e-mail, its hours.
fn more_than_phone(d: &Partner) -> bool {
    d.adresse.is_some() || d.commune.is_some() || d.courriel.is_some() || d.horaires_accueil.is_some()
}

/// How to reach a network that has no partner near `t`: its own site and phone, and how many
/// of its partners its page lists farther away (`near`: its partners that serve `t`).
fn network_without(g: &Graph, links: &Links, n: usize, near: &[usize]) -> NetworkWithout {
    let d = &g.networks[n].data;
    NetworkWithout {
        network: links.link(g, Job::Network(n)),
        site: d.site_web.clone(),
        phone: phone_view(d.telephone.as_deref()),
        elsewhere: g.of_network[n].iter().filter(|p| !near.contains(p)).count(),
    }
}

fn contact_card(g: &Graph, links: &Links, today: i64, p: usize) -> ContactCard {
    let d = &g.partners[p].data;
    let summary = partner_summary(g, links, p);
    ContactCard {
        anchor: format!("s-{}", g.partners[p].id),
        // A card is for calling or going there; the e-mail is on the partner's page, and on
        // the card only when there is no number to call.
        courriel: d.courriel.clone().filter(|_| summary.phone.is_none()),
        summary,
        adresse: d.adresse.clone(),
        hours: d.horaires_accueil.as_deref().and_then(|h| g.hours_french(h)).map(str::to_string),
        dated: dated(g, p, today),
    }
}

/// The page of a territory's communes from A to Z, by initial: each with its postal codes and
/// the territory that serves it, linked, so that nobody needs to know their bassin's name.
#[derive(Serialize)]
pub(super) struct CommunesView {
    territory: Link,
    letters: Vec<CommuneLetter>,
}

#[derive(Serialize)]
struct CommuneLetter {
    letter: String,
    communes: Vec<CommuneLine>,
}

#[derive(Serialize)]
struct CommuneLine {
    nom: String,
    codes_postaux: String,
    served_by: Link,
}

pub(super) fn communes_index(g: &Graph, links: &Links, part: usize) -> CommunesView {
    let reference = crate::content::communes::reference();
    let mut lines: Vec<(&crate::content::communes::Commune, usize)> = g
        .commune_territory
        .iter()
        .filter(|&(_, &t)| g.commune_part(t) == part)
        .filter_map(|(code, &t)| Some((reference.get(code)?, t)))
        .collect();
    lines.sort_by(|(a, _), (b, _)| collate::compare(a.nom, b.nom).then_with(|| a.code.cmp(b.code)));
    let mut letters: Vec<CommuneLetter> = Vec::new();
    for (c, t) in lines {
        let letter = collate::fold(c.nom).chars().next().map(|l| l.to_uppercase().to_string()).unwrap_or_default();
        if letters.last().is_none_or(|l| l.letter != letter) {
            letters.push(CommuneLetter { letter, communes: Vec::new() });
        }
        let line = CommuneLine {
            nom: c.nom.to_string(),
            codes_postaux: c.codes_postaux.join(", "),
            served_by: links.link(g, Job::Territory(t)),
        };
        letters.last_mut().expect("pushed above").communes.push(line);
    }
    CommunesView { territory: links.link(g, Job::Territory(part)), letters }
}

/// « du Cher », « de l'Indre »: a département's or région's name after « de », from the COG's
/// type of name; `None` for a bassin or a territory of unknown code, which the pages name
/// without a preposition.
pub(super) fn de_name(d: &Territory) -> Option<String> {
    use crate::content::communes::{AreaLevel, area};
    use crate::content::model::TerritoryKind;
    let level = match d.kind {
        TerritoryKind::Departement => AreaLevel::Departement,
        TerritoryKind::Region => AreaLevel::Region,
        TerritoryKind::Bassin => return None,
    };
    area(level, d.code.as_deref()?).filter(|a| collate::fold(a.nom) == collate::fold(&d.nom)).map(|a| a.de())
}

/// « Les communes du Cher, de A à Z », or « Les communes de A à Z : Bassin de Vierzon ».
pub(super) fn communes_title(d: &Territory) -> String {
    match de_name(d) {
        Some(de) => format!("Les communes {de}, de A à Z"),
        None => format!("Les communes de A à Z : {}", d.nom),
    }
}
