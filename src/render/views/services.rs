//! The « Services » section of a partner page: what each service is, for whom, at what cost,
//! and how to reach it, in plain words. Only what the record says; nothing when it has no service.

use serde::Serialize;

use crate::content::model::{Partner, Service};
use crate::content::vocab::{self, Vocabulary};
use crate::graph::Graph;
use crate::graph::card::phone_view;

#[derive(Serialize)]
pub(super) struct ServiceView {
    nom: String,
    description: Option<String>,
    /// « Comment y accéder »: where, then how to ask for it.
    access: Vec<Access>,
    mobilisation_precisions: Option<String>,
    /// « Gratuit », « Payant », and what the record adds.
    frais: Option<&'static str>,
    frais_precisions: Option<String>,
    publics: Vec<&'static str>,
    publics_precisions: Option<String>,
    conditions_acces: Option<String>,
    hours: Option<String>,
    thematiques: Vec<&'static str>,
}

/// One way to reach a service: a sentence, with its link (`shown` is the link's own text when
/// the sentence is not the link itself: « Téléphoner : 02 48 … »).
#[derive(Serialize)]
struct Access {
    label: &'static str,
    href: Option<String>,
    shown: Option<String>,
}

impl Access {
    fn plain(label: &'static str) -> Access {
        Access { label, href: None, shown: None }
    }
}

pub(super) fn services(g: &Graph, partner: &Partner) -> Vec<ServiceView> {
    partner.services.iter().map(|s| service(g, partner, s)).collect()
}

fn service(g: &Graph, partner: &Partner, s: &Service) -> ServiceView {
    ServiceView {
        nom: s.nom.trim().to_string(),
        description: s.description.clone(),
        access: access(partner, s),
        mobilisation_precisions: s.mobilisation_precisions.clone(),
        frais: s.frais.as_deref().and_then(|c| vocab::FRAIS.label(c)),
        frais_precisions: s.frais_precisions.clone(),
        publics: labels(&vocab::PUBLICS, s.publics.as_deref()),
        publics_precisions: s.publics_precisions.clone(),
        conditions_acces: s.conditions_acces.clone(),
        hours: s.horaires_accueil.as_deref().and_then(|h| g.hours_french(h)).map(str::to_string),
        thematiques: labels(&vocab::THEMATIQUES, s.thematiques.as_deref()),
    }
}

fn labels(list: &Vocabulary, codes: Option<&[String]>) -> Vec<&'static str> {
    codes.unwrap_or_default().iter().filter_map(|c| list.label(c)).collect()
}

/// Where the service is given, then each way to ask for it that the record names, with the
/// service's phone or e-mail, else the partner's; a way whose contact is missing is shown
/// without a link, the online one only with its link.
fn access(partner: &Partner, s: &Service) -> Vec<Access> {
    let has = |list: &Option<Vec<String>>, code: &str| list.iter().flatten().any(|c| c == code);
    let mut ways = Vec::new();
    if has(&s.modes_accueil, "en-presentiel") {
        ways.push(Access::plain("Sur place"));
    }
    if has(&s.modes_accueil, "a-distance") {
        ways.push(Access::plain("À distance (téléphone ou internet)"));
    }
    if has(&s.modes_mobilisation, "se-presenter") {
        ways.push(Access::plain("Se présenter"));
    }
    if has(&s.modes_mobilisation, "telephoner") {
        let phone = phone_view(s.telephone.as_deref().or(partner.telephone.as_deref()));
        ways.push(match phone {
            Some(p) => Access { label: "Téléphoner", href: Some(p.uri), shown: Some(p.display) },
            None => Access::plain("Téléphoner"),
        });
    }
    if has(&s.modes_mobilisation, "envoyer-un-courriel") {
        let mail = s.courriel.as_deref().or(partner.courriel.as_deref()).map(str::trim);
        ways.push(match mail {
            Some(m) => {
                Access { label: "Envoyer un courriel", href: Some(format!("mailto:{m}")), shown: Some(m.into()) }
            }
            None => Access::plain("Envoyer un courriel"),
        });
    }
    if has(&s.modes_mobilisation, "utiliser-lien-mobilisation")
        && let Some(link) = &s.lien_mobilisation
    {
        ways.push(Access { label: "Prendre rendez-vous en ligne", href: Some(link.trim().into()), shown: None });
    }
    ways
}
