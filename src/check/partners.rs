//! Partners and networks: do their references resolve and their fields (phone, e-mail, URL,
//! SIRET, postal and INSEE codes, hours, coordinates, CEP levels) read right, can one contact a
//! partner, was it verified lately, and does some partner serve every territory and network?
//! A partner's services are checked by `services`.

use std::collections::{HashMap, HashSet};

use super::{Checker, fold, unknown_insee};
use crate::content::communes;
use crate::content::fields;
use crate::content::load::{Guide, Record};
use crate::content::model::*;
use crate::diag::Diagnostic;

impl Checker<'_> {
    pub(super) fn network(&mut self, network: &Record<Network>) {
        let n = &network.data;
        self.references(network, "publics", RecordKind::Publics, &n.publics);
        self.references(network, "besoins", RecordKind::Besoins, &n.besoins);
        for (i, level) in n.niveaux_cep.iter().enumerate() {
            if !(1..=3).contains(&level.0) {
                self.push(
                    Diagnostic::error(
                        network.file,
                        network.span(&format!("niveaux_cep.{i}")),
                        format!("niveau de CEP {} inconnu", level.0),
                    )
                    .with_hint("le conseil en évolution professionnelle a trois niveaux : 1, 2 et 3"),
                );
            }
        }
        self.url(network, "site_web", n.site_web.as_deref());
        self.phone(network, "telephone", n.telephone.as_deref());
        self.description(network, RecordKind::Reseau, n.description.as_deref());
    }

    pub(super) fn partner(&mut self, partner: &Record<Partner>, today: i64, max_days: u32) {
        let p = &partner.data;
        self.reference(partner, "reseau", RecordKind::Reseau, &p.reseau);
        self.reference(partner, "territoire", RecordKind::Territoire, &p.territoire);
        self.references(partner, "zone", RecordKind::Territoire, &p.zone);
        if let Some(list) = &p.publics {
            self.references(partner, "publics", RecordKind::Publics, list);
        }
        if let Some(list) = &p.besoins {
            self.references(partner, "besoins", RecordKind::Besoins, list);
        }
        if let Some(cp) = &p.code_postal {
            self.format(partner, "code_postal", fields::postal_code(cp));
        }
        self.commune(partner);
        self.coordinates(partner);
        self.phone(partner, "telephone", p.telephone.as_deref());
        if let Some(mail) = &p.courriel {
            self.format(partner, "courriel", fields::email(mail));
        }
        self.url(partner, "site_web", p.site_web.as_deref());
        self.url(partner, "accessibilite_lieu", p.accessibilite_lieu.as_deref());
        self.hours(partner, "horaires_accueil", p.horaires_accueil.as_deref());
        if let Some(siret) = &p.siret {
            self.format(partner, "siret", fields::siret(siret));
        }
        self.description(partner, RecordKind::Structure, p.description.as_deref());
        self.services(partner);
        self.contact(partner);
        self.freshness(partner, today, max_days);
    }

    /// Latitude and longitude lie in their ranges, and go together.
    fn coordinates(&mut self, partner: &Record<Partner>) {
        let p = &partner.data;
        for (key, value, range) in [("latitude", p.latitude, -90.0..=90.0), ("longitude", p.longitude, -180.0..=180.0)]
        {
            if let Some(v) = value
                && !range.contains(&v.0)
            {
                self.push(
                    Diagnostic::error(partner.file, partner.span(key), format!("{key} {} hors limites", v.0))
                        .with_hint("coordonnées WGS84 en degrés décimaux, par exemple 47.22"),
                );
            }
        }
        if p.latitude.is_some() != p.longitude.is_some() {
            self.push(
                Diagnostic::error(partner.file, partner.span(""), "latitude et longitude vont ensemble")
                    .with_hint("indiquez les deux, ou aucune"),
            );
        }
    }

    /// A partner that one cannot reach is published with « à compléter ».
    fn contact(&mut self, partner: &Record<Partner>) {
        let p = &partner.data;
        if p.telephone.is_none() && p.courriel.is_none() && p.site_web.is_none() && p.adresse.is_none() {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span(""),
                    format!("« {} » n'a aucun moyen de contact (téléphone, courriel, site web ni adresse)", p.nom),
                )
                .with_hint("le site affichera « à compléter » ; ajoutez un contact vérifié dès que possible")
                .counted_as("fiche sans moyen de contact", "fiches sans moyen de contact"),
            );
        }
    }

    /// `date_maj` is there, a date, not in the future, and not older than `max_days`.
    fn freshness(&mut self, partner: &Record<Partner>, today: i64, max_days: u32) {
        let Some(text) = &partner.data.date_maj else {
            self.push(
                Diagnostic::warning(partner.file, partner.span(""), "date de vérification absente (`date_maj`)")
                    .with_hint("indiquez la date à laquelle la fiche a été vérifiée, au format AAAA-MM-JJ")
                    .counted_as("fiche sans date de vérification", "fiches sans date de vérification"),
            );
            return;
        };
        let Some(date) = self.format(partner, "date_maj", fields::date(text)) else { return };
        let age = today - date.days_since_epoch();
        let (message, hint, kind) = if age < 0 {
            (
                format!("date de vérification dans le futur (dans {} jours)", -age),
                "indiquez le jour où la fiche a été vérifiée ; les données ouvertes laissent cette fiche de côté",
                ("fiche datée dans le futur", "fiches datées dans le futur"),
            )
        } else if age > i64::from(max_days) {
            (
                format!("fiche vérifiée il y a {age} jours (plus de {max_days})"),
                "vérifiez les coordonnées auprès de la structure puis mettez `date_maj` à jour",
                ("fiche à vérifier de nouveau", "fiches à vérifier de nouveau"),
            )
        } else {
            return;
        };
        self.push(
            Diagnostic::warning(partner.file, partner.span("date_maj"), message)
                .with_hint(hint)
                .counted_as(kind.0, kind.1),
        );
    }

    /// `code_insee` exists, and agrees with `code_postal` and `commune` when they are given.
    fn commune(&mut self, partner: &Record<Partner>) {
        let p = &partner.data;
        let Some(code) = &p.code_insee else { return };
        if self.postal_as_insee(partner, code) {
            return;
        }
        let Some(commune) = communes::reference().get(code) else {
            let why = unknown_insee(code);
            self.push(
                Diagnostic::error(partner.file, partner.span("code_insee"), format!("code INSEE « {code} » {why}"))
                    .with_hint("le code INSEE (5 caractères) n'est pas le code postal ; il se trouve sur la fiche de la commune à l'INSEE"),
            );
            return;
        };
        if let Some(cp) = &p.code_postal
            && fields::postal_code(cp).is_ok()
            && !commune.codes_postaux.contains(&cp.as_str())
        {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span("code_postal"),
                    format!("le code postal {cp} n'est pas celui de {} ({code})", commune.nom),
                )
                .with_hint(format!("codes postaux de la commune : {}", commune.codes_postaux.join(", ")))
                .counted_as("code postal d'une autre commune", "codes postaux d'autres communes"),
            );
        }
        if let Some(name) = &p.commune
            && fold(name) != fold(commune.nom)
        {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span("commune"),
                    format!("la commune « {name} » ne correspond pas au code INSEE {code} ({})", commune.nom),
                )
                .with_hint(match named_in(name, commune.departement) {
                    Some(named) => format!(
                        "le code INSEE de {} est {} ; {code} est celui de {} : corrigez le code ou le nom",
                        named.nom, named.code, commune.nom
                    ),
                    None => format!("écrivez « {} » ou corrigez le code INSEE", commune.nom),
                })
                .counted_as(
                    "nom de commune qui ne suit pas le code INSEE",
                    "noms de commune qui ne suivent pas le code INSEE",
                ),
            );
        }
    }

    /// A postal code written as `code_insee` (« 18100 », Vierzon's, for its INSEE code 18279):
    /// an error at `code_insee` naming the right code, when `code` is the postal code of some
    /// commune and is not a known INSEE code, or is written as `code_postal` too, or is the postal
    /// code of the commune that `commune` names. Reported, it stands for the other commune
    /// checks (which would point at the other keys). Whether it was reported.
    fn postal_as_insee(&mut self, partner: &Record<Partner>, code: &str) -> bool {
        let p = &partner.data;
        let reference = communes::reference();
        let by_code = reference.get(code);
        if by_code.is_some_and(|c| c.codes_postaux.contains(&code)) || fields::postal_code(code).is_err() {
            return false;
        }
        let named = p.commune.as_deref().map(fold);
        let same_postal = p.code_postal.as_deref() == Some(code);
        let other_name = by_code.is_some_and(|c| named.as_ref().is_some_and(|n| *n != fold(c.nom)));
        if by_code.is_some() && !same_postal && !other_name {
            return false; // the usual case: the commune of the code, named as such
        }
        let postal_of = reference.with_postal_code(code);
        let meant = named.as_ref().and_then(|n| postal_of.iter().find(|c| fold(c.nom) == *n));
        if postal_of.is_empty() || (by_code.is_some() && !same_postal && meant.is_none()) {
            return false;
        }
        let meant = meant.copied().or_else(|| (postal_of.len() == 1).then(|| postal_of[0]));
        let (message, hint) = match meant {
            Some(m) => (
                format!("code INSEE « {code} » : c'est le code postal de {}", m.nom),
                format!("{code} est le code postal de {} ; son code INSEE est {}", m.nom, m.code),
            ),
            None => {
                let list: Vec<String> = postal_of.iter().take(6).map(|c| format!("{} ({})", c.nom, c.code)).collect();
                let more = if postal_of.len() > 6 { " …" } else { "" };
                (
                    format!("code INSEE « {code} » : c'est un code postal"),
                    format!(
                        "{code} est le code postal de {} communes, dont voici les codes INSEE : {}{more} ; écrivez celui de la vôtre",
                        postal_of.len(),
                        list.join(", ")
                    ),
                )
            }
        };
        self.push(Diagnostic::error(partner.file, partner.span("code_insee"), message).with_hint(hint));
        true
    }

    /// Warnings for territories and networks that no partner serves.
    pub(super) fn coverage(&mut self, guide: &Guide) {
        let mut served: HashSet<&str> = HashSet::new();
        let mut networks: HashSet<&str> = HashSet::new();
        for p in &guide.partners {
            served.insert(&p.data.territoire);
            served.extend(p.data.zone.iter().map(String::as_str));
            networks.insert(&p.data.reseau);
        }
        // A territory with a served descendant is served too.
        let parents: HashMap<&str, &str> =
            guide.territories.iter().filter_map(|t| Some((t.id.as_str(), t.data.parent.as_deref()?))).collect();
        for start in served.clone() {
            let mut current = start;
            let mut steps = 0;
            while let Some(parent) = parents.get(current) {
                served.insert(parent);
                current = parent;
                steps += 1;
                if steps > parents.len() {
                    break; // cycle, already reported
                }
            }
        }
        for t in &guide.territories {
            if !served.contains(t.id.as_str()) {
                self.push(
                    Diagnostic::warning(
                        t.file,
                        t.span("nom"),
                        format!("territoire « {} » sans aucune structure", t.data.nom),
                    )
                    .with_hint("ajoutez les structures qui y accueillent le public (dossier structures/)")
                    .counted_as("territoire sans structure", "territoires sans structure"),
                );
            }
        }
        for n in &guide.networks {
            if !networks.contains(n.id.as_str()) {
                self.push(
                    Diagnostic::warning(
                        n.file,
                        n.span("nom"),
                        format!("réseau « {} » sans aucune structure", n.data.nom),
                    )
                    .with_hint("ajoutez ses structures (dossier structures/, clé `reseau`)")
                    .counted_as("réseau sans structure", "réseaux sans structure"),
                );
            }
        }
    }
}

/// The commune named `name` (compared folded), the one in `departement` first: the commune an
/// editor meant when the name and the INSEE code disagree.
fn named_in(name: &str, departement: &str) -> Option<&'static communes::Commune> {
    let name = fold(name);
    let mut named = communes::reference().iter().filter(|c| fold(c.nom) == name);
    let first = named.next()?;
    if first.departement == departement {
        return Some(first);
    }
    named.find(|c| c.departement == departement).or(Some(first))
}
