//! The site and the doors: does `site.yaml` name a region and read right, do the rules of
//! `portes.yaml` and the walkthroughs name existing publics, needs and networks?

use std::collections::HashMap;

use super::Checker;
use crate::content::load::{Guide, Record};
use crate::content::model::*;
use crate::diag::Diagnostic;
use crate::graph::address;

impl Checker<'_> {
    pub(super) fn site(&mut self, site: &Record<Site>) {
        let s = &site.data;
        match self.ids.territory_kinds.get(&s.region) {
            Some(TerritoryKind::Region) => {}
            Some(_) => self.push(
                Diagnostic::error(
                    site.file,
                    site.span("region"),
                    format!("« {} » n'est pas un territoire de type region", s.region),
                )
                .with_hint("`region` désigne la racine de l'arbre des territoires (type: region)"),
            ),
            None => self.reference(site, "region", RecordKind::Territoire, &s.region),
        }
        self.url(site, "url", s.url.as_deref());
        self.phone(site, "telephone", s.telephone.as_deref());
        for (i, group) in s.synonymes.iter().enumerate() {
            if group.len() < 2 {
                self.push(
                    Diagnostic::error(
                        site.file,
                        site.span(&format!("synonymes.{i}")),
                        "un groupe de synonymes compte au moins deux mots",
                    )
                    .with_hint("exemple : `synonymes: [[cv, curriculum]]`"),
                );
            }
        }
    }

    pub(super) fn rules(&mut self, guide: &Guide) {
        let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
        for rule in &guide.rules {
            let r = &rule.data;
            self.reference(rule, "public", RecordKind::Publics, &r.public);
            self.reference(rule, "besoin", RecordKind::Besoins, &r.besoin);
            for (i, door) in r.portes.iter().enumerate() {
                self.reference(rule, &format!("portes.{i}.reseau"), RecordKind::Reseau, &door.reseau);
            }
            if r.portes.is_empty() {
                self.push(
                    Diagnostic::error(rule.file, rule.span("portes"), "règle sans porte")
                        .with_hint("indiquez au moins un réseau dans `portes`"),
                );
            }
            if seen.insert((&r.public, &r.besoin), &rule.id).is_some() {
                self.push(
                    Diagnostic::error(
                        rule.file,
                        rule.span(""),
                        format!("deux règles pour le même public « {} » et le même besoin « {} »", r.public, r.besoin),
                    )
                    .with_hint("regroupez leurs portes dans une seule règle, la meilleure d'abord"),
                );
            }
        }
    }

    pub(super) fn walkthrough(&mut self, record: &Record<Walkthrough>) {
        let w = &record.data;
        if let Some(public) = &w.public {
            self.reference(record, "public", RecordKind::Publics, public);
        }
        if let Some(need) = &w.besoin {
            self.reference(record, "besoin", RecordKind::Besoins, need);
        }
        let page = address::record_dir(RecordKind::Parcours, &record.id);
        for (i, step) in w.etapes.iter().enumerate() {
            self.reference(record, &format!("etapes.{i}.reseau"), RecordKind::Reseau, &step.reseau);
            self.text_links(record, &format!("etapes.{i}.texte"), step.texte.as_deref(), Some(&page));
        }
    }
}
