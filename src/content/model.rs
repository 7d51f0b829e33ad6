//! The records of a guide, as editors write them (`../shared/content-format.md`).
//!
//! Keys are French (what editors type), Rust names are English; serde maps one onto the other.
//! Every struct denies unknown keys so that a typo is an error with a "did you mean" hint.
//! These types hold what was written, unchecked; `check` validates them and `graph` resolves them.
//! The `schemars` attributes give the editors' JSON Schemas (`schema`) their French descriptions
//! and the formats that `check` enforces; they change nothing in decoding.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use crate::content::yaml::{Num, yes_no};

/// The kinds of record an editor writes: where their files are, what they are called in French,
/// whether a `@/` link may name them and where their pages are (`address::record_dir`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Site,
    Structure,
    Reseau,
    Territoire,
    Publics,
    Besoins,
    Portes,
    Parcours,
    Page,
}

impl RecordKind {
    pub const ALL: [RecordKind; 9] = [
        RecordKind::Site,
        RecordKind::Structure,
        RecordKind::Reseau,
        RecordKind::Territoire,
        RecordKind::Publics,
        RecordKind::Besoins,
        RecordKind::Portes,
        RecordKind::Parcours,
        RecordKind::Page,
    ];

    /// The kinds with a file per record and a page each, that a `@/<folder>/<id>` link may name,
    /// in the order the content format lists them.
    pub const LINKED: [RecordKind; 5] =
        [RecordKind::Reseau, RecordKind::Structure, RecordKind::Territoire, RecordKind::Parcours, RecordKind::Page];

    /// The name an editor types (`bonneporte new structure …`) and the schema's file stem.
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Site => "site",
            RecordKind::Structure => "structure",
            RecordKind::Reseau => "reseau",
            RecordKind::Territoire => "territoire",
            RecordKind::Publics => "publics",
            RecordKind::Besoins => "besoins",
            RecordKind::Portes => "portes",
            RecordKind::Parcours => "parcours",
            RecordKind::Page => "page",
        }
    }

    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// What one record of the kind is called in messages (« réseau inconnu »).
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Site => "site",
            RecordKind::Structure => "structure",
            RecordKind::Reseau => "réseau",
            RecordKind::Territoire => "territoire",
            RecordKind::Publics => "public",
            RecordKind::Besoins => "besoin",
            RecordKind::Portes => "règle",
            RecordKind::Parcours => "parcours",
            RecordKind::Page => "page",
        }
    }

    /// The folder of a kind whose records are one file each; it is also the kind's name in
    /// `@/` links and the folder of its pages (but for free pages, at the site root).
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            RecordKind::Reseau => "reseaux",
            RecordKind::Territoire => "territoires",
            RecordKind::Structure => "structures",
            RecordKind::Parcours => "parcours",
            RecordKind::Page => "pages",
            _ => return None,
        })
    }

    /// The kind whose folder is `folder` (`reseaux`).
    pub fn of_folder(folder: &str) -> Option<RecordKind> {
        RecordKind::LINKED.into_iter().find(|k| k.folder() == Some(folder))
    }

    /// Where an editor finds the records of the kind: `publics.yaml`, `reseaux/`.
    pub fn place(self) -> String {
        match self.folder() {
            Some(folder) => format!("{folder}/"),
            None => format!("{}.yaml", self.name()),
        }
    }

    /// The file of a new record `id` of the kind, relative to the guide: `structures/<id>.yaml`,
    /// `parcours/<id>.md`; the kinds of one file have it whatever the id (`publics.yaml`).
    pub fn file(self, id: &str) -> String {
        match self.folder() {
            Some(folder) if self.is_markdown() => format!("{folder}/{id}.md"),
            Some(folder) => format!("{folder}/{id}.yaml"),
            None => format!("{}.yaml", self.name()),
        }
    }

    /// Whether the file holds a list of records (`publics.yaml`) rather than one record.
    pub fn is_list(self) -> bool {
        matches!(self, RecordKind::Publics | RecordKind::Besoins | RecordKind::Portes)
    }

    /// Whether the record is the front matter of a Markdown file.
    pub fn is_markdown(self) -> bool {
        matches!(self, RecordKind::Parcours | RecordKind::Page)
    }
}

/// The value `bonneporte new` writes for a required text: left as it is, it would be published.
pub const TO_FILL: &str = "À compléter";

// Formats of the editors' JSON Schemas (`schema`), mirroring the checks of `fields` and `check`.

/// A record id (`fields::id`).
pub const ID: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A postal code (`fields::postal_code`): five digits, not starting with 00.
pub const POSTAL_CODE: &str = r"^\s*(0[1-9]|[1-9][0-9])[0-9]{3}\s*$";
/// The shape of an INSEE commune code (`communes::is_valid_insee_format`), Corsica included.
pub const INSEE: &str = "^(2[AB]|[0-9]{2})[0-9]{3}$";
/// The INSEE code of a region or département (`check`: letters and digits).
pub const TERRITORY_CODE: &str = "^[0-9A-Za-z]+$";
/// One e-mail address with a dotted domain (`fields::email`; the details are left to `check`).
pub const EMAIL: &str = r"^\s*[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+\s*$";
/// An http or https address (`fields::web_url`).
pub const WEB_URL: &str = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://\S+\s*$";
/// A `YYYY-MM-DD` date (`fields::date`; whether the day exists is left to `check`).
pub const DATE: &str = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$";
/// Fourteen digits, with the separators that `fields::siret` removes.
pub const SIRET: &str = "^\\s*([0-9][ .\u{a0}\u{202f}]*){14}\\s*$";

/// What `yaml::yes_no` reads: a boolean, or `oui`/`non`/`true`/`false` in any case.
pub fn yes_no_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": ["boolean", "null"] },
            { "type": "string", "enum": ["oui", "non"] },
            { "type": "string", "pattern": "^([Oo][Uu][Ii]|[Nn][Oo][Nn]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$" }
        ]
    })
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Réglages du guide (site.yaml)")]
pub struct Site {
    #[schemars(description = "Titre du site, affiché en haut de chaque page.")]
    pub titre: String,
    #[schemars(
        description = "Adresse publique du site, éventuellement avec un sous-chemin (https://exemple.fr/guide/).",
        regex(pattern = WEB_URL)
    )]
    pub url: Option<String>,
    #[schemars(description = "Identifiant du territoire racine, de type region (fichier de territoires/).", regex(pattern = ID))]
    pub region: String,
    #[schemars(description = "Numéro d'information régional, affiché sur chaque page (0 800 222 100).")]
    pub telephone: Option<String>,
    #[schemars(description = "Description de la page d'accueil pour les moteurs de recherche.")]
    pub description: Option<String>,
    #[schemars(
        description = "Nombre de jours après lequel une fiche non vérifiée (date_maj) est signalée ; 365 par défaut.",
        range(min = 0)
    )]
    pub verification_max_jours: Option<Num<u32>>,
    #[schemars(
        description = "Synonymes pour la recherche : une liste de listes de mots, par exemple [[cv, curriculum]]."
    )]
    #[serde(default)]
    pub synonymes: Vec<Vec<String>>,
}

impl Site {
    /// Days after which a record is to be checked again unless `verification_max_jours` says.
    pub const DEFAULT_MAX_DAYS: u32 = 365;

    /// `verification_max_jours`, or its default.
    pub fn max_days(&self) -> u32 {
        self.verification_max_jours.map_or(Site::DEFAULT_MAX_DAYS, |n| n.0)
    }
}

/// An entry of `publics.yaml` or `besoins.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Entrée de la liste")]
pub struct Code {
    #[schemars(description = "Identifiant : minuscules sans accents, chiffres et tirets (jeune-16-25).", regex(pattern = ID))]
    pub id: String,
    #[schemars(description = "Libellé affiché (« Jeune de 16 à 25 ans »).")]
    pub libelle: String,
    #[schemars(description = "Présentation en Markdown.")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Réseau (reseaux/<id>.yaml)")]
pub struct Network {
    #[schemars(description = "Nom du réseau (« Mission locale »).")]
    pub nom: String,
    #[schemars(description = "Sigle (« ML », « CIO », « APEC »).")]
    pub sigle: Option<String>,
    #[schemars(description = "Anciens noms, trouvés aussi par la recherche (« Pôle emploi », « Fongecif »).")]
    #[serde(default)]
    pub anciens_noms: Vec<String>,
    #[schemars(description = "Une phrase : qui le réseau accueille, et pour quoi.")]
    pub resume: String,
    #[schemars(description = "Présentation plus longue, en Markdown.")]
    pub description: Option<String>,
    #[schemars(description = "Publics servis par défaut (identifiants de publics.yaml).", inner(regex(pattern = ID)))]
    #[serde(default)]
    pub publics: Vec<String>,
    #[schemars(description = "Besoins servis par défaut (identifiants de besoins.yaml).", inner(regex(pattern = ID)))]
    #[serde(default)]
    pub besoins: Vec<String>,
    #[schemars(
        description = "Niveaux du conseil en évolution professionnelle assurés : 1, 2 et/ou 3.",
        inner(range(min = 1, max = 3))
    )]
    #[serde(default)]
    pub niveaux_cep: Vec<Num<u8>>,
    #[schemars(description = "Site web national (http ou https).", regex(pattern = WEB_URL))]
    pub site_web: Option<String>,
    #[schemars(description = "Téléphone national, numéro français (« 39 49 », « 0 800 222 100 »).")]
    pub telephone: Option<String>,
    #[schemars(
        description = "Code data·inclusion « reseaux_porteurs » pour l'export en données ouvertes (mission-locale, france-travail…)."
    )]
    pub reseau_porteur: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Territoire (territoires/<id>.yaml)")]
pub struct Territory {
    #[schemars(description = "Nom du territoire (« Bassin de Vierzon »).")]
    pub nom: String,
    #[schemars(description = "Type : region, departement ou bassin.")]
    #[serde(rename = "type")]
    pub kind: TerritoryKind,
    #[schemars(
        description = "Identifiant du territoire parent ; obligatoire sauf pour la région. Les parents forment un arbre.",
        regex(pattern = ID)
    )]
    pub parent: Option<String>,
    #[schemars(
        description = "Code INSEE d'une région ou d'un département (« 24 », « 18 », « 2A ») ; pas pour un bassin.",
        regex(pattern = TERRITORY_CODE)
    )]
    pub code: Option<String>,
    #[schemars(
        description = "Codes INSEE des communes d'un bassin (noms et codes postaux viennent du référentiel des communes).",
        inner(regex(pattern = INSEE))
    )]
    #[serde(default)]
    pub communes: Vec<String>,
    #[schemars(
        description = "Qui coordonne le SPRO sur ce territoire : des structures, jamais le nom d'une personne."
    )]
    #[serde(default)]
    pub coordination: Vec<Coordination>,
    /// Free text (Markdown) shown on the territory page. Optional key, beyond the v1 format.
    #[schemars(description = "Texte libre en Markdown, affiché sur la page du territoire.")]
    pub description: Option<String>,
    /// Where the perimeter comes from. Optional key, beyond the v1 format.
    #[schemars(description = "D'où vient le périmètre (texte ou adresse web).")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Coordination")]
pub struct Coordination {
    #[schemars(description = "Rôle dans la coordination (« Animation du SPRO »).")]
    pub role: String,
    #[schemars(description = "Identifiant de la structure qui l'assure (fichier de structures/).", regex(pattern = ID))]
    pub structure: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Wheelchair {
    Oui,
    Non,
    Partiel,
}

/// A partner (structure). Keys follow the data·inclusion v1 "structure" schema.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Structure partenaire (structures/**/<id>.yaml)")]
pub struct Partner {
    #[schemars(description = "Nom de la structure (« Mission locale de Vierzon »).")]
    pub nom: String,
    #[schemars(description = "Identifiant du réseau (fichier de reseaux/).", regex(pattern = ID))]
    pub reseau: String,
    #[schemars(description = "Identifiant du territoire où elle se trouve (bassin ou département).", regex(pattern = ID))]
    pub territoire: String,
    #[schemars(
        description = "Territoires qu'elle sert, s'ils dépassent son territoire (identifiants).",
        inner(regex(pattern = ID))
    )]
    #[serde(default)]
    pub zone: Vec<String>,
    #[schemars(description = "Adresse : numéro et voie.")]
    pub adresse: Option<String>,
    #[schemars(description = "Complément d'adresse (bâtiment, étage).")]
    pub complement_adresse: Option<String>,
    #[schemars(
        description = "Code postal, 5 chiffres ; entre guillemets s'il commence par 0 (\"01000\").",
        regex(pattern = POSTAL_CODE)
    )]
    pub code_postal: Option<String>,
    #[schemars(description = "Nom de la commune.")]
    pub commune: Option<String>,
    #[schemars(description = "Code INSEE de la commune, 5 caractères (« 18279 », « 2A004 »).", regex(pattern = INSEE))]
    pub code_insee: Option<String>,
    #[schemars(description = "Latitude WGS84 en degrés décimaux (47.22) ; va avec longitude.", range(min = -90, max = 90))]
    pub latitude: Option<Num<f64>>,
    #[schemars(description = "Longitude WGS84 en degrés décimaux (2.07) ; va avec latitude.", range(min = -180, max = 180))]
    pub longitude: Option<Num<f64>>,
    #[schemars(description = "Téléphone, numéro français (« 02 48 12 34 56 », « +33 2 48 12 34 56 »).")]
    pub telephone: Option<String>,
    #[schemars(description = "Courriel de contact, une seule adresse (accueil@exemple.fr).", regex(pattern = EMAIL))]
    pub courriel: Option<String>,
    #[schemars(description = "Site web (http ou https).", regex(pattern = WEB_URL))]
    pub site_web: Option<String>,
    #[schemars(
        description = "Horaires d'accueil au format OpenStreetMap opening_hours (« Mo-Fr 09:00-12:00,13:30-17:00; PH off »)."
    )]
    pub horaires_accueil: Option<String>,
    #[schemars(
        description = "Publics accueillis, s'ils diffèrent de ceux du réseau (identifiants de publics.yaml).",
        inner(regex(pattern = ID))
    )]
    pub publics: Option<Vec<String>>,
    #[schemars(
        description = "Besoins traités, s'ils diffèrent de ceux du réseau (identifiants de besoins.yaml).",
        inner(regex(pattern = ID))
    )]
    pub besoins: Option<Vec<String>>,
    #[schemars(description = "Page Acceslibre du lieu (adresse web).", regex(pattern = WEB_URL))]
    pub accessibilite_lieu: Option<String>,
    #[schemars(description = "Accès en fauteuil roulant : oui, non ou partiel.")]
    pub fauteuil: Option<Wheelchair>,
    #[schemars(description = "Accueil sur rendez-vous : true ou false (oui ou non).", schema_with = "yes_no_schema")]
    #[serde(default, deserialize_with = "yes_no")]
    pub sur_rendez_vous: Option<bool>,
    #[schemars(description = "SIRET, 14 chiffres (espaces permis).", regex(pattern = SIRET))]
    pub siret: Option<String>,
    #[schemars(description = "Présentation en Markdown.")]
    pub description: Option<String>,
    #[schemars(
        description = "Services proposés, au sens de data·inclusion (nom, description, thématiques, modes d'accueil…)."
    )]
    #[serde(default)]
    pub services: Vec<Service>,
    #[schemars(description = "Date de la dernière vérification de la fiche, AAAA-MM-JJ (2025-03-01).", regex(pattern = DATE))]
    pub date_maj: Option<String>,
    #[schemars(description = "D'où viennent les informations (texte ou adresse web).")]
    pub source: Option<String>,
}

/// A service of a partner, in the data·inclusion v1 `Service` sense: its keys are the schema's,
/// its codes the schema's code lists (`content::vocab`). It takes the partner's place, contact
/// and date unless it gives its own phone, e-mail or hours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Service")]
pub struct Service {
    #[schemars(description = "Nom du service, 3 à 150 caractères (« Conseil en évolution professionnelle »).")]
    pub nom: String,
    #[schemars(description = "Ce que le service apporte, en phrases courtes.")]
    pub description: Option<String>,
    #[schemars(
        description = "Type de service (data·inclusion) : accompagnement, aide-financiere, aide-materielle, atelier, formation, information."
    )]
    pub r#type: Option<String>,
    #[schemars(
        description = "Thématiques du service (codes data·inclusion, « choisir-un-metier--confirmer-son-choix-de-metier »)."
    )]
    pub thematiques: Option<Vec<String>>,
    #[schemars(description = "gratuit ou payant.")]
    pub frais: Option<String>,
    #[schemars(description = "Précisions sur les frais.")]
    pub frais_precisions: Option<String>,
    #[schemars(description = "Publics visés (codes data·inclusion : jeunes, demandeurs-emploi, actifs…).")]
    pub publics: Option<Vec<String>>,
    #[schemars(description = "Précisions sur les publics.")]
    pub publics_precisions: Option<String>,
    #[schemars(description = "Conditions d'accès : prérequis, justificatifs à présenter.")]
    pub conditions_acces: Option<String>,
    #[schemars(description = "Modes d'accueil : en-presentiel, a-distance.")]
    pub modes_accueil: Option<Vec<String>>,
    #[schemars(
        description = "Comment mobiliser le service : se-presenter, telephoner, envoyer-un-courriel, utiliser-lien-mobilisation."
    )]
    pub modes_mobilisation: Option<Vec<String>>,
    #[schemars(description = "Lien pour prendre rendez-vous ou s'inscrire en ligne (http ou https).", regex(pattern = WEB_URL))]
    pub lien_mobilisation: Option<String>,
    #[schemars(description = "Qui peut mobiliser le service : usagers, professionnels.")]
    pub mobilisable_par: Option<Vec<String>>,
    #[schemars(description = "Précisions sur la mobilisation.")]
    pub mobilisation_precisions: Option<String>,
    #[schemars(
        description = "Zone où le service est ouvert : codes INSEE de communes, de départements, SIREN d'EPCI, ou « france »."
    )]
    pub zone_eligibilite: Option<Vec<String>>,
    #[schemars(description = "Téléphone du service, s'il diffère de celui de la structure.")]
    pub telephone: Option<String>,
    #[schemars(description = "Courriel du service, s'il diffère de celui de la structure.", regex(pattern = EMAIL))]
    pub courriel: Option<String>,
    #[schemars(
        description = "Horaires du service au format OpenStreetMap opening_hours, s'ils diffèrent de ceux de la structure."
    )]
    pub horaires_accueil: Option<String>,
}

/// A rule of `portes.yaml`: for a public and a need, the right doors, best first.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Règle")]
pub struct Rule {
    #[schemars(description = "Identifiant du public (publics.yaml).", regex(pattern = ID))]
    pub public: String,
    #[schemars(description = "Identifiant du besoin (besoins.yaml).", regex(pattern = ID))]
    pub besoin: String,
    #[schemars(description = "Les bonnes portes pour ce public et ce besoin, la meilleure d'abord.")]
    pub portes: Vec<Door>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Porte")]
pub struct Door {
    #[schemars(description = "Identifiant du réseau (fichier de reseaux/).", regex(pattern = ID))]
    pub reseau: String,
    #[schemars(description = "Pourquoi c'est la bonne porte, en une phrase.")]
    pub pourquoi: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DoorKind {
    Premiere,
    Bonne,
}

/// Front matter of `parcours/<id>.md`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "En-tête d'un parcours (parcours/<id>.md)")]
pub struct Walkthrough {
    #[schemars(description = "Titre du parcours (« Un jeune décrocheur pousse la porte du BIJ »).")]
    pub titre: String,
    #[schemars(description = "Identifiant du public concerné (publics.yaml).", regex(pattern = ID))]
    pub public: Option<String>,
    #[schemars(description = "Identifiant du besoin concerné (besoins.yaml).", regex(pattern = ID))]
    pub besoin: Option<String>,
    #[schemars(description = "Résumé du parcours.")]
    pub description: Option<String>,
    #[schemars(description = "Les étapes, de la première porte à la bonne porte.")]
    #[serde(default)]
    pub etapes: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Étape")]
pub struct Step {
    #[schemars(description = "Identifiant du réseau de cette étape (fichier de reseaux/).", regex(pattern = ID))]
    pub reseau: String,
    #[schemars(description = "premiere (la première porte poussée) ou bonne (la bonne porte).")]
    pub porte: Option<DoorKind>,
    #[schemars(description = "Ce qui se passe à cette étape.")]
    pub texte: Option<String>,
}

/// Front matter of `pages/<id>.md`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "En-tête d'une page (pages/<id>.md)")]
pub struct Page {
    #[schemars(description = "Titre de la page.")]
    pub titre: String,
    #[schemars(description = "Description pour les moteurs de recherche.")]
    pub description: Option<String>,
    #[schemars(description = "Place dans le menu ; les pages avec un ordre sont dans le menu.")]
    pub ordre: Option<Num<i32>>,
}
