//! The records of a guide, as editors write them (`../shared/content-format.md`).
//!
//! Keys are French (what editors type), Rust names are English; serde maps one onto the other.
//! Every struct denies unknown keys so that a typo is an error with a "did you mean" hint.
//! These types hold what was written, unchecked; `check` validates them and `graph` resolves them.

use serde::Deserialize;

use crate::yaml::{Num, yes_no};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub titre: String,
    pub url: Option<String>,
    pub region: String,
    pub telephone: Option<String>,
    pub description: Option<String>,
    pub verification_max_jours: Option<Num<u32>>,
    #[serde(default)]
    pub synonymes: Vec<Vec<String>>,
}

/// An entry of `publics.yaml` or `besoins.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub id: String,
    pub libelle: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub nom: String,
    pub sigle: Option<String>,
    #[serde(default)]
    pub anciens_noms: Vec<String>,
    pub resume: String,
    pub description: Option<String>,
    #[serde(default)]
    pub publics: Vec<String>,
    #[serde(default)]
    pub besoins: Vec<String>,
    #[serde(default)]
    pub niveaux_cep: Vec<Num<u8>>,
    pub site_web: Option<String>,
    pub telephone: Option<String>,
    pub reseau_porteur: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TerritoryKind {
    Region,
    Departement,
    Bassin,
}

impl TerritoryKind {
    pub fn label(self) -> &'static str {
        match self {
            TerritoryKind::Region => "Région",
            TerritoryKind::Departement => "Département",
            TerritoryKind::Bassin => "Bassin",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    pub nom: String,
    #[serde(rename = "type")]
    pub kind: TerritoryKind,
    pub parent: Option<String>,
    pub code: Option<String>,
    #[serde(default)]
    pub communes: Vec<String>,
    #[serde(default)]
    pub coordination: Vec<Coordination>,
    /// Free text (Markdown) shown on the territory page. Optional key, beyond the v1 format.
    pub description: Option<String>,
    /// Where the perimeter comes from. Optional key, beyond the v1 format.
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordination {
    pub role: String,
    pub structure: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wheelchair {
    Oui,
    Non,
    Partiel,
}

/// A partner (structure). Keys follow the data·inclusion v1 "structure" schema.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub nom: String,
    pub reseau: String,
    pub territoire: String,
    #[serde(default)]
    pub zone: Vec<String>,
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub code_postal: Option<String>,
    pub commune: Option<String>,
    pub code_insee: Option<String>,
    pub latitude: Option<Num<f64>>,
    pub longitude: Option<Num<f64>>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
    pub site_web: Option<String>,
    pub horaires_accueil: Option<String>,
    pub publics: Option<Vec<String>>,
    pub besoins: Option<Vec<String>>,
    pub accessibilite_lieu: Option<String>,
    pub fauteuil: Option<Wheelchair>,
    #[serde(default, deserialize_with = "yes_no")]
    pub sur_rendez_vous: Option<bool>,
    pub siret: Option<String>,
    pub description: Option<String>,
    pub date_maj: Option<String>,
    pub source: Option<String>,
}

/// A rule of `portes.yaml`: for a public and a need, the right doors, best first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub public: String,
    pub besoin: String,
    pub portes: Vec<Door>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Door {
    pub reseau: String,
    pub pourquoi: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DoorKind {
    Premiere,
    Bonne,
}

/// Front matter of `parcours/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Walkthrough {
    pub titre: String,
    pub public: Option<String>,
    pub besoin: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub etapes: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub reseau: String,
    pub porte: Option<DoorKind>,
    pub texte: Option<String>,
}

/// Front matter of `pages/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub titre: String,
    pub description: Option<String>,
    pub ordre: Option<Num<i32>>,
}
