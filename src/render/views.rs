//! Views: what each template receives, built from the graph with links already relative (the
//! data files of the wizard of `/trouver/` are `wizard`'s).
//!
//! Templates never compute: a missing contact is `None` here and "à compléter" there, a phone is
//! already formatted, opening hours are already French.

use serde::Serialize;

use crate::content::load::Record;
use crate::content::markdown::{self, Target};
use crate::content::model::*;
use crate::export::opendata;
use crate::graph::address::{self, Job, Links};
use crate::graph::anchors;
use crate::graph::card::{PARTNERS_PER_DOOR, PartnerSummary, PhoneView, partner_summary, phone_view};
use crate::graph::{Graph, labels};
use crate::site::RenderConfig;

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

/// What every page shares: header, menu, breadcrumbs, footer.
#[derive(Serialize)]
pub struct Layout {
    pub site_title: String,
    pub phone: Option<PhoneView>,
    pub home: String,
    pub css: String,
    /// The site's icon, so that browsers do not ask for a missing `/favicon.ico`.
    pub icon: String,
    pub search: String,
    pub menu: Vec<MenuItem>,
    pub breadcrumbs: Vec<Link>,
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
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
        site_title: g.site.titre.clone(),
        phone: phone_view(g.site.telephone.as_deref()),
        home: links.to(""),
        css: links.file(&address::asset("site.css")),
        icon: links.file(&address::asset("favicon.svg")),
        search: links.job(g, &Job::Search),
        menu,
        breadcrumbs: breadcrumbs(g, links, job),
        title: title_of(g, job),
        description: description_of(g, job),
        canonical,
        footer,
        credit: crate::content::communes::CREDIT,
    }
}

/// Above this many pages outside the menu, the footer links only the site map.
const FOOTER_MAX_PAGES: usize = 6;

fn section_of(job: &Job) -> u8 {
    match job {
        Job::Find | Job::FindPublic(_) | Job::FindNeed(..) => 1,
        Job::Territories | Job::Territory(_) | Job::Partner(_) => 2,
        Job::Networks | Job::Network(_) => 3,
        Job::Walkthroughs | Job::Walkthrough(_) => 4,
        _ => 0,
    }
}

fn title_of(g: &Graph, job: &Job) -> String {
    match *job {
        Job::Home => g.site.titre.clone(),
        Job::Territories => "Les territoires".into(),
        Job::Territory(t) => g.territories[t].record.data.nom.clone(),
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
        Job::Home => ("home.html", json(home(g, links, config))),
        Job::Territories => ("territories.html", json(territory_index(g, links))),
        Job::Territory(t) => ("territory.html", json(territory(g, links, t))),
        Job::Partner(p) => ("partner.html", json(partner(g, links, p))),
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
        Job::OpenData => ("donnees.html", json(open_data_view(links, open_data))),
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

#[derive(Serialize)]
struct HomeView {
    intro: Option<String>,
    find: String,
    publics: Vec<Link>,
    territories: Vec<TerritoryItem>,
    walkthroughs: Vec<Link>,
}

#[derive(Serialize)]
struct TerritoryItem {
    title: String,
    href: String,
    kind: &'static str,
    children: Vec<TerritoryItem>,
}

fn territory_item(g: &Graph, links: &Links, t: usize, depth: usize) -> TerritoryItem {
    territory_item_at(g, links, t, depth, "")
}

/// A territory and `depth` levels below it, each linking to `fragment` (`#…`) of its page.
fn territory_item_at(g: &Graph, links: &Links, t: usize, depth: usize, fragment: &str) -> TerritoryItem {
    let node = &g.territories[t];
    TerritoryItem {
        title: node.record.data.nom.clone(),
        href: format!("{}{fragment}", links.job(g, &Job::Territory(t))),
        kind: node.record.data.kind.label(),
        children: if depth == 0 {
            Vec::new()
        } else {
            node.children.iter().map(|&c| territory_item_at(g, links, c, depth - 1, fragment)).collect()
        },
    }
}

fn home(g: &Graph, links: &Links, config: &RenderConfig) -> HomeView {
    HomeView {
        intro: config.home_text.map(|t| markdown_html(g, links, t)),
        find: links.job(g, &Job::Find),
        publics: (0..g.publics.len())
            .map(|p| Link { title: g.publics[p].data.libelle.clone(), href: links.job(g, &Job::FindPublic(p)) })
            .collect(),
        territories: g.territories[g.root].children.iter().map(|&c| territory_item(g, links, c, 1)).collect(),
        walkthroughs: (0..g.walkthroughs.len()).map(|w| links.link(g, Job::Walkthrough(w))).collect(),
    }
}

fn territory_index(g: &Graph, links: &Links) -> TerritoryItem {
    territory_item(g, links, g.root, usize::MAX)
}

#[derive(Serialize)]
struct TerritoryView {
    kind: &'static str,
    code: Option<String>,
    parent: Option<Link>,
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

/// The ids of a page's sections, by section (`anchors::ids`).
type Ids = std::collections::BTreeMap<anchors::Section, Option<&'static str>>;

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

fn territory(g: &Graph, links: &Links, t: usize) -> TerritoryView {
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
    communes.sort_by(|a, b| crate::content::collate::compare(&a.nom, &b.nom).then_with(|| a.code.cmp(&b.code)));
    let doors_here = doors_here(g, links, t);
    let facts = anchors::Facts {
        children: !node.children.is_empty(),
        doors: !doors_here.publics.is_empty(),
        coordination: !d.coordination.is_empty(),
        communes: !communes.is_empty(),
        ..anchors::Facts::default()
    };
    TerritoryView {
        kind: d.kind.label(),
        code: d.code.clone(),
        parent: node.parent.map(|p| links.link(g, Job::Territory(p))),
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

/// The anchor of a (public, need) section on a territory page.
pub fn pair_anchor(g: &Graph, p: usize, n: usize) -> String {
    anchors::pair(&g.publics[p].id, &g.needs[n].id)
}

/// The anchor of a public's sections on a territory page.
pub fn public_anchor(g: &Graph, p: usize) -> String {
    anchors::public(&g.publics[p].id)
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

#[derive(Serialize)]
struct PartnerView {
    network: Option<Link>,
    territory: Option<Link>,
    zone: Vec<Link>,
    adresse: Option<String>,
    complement_adresse: Option<String>,
    code_postal: Option<String>,
    commune: Option<String>,
    phone: Option<PhoneView>,
    courriel: Option<String>,
    site_web: Option<String>,
    hours: Option<String>,
    on_appointment: Option<bool>,
    wheelchair: Option<&'static str>,
    accessibility_url: Option<String>,
    publics: Vec<String>,
    besoins: Vec<String>,
    description: Option<String>,
    checked: Option<String>,
    source: Option<String>,
    source_is_url: bool,
    siret: Option<String>,
    /// "Orienter vers": per public, the right doors of the partner's territory.
    refer: Option<Refer>,
    /// schema.org JSON-LD, already escaped for its `<script>` element.
    json_ld: String,
    /// The partner's vCard, next to its page.
    vcard: String,
    ids: Ids,
}

/// Links to the sections of a territory page that list its right doors, one per public: the
/// counsellor reaches the right partner's phone in two clicks, and a partner page stays small.
#[derive(Serialize)]
struct Refer {
    territory: String,
    publics: Vec<Link>,
}

fn refer(g: &Graph, links: &Links, territory: usize) -> Refer {
    let page = links.job(g, &Job::Territory(territory));
    Refer {
        territory: g.territories[territory].record.data.nom.clone(),
        publics: (0..g.publics.len())
            .filter(|&p| (0..g.needs.len()).any(|n| !g.doors(p, n).is_empty()))
            .map(|p| Link { title: g.publics[p].data.libelle.clone(), href: format!("{page}#{}", public_anchor(g, p)) })
            .collect(),
    }
}

fn partner(g: &Graph, links: &Links, p: usize) -> PartnerView {
    let d = &g.partners[p].data;
    let network = g.network(&d.reseau);
    let territory_link = |id: &String| g.territory(id).map(|t| links.link(g, Job::Territory(t)));
    let territory = g.territory(&d.territoire);
    let refer = territory.map(|t| refer(g, links, t)).filter(|r| !r.publics.is_empty());
    let facts = anchors::Facts { territory: territory.is_some(), doors: refer.is_some(), ..anchors::Facts::default() };
    let ids = anchors::ids(RecordKind::Structure, &facts);
    PartnerView {
        network: network.map(|n| links.link(g, Job::Network(n))),
        territory: territory_link(&d.territoire),
        zone: d.zone.iter().filter_map(territory_link).collect(),
        adresse: d.adresse.clone(),
        complement_adresse: d.complement_adresse.clone(),
        code_postal: d.code_postal.clone(),
        commune: d.commune.clone(),
        phone: phone_view(d.telephone.as_deref()),
        courriel: d.courriel.clone(),
        site_web: d.site_web.clone(),
        hours: d.horaires_accueil.as_deref().and_then(|h| g.hours_french(h)).map(str::to_string),
        on_appointment: d.sur_rendez_vous,
        wheelchair: d.fauteuil.map(|f| match f {
            Wheelchair::Oui => "accessible en fauteuil roulant",
            Wheelchair::Non => "non accessible en fauteuil roulant",
            Wheelchair::Partiel => "partiellement accessible en fauteuil roulant",
        }),
        accessibility_url: d.accessibilite_lieu.clone(),
        publics: labels(&g.publics, g.partner_publics(p)),
        besoins: labels(&g.needs, g.partner_needs(p)),
        description: d.description.as_deref().map(|t| markdown_html(g, links, t)),
        checked: d.date_maj.as_deref().and_then(french_date),
        source_is_url: d.source.as_deref().is_some_and(|s| s.starts_with("http://") || s.starts_with("https://")),
        source: d.source.clone(),
        siret: d.siret.clone(),
        refer,
        json_ld: opendata::jsonld::script_text(&opendata::jsonld::partner(g.partners[p])),
        vcard: address::vcard_name(g.partners[p]),
        ids,
    }
}

#[derive(Serialize)]
struct NetworkItem {
    title: String,
    href: String,
    sigle: Option<String>,
    resume: String,
    count: usize,
}

fn network_index(g: &Graph, links: &Links) -> Vec<NetworkItem> {
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
struct NetworkView {
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

fn network(g: &Graph, links: &Links, n: usize) -> NetworkView {
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

#[derive(Serialize)]
struct WalkthroughGroup {
    title: String,
    items: Vec<Link>,
}

fn walkthrough_index(g: &Graph, links: &Links) -> Vec<WalkthroughGroup> {
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
struct WalkthroughView {
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

fn walkthrough(g: &Graph, links: &Links, w: usize) -> WalkthroughView {
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

#[derive(Serialize)]
struct FindView {
    items: Vec<Link>,
}

/// `/trouver/`: the links of the first question, and the wizard that replaces the three
/// questions when JavaScript runs.
#[derive(Serialize)]
struct FindStartView {
    items: Vec<Link>,
    script: String,
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

fn find(g: &Graph, links: &Links, wizard_dir: &str) -> FindStartView {
    FindStartView {
        items: (0..g.publics.len())
            .map(|p| Link { title: g.publics[p].data.libelle.clone(), href: links.job(g, &Job::FindPublic(p)) })
            .collect(),
        script: links.file(&address::asset("wizard.js")),
        data: links.file(&format!("{wizard_dir}index.json")),
        root: links.file(""),
        publics: choices(&g.publics),
        needs: choices(&g.needs),
    }
}

fn find_public(g: &Graph, links: &Links, p: usize) -> FindView {
    FindView {
        items: (0..g.needs.len())
            .map(|n| Link { title: g.needs[n].data.libelle.clone(), href: links.job(g, &Job::FindNeed(p, n)) })
            .collect(),
    }
}

#[derive(Serialize)]
struct FindNeedView {
    doors: Vec<DoorView>,
    walkthroughs: Vec<Link>,
    /// Départements and their bassins, each linking to this pair's section of its page.
    territories: Vec<TerritoryItem>,
    /// Where to find any member of the SPRO, when the pair has no door.
    all_territories: String,
}

#[derive(Serialize)]
struct DoorView {
    network: Link,
    why: Option<String>,
    levels: Vec<u8>,
}

fn find_need(g: &Graph, links: &Links, p: usize, n: usize) -> FindNeedView {
    FindNeedView {
        doors: g
            .doors(p, n)
            .iter()
            .map(|door| {
                let net = g.networks[door.network];
                DoorView {
                    network: links.link(g, Job::Network(door.network)),
                    why: door.why.map(str::to_string).or_else(|| Some(net.data.resume.clone())),
                    levels: net.data.niveaux_cep.iter().map(|l| l.0).collect(),
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
    }
}

#[derive(Serialize)]
struct SearchView {
    find: String,
    territories: String,
    networks: String,
    /// The client and what it loads: the manifest of the exported index, and the site root
    /// that the documents' URLs are relative to.
    script: String,
    index: String,
    root: String,
}

fn search(g: &Graph, links: &Links) -> SearchView {
    SearchView {
        find: links.job(g, &Job::Find),
        territories: links.job(g, &Job::Territories),
        networks: links.job(g, &Job::Networks),
        script: links.file(&address::asset("search.js")),
        index: links.file(&address::search_file("index.json")),
        root: links.file(""),
    }
}

#[derive(Serialize)]
struct SiteMapView {
    sections: Vec<Link>,
    pages: Vec<Link>,
    territories: TerritoryItem,
    networks: Vec<Link>,
    walkthroughs: Vec<Link>,
}

/// Every page of the guide but partner pages (reached from their territory): a second way to
/// find one's way besides the menu (RGAA 12.1).
fn site_map(g: &Graph, links: &Links) -> SiteMapView {
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
struct OpenDataView {
    json: DataFile,
    csv: DataFile,
    /// "20 000 structures".
    partners: String,
    exported: String,
    /// "2 structures : date de vérification absente".
    left_out: Vec<String>,
    /// The newest `date_maj`, in French.
    updated: Option<String>,
    producer: String,
    list_separator: &'static str,
}

#[derive(Serialize)]
struct DataFile {
    href: String,
    size: String,
}

fn open_data_view(links: &Links, summary: &opendata::Summary) -> OpenDataView {
    let file = |path: &str, bytes: usize| DataFile { href: links.file(path), size: opendata::french_size(bytes) };
    OpenDataView {
        json: file(address::OPEN_DATA_JSON, summary.json_bytes),
        csv: file(address::OPEN_DATA_CSV, summary.csv_bytes),
        partners: opendata::french_count(summary.partners, "structure"),
        exported: opendata::french_count(summary.exported, "structure"),
        left_out: summary
            .left_out
            .iter()
            .map(|(why, n)| format!("{} : {}", opendata::french_count(*n, "structure"), why.french()))
            .collect(),
        updated: summary.updated.map(|d| d.french()),
        producer: summary.producer.clone(),
        list_separator: opendata::LIST_SEPARATOR,
    }
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
