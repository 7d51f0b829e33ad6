//! Anchors: which `#…` of a record page may a link point at (`@/territoires/bassin-x#communes`),
//! and when does the page have it?
//!
//! One table for both sides. The views give the templates the ids of the sections they show
//! ([`ids`], read as `p.ids.communes`), and `check` verifies the anchor of a `@/` link against
//! the same table ([`Offered`], from the raw records, before any graph): what `check` accepts is
//! an element of the built page, which the link gate would otherwise reject at build time.
//! A section is shown when its [`Facts`] say so; the views compute the facts from the graph,
//! `check` from the records, and `tests/anchors.rs` verifies that every anchor `check` accepts
//! is an `id` of the built pages.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::content::load::Guide;
use crate::content::model::RecordKind;

/// A section of a record page that a link may point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Territory: the territories below it.
    SubTerritories,
    /// Territory: its partners, by network; network: its partners, by territory.
    Partners,
    /// Territory: the right doors, per public and need.
    Doors,
    /// Territory: the right doors farther away: their partners' cards, how to reach the networks
    /// without a partner near.
    DoorContacts,
    /// Partner: its contact details.
    Contact,
    /// Territory: who coordinates the SPRO there.
    Coordination,
    /// Territory: the list of its communes.
    Communes,
    /// Partner: the publics and needs it serves.
    ForWhom,
    /// Partner: where to refer someone, per public.
    Refer,
    /// Walkthrough: its steps.
    Steps,
}

impl Section {
    /// The `id` of the section's element, as links write it after `#`.
    pub fn id(self) -> &'static str {
        match self {
            Section::SubTerritories => "sous-territoires",
            Section::Partners => "structures",
            Section::Doors => "bonnes-portes",
            Section::DoorContacts | Section::Contact => "coordonnees",
            Section::Coordination => "coordination",
            Section::Communes => "communes",
            Section::ForWhom => "pour-qui",
            Section::Refer => "orienter",
            Section::Steps => "etapes",
        }
    }

    /// When a page has the section, for editors (`check`'s hint).
    pub fn when(self) -> &'static str {
        match self {
            Section::SubTerritories => "quand d'autres territoires l'ont pour parent",
            Section::Partners | Section::Contact | Section::ForWhom => "toujours",
            Section::Doors | Section::DoorContacts | Section::Refer => {
                "quand un public et un besoin ont une bonne porte (portes.yaml, ou publics et besoins d'un réseau)"
            }
            Section::Coordination => "quand le territoire nomme sa coordination (clé coordination)",
            Section::Communes => "quand le territoire liste ses communes (clé communes)",
            Section::Steps => "quand le parcours a des étapes (clé etapes)",
        }
    }
}

/// The sections of each record page, in page order.
pub const TABLE: [(RecordKind, &[Section]); 5] = [
    (
        RecordKind::Territoire,
        &[
            Section::SubTerritories,
            Section::Partners,
            Section::Doors,
            Section::DoorContacts,
            Section::Coordination,
            Section::Communes,
        ],
    ),
    (RecordKind::Structure, &[Section::Contact, Section::ForWhom, Section::Refer]),
    (RecordKind::Reseau, &[Section::Partners]),
    (RecordKind::Parcours, &[Section::Steps]),
    (RecordKind::Page, &[]),
];

/// The sections of the pages of a record kind; none for a kind without pages.
pub fn sections(kind: RecordKind) -> &'static [Section] {
    TABLE.iter().find(|(k, _)| *k == kind).map_or(&[], |(_, s)| s)
}

/// The anchor of a public's right doors on a territory page: `pour-<public>`.
pub fn public(public: &str) -> String {
    format!("pour-{public}")
}

/// The anchor of the right doors of a public and a need on a territory page: `<public>--<need>`.
pub fn pair(public: &str, need: &str) -> String {
    format!("{public}--{need}")
}

/// What decides whether a page shows a section: a fact about its record or the guide.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// A territory has territories below it.
    pub children: bool,
    /// Some public and need have a right door (rule or networks' defaults).
    pub doors: bool,
    /// A territory names its coordination.
    pub coordination: bool,
    /// A territory lists communes.
    pub communes: bool,
    /// A partner's territory is known (its refer section lists that territory's doors).
    pub territory: bool,
    /// A walkthrough has steps.
    pub steps: bool,
}

impl Facts {
    pub fn shows(&self, section: Section) -> bool {
        match section {
            Section::SubTerritories => self.children,
            Section::Partners | Section::Contact | Section::ForWhom => true,
            Section::Doors | Section::DoorContacts => self.doors,
            Section::Coordination => self.coordination,
            Section::Communes => self.communes,
            Section::Refer => self.doors && self.territory,
            Section::Steps => self.steps,
        }
    }
}

/// The ids that a page of `kind` shows, by section, for its template: every section of the
/// kind is a key (`null` when not shown), so that `{% if p.ids.communes %}` reads a known key.
pub fn ids(kind: RecordKind, facts: &Facts) -> BTreeMap<Section, Option<&'static str>> {
    sections(kind).iter().map(|&s| (s, facts.shows(s).then(|| s.id()))).collect()
}

/// The anchors of record pages, from the raw records of a guide (what `check` has).
pub struct Offered<'g> {
    guide: &'g Guide,
    /// Territories that another territory names as its parent.
    parents: HashSet<&'g str>,
    /// Every (public, need) with at least one right door, in the editors' order.
    pairs: Vec<(&'g str, &'g str)>,
}

impl<'g> Offered<'g> {
    pub fn new(guide: &'g Guide) -> Offered<'g> {
        let parents = guide.territories.iter().filter_map(|t| t.data.parent.as_deref()).collect();
        let networks: HashSet<&str> = guide.networks.iter().map(|n| n.id.as_str()).collect();
        let mut pairs = Vec::new();
        for public in &guide.publics {
            for need in &guide.needs {
                let (p, n) = (public.id.as_str(), need.id.as_str());
                // As `Graph::doors`: the pair's rule if it has one, else the networks' defaults.
                let has_doors = match guide.rules.iter().rfind(|r| r.data.public == p && r.data.besoin == n) {
                    Some(rule) => rule.data.portes.iter().any(|d| networks.contains(d.reseau.as_str())),
                    None => guide.networks.iter().any(|net| crate::graph::default_door(&net.data, p, n)),
                };
                if has_doors {
                    pairs.push((p, n));
                }
            }
        }
        Offered { guide, parents, pairs }
    }

    /// The facts of the page of record `id` of `kind`.
    fn facts(&self, kind: RecordKind, id: &str) -> Facts {
        let g = self.guide;
        let mut facts = Facts { doors: !self.pairs.is_empty(), ..Facts::default() };
        match kind {
            RecordKind::Territoire => {
                if let Some(t) = g.territories.iter().find(|t| t.id == id) {
                    facts.children = self.parents.contains(id);
                    facts.coordination = !t.data.coordination.is_empty();
                    facts.communes = !t.data.communes.is_empty();
                }
            }
            RecordKind::Structure => {
                facts.territory = g
                    .partners
                    .iter()
                    .find(|p| p.id == id)
                    .is_some_and(|p| g.territories.iter().any(|t| t.id == p.data.territoire));
            }
            RecordKind::Parcours => {
                facts.steps =
                    g.walkthroughs.iter().find(|w| w.record.id == id).is_some_and(|w| !w.record.data.etapes.is_empty());
            }
            _ => {}
        }
        facts
    }

    /// Every anchor of the page of record `id` of `kind`, sections first, in page order.
    pub fn of(&self, kind: RecordKind, id: &str) -> Vec<String> {
        let facts = self.facts(kind, id);
        let mut anchors: Vec<String> =
            sections(kind).iter().filter(|&&s| facts.shows(s)).map(|s| s.id().to_string()).collect();
        if kind == RecordKind::Territoire {
            let mut publics: Vec<&str> = self.pairs.iter().map(|(p, _)| *p).collect();
            publics.dedup();
            for p in publics {
                anchors.push(public(p));
                anchors.extend(self.pairs.iter().filter(|(q, _)| *q == p).map(|(_, n)| pair(p, n)));
            }
        }
        anchors
    }
}
