//! A partner page: its contact, access, publics and needs, where to refer a person from it.

use serde::Serialize;

use super::services::{self, ServiceView};
use super::{Ids, Link, RenderConfig, TitledLink, french_date, markdown_html, public_anchor};
use crate::content::model::{Partner, RecordKind, Wheelchair};
use crate::export::opendata;
use crate::graph::address::{self, Job, Links};
use crate::graph::card::{PhoneView, dated, phone_view, source_name};
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
    /// The section « Services »: empty when the record lists none.
    services: Vec<ServiceView>,
    checked: Option<String>,
    /// "d'août 2019" when the record was last checked longer ago than the guide allows
    /// (`verification_max_jours`): the page says the contact may have changed.
    dated: Option<String>,
    /// What the source is called in a sentence: its text up to the first detail.
    source_name: Option<String>,
    source: Option<String>,
    source_is_url: bool,
    siret: Option<String>,
    /// "Orienter vers": per public, the right doors of the partner's territory.
    refer: Option<Refer>,
    /// schema.org JSON-LD, already escaped for its `<script>` element.
    json_ld: String,
    /// The partner's vCard as a `data:` URL, when it holds more than a name, and the file name
    /// it downloads as.
    vcard: Option<String>,
    vcard_name: Option<String>,
    /// The contact fields the record does not give, named once ("téléphone, courriel").
    missing: Vec<&'static str>,
    /// No way at all to reach the partner: no phone, e-mail, website nor address.
    no_contact: bool,
    /// Whom to ask meanwhile: the network's own site and phone (the regional line is the
    /// layout's).
    network_site: Option<String>,
    network_phone: Option<PhoneView>,
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

/// The contact fields a page names when the record does not give them, in page order.
fn missing_fields(d: &Partner, hours: bool) -> Vec<&'static str> {
    let known = [
        ("adresse", d.adresse.is_some()),
        ("téléphone", d.telephone.is_some()),
        ("courriel", d.courriel.is_some()),
        ("site web", d.site_web.is_some()),
        ("horaires d'accueil", hours),
        ("accessibilité", d.fauteuil.is_some()),
    ];
    known.into_iter().filter(|(_, given)| !given).map(|(name, _)| name).collect()
}

pub(super) fn partner(g: &Graph, links: &Links, config: &RenderConfig, p: usize) -> PartnerView {
    let d = &g.partners[p].data;
    let network = g.network(&d.reseau);
    let phone = phone_view(d.telephone.as_deref());
    let hours = d.horaires_accueil.as_deref().and_then(|h| g.hours_french(h)).map(str::to_string);
    let reachable = phone.is_some() || d.courriel.is_some() || d.site_web.is_some();
    let located = d.adresse.is_some() || d.commune.is_some();
    let territory_link = |id: &String| g.territory(id).map(|t| links.link(g, Job::Territory(t)));
    let territory = g.territory(&d.territoire);
    let refer = territory.map(|t| refer(g, links, t)).filter(|r| !r.publics.is_empty());
    let facts = anchors::Facts { territory: territory.is_some(), doors: refer.is_some(), ..anchors::Facts::default() };
    let ids = anchors::ids(RecordKind::Structure, &facts);
    let card = (reachable || located).then_some(g.partners[p]);
    PartnerView {
        network: network.map(|n| links.link(g, Job::Network(n))),
        territory: territory_link(&d.territoire),
        zone: d.zone.iter().filter_map(territory_link).collect(),
        adresse: d.adresse.clone(),
        complement_adresse: d.complement_adresse.clone(),
        code_postal: d.code_postal.clone(),
        commune: d.commune.clone(),
        missing: missing_fields(d, hours.is_some()),
        no_contact: !reachable && !located,
        network_site: network.and_then(|n| g.networks[n].data.site_web.clone()),
        network_phone: network.and_then(|n| phone_view(g.networks[n].data.telephone.as_deref())),
        vcard: card.map(opendata::vcard::data_url),
        vcard_name: card.map(address::vcard_name),
        phone,
        courriel: d.courriel.clone(),
        site_web: d.site_web.clone(),
        hours,
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
        services: services::services(g, d),
        checked: d.date_maj.as_deref().and_then(french_date),
        dated: (reachable || located).then(|| dated(g, p, config.today)).flatten(),
        source_name: d.source.as_deref().and_then(source_name),
        source_is_url: d.source.as_deref().is_some_and(|s| s.starts_with("http://") || s.starts_with("https://")),
        source: d.source.clone(),
        siret: d.siret.clone(),
        refer,
        json_ld: opendata::jsonld::script_text(&opendata::jsonld::partner(g.partners[p])),
        ids,
    }
}
