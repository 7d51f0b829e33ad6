//! A partner's card: what the pages and the wizard show of a partner wherever it is listed (name,
//! link, network, place, phone as shown and as `tel:`), and how many partners a right door lists.

use serde::Serialize;

use crate::content::{fields, phone};
use crate::graph::Graph;
use crate::graph::address::{Job, Links};

/// Nearest partners shown per door; the network page lists the others.
pub const PARTNERS_PER_DOOR: usize = 2;

#[derive(Serialize, Debug, Clone)]
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

/// "d'août 2019" when partner `p` was last checked longer ago than the guide allows on `today`
/// (days since 1970): the pages say, by its contact, that it may have changed.
pub fn dated(g: &Graph, p: usize, today: i64) -> Option<String> {
    month_if_older(g.partners[p].data.date_maj.as_deref(), today, g.site.max_days())
}

/// « Annuaire de l'administration » out of « Annuaire de l'administration (DILA), état du… »:
/// a source named in a sentence, without its details; a web address is named by its host.
pub fn source_name(source: &str) -> Option<String> {
    let source = source.trim();
    if let Ok(url) = fields::web_url(source) {
        return url.host_str().map(|h| h.trim_start_matches("www.").to_string());
    }
    let end = [" (", ", ", " ; ", " - "].iter().filter_map(|sep| source.find(sep)).min().unwrap_or(source.len());
    let name = source[..end].trim();
    (name.chars().count() >= 3).then(|| name.to_string())
}

fn month_if_older(date_maj: Option<&str>, today: i64, max_days: u32) -> Option<String> {
    let date = fields::date(date_maj?).ok()?;
    (today - date.days_since_epoch() > i64::from(max_days)).then(|| date.french_month_of())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_named_by_its_first_words_or_its_host() {
        for (source, expected) in [
            ("Annuaire de l'administration (DILA), état du 11 août 2019", Some("Annuaire de l'administration")),
            (
                "Présentation régionale du SPRO Centre-Val de Loire, tableau",
                Some("Présentation régionale du SPRO Centre-Val de Loire"),
            ),
            ("https://www.exemple.fr/annuaire", Some("exemple.fr")),
            ("Appel ; mail", Some("Appel")),
            ("Vu (sur place)", None),
        ] {
            assert_eq!(source_name(source).as_deref(), expected, "{source}");
        }
    }

    #[test]
    fn a_date_is_old_when_older_than_the_period() {
        let today = fields::date("2026-12-07").expect("date").days_since_epoch();
        assert_eq!(month_if_older(Some("2019-08-11"), today, 365).as_deref(), Some("d'août 2019"));
        assert_eq!(month_if_older(Some("2026-03-01"), today, 365), None);
        assert_eq!(month_if_older(Some("2025-03-01"), today, 365).as_deref(), Some("de mars 2025"));
        assert_eq!(month_if_older(Some("pas une date"), today, 365), None);
        assert_eq!(month_if_older(None, today, 365), None);
    }
}
