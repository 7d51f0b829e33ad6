//! Check: every rule of the content format that spans records or needs a reference (ids,
//! references, the territory tree, field formats, freshness, the links of Markdown texts).
//! Reports everything, stops at nothing: after `check` without errors, `graph` may assume that
//! every reference resolves.
//!
//! This module holds the entry [`check`], the `Checker` and the helpers its rules share
//! (references, field formats); each rule family is a file of its own: `files` (required files,
//! values left to fill), `ids`, `territories` (the tree), `partners` (partners and networks), `services` (the services of partners),
//! `links` (links of the Markdown texts), `rules` (the site, the rules of portes.yaml,
//! walkthroughs).

pub mod external;
mod files;
mod ids;
mod links;
mod partners;
mod rules;
pub mod services;
mod territories;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::content::communes;
use crate::content::fields;
use crate::content::hours;
use crate::content::load::{Guide, Record};
use crate::content::model::*;
use crate::content::phone;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::graph::anchors;

/// Checks `guide`; `today` (days since 1970-01-01) dates the freshness warnings.
pub fn check(guide: &Guide, sources: &mut Sources, today: i64) -> Diagnostics {
    let mut c = Checker {
        diags: Diagnostics::default(),
        ids: Ids::default(),
        unreadable: guide.unreadable.iter().cloned().collect(),
        paths: (0..sources.len()).map(|f| sources.get(f).path.clone()).collect(),
        hours_seen: HashMap::new(),
        guide,
        statics: guide.static_names(),
        offered: OnceCell::new(),
    };
    c.required_files(guide, sources);
    c.statics(guide, sources);
    c.collect_ids(guide);
    if let Some(site) = &guide.site {
        c.site(site);
    }
    for code in guide.publics.iter().chain(&guide.needs) {
        // No page shows these descriptions (yet): their links are not verified against one.
        c.text_links(code, "description", code.data.description.as_deref(), None);
    }
    for network in &guide.networks {
        c.network(network);
    }
    c.territories(guide);
    let max_days = guide.site.as_ref().map_or(Site::DEFAULT_MAX_DAYS, |s| s.data.max_days());
    for partner in &guide.partners {
        c.partner(partner, today, max_days);
    }
    c.rules(guide);
    for doc in &guide.walkthroughs {
        c.walkthrough(&doc.record);
        c.body_links(doc, RecordKind::Parcours);
    }
    for doc in &guide.pages {
        c.reserved_page(&doc.record);
        c.body_links(doc, RecordKind::Page);
    }
    c.coverage(guide);
    c.placeholders(sources);
    c.diags
}

pub use crate::content::model::TO_FILL;

/// The ids of each kind, for references and duplicates.
#[derive(Default)]
struct Ids {
    publics: HashSet<String>,
    needs: HashSet<String>,
    networks: HashSet<String>,
    territories: HashSet<String>,
    /// The kind of each territory, for `site.yaml`'s region.
    territory_kinds: HashMap<String, TerritoryKind>,
    partners: HashSet<String>,
    walkthroughs: HashSet<String>,
    pages: HashSet<String>,
}

impl Ids {
    /// The ids of `kind`.
    fn of(&self, kind: RecordKind) -> Option<&HashSet<String>> {
        match kind {
            RecordKind::Publics => Some(&self.publics),
            RecordKind::Besoins => Some(&self.needs),
            RecordKind::Reseau => Some(&self.networks),
            RecordKind::Territoire => Some(&self.territories),
            RecordKind::Structure => Some(&self.partners),
            RecordKind::Parcours => Some(&self.walkthroughs),
            RecordKind::Page => Some(&self.pages),
            // Nothing refers to the site or to a rule.
            RecordKind::Site | RecordKind::Portes => None,
        }
    }
}

struct Checker<'g> {
    diags: Diagnostics,
    ids: Ids,
    unreadable: HashSet<(RecordKind, String)>,
    /// Paths of the files, to name the first of two records with the same id.
    paths: Vec<String>,
    hours_seen: HashMap<String, Result<(), String>>,
    guide: &'g Guide,
    /// Files of `static/`, `/`-separated, sorted (looked up by binary search; the candidates of
    /// « did you mean »).
    statics: Vec<String>,
    /// The anchors of record pages, computed at the first link that has one.
    offered: OnceCell<anchors::Offered<'g>>,
}

impl<'g> Checker<'g> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Whether `id` names a record of `kind`, or one whose file is broken (reported already).
    fn exists(&self, kind: RecordKind, id: &str) -> bool {
        let found = self.ids.of(kind).is_some_and(|ids| ids.contains(id));
        found || self.unreadable.contains(&(kind, id.to_string()))
    }

    fn candidates(&self, kind: RecordKind) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ids.of(kind).into_iter().flatten().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// Checks that the id at `path` of `record` names an existing record of `kind`.
    fn reference<T>(&mut self, record: &Record<T>, path: &str, kind: RecordKind, id: &str) {
        // A reference left to fill by `new` is reported as such (`placeholders`).
        if self.exists(kind, id) || id == TO_FILL {
            return;
        }
        let candidates = self.candidates(kind);
        let hint = fields::suggestion(&fields::closest_ids(id, &candidates))
            .unwrap_or_else(|| format!("aucun {} « {id} » dans {}", kind.label(), kind.place()));
        let d = Diagnostic::error(record.file, record.span(path), format!("{} inconnu : « {id} »", kind.label()));
        self.push(d.with_hint(hint));
    }

    fn references<T>(&mut self, record: &Record<T>, path: &str, kind: RecordKind, ids: &[String]) {
        for (i, id) in ids.iter().enumerate() {
            self.reference(record, &format!("{path}.{i}"), kind, id);
        }
    }

    /// Reports a field whose format is wrong.
    fn format<T, V>(&mut self, record: &Record<T>, path: &str, result: Result<V, String>) -> Option<V> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.push(Diagnostic::error(record.file, record.span(path), message));
                None
            }
        }
    }

    fn phone<T>(&mut self, record: &Record<T>, path: &str, value: Option<&str>) {
        if let Some(text) = value {
            self.format(record, path, phone::parse(text));
        }
    }

    fn hours<T>(&mut self, record: &Record<T>, path: &str, value: Option<&str>) {
        if let Some(text) = value {
            // Many partners share the same hours: parse each distinct text once.
            let result =
                self.hours_seen.entry(text.to_string()).or_insert_with(|| hours::parse(text).map(|_| ())).clone();
            if let Err(message) = result {
                self.push(Diagnostic::error(
                    record.file,
                    match hours::error_span(text) {
                        Some(part) => record.part_span(path, part),
                        None => record.span(path),
                    },
                    message,
                ));
            }
        }
    }

    fn url<T>(&mut self, record: &Record<T>, path: &str, value: Option<&str>) {
        if let Some(text) = value
            && let Some(url) = self.format(record, path, fields::web_url(text))
            && let Some(warning) = fields::url_host_warning(&url)
        {
            let hint = "écrivez l'adresse du site avec son nom de domaine : https://www.exemple.fr/page";
            self.push(
                Diagnostic::warning(record.file, record.span(path), warning)
                    .with_hint(hint)
                    .counted_as("adresse web sans nom de domaine", "adresses web sans nom de domaine"),
            );
        }
    }
}

/// Lowercase without accents or punctuation, to compare names as people write them.
pub fn fold(text: &str) -> String {
    crate::content::collate::fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Why the commune code `code`, absent from the reference, is wrong.
fn unknown_insee(code: &str) -> &'static str {
    if communes::is_valid_insee_format(code) { "inconnu du référentiel des communes" } else { "mal formé" }
}
