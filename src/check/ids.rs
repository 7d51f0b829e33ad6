//! Ids: is each id well formed and unique in its kind, and does no free page take the place of a
//! section of the site?

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::content::fields;
use crate::content::load::{Guide, Record};
use crate::content::model::*;
use crate::diag::{Diagnostic, FileId};
use crate::graph::address;

impl Checker<'_> {
    /// Records every id, reporting bad and duplicate ones.
    pub(super) fn collect_ids(&mut self, guide: &Guide) {
        let in_list = |r: &Record<Code>| (r.id.clone(), r.file, r.span("id"));
        fn in_file<T>(r: &Record<T>) -> (String, FileId, Option<std::ops::Range<usize>>) {
            (r.id.clone(), r.file, None)
        }
        self.ids.publics = self.unique_ids(guide.publics.iter().map(in_list), RecordKind::Publics);
        self.ids.needs = self.unique_ids(guide.needs.iter().map(in_list), RecordKind::Besoins);
        self.ids.networks = self.unique_ids(guide.networks.iter().map(in_file), RecordKind::Reseau);
        self.ids.territories = self.unique_ids(guide.territories.iter().map(in_file), RecordKind::Territoire);
        self.ids.territory_kinds = guide.territories.iter().map(|t| (t.id.clone(), t.data.kind)).collect();
        self.ids.partners = self.unique_ids(guide.partners.iter().map(in_file), RecordKind::Structure);
        self.ids.walkthroughs =
            self.unique_ids(guide.walkthroughs.iter().map(|d| in_file(&d.record)), RecordKind::Parcours);
        self.ids.pages = self.unique_ids(guide.pages.iter().map(|d| in_file(&d.record)), RecordKind::Page);
    }

    /// Checks the syntax and uniqueness of ids `(id, file, place in the file if any)`.
    fn unique_ids(
        &mut self,
        records: impl Iterator<Item = (String, FileId, Option<std::ops::Range<usize>>)>,
        kind: RecordKind,
    ) -> HashSet<String> {
        let mut seen: HashMap<String, FileId> = HashMap::new();
        for (id, file, span) in records {
            if let Err(message) = fields::id(&id) {
                let what = if span.is_some() { "" } else { " (nom du fichier)" };
                self.push(Diagnostic::error(file, span.clone(), format!("{message}{what}")));
            }
            match seen.get(&id) {
                Some(&first) => self.push(
                    Diagnostic::error(file, span, format!("identifiant « {id} » déjà utilisé ({})", kind.label()))
                        .with_hint(format!(
                            "{} porte déjà cet identifiant : renommez l'un des deux",
                            self.paths[first]
                        )),
                ),
                None => {
                    seen.insert(id, file);
                }
            }
        }
        seen.into_keys().collect()
    }

    /// A free page whose id would take the place of a section of the site.
    pub(super) fn reserved_page(&mut self, record: &Record<Page>) {
        if address::RESERVED_IDS.contains(&record.id.as_str()) {
            self.push(
                Diagnostic::error(
                    record.file,
                    None,
                    format!("la page « {} » prendrait la place d'une rubrique du site", record.id),
                )
                .with_hint(format!(
                    "renommez le fichier ; ces noms sont réservés : {}",
                    address::RESERVED_IDS.join(", ")
                )),
            );
        }
    }
}
