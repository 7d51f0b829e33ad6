//! The territory tree: does each territory have the right parent (one region at the root, no
//! cycle), a known INSEE code, and communes that exist, belong to one territory only and lie in
//! the département or region above it?

use std::collections::{HashMap, HashSet};

use super::{Checker, unknown_insee};
use crate::content::communes;
use crate::content::load::{Guide, Record};
use crate::content::model::*;
use crate::diag::Diagnostic;

impl Checker<'_> {
    /// A region's or département's `code` is one of the commune reference.
    fn known_code(&mut self, t: &Record<Territory>) {
        static CODES: std::sync::OnceLock<HashSet<(bool, &str)>> = std::sync::OnceLock::new();
        let Some(code) = &t.data.code else { return };
        let region = t.data.kind == TerritoryKind::Region;
        let codes = CODES.get_or_init(|| {
            communes::reference().iter().flat_map(|c| [(true, c.region), (false, c.departement)]).collect()
        });
        if t.data.kind == TerritoryKind::Bassin || codes.contains(&(region, code.as_str())) {
            return;
        }
        let what = if region { "la région" } else { "le département" };
        self.push(
            Diagnostic::warning(t.file, t.span("code"), format!("aucune commune du référentiel dans {what} de code « {code} »"))
                .with_hint("le code est celui de l'INSEE : « 24 » pour la région Centre-Val de Loire, « 18 » pour le Cher, « 2A » pour la Corse-du-Sud")
                .counted_as("code de territoire sans commune", "codes de territoire sans commune"),
        );
    }

    /// The communes of a bassin lie in the nearest département (or region) above it that has a
    /// `code`; a bassin may cross a border, so those that do not are one warning, at the first.
    fn communes_outside(&mut self, t: &Record<Territory>, by_id: &HashMap<&str, &Record<Territory>>) {
        let mut above = t.data.parent.as_deref().and_then(|p| by_id.get(p));
        // Bounded: a cycle is reported elsewhere.
        for _ in 0..by_id.len() {
            let Some(ancestor) = above else { return };
            if let Some(code) = &ancestor.data.code {
                let region = ancestor.data.kind == TerritoryKind::Region;
                let outside: Vec<(usize, &communes::Commune)> = (t.data.communes.iter().enumerate())
                    .filter_map(|(i, c)| Some((i, communes::reference().get(c)?)))
                    .filter(|(_, c)| (if region { c.region } else { c.departement }) != code)
                    .collect();
                let Some(&(first, commune)) = outside.first() else { return };
                let names: Vec<String> =
                    outside.iter().take(5).map(|(_, c)| format!("{} ({})", c.nom, c.code)).collect();
                let more = if outside.len() > 5 { format!(" et {} autres", outside.len() - 5) } else { String::new() };
                let where_ = if region { "de la région" } else { "du département" };
                self.push(
                    Diagnostic::warning(
                        t.file,
                        t.span(&format!("communes.{first}")),
                        format!(
                            "{} hors {where_} « {} » (code {code}) : {}{more}",
                            crate::diag::counted(outside.len(), "commune", "communes"),
                            ancestor.data.nom,
                            names.join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "{} est dans le département {} ; vérifiez le code INSEE, ou le parent du territoire",
                        commune.nom, commune.departement
                    ))
                    .counted_as("bassin qui déborde de son département", "bassins qui débordent de leur département"),
                );
                return;
            }
            above = ancestor.data.parent.as_deref().and_then(|p| by_id.get(p));
        }
    }

    pub(super) fn territories(&mut self, guide: &Guide) {
        let by_id: HashMap<&str, &Record<Territory>> = guide.territories.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut commune_owner: HashMap<&str, &str> = HashMap::new();
        for t in &guide.territories {
            let d = &t.data;
            self.parent(t);
            self.code(t);
            self.known_code(t);
            self.communes_outside(t, &by_id);
            self.commune_codes(t, &mut commune_owner);
            for (i, coordination) in d.coordination.iter().enumerate() {
                self.reference(
                    t,
                    &format!("coordination.{i}.structure"),
                    RecordKind::Structure,
                    &coordination.structure,
                );
            }
            self.description(t, RecordKind::Territoire, d.description.as_deref());
        }
        self.cycles(&guide.territories, &by_id);
        self.roots(&guide.territories);
    }

    /// Only a region, the root, has no parent; any other territory names an existing one.
    fn parent(&mut self, t: &Record<Territory>) {
        let d = &t.data;
        match (&d.parent, d.kind) {
            (None, TerritoryKind::Region) => {} // the root, unless there are two (`roots`)
            (None, _) => self.push(
                Diagnostic::error(t.file, t.span(""), "clé obligatoire « parent » absente")
                    .with_hint("seul le territoire de type region n'a pas de parent"),
            ),
            // `Graph::build` roots the tree at a region without parent; also covers an unknown
            // parent or a cycle through the region, in one report.
            (Some(_), TerritoryKind::Region) => self.push(
                Diagnostic::error(
                    t.file,
                    t.span("parent"),
                    format!("la région « {} » ne peut pas avoir de parent", t.id),
                )
                .with_hint("la région est la racine de l'arbre des territoires : retirez la ligne `parent`"),
            ),
            (Some(parent), _) => self.reference(t, "parent", RecordKind::Territoire, parent),
        }
    }

    /// A region's or département's `code` is alphanumeric; a bassin has none.
    fn code(&mut self, t: &Record<Territory>) {
        let d = &t.data;
        if let Some(code) = &d.code
            && (d.kind == TerritoryKind::Bassin || code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            self.push(
                Diagnostic::error(t.file, t.span("code"), format!("code INSEE de territoire « {code} » invalide"))
                    .with_hint("le code est celui INSEE d'une région (« 24 ») ou d'un département (« 18 », « 2A »)"),
            );
        }
    }

    /// The communes of a territory exist, and each belongs to one territory only (`owner`: the
    /// territory of each commune seen so far).
    fn commune_codes<'t>(&mut self, t: &'t Record<Territory>, owner: &mut HashMap<&'t str, &'t str>) {
        for (i, code) in t.data.communes.iter().enumerate() {
            let path = format!("communes.{i}");
            if communes::reference().get(code).is_none() {
                let why = unknown_insee(code);
                self.push(Diagnostic::error(t.file, t.span(&path), format!("code INSEE « {code} » {why}")).with_hint(
                    "un code INSEE de commune a 5 caractères (« 18279 » pour Vierzon) ; ce n'est pas le code postal",
                ));
            } else if let Some(other) = owner.insert(code.as_str(), t.id.as_str())
                && other != t.id
            {
                self.push(
                    Diagnostic::error(t.file, t.span(&path), format!("la commune {code} est déjà dans le territoire « {other} »"))
                        .with_hint("une commune appartient à un seul bassin, pour que la recherche par commune mène à un seul territoire"),
                );
            }
        }
    }

    /// A guide has one root: a single region without parent.
    fn roots(&mut self, territories: &[Record<Territory>]) {
        let roots: Vec<&Record<Territory>> =
            territories.iter().filter(|t| t.data.parent.is_none() && t.data.kind == TerritoryKind::Region).collect();
        if roots.len() > 1 {
            for extra in &roots[1..] {
                self.push(
                    Diagnostic::error(
                        extra.file,
                        extra.span("type"),
                        format!("deuxième territoire racine : « {} » ; « {} » en est déjà un", extra.id, roots[0].id),
                    )
                    .with_hint("un guide a une seule région racine ; donnez un parent aux autres territoires"),
                );
            }
        }
    }

    /// Reports each territory whose chain of parents loops. A chain stops at a region: a region's
    /// parent is an error of its own, and removing it breaks any loop through the region.
    fn cycles(&mut self, territories: &[Record<Territory>], by_id: &HashMap<&str, &Record<Territory>>) {
        for t in territories {
            let mut seen = HashSet::new();
            let mut current = t;
            while current.data.kind != TerritoryKind::Region
                && let Some(parent) = current.data.parent.as_deref().and_then(|p| by_id.get(p))
            {
                if parent.id == t.id {
                    self.push(
                        Diagnostic::error(
                            t.file,
                            t.span("parent"),
                            format!("cycle dans l'arbre des territoires : « {} » est son propre ancêtre", t.id),
                        )
                        .with_hint("les parents doivent remonter jusqu'à la région sans boucler"),
                    );
                    break;
                }
                if !seen.insert(parent.id.as_str()) {
                    break; // a loop above this territory, reported on its own members
                }
                current = parent;
            }
        }
    }
}
