//! The services of the partners in the data·inclusion v1 `Service` shape: `donnees/services.json`.
//!
//! A service takes from its partner's exported structure what data·inclusion asks of it again:
//! its `source`, the structure's `id`, its `date_maj`, its place, its page (`lien_source`), and
//! its phone and e-mail when the service gives none. Codes are kept only when they are in the
//! schema's lists (`content::vocab`); an empty list is `null`.

use serde::Serialize;

use super::{LeftOut, Structure, e164, non_empty, web_url};
use crate::content::fields;
use crate::content::model::Service;
use crate::content::vocab::{self, Vocabulary};

/// One service in the data·inclusion v1 `Service` shape. Absent values are `null`.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    pub source: String,
    pub structure_id: String,
    pub id: String,
    pub nom: String,
    pub description: Option<String>,
    pub lien_source: Option<String>,
    pub date_maj: Option<String>,
    pub r#type: Option<String>,
    pub thematiques: Option<Vec<String>>,
    pub frais: Option<String>,
    pub frais_precisions: Option<String>,
    pub publics: Option<Vec<String>>,
    pub publics_precisions: Option<String>,
    pub conditions_acces: Option<String>,
    pub commune: Option<String>,
    pub code_postal: Option<String>,
    pub code_insee: Option<String>,
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
    pub modes_accueil: Option<Vec<String>>,
    pub zone_eligibilite: Option<Vec<String>>,
    pub lien_mobilisation: Option<String>,
    pub modes_mobilisation: Option<Vec<String>>,
    pub mobilisable_par: Option<Vec<String>>,
    pub mobilisation_precisions: Option<String>,
    pub horaires_accueil: Option<String>,
}

/// The services of a partner whose structure is `s`, in the order of its record.
pub fn of_partner(services: &[Service], s: &Structure) -> Vec<ServiceRecord> {
    services.iter().enumerate().map(|(i, service)| record(service, i, s)).collect()
}

/// The id of the `i`-th service: the structure's, two hyphens, the slug of its name (unique in
/// its partner: `check` refuses two services of the same slug), or its rank if it has none.
fn id(s: &Structure, service: &Service, i: usize) -> String {
    let slug = fields::suggest_id(&service.nom);
    let slug = if slug.is_empty() { (i + 1).to_string() } else { slug };
    format!("{}--{slug}", s.id)
}

fn record(d: &Service, i: usize, s: &Structure) -> ServiceRecord {
    ServiceRecord {
        source: s.source.clone(),
        structure_id: s.id.clone(),
        id: id(s, d, i),
        nom: d.nom.trim().to_string(),
        description: non_empty(d.description.as_deref())
            .filter(|t| vocab::DESCRIPTION_CHARS.contains(&t.chars().count())),
        lien_source: s.lien_source.clone(),
        date_maj: s.date_maj.clone(),
        r#type: code(&vocab::TYPES_DE_SERVICE, d.r#type.as_deref()),
        thematiques: codes(&vocab::THEMATIQUES, d.thematiques.as_deref()),
        frais: code(&vocab::FRAIS, d.frais.as_deref()),
        frais_precisions: non_empty(d.frais_precisions.as_deref()),
        publics: codes(&vocab::PUBLICS, d.publics.as_deref()),
        publics_precisions: non_empty(d.publics_precisions.as_deref()),
        conditions_acces: non_empty(d.conditions_acces.as_deref()),
        commune: s.commune.clone(),
        code_postal: s.code_postal.clone(),
        code_insee: s.code_insee.clone(),
        adresse: s.adresse.clone(),
        complement_adresse: s.complement_adresse.clone(),
        longitude: s.longitude,
        latitude: s.latitude,
        telephone: d.telephone.as_deref().and_then(e164).or_else(|| s.telephone.clone()),
        courriel: d.courriel.as_deref().and_then(|c| fields::email(c).ok()).or_else(|| s.courriel.clone()),
        modes_accueil: codes(&vocab::MODES_ACCUEIL, d.modes_accueil.as_deref()),
        zone_eligibilite: d.zone_eligibilite.clone().filter(|zone| !zone.is_empty()),
        lien_mobilisation: d.lien_mobilisation.as_deref().and_then(web_url),
        modes_mobilisation: codes(&vocab::MODES_MOBILISATION, d.modes_mobilisation.as_deref()),
        mobilisable_par: codes(&vocab::PERSONNES_MOBILISATRICES, d.mobilisable_par.as_deref()),
        mobilisation_precisions: non_empty(d.mobilisation_precisions.as_deref()),
        horaires_accueil: non_empty(d.horaires_accueil.as_deref()),
    }
}

fn code(list: &Vocabulary, code: Option<&str>) -> Option<String> {
    code.filter(|c| list.contains(c)).map(str::to_string)
}

/// The codes of `list` among `written`, once each (data·inclusion takes sets), in the written
/// order; `None` when none is left.
fn codes(list: &Vocabulary, written: Option<&[String]>) -> Option<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for c in written.unwrap_or_default() {
        if list.contains(c) && !kept.contains(c) {
            kept.push(c.clone());
        }
    }
    (!kept.is_empty()).then_some(kept)
}

/// Why `r` cannot be a data·inclusion service: its structure is left out (`structure`), or it
/// misses a required rule; `None` when it meets them.
pub fn left_out(r: &ServiceRecord, structure: Option<LeftOut>) -> Option<LeftOut> {
    if structure.is_some() {
        return Some(LeftOut::NoStructure);
    }
    if !vocab::NAME_CHARS.contains(&r.nom.chars().count()) {
        return Some(LeftOut::NameLength);
    }
    r.description.is_none().then_some(LeftOut::DescriptionLength)
}
