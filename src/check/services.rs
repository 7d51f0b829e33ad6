//! The services of a partner (data·inclusion `Service`): a name and a description of the
//! lengths data·inclusion accepts, codes from its lists (`content::vocab`), an eligibility zone
//! of commune, département or EPCI codes, and the same phone, e-mail, web and hours formats as
//! the partner's own. Each diagnostic points at the value, `services.<i>.<key>`.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use super::{Checker, unknown_insee};
use crate::content::communes::{self, AreaLevel};
use crate::content::fields;
use crate::content::load::Record;
use crate::content::model::{Partner, Service};
use crate::content::vocab::{self, Vocabulary};
use crate::diag::Diagnostic;

/// Lists of at most this many codes are given whole in a hint; longer ones are linked.
const LISTED_IN_HINT: usize = 8;

impl Checker<'_> {
    pub(super) fn services(&mut self, partner: &Record<Partner>) {
        let mut names: HashMap<String, usize> = HashMap::new();
        for (i, service) in partner.data.services.iter().enumerate() {
            let at = format!("services.{i}");
            self.service(partner, &at, service);
            let slug = fields::suggest_id(&service.nom);
            if let Some(first) = names.insert(slug, i) {
                let message = format!("deux services du même nom : « {} »", service.nom.trim());
                let hint =
                    format!("le service n° {} porte déjà ce nom ; donnez à chacun un nom qui le distingue", first + 1);
                self.push(Diagnostic::error(partner.file, partner.span(&format!("{at}.nom")), message).with_hint(hint));
            }
        }
    }

    fn service(&mut self, partner: &Record<Partner>, at: &str, s: &Service) {
        let path = |key: &str| format!("{at}.{key}");
        self.length(partner, &path("nom"), "le nom du service", &s.nom, vocab::NAME_CHARS);
        if s.nom.trim().ends_with('.') && !s.nom.trim().ends_with("etc.") {
            self.push(
                Diagnostic::warning(partner.file, partner.span(&path("nom")), "nom de service terminé par un point")
                    .with_hint("data·inclusion demande un nom sans point final")
                    .counted_as("nom de service terminé par un point", "noms de service terminés par un point"),
            );
        }
        if let Some(text) = &s.description {
            self.length(partner, &path("description"), "la description du service", text, vocab::DESCRIPTION_CHARS);
        }
        self.vocab_code(partner, &path("type"), &vocab::TYPES_DE_SERVICE, s.r#type.as_deref());
        self.vocab_code(partner, &path("frais"), &vocab::FRAIS, s.frais.as_deref());
        for (key, list, codes) in [
            ("thematiques", &vocab::THEMATIQUES, &s.thematiques),
            ("publics", &vocab::PUBLICS, &s.publics),
            ("modes_accueil", &vocab::MODES_ACCUEIL, &s.modes_accueil),
            ("modes_mobilisation", &vocab::MODES_MOBILISATION, &s.modes_mobilisation),
            ("mobilisable_par", &vocab::PERSONNES_MOBILISATRICES, &s.mobilisable_par),
        ] {
            for (i, code) in codes.iter().flatten().enumerate() {
                self.vocab_code(partner, &format!("{at}.{key}.{i}"), list, Some(code));
            }
        }
        self.all_publics_alone(partner, &path("publics"), s.publics.as_deref());
        for (i, code) in s.zone_eligibilite.iter().flatten().enumerate() {
            self.eligibility(partner, &format!("{at}.zone_eligibilite.{i}"), code);
        }
        self.phone(partner, &path("telephone"), s.telephone.as_deref());
        if let Some(mail) = &s.courriel {
            self.format(partner, &path("courriel"), fields::email(mail));
        }
        self.url(partner, &path("lien_mobilisation"), s.lien_mobilisation.as_deref());
        self.hours(partner, &path("horaires_accueil"), s.horaires_accueil.as_deref());
    }

    /// `text`, trimmed, has a number of characters in `range` (data·inclusion counts code points).
    fn length(&mut self, partner: &Record<Partner>, path: &str, what: &str, text: &str, range: RangeInclusive<usize>) {
        let count = text.trim().chars().count();
        if !range.contains(&count) {
            let (min, max) =
                (fields::grouped_thousands(*range.start(), ' '), fields::grouped_thousands(*range.end(), ' '));
            let message = format!("{what} a {count} caractères ; data·inclusion en demande de {min} à {max}");
            self.push(Diagnostic::error(partner.file, partner.span(path), message));
        }
    }

    /// `code` is one of `list`'s, or the error says which one was meant.
    fn vocab_code(&mut self, partner: &Record<Partner>, path: &str, list: &Vocabulary, code: Option<&str>) {
        let Some(code) = code else { return };
        if list.contains(code) {
            return;
        }
        let codes: Vec<&str> = list.codes().collect();
        let hint = match fields::did_you_mean(code, &codes) {
            Some(best) => format!("vouliez-vous dire « {best} » ?"),
            None if codes.len() <= LISTED_IN_HINT => format!("codes possibles : {}", codes.join(", ")),
            None => format!("la liste des codes « {} » est sur {}", list.key, vocab::DOCUMENTATION),
        };
        let message = format!("« {code} » n'est pas {} de data·inclusion", list.noun);
        self.push(Diagnostic::error(partner.file, partner.span(path), message).with_hint(hint));
    }

    /// data·inclusion refuses `tous-publics` beside other publics.
    fn all_publics_alone(&mut self, partner: &Record<Partner>, path: &str, publics: Option<&[String]>) {
        let publics = publics.unwrap_or_default();
        if publics.len() > 1 && publics.iter().any(|p| p == vocab::ALL_PUBLICS) {
            self.push(
                Diagnostic::error(partner.file, partner.span(path), "« tous-publics » va seul")
                    .with_hint("gardez « tous-publics » seul, ou listez les publics visés sans lui"),
            );
        }
    }

    /// An item of `zone_eligibilite`: a commune, a département, an EPCI of the reference, or
    /// `france`.
    fn eligibility(&mut self, partner: &Record<Partner>, path: &str, code: &str) {
        if let Some(why) = eligibility_error(code) {
            self.push(Diagnostic::error(partner.file, partner.span(path), why).with_hint(ELIGIBILITY_HINT));
        }
    }
}

pub const ELIGIBILITY_HINT: &str =
    "codes INSEE de communes (18279), de départements (18), SIREN d'EPCI (9 chiffres) ou « france »";

/// Why `code` is not an item of `zone_eligibilite` (a commune, a département, an EPCI of the
/// reference, or `france`), or `None` when it is one.
pub fn eligibility_error(code: &str) -> Option<String> {
    match code.len() {
        _ if code == "france" => None,
        5 if communes::reference().get(code).is_some() => None,
        5 => Some(format!("code INSEE de commune « {code} » {}", unknown_insee(code))),
        2 | 3 if communes::area(AreaLevel::Departement, code).is_some() => None,
        2 | 3 => Some(format!("département « {code} » inconnu")),
        9 if is_epci(code) => None,
        9 => Some(format!("SIREN d'EPCI « {code} » inconnu du référentiel des communes")),
        _ => Some(format!("zone d'éligibilité « {code} » illisible")),
    }
}

/// Whether `code` is the SIREN of an EPCI that some commune of the reference belongs to.
fn is_epci(code: &str) -> bool {
    communes::reference().iter().any(|c| c.epci == code)
}
