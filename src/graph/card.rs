//! A partner's card: what the pages and the wizard show of a partner wherever it is listed (name,
//! link, network, place, phone as shown and as `tel:`), and how many partners a right door lists.

use serde::Serialize;

use crate::content::phone;
use crate::graph::Graph;
use crate::graph::address::{Job, Links};

/// Nearest partners shown per door; the network page lists the others.
pub const PARTNERS_PER_DOOR: usize = 2;

#[derive(Serialize)]
pub struct PhoneView {
    pub display: String,
    pub uri: String,
}

pub fn phone_view(text: Option<&str>) -> Option<PhoneView> {
    let parsed = phone::parse(text?).ok()?;
    Some(PhoneView { display: parsed.display(), uri: parsed.tel_uri() })
}

#[derive(Serialize)]
pub struct PartnerSummary {
    pub title: String,
    pub href: String,
    pub network: String,
    pub place: Option<String>,
    pub phone: Option<PhoneView>,
}

pub fn partner_summary(g: &Graph, links: &Links, p: usize) -> PartnerSummary {
    let d = &g.partners[p].data;
    let place = match (&d.code_postal, &d.commune) {
        (Some(cp), Some(c)) => Some(format!("{cp} {c}")),
        (None, Some(c)) => Some(c.clone()),
        _ => None,
    };
    PartnerSummary {
        title: d.nom.clone(),
        href: links.job(g, &Job::Partner(p)),
        network: g.network(&d.reseau).map(|n| g.networks[n].data.nom.clone()).unwrap_or_default(),
        place,
        phone: phone_view(d.telephone.as_deref()),
    }
}
