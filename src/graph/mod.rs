//! The site graph: a checked guide resolved once into indices, in a stable order.
//!
//! Here is a checked guide, tell me the parents and children of a territory, the partners of a
//! network, the territory that serves a commune, the right doors for a public and a need.
//! Built only when `check` found no error, so every reference resolves; a reference that does
//! not is skipped, never unwrapped.

pub mod address;
pub mod anchors;
pub(crate) mod card;

use std::collections::HashMap;

use crate::content::collate;
use crate::content::hours::Week;
use crate::content::load::{Document, Guide, Record};
use crate::content::model::*;

/// See [`Graph::commune_territory`]. A guide that lists the communes of some bassins only
/// still leads a person of any other commune of its départements somewhere: to the département.
/// See [`Graph::main_communes`].
fn territories_main_communes(territories: &[TerritoryNode<'_>]) -> Vec<Option<String>> {
    const SHOWN: usize = 3;
    let reference = crate::content::communes::reference();
    territories
        .iter()
        .map(|t| {
            let mut communes: Vec<_> = t.record.data.communes.iter().filter_map(|c| reference.get(c)).collect();
            communes.sort_by(|a, b| b.population.cmp(&a.population).then_with(|| a.code.cmp(b.code)));
            let names: Vec<&str> = communes.iter().take(SHOWN).map(|c| c.nom).collect();
            let more = if communes.len() > SHOWN { "…" } else { "" };
            (!names.is_empty()).then(|| format!("{}{more}", names.join(", ")))
        })
        .collect()
}

fn commune_territories<'g>(territories: &[TerritoryNode<'g>]) -> HashMap<&'g str, usize> {
    let mut served: HashMap<&'g str, usize> = territories
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.record.data.communes.iter().map(move |c| (c.as_str(), i)))
        .collect();
    let coded = |kind: TerritoryKind| -> HashMap<&str, usize> {
        let mut by_code = HashMap::new();
        for (i, t) in territories.iter().enumerate().filter(|(_, t)| t.record.data.kind == kind) {
            if let Some(code) = t.record.data.code.as_deref() {
                by_code.entry(code).or_insert(i);
            }
        }
        by_code
    };
    let (departements, regions) = (coded(TerritoryKind::Departement), coded(TerritoryKind::Region));
    if departements.is_empty() && regions.is_empty() {
        return served;
    }
    for commune in crate::content::communes::reference().iter() {
        let wider = departements.get(commune.departement).or_else(|| regions.get(commune.region));
        if let Some(&t) = wider {
            served.entry(commune.code).or_insert(t);
        }
    }
    served
}

pub struct TerritoryNode<'g> {
    pub record: &'g Record<Territory>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Root first, this territory excluded.
    pub ancestors: Vec<usize>,
}

/// A right door: a network, and why it is the right one.
#[derive(Clone, Debug, PartialEq)]
pub struct DoorRef<'g> {
    pub network: usize,
    pub why: Option<&'g str>,
    /// False when the door comes from the networks' own publics and needs (no rule).
    pub from_rule: bool,
}

pub struct Graph<'g> {
    pub site: &'g Site,
    /// Publics and needs keep the editors' order: it is the order of the wizard.
    pub publics: Vec<&'g Record<Code>>,
    pub needs: Vec<&'g Record<Code>>,
    /// Networks, partners, walkthroughs: French order of their names.
    pub networks: Vec<&'g Record<Network>>,
    /// Depth first from the root, children in French order.
    pub territories: Vec<TerritoryNode<'g>>,
    pub partners: Vec<&'g Record<Partner>>,
    pub walkthroughs: Vec<&'g Document<Walkthrough>>,
    /// Menu order (`ordre`), then title.
    pub pages: Vec<&'g Document<Page>>,
    pub root: usize,
    index: Indexes<'g>,
    /// Per territory: partners whose `territoire` it is.
    pub located_in: Vec<Vec<usize>>,
    /// Per territory: partners whose `zone` names it.
    pub zoned_in: Vec<Vec<usize>>,
    /// Per territory: partners located strictly below it (in its bassins), in partner order.
    pub located_under: Vec<Vec<usize>>,
    /// Per network: its partners.
    pub of_network: Vec<Vec<usize>>,
    /// Per partner: its network.
    pub partner_network: Vec<Option<usize>>,
    /// INSEE code → the territory that serves the commune: the bassin whose `communes` list it,
    /// otherwise the département (or else the region) whose `code` is the commune's.
    pub commune_territory: HashMap<&'g str, usize>,
    doors: HashMap<(usize, usize), Vec<DoorRef<'g>>>,
    /// Opening hours in French and as a usual week, by the text editors wrote (parsed once per
    /// distinct text).
    hours: HashMap<&'g str, (String, Option<Week>)>,
    /// Per territory, its largest communes (see [`Graph::main_communes`]).
    main_communes: Vec<Option<String>>,
    /// See [`Graph::commune_parts`]: asked by every territory and find page, computed once.
    commune_parts: Vec<usize>,
    /// Files of `static/`, `/`-separated paths relative to it (and to the site root).
    pub statics: std::collections::HashSet<String>,
}

#[derive(Default)]
struct Indexes<'g> {
    publics: HashMap<&'g str, usize>,
    needs: HashMap<&'g str, usize>,
    networks: HashMap<&'g str, usize>,
    territories: HashMap<&'g str, usize>,
    partners: HashMap<&'g str, usize>,
    walkthroughs: HashMap<&'g str, usize>,
    pages: HashMap<&'g str, usize>,
}

fn index_of<'g, T>(items: &[&'g T], id: impl Fn(&'g T) -> &'g str) -> HashMap<&'g str, usize> {
    items.iter().enumerate().map(|(i, item)| (id(item), i)).collect()
}

impl<'g> Graph<'g> {
    /// Resolves `guide`. `None` when it has no site or no root territory (reported by `check`).
    pub fn build(guide: &'g Guide) -> Option<Graph<'g>> {
        let site = &guide.site.as_ref()?.data;
        let mut networks: Vec<&Record<Network>> = guide.networks.iter().collect();
        networks.sort_by(|a, b| collate::compare(&a.data.nom, &b.data.nom).then_with(|| a.id.cmp(&b.id)));
        let mut partners: Vec<&Record<Partner>> = guide.partners.iter().collect();
        partners.sort_by(|a, b| collate::compare(&a.data.nom, &b.data.nom).then_with(|| a.id.cmp(&b.id)));
        let mut walkthroughs: Vec<&Document<Walkthrough>> = guide.walkthroughs.iter().collect();
        walkthroughs.sort_by(|a, b| {
            collate::compare(&a.record.data.titre, &b.record.data.titre).then_with(|| a.record.id.cmp(&b.record.id))
        });
        let mut pages: Vec<&Document<Page>> = guide.pages.iter().filter(|p| p.record.id != "index").collect();
        pages.sort_by(|a, b| {
            let order = |p: &Document<Page>| p.record.data.ordre.map_or(i32::MAX, |o| o.0);
            order(a)
                .cmp(&order(b))
                .then_with(|| collate::compare(&a.record.data.titre, &b.record.data.titre))
                .then_with(|| a.record.id.cmp(&b.record.id))
        });
        let territories = territory_tree(&guide.territories, &site.region)?;
        let main_communes = territories_main_communes(&territories);

        let mut index = Indexes {
            publics: index_of(&guide.publics.iter().collect::<Vec<_>>(), |r| r.id.as_str()),
            needs: index_of(&guide.needs.iter().collect::<Vec<_>>(), |r| r.id.as_str()),
            networks: index_of(&networks, |r| r.id.as_str()),
            partners: index_of(&partners, |r| r.id.as_str()),
            walkthroughs: index_of(&walkthroughs, |d| d.record.id.as_str()),
            pages: index_of(&pages, |d| d.record.id.as_str()),
            ..Indexes::default()
        };
        index.territories = territories.iter().enumerate().map(|(i, t)| (t.record.id.as_str(), i)).collect();

        let mut located_in = vec![Vec::new(); territories.len()];
        let mut zoned_in = vec![Vec::new(); territories.len()];
        let mut of_network = vec![Vec::new(); networks.len()];
        for (i, p) in partners.iter().enumerate() {
            if let Some(&t) = index.territories.get(p.data.territoire.as_str()) {
                located_in[t].push(i);
            }
            for zone in &p.data.zone {
                if let Some(&t) = index.territories.get(zone.as_str()) {
                    zoned_in[t].push(i);
                }
            }
            if let Some(&n) = index.networks.get(p.data.reseau.as_str()) {
                of_network[n].push(i);
            }
        }
        let mut located_under = vec![Vec::new(); territories.len()];
        for (t, node) in territories.iter().enumerate() {
            for &a in &node.ancestors {
                located_under[a].extend(located_in[t].iter().copied());
            }
        }
        for list in &mut located_under {
            list.sort_unstable();
        }
        let mut partner_network = vec![None; partners.len()];
        for (n, list) in of_network.iter().enumerate() {
            for &p in list {
                partner_network[p] = Some(n);
            }
        }
        let commune_territory = commune_territories(&territories);

        let mut graph = Graph {
            site,
            publics: guide.publics.iter().collect(),
            needs: guide.needs.iter().collect(),
            networks,
            territories,
            partners,
            walkthroughs,
            pages,
            root: 0,
            index,
            located_in,
            zoned_in,
            located_under,
            of_network,
            partner_network,
            commune_territory,
            doors: HashMap::new(),
            hours: HashMap::new(),
            main_communes,
            commune_parts: Vec::new(),
            statics: guide.static_names().into_iter().collect(),
        };
        // The hours of the partners and of their services.
        let texts = graph.partners.iter().flat_map(|p| {
            let services = p.data.services.iter().filter_map(|s| s.horaires_accueil.as_deref());
            p.data.horaires_accueil.as_deref().into_iter().chain(services)
        });
        for text in texts {
            if !graph.hours.contains_key(text)
                && let Ok(parsed) = crate::content::hours::parse(text)
            {
                graph.hours.insert(text, (parsed.french(), parsed.week()));
            }
        }
        graph.doors = graph.resolve_doors(&guide.rules);
        graph.commune_parts = graph.find_commune_parts();
        Some(graph)
    }

    pub fn public(&self, id: &str) -> Option<usize> {
        self.index.publics.get(id).copied()
    }
    pub fn need(&self, id: &str) -> Option<usize> {
        self.index.needs.get(id).copied()
    }
    pub fn network(&self, id: &str) -> Option<usize> {
        self.index.networks.get(id).copied()
    }
    pub fn territory(&self, id: &str) -> Option<usize> {
        self.index.territories.get(id).copied()
    }
    pub fn partner(&self, id: &str) -> Option<usize> {
        self.index.partners.get(id).copied()
    }
    pub fn walkthrough(&self, id: &str) -> Option<usize> {
        self.index.walkthroughs.get(id).copied()
    }
    pub fn page(&self, id: &str) -> Option<usize> {
        self.index.pages.get(id).copied()
    }

    /// The territories under which the communes are listed from A to Z and the wizard's data is
    /// split: for each territory that serves communes, its ancestor just below the root (itself
    /// if it is one); the root for a guide of one level. In the tree's order.
    pub fn commune_parts(&self) -> &[usize] {
        &self.commune_parts
    }

    fn find_commune_parts(&self) -> Vec<usize> {
        let mut parts: Vec<usize> = self.commune_territory.values().map(|&t| self.commune_part(t)).collect();
        parts.sort_unstable();
        parts.dedup();
        parts
    }

    /// See [`Graph::commune_parts`].
    pub fn commune_part(&self, t: usize) -> usize {
        self.territories[t].ancestors.get(1).copied().unwrap_or(t)
    }

    /// The three most populated communes that a territory's record lists, « Vierzon,
    /// Mehun-sur-Yèvre, Graçay… »: a bassin named by the towns people know.
    pub fn main_communes(&self, t: usize) -> Option<&str> {
        self.main_communes.get(t)?.as_deref()
    }

    /// Opening hours in French for the text an editor wrote.
    pub fn hours_french(&self, text: &str) -> Option<&str> {
        self.hours.get(text).map(|(french, _)| french.as_str())
    }

    /// The usual week of the opening hours an editor wrote, if they are only that.
    pub fn hours_week(&self, text: &str) -> Option<&Week> {
        self.hours.get(text).and_then(|(_, week)| week.as_ref())
    }

    /// The right doors for a public and a need: the rule's, or else the networks whose own
    /// publics and needs both contain them (in network order).
    pub fn doors(&self, public: usize, need: usize) -> &[DoorRef<'g>] {
        self.doors.get(&(public, need)).map_or(&[], Vec::as_slice)
    }

    fn resolve_doors(&self, rules: &'g [Record<Rule>]) -> HashMap<(usize, usize), Vec<DoorRef<'g>>> {
        let mut doors = HashMap::new();
        for (p, public) in self.publics.iter().enumerate() {
            for (n, need) in self.needs.iter().enumerate() {
                let fallback: Vec<DoorRef> = self
                    .networks
                    .iter()
                    .enumerate()
                    .filter(|(_, net)| default_door(&net.data, &public.id, &need.id))
                    .map(|(network, _)| DoorRef { network, why: None, from_rule: false })
                    .collect();
                if !fallback.is_empty() {
                    doors.insert((p, n), fallback);
                }
            }
        }
        for rule in rules {
            let (Some(p), Some(n)) = (self.public(&rule.data.public), self.need(&rule.data.besoin)) else { continue };
            let listed = rule.data.portes.iter().filter_map(|door| {
                Some(DoorRef { network: self.network(&door.reseau)?, why: door.pourquoi.as_deref(), from_rule: true })
            });
            doors.insert((p, n), listed.collect());
        }
        doors
    }

    /// The publics a partner serves, as its page lists them: its own `publics`, or else its
    /// network's.
    pub fn partner_publics(&self, partner: usize) -> &'g [String] {
        let (own, network) = self.partner_records(partner);
        own.data.publics.as_deref().or(network.map(|n| n.data.publics.as_slice())).unwrap_or_default()
    }

    /// The needs a partner serves, as its page lists them: its own `besoins`, or else its
    /// network's.
    pub fn partner_needs(&self, partner: usize) -> &'g [String] {
        let (own, network) = self.partner_records(partner);
        own.data.besoins.as_deref().or(network.map(|n| n.data.besoins.as_slice())).unwrap_or_default()
    }

    fn partner_records(&self, partner: usize) -> (&'g Record<Partner>, Option<&'g Record<Network>>) {
        (self.partners[partner], self.partner_network[partner].map(|n| self.networks[n]))
    }

    /// Does this partner serve this public and need? Its own lists override its network's;
    /// without its own lists, it serves whatever the doors send to it.
    pub fn serves(&self, partner: usize, public: usize, need: usize) -> bool {
        let p = &self.partners[partner].data;
        let public_ok = p.publics.as_ref().is_none_or(|list| list.contains(&self.publics[public].id));
        let need_ok = p.besoins.as_ref().is_none_or(|list| list.contains(&self.needs[need].id));
        public_ok && need_ok
    }

    /// For each network, its partners that serve `territory`, nearest first: located in the
    /// territory, then whose zone covers it, then the same for each ancestor up to the root.
    /// Below the root, a level also brings the partners located in its other bassins: someone
    /// of a bassin without a Mission locale goes to one of its département rather than to none.
    /// All networks at once, in one pass over the levels: a page asks for all its doors.
    pub fn nearest_by_network(&self, territory: usize) -> Vec<Vec<usize>> {
        let node = &self.territories[territory];
        let levels = std::iter::once(territory).chain(node.ancestors.iter().rev().copied());
        let mut found = vec![Vec::new(); self.networks.len()];
        let mut seen = std::collections::HashSet::new();
        for level in levels {
            let below: &[usize] = if level == self.root { &[] } else { &self.located_under[level] };
            for &p in self.located_in[level].iter().chain(&self.zoned_in[level]).chain(below) {
                if let Some(n) = self.partner_network[p]
                    && seen.insert(p)
                {
                    found[n].push(p);
                }
            }
        }
        found
    }

    /// The right partners for a public and a need in a territory: for each door in order, its
    /// nearest partners that serve the pair.
    pub fn right_partners(&self, territory: usize, public: usize, need: usize) -> Vec<(DoorRef<'g>, Vec<usize>)> {
        self.right_partners_from(&self.nearest_by_network(territory), public, need)
    }

    /// `right_partners` from a territory's `nearest_by_network`, computed once for all pairs.
    pub fn right_partners_from(
        &self,
        nearest: &[Vec<usize>],
        public: usize,
        need: usize,
    ) -> Vec<(DoorRef<'g>, Vec<usize>)> {
        self.doors(public, need)
            .iter()
            .map(|door| {
                let partners = nearest
                    .get(door.network)
                    .map(|list| list.iter().copied().filter(|&p| self.serves(p, public, need)).collect())
                    .unwrap_or_default();
                (door.clone(), partners)
            })
            .collect()
    }

    /// This territory and all below it.
    pub fn descendants(&self, territory: usize) -> Vec<usize> {
        let mut out = vec![territory];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.territories[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }
}

/// The labels of the codes `ids` of the code list `codes` (publics or needs), in the order of
/// `ids`; an unknown id (reported by `check`) is left out.
pub fn labels(codes: &[&Record<Code>], ids: &[String]) -> Vec<String> {
    ids.iter().filter_map(|id| codes.iter().find(|c| &c.id == id).map(|c| c.data.libelle.clone())).collect()
}

/// Whether `network` is a right door for `public` and `need` when no rule names the pair: its
/// own publics and needs both contain them. `check` asks it too (`anchors::Offered`).
pub fn default_door(network: &Network, public: &str, need: &str) -> bool {
    network.publics.iter().any(|p| p == public) && network.besoins.iter().any(|n| n == need)
}

/// Orders the territories depth first from the root (children in French order) and links them.
/// Territories not under the root (reported by `check`) are left out.
fn territory_tree<'g>(records: &'g [Record<Territory>], root_id: &str) -> Option<Vec<TerritoryNode<'g>>> {
    let mut children: HashMap<&str, Vec<&Record<Territory>>> = HashMap::new();
    for t in records {
        if let Some(parent) = &t.data.parent {
            children.entry(parent.as_str()).or_default().push(t);
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            a.data
                .kind
                .cmp(&b.data.kind)
                .then_with(|| collate::compare(&a.data.nom, &b.data.nom))
                .then_with(|| a.id.cmp(&b.id))
        });
    }
    let root = records.iter().find(|t| t.id == root_id && t.data.parent.is_none())?;
    let mut nodes: Vec<TerritoryNode> = Vec::new();
    // (record, parent index); a stack so that children come right after their parent.
    let mut stack = vec![(root, None::<usize>)];
    while let Some((record, parent)) = stack.pop() {
        let index = nodes.len();
        let ancestors = match parent {
            Some(p) => {
                let mut a = nodes[p].ancestors.clone();
                a.push(p);
                a
            }
            None => Vec::new(),
        };
        if ancestors.len() > records.len() {
            break; // cannot happen in a checked tree; guards against a loop anyway
        }
        nodes.push(TerritoryNode { record, parent, children: Vec::new(), ancestors });
        if let Some(p) = parent {
            nodes[p].children.push(index);
        }
        if let Some(list) = children.get(record.id.as_str()) {
            stack.extend(list.iter().rev().map(|c| (*c, Some(index))));
        }
    }
    Some(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small guide: a region, two départements, three bassins, three networks, one rule.
    /// `ml-zone` sits in bassin B2 and serves B1 too; `ml-formation` narrows its own needs.
    const GUIDE: &[(&str, &str)] = &[
        ("site.yaml", "titre: Test\nregion: r\n"),
        ("publics.yaml", "- {id: jeune, libelle: Jeune}\n- {id: salarie, libelle: Salarié}\n"),
        ("besoins.yaml", "- {id: emploi, libelle: Emploi}\n- {id: formation, libelle: Formation}\n"),
        (
            "portes.yaml",
            "- public: jeune\n  besoin: emploi\n  portes:\n    - {reseau: ml, pourquoi: Pour les jeunes.}\n    - {reseau: ft}\n",
        ),
        ("reseaux/ml.yaml", "nom: Mission locale\nresume: r\npublics: [jeune]\nbesoins: [emploi, formation]\n"),
        ("reseaux/ft.yaml", "nom: France Travail\nresume: r\npublics: [jeune, salarie]\nbesoins: [emploi]\n"),
        ("reseaux/tp.yaml", "nom: Transitions Pro\nresume: r\npublics: [salarie]\nbesoins: [formation]\n"),
        ("territoires/r.yaml", "nom: Région\ntype: region\n"),
        ("territoires/d1.yaml", "nom: Département 1\ntype: departement\nparent: r\ncode: '18'\n"),
        ("territoires/d2.yaml", "nom: Département 2\ntype: departement\nparent: r\n"),
        ("territoires/b1.yaml", "nom: Bassin 1\ntype: bassin\nparent: d1\ncommunes: ['18279']\n"),
        ("territoires/b2.yaml", "nom: Bassin 2\ntype: bassin\nparent: d1\n"),
        ("territoires/b3.yaml", "nom: Bassin 3\ntype: bassin\nparent: d2\n"),
        ("structures/ml-b1.yaml", "nom: ML B1\nreseau: ml\nterritoire: b1\n"),
        ("structures/ml-zone.yaml", "nom: ML zone\nreseau: ml\nterritoire: b2\nzone: [b1]\n"),
        ("structures/ml-d1.yaml", "nom: ML D1\nreseau: ml\nterritoire: d1\n"),
        ("structures/ml-r.yaml", "nom: ML R\nreseau: ml\nterritoire: r\n"),
        ("structures/ml-formation.yaml", "nom: ML formation\nreseau: ml\nterritoire: b1\nbesoins: [formation]\n"),
        ("structures/ft-d1.yaml", "nom: FT D1\nreseau: ft\nterritoire: d1\n"),
        ("structures/ft-jeunes.yaml", "nom: FT jeunes\nreseau: ft\nterritoire: b3\npublics: [jeune]\n"),
        ("structures/tp-r.yaml", "nom: TP R\nreseau: tp\nterritoire: r\n"),
    ];

    fn load_guide() -> (tempfile::TempDir, Guide) {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, text) in GUIDE {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let checked = crate::site::check(dir.path(), 0).expect("check");
        assert!(!checked.diags.has_errors(), "{:?}", crate::diag::short_report(&checked.diags, &checked.sources));
        (dir, checked.guide)
    }

    /// The right partners of `public` × `need` in `territory`, written
    /// `network: partner partner; network: …` (doors best first, partners nearest first).
    fn check(g: &Graph, territory: &str, public: &str, need: &str, expected: &str) {
        let (t, p, n) = (g.territory(territory).expect("t"), g.public(public).expect("p"), g.need(need).expect("n"));
        let actual: Vec<String> = g
            .right_partners(t, p, n)
            .iter()
            .map(|(door, partners)| {
                let ids: Vec<&str> = partners.iter().map(|&i| g.partners[i].id.as_str()).collect();
                format!("{}: {}", g.networks[door.network].id, ids.join(" ")).trim_end().to_string()
            })
            .collect();
        assert_eq!(actual.join("; "), expected, "{territory} × {public} × {need}");
    }

    #[test]
    fn right_partners_follow_rules_fallback_zone_and_nearest_first() {
        let (_dir, guide) = load_guide();
        let g = Graph::build(&guide).expect("graph");
        let cases = [
            // The rule's order; in the bassin, then by zone, then the département's, then the region's.
            ("b1", "jeune", "emploi", "ml: ml-b1 ml-zone ml-d1 ml-r; ft: ft-d1"),
            // A zone covers only the bassins it names; after the département's own partners
            // come those of its other bassins.
            ("b2", "jeune", "emploi", "ml: ml-zone ml-d1 ml-b1 ml-r; ft: ft-d1"),
            ("b3", "jeune", "emploi", "ml: ml-r; ft: ft-jeunes"),
            // A département: its own partners, then those of its bassins, then the region's.
            ("d1", "jeune", "emploi", "ml: ml-d1 ml-b1 ml-zone ml-r; ft: ft-d1"),
            ("r", "jeune", "emploi", "ml: ml-r; ft:"),
            // No rule: the networks whose publics and needs both hold the pair, in network order.
            // A partner's own needs override its network's (`ml-formation`).
            ("b1", "jeune", "formation", "ml: ml-b1 ml-formation ml-zone ml-d1 ml-r"),
            // A partner's own publics too (`ft-jeunes` does not serve salaried people).
            ("b3", "salarie", "emploi", "ft:"),
            ("b1", "salarie", "formation", "tp: tp-r"),
        ];
        for (territory, public, need, expected) in cases {
            check(&g, territory, public, need, expected);
        }
    }

    #[test]
    fn doors_keep_the_rule_why_and_mark_the_fallback() {
        let (_dir, guide) = load_guide();
        let g = Graph::build(&guide).expect("graph");
        let (jeune, emploi, formation) =
            (g.public("jeune").unwrap(), g.need("emploi").unwrap(), g.need("formation").unwrap());
        let doors = g.doors(jeune, emploi);
        assert_eq!(doors[0].why, Some("Pour les jeunes."));
        assert!(doors.iter().all(|d| d.from_rule));
        assert!(g.doors(jeune, formation).iter().all(|d| !d.from_rule && d.why.is_none()));
        assert_eq!(g.commune_territory.get("18279"), g.territory("b1").as_ref());
    }

    #[test]
    fn a_commune_of_no_bassin_is_served_by_its_departement() {
        let (_dir, guide) = load_guide();
        let g = Graph::build(&guide).expect("graph");
        assert_eq!(g.commune_territory.get("18279"), g.territory("b1").as_ref(), "Vierzon: its bassin");
        assert_eq!(g.commune_territory.get("18033"), g.territory("d1").as_ref(), "Bourges: the Cher (18)");
        assert_eq!(g.commune_territory.get("75056"), None, "Paris: no territory of the guide");
    }
}
