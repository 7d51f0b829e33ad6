//! A partner page: its contact, access, publics and needs, where to refer a person from it.

use serde::Serialize;

use super::{Ids, Link, TitledLink, french_date, markdown_html, public_anchor};
use crate::content::model::{RecordKind, Wheelchair};
use crate::export::opendata;
use crate::graph::address::{self, Job, Links};
use crate::graph::card::{PhoneView, phone_view};
use crate::graph::{Graph, anchors, labels};

#[derive(Serialize)]
pub(super) struct PartnerView {
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

pub(super) fn partner(g: &Graph, links: &Links, p: usize) -> PartnerView {
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
