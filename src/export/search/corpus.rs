//! What the search indexes: one document per partner, network, territory, walkthrough, page and
//! commune, with its fields, its facets and what a result shows.

use crate::content::communes;
use crate::content::model::*;
use crate::content::vocab;
use crate::graph::address::Job;
use crate::graph::card::{PhoneView, phone_view};
use crate::graph::{Graph, labels};

/// The kind of a document: a record kind with pages, or a commune; its order is the order of
/// the type filter (the record kinds in `RecordKind`'s order, then communes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Record(RecordKind),
    /// An answer of the wizard: a public (`trouver/<public>/`) or a public and a need
    /// (`trouver/<public>/<besoin>/`); a query that names one offers it first.
    Answer,
    /// A commune leads to the wizard for it; the client shows it as a suggestion.
    Commune,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Record(RecordKind::Structure),
        Kind::Record(RecordKind::Reseau),
        Kind::Record(RecordKind::Territoire),
        Kind::Record(RecordKind::Parcours),
        Kind::Record(RecordKind::Page),
        Kind::Answer,
        Kind::Commune,
    ];

    /// The name used by `--type` and the exported index: the record kind's name.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Record(kind) => kind.name(),
            Kind::Answer => "reponse",
            Kind::Commune => "commune",
        }
    }

    /// What a result says it is: the record kind's label, capitalized.
    pub fn label(self) -> String {
        let label = match self {
            Kind::Record(kind) => kind.label(),
            Kind::Answer => "réponse du guide",
            Kind::Commune => "commune",
        };
        let mut chars = label.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub kind: Kind,
    pub title: String,
    /// Other names: acronym, former names, network, commune, postal code.
    pub keys: String,
    pub text: String,
    /// Labels of the publics and needs it serves (a partner: its own lists, or else its
    /// network's); weighs less than the text, so that a document about a need ranks above one
    /// that only serves it.
    pub serves: String,
    /// Relative to the site root (`structures/x/index.html`).
    pub url: String,
    pub territory: Option<usize>,
    pub network: Option<usize>,
    /// Indices into `Graph::publics`.
    pub publics: Vec<usize>,
    pub excerpt: String,
    /// A network's former names, shown when the query names one (« anciennement Pôle emploi »).
    pub former: Vec<String>,
    /// The territories it serves, each with how near (from 8: there, to 1: the whole guide): a
    /// query that names a place finds what serves it, nearest first (see `Nearness`).
    pub places: Vec<(usize, u32)>,
    /// An answer's labels (its public's, its need's): a query whose words they spell offers it.
    pub labels: Vec<String>,
    /// A partner's or a network's phone, as shown and as a `tel:` URI: the result itself
    /// answers « cio bourges » on a phone, one tap from the call.
    pub phone: Option<PhoneView>,
}

/// The documents of the guide, in index order: grouped by kind; partners by network, then area
/// (the territory below the root that holds theirs: a département), then territory, so that a
/// network's offices of one area, which a query such as `mission locale lyon` finds together,
/// share row and tail blocks, and a tail block of a frequent word holds the offices of one or two
/// networks: its best score (`export.rs`) bounds them closely, where a block of every network of
/// an area had the best of the whole tail. National guide, against area then network, for a
/// first page of ten:
/// `point info jeunesse` 44.7 -> 27.9 KB (with the blocks' best scores), `mission locale lyon`
/// 7.8 -> 5.1 KB; a place alone, whose partners of every network are apart, `bordeaux` 7.3 ->
/// 7.6 KB, `18100` 3.5 -> 4.4 KB.
pub fn documents(g: &Graph) -> Vec<SearchDoc> {
    let near = Nearness::of(g);
    let mut docs: Vec<SearchDoc> = (0..g.territories.len()).map(|t| territory(g, t)).collect();
    for (t, doc) in docs.iter_mut().enumerate() {
        doc.places = near.territory_places(g, t);
    }
    docs.extend((0..g.networks.len()).map(|n| SearchDoc { places: near.network_places(n), ..network(g, n) }));
    let mut partners: Vec<SearchDoc> =
        (0..g.partners.len()).map(|p| SearchDoc { places: near.partners[p].clone(), ..partner(g, p) }).collect();
    let area = |t: usize| g.territories[t].ancestors.get(1).copied().unwrap_or(t);
    partners.sort_by_key(|d| (d.network, d.territory.map(area), d.territory));
    docs.extend(partners);
    docs.extend((0..g.walkthroughs.len()).map(|w| walkthrough(g, w)));
    docs.extend((0..g.pages.len()).map(|p| page(g, p)));
    docs.extend(answers(g));
    docs.extend(communes(g));
    docs
}

/// Per partner and per network, the territories (the root excepted: it is the whole guide)
/// whose people it serves, and how near, as the wizard finds the partners of a territory
/// (`Graph::nearest_by_network`): located or zoned there or below it (8), then located or zoned
/// at a level up (4), then in the other bassins of that level (2), then at the root (1). Each
/// level doubles the boost (`index::FIELDS`).
struct Nearness {
    partners: Vec<Vec<(usize, u32)>>,
    networks: Vec<Vec<(usize, u32)>>,
}

impl Nearness {
    fn of(g: &Graph) -> Nearness {
        let mut partners = vec![Vec::new(); g.partners.len()];
        let mut networks = vec![Vec::new(); g.networks.len()];
        for t in (0..g.territories.len()).filter(|&t| t != g.root) {
            let levels = std::iter::once(t).chain(g.territories[t].ancestors.iter().rev().copied());
            let mut seen = std::collections::HashSet::new();
            for (k, level) in levels.enumerate() {
                let below: &[usize] = if level == g.root { &[] } else { &g.located_under[level] };
                let own = g.located_in[level].len() + g.zoned_in[level].len();
                let partners_here = g.located_in[level].iter().chain(&g.zoned_in[level]).chain(below);
                for (i, &p) in partners_here.enumerate() {
                    if seen.insert(p) {
                        let near = match (k, i < own) {
                            _ if level == g.root => 1,
                            (0, _) => 8,
                            (_, true) => 4,
                            (_, false) => 2,
                        };
                        partners[p].push((t, near));
                        if let Some(n) = g.partner_network[p]
                            && networks[n].last() != Some(&(t, 1))
                        {
                            networks[n].push((t, 1));
                        }
                    }
                }
            }
        }
        Nearness { partners, networks }
    }

    fn network_places(&self, n: usize) -> Vec<(usize, u32)> {
        self.networks[n].clone()
    }

    /// A territory serves itself (8), its children (4) and the territories further below (2).
    fn territory_places(&self, g: &Graph, t: usize) -> Vec<(usize, u32)> {
        let depth = |u: usize| g.territories[u].ancestors.len();
        let below = g.descendants(t).into_iter().filter(|&u| u != g.root);
        below.map(|u| (u, 8 >> (depth(u) - depth(t)).min(2))).collect()
    }
}

/// Names of places and the territory that serves each: communes (name and postal codes) and
/// territories but the root (name and code). A query word that is one of them finds what serves
/// that territory (see `index::place_term`).
pub fn place_names(g: &Graph) -> Vec<(String, usize)> {
    let reference = communes::reference();
    let mut out: Vec<(String, usize)> = Vec::new();
    for (code, &t) in &g.commune_territory {
        if let Some(commune) = reference.get(code) {
            out.push((commune.nom.to_string(), t));
            out.extend(commune.codes_postaux.iter().map(|c| (c.to_string(), t)));
        }
    }
    for (t, node) in g.territories.iter().enumerate().filter(|&(t, _)| t != g.root) {
        out.push((node.record.data.nom.clone(), t));
        out.extend(node.record.data.code.iter().map(|c| (c.clone(), t)));
    }
    out.sort();
    out.dedup();
    out
}

/// The wizard's answers: per public, its page (which asks for the need), then per need that
/// has right doors, the answer for both; then per need that several publics have, the wizard
/// with that need chosen (`trouver/index.html?besoin=<id>`), which asks who one is: a query
/// that names a need and no public (« changer de métier ») gets it rather than the answer of
/// whichever public comes first (its labels, the need's alone, are fewer: `index::answer_named`).
fn answers(g: &Graph) -> Vec<SearchDoc> {
    let mut out = Vec::new();
    for (p, public) in g.publics.iter().enumerate() {
        let description = plain(public.data.description.as_deref().unwrap_or(""));
        out.push(answer(
            g,
            Job::FindPublic(p),
            &public.data.libelle,
            vec![public.data.libelle.clone()],
            &description,
            vec![p],
        ));
        for (n, need) in g.needs.iter().enumerate() {
            let doors: Vec<&str> = g.doors(p, n).iter().map(|d| g.networks[d.network].data.nom.as_str()).collect();
            if doors.is_empty() {
                continue;
            }
            let title = format!("{} : {}", public.data.libelle, lowercase_first(&need.data.libelle));
            let text = [description.as_str(), &plain(need.data.description.as_deref().unwrap_or(""))].join(" ");
            let labels = vec![public.data.libelle.clone(), need.data.libelle.clone()];
            let doc = answer(g, Job::FindNeed(p, n), &title, labels, &text, vec![p]);
            out.push(SearchDoc {
                excerpt: join_excerpt(&format!("Les bonnes portes : {}.", doors.join(", ")), &text),
                ..doc
            });
        }
    }
    out.extend((0..g.needs.len()).filter_map(|n| need_answer(g, n)));
    out
}

/// The wizard with need `n` chosen, when more than one public has right doors for it.
fn need_answer(g: &Graph, n: usize) -> Option<SearchDoc> {
    let publics: Vec<usize> = (0..g.publics.len()).filter(|&p| !g.doors(p, n).is_empty()).collect();
    if publics.len() < 2 {
        return None;
    }
    let need = &g.needs[n].data;
    let title = format!("{} : les bonnes portes selon votre situation", need.libelle);
    let text = plain(need.description.as_deref().unwrap_or(""));
    let doc = answer(g, Job::Find, &title, vec![need.libelle.clone()], &text, publics);
    Some(SearchDoc {
        url: format!("{}?besoin={}", Job::Find.file(g), g.needs[n].id),
        excerpt: join_excerpt("Dites au guide qui vous êtes : il vous donne les bonnes portes", &text),
        ..doc
    })
}

fn answer(g: &Graph, job: Job, title: &str, labels: Vec<String>, text: &str, publics: Vec<usize>) -> SearchDoc {
    SearchDoc {
        kind: Kind::Answer,
        title: title.to_string(),
        keys: String::new(),
        excerpt: join_excerpt("Le guide vous dit à qui vous adresser", text),
        text: text.to_string(),
        serves: String::new(),
        url: job.file(g),
        territory: None,
        network: None,
        publics,
        former: Vec::new(),
        places: Vec::new(),
        labels,
        phone: None,
    }
}

/// « Trouver un emploi » → « trouver un emploi », an acronym stays (« VAE »).
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// The labels of the publics then needs `publics` and `needs`.
fn served_labels(g: &Graph, publics: &[String], needs: &[String]) -> String {
    [labels(&g.publics, publics), labels(&g.needs, needs)].concat().join(" · ")
}

fn public_indices(g: &Graph, ids: &[String]) -> Vec<usize> {
    let mut out: Vec<usize> = ids.iter().filter_map(|id| g.public(id)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn territory(g: &Graph, t: usize) -> SearchDoc {
    let d = &g.territories[t].record.data;
    let text = plain(d.description.as_deref().unwrap_or(""));
    let parent = g.territories[t].parent.map(|p| g.territories[p].record.data.nom.as_str());
    let excerpt = match parent {
        Some(parent) => format!("{} · {parent}", d.kind.label()),
        None => d.kind.label().to_string(),
    };
    SearchDoc {
        kind: Kind::Record(RecordKind::Territoire),
        title: d.nom.clone(),
        keys: [d.kind.label(), d.code.as_deref().unwrap_or("")].join(" "),
        excerpt: join_excerpt(&excerpt, &text),
        text,
        serves: String::new(),
        url: Job::Territory(t).file(g),
        territory: Some(t),
        network: None,
        publics: Vec::new(),
        former: Vec::new(),
        places: Vec::new(),
        labels: Vec::new(),
        phone: None,
    }
}

fn network(g: &Graph, n: usize) -> SearchDoc {
    let d = &g.networks[n].data;
    let text = [d.resume.as_str(), &plain(d.description.as_deref().unwrap_or(""))].join(" ");
    SearchDoc {
        kind: Kind::Record(RecordKind::Reseau),
        title: d.nom.clone(),
        keys: network_names(d),
        excerpt: excerpt(&d.resume),
        text,
        serves: served_labels(g, &d.publics, &d.besoins),
        url: Job::Network(n).file(g),
        territory: None,
        network: Some(n),
        publics: public_indices(g, &d.publics),
        former: d.anciens_noms.clone(),
        places: Vec::new(),
        labels: Vec::new(),
        phone: phone_view(d.telephone.as_deref()),
    }
}

/// Acronym and former names: "pole emploi" finds France Travail.
fn network_names(d: &Network) -> String {
    let mut names: Vec<&str> = d.sigle.iter().map(String::as_str).collect();
    names.extend(d.anciens_noms.iter().map(String::as_str));
    names.join(" · ")
}

fn partner(g: &Graph, p: usize) -> SearchDoc {
    let d = &g.partners[p].data;
    let network = g.network(&d.reseau);
    let net = network.map(|n| &g.networks[n].data);
    let place: Vec<&str> = [d.code_postal.as_deref(), d.commune.as_deref()].into_iter().flatten().collect();
    // The network's names go to the text, not the other names: "pole emploi" should rank the
    // network itself above each of its agencies.
    let names = [net.map(|n| n.nom.clone()).unwrap_or_default(), net.map(network_names).unwrap_or_default()];
    let description = plain(d.description.as_deref().unwrap_or(""));
    let text = [&names.join(" · "), d.adresse.as_deref().unwrap_or(""), &description, &services_text(d)].join(" ");
    let (publics, needs) = (g.partner_publics(p), g.partner_needs(p));
    let lead = [net.map(|n| n.nom.as_str()).unwrap_or(""), &place.join(" ")].join(" · ");
    SearchDoc {
        kind: Kind::Record(RecordKind::Structure),
        title: d.nom.clone(),
        keys: place.join(" "),
        excerpt: join_excerpt(lead.trim_matches([' ', '·']), &description),
        text,
        serves: [served_labels(g, publics, needs), thematiques(d)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        url: Job::Partner(p).file(g),
        territory: g.territory(&d.territoire),
        network,
        publics: public_indices(g, publics),
        former: Vec::new(),
        places: Vec::new(),
        labels: Vec::new(),
        phone: phone_view(d.telephone.as_deref()),
    }
}

/// The names and descriptions of a partner's services: « bilan de compétences » finds the
/// partner that offers one.
fn services_text(d: &Partner) -> String {
    let parts = d.services.iter().flat_map(|s| [s.nom.as_str(), s.description.as_deref().unwrap_or("")]);
    parts.filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// The labels of the thématiques of a partner's services, weighed as the labels it serves.
fn thematiques(d: &Partner) -> String {
    let codes = d.services.iter().flat_map(|s| s.thematiques.iter().flatten());
    codes.filter_map(|c| vocab::THEMATIQUES.label(c)).collect::<Vec<_>>().join(" · ")
}

fn walkthrough(g: &Graph, w: usize) -> SearchDoc {
    let doc = g.walkthroughs[w];
    let d = &doc.record.data;
    let steps: Vec<&str> = d.etapes.iter().filter_map(|s| s.texte.as_deref()).collect();
    let description = d.description.as_deref().unwrap_or("");
    let text = [description, &steps.join(" "), &plain(&doc.body)].join(" ");
    SearchDoc {
        kind: Kind::Record(RecordKind::Parcours),
        title: d.titre.clone(),
        keys: [labels(&g.publics, d.public.as_slice()), labels(&g.needs, d.besoin.as_slice())].concat().join(" "),
        excerpt: join_excerpt(description, &plain(&doc.body)),
        text,
        serves: String::new(),
        url: Job::Walkthrough(w).file(g),
        territory: None,
        network: None,
        publics: d.public.iter().filter_map(|id| g.public(id)).collect(),
        former: Vec::new(),
        places: Vec::new(),
        labels: Vec::new(),
        phone: None,
    }
}

fn page(g: &Graph, p: usize) -> SearchDoc {
    let doc = g.pages[p];
    let d = &doc.record.data;
    let description = d.description.as_deref().unwrap_or("");
    let body = plain(&doc.body);
    SearchDoc {
        kind: Kind::Record(RecordKind::Page),
        title: d.titre.clone(),
        keys: String::new(),
        excerpt: join_excerpt(description, &body),
        text: [description, &body].join(" "),
        serves: String::new(),
        url: Job::Page(p).file(g),
        territory: None,
        network: None,
        publics: Vec::new(),
        former: Vec::new(),
        places: Vec::new(),
        labels: Vec::new(),
        phone: None,
    }
}

/// One document per commune that a territory serves: its name and postal codes lead to the
/// wizard with the commune filled in (`trouver/index.html?commune=<INSEE>`).
/// The communes that territories list come first, so that between equal scores (a postal code
/// shared by several communes) they go before those served by a whole département; then, in a
/// territory, the most populated first (`18100`: Vierzon before Thénioux).
fn communes(g: &Graph) -> Vec<SearchDoc> {
    let reference = communes::reference();
    let mut served: Vec<(&str, usize)> = g.commune_territory.iter().map(|(&c, &t)| (c, t)).collect();
    let listed = |code: &str, t: usize| g.territories[t].record.data.communes.iter().any(|c| c == code);
    let population = |code: &str| reference.get(code).and_then(|c| c.population).unwrap_or(0);
    // Keys made once per commune: made at each comparison, the lookups of a national guide's
    // 35,000 communes were 4 % of its build.
    served.sort_by_cached_key(|&(code, t)| (!listed(code, t), t, std::cmp::Reverse(population(code)), code));
    served
        .into_iter()
        .filter_map(|(code, t)| {
            let commune = reference.get(code)?;
            let territory = &g.territories[t].record.data.nom;
            Some(SearchDoc {
                kind: Kind::Commune,
                title: commune.nom.to_string(),
                keys: commune.codes_postaux.join(" "),
                text: String::new(),
                serves: String::new(),
                // The answer for that commune: the wizard with the commune filled in.
                url: format!("{}?commune={code}", Job::Find.file(g)),
                territory: Some(t),
                network: None,
                publics: Vec::new(),
                excerpt: format!("{} · servie par : {territory}", commune.codes_postaux.join(", ")),
                former: Vec::new(),
                places: Vec::new(),
                labels: Vec::new(),
                phone: None,
            })
        })
        .collect()
}

/// Markdown as plain text, as the page reads it: the text of links, emphasis, headings, list
/// items and table cells, without their marks (link targets, `**`, `#`, list dashes and
/// numbers, `|`) nor raw HTML; blocks, items and cells separated by one space, and a mark next to
/// punctuation leaves no space before it (`**mission**.` reads `mission.`).
pub fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, crate::content::markdown::options()) {
        let apart = match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                false
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::Html(_) => true,
            // Inline HTML is dropped; a line break still separates words.
            Event::InlineHtml(html) => html.get(..3).is_some_and(|tag| tag.eq_ignore_ascii_case("<br")),
            Event::Start(tag) => matches!(
                tag,
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::Table(_)
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::TableCell
                    | Tag::FootnoteDefinition(_)
            ),
            Event::End(tag) => matches!(
                tag,
                TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::BlockQuote(_)
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::Table
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::TableCell
                    | TagEnd::FootnoteDefinition
            ),
            _ => false,
        };
        if apart {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const EXCERPT_CHARS: usize = 150;

/// The start of `text`, cut at a word boundary.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    // No punctuation before the ellipsis (« bassins.… »).
    format!("{}…", cut.trim_end_matches(['.', ',', ';', ':', ' ', '·']))
}

/// `lead. text`, cut; without the lead when the text already starts with it ("Mission locale.
/// Mission locale des jeunes…").
fn join_excerpt(lead: &str, text: &str) -> String {
    let repeated =
        !lead.is_empty() && crate::content::collate::fold(text).starts_with(&crate::content::collate::fold(lead));
    match (lead.is_empty() || repeated, text.is_empty()) {
        (true, _) => excerpt(text),
        (false, true) => lead.to_string(),
        // A lead that ends a sentence needs no full stop of ours (« référence.. L'histoire »).
        (false, false) if lead.ends_with(['.', '!', '?', '…']) => excerpt(&format!("{lead} {text}")),
        (false, false) => excerpt(&format!("{lead}. {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_markdown() {
        // Markdown, and the text a reader sees (synthetic).
        let cases = [
            ("## Titre\nVoir [la **mission**](@/reseaux/ml) ici.", "Titre Voir la mission ici."),
            // A mark next to punctuation leaves no space before it.
            ("Voir [la **mission**](@/reseaux/ml).", "Voir la mission."),
            ("Un *atelier*, puis `CV` ; l'**orientation** !", "Un atelier, puis CV ; l'orientation !"),
            ("Nous contacter (![logo](logo.png)).", "Nous contacter (logo)."),
            // List marks go, items stay apart; a dash inside a line stays.
            ("Les ateliers :\n- CV\n- entretiens\n\nBrest - Quimper.", "Les ateliers : CV entretiens Brest - Quimper."),
            ("1. Accueil\n2. Bilan\n   * Suivi", "Accueil Bilan Suivi"),
            ("> Citation\n\n---\n\n| Jour | Heure |\n| --- | --- |\n| lundi | 9 h |", "Citation Jour Heure lundi 9 h"),
            ("Ligne<br>suivante, <em>mot</em>.\n\n<div>\nbloc\n</div>\n", "Ligne suivante, mot."),
        ];
        for (markdown, expected) in cases {
            assert_eq!(plain(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn excerpt_does_not_repeat_its_lead() {
        assert_eq!(join_excerpt("Mission locale", "Mission locale des jeunes."), "Mission locale des jeunes.");
        assert_eq!(
            join_excerpt("Cap emploi", "Pour les personnes handicapées."),
            "Cap emploi. Pour les personnes handicapées."
        );
    }

    #[test]
    fn excerpt_has_no_doubled_punctuation() {
        assert_eq!(join_excerpt("Il revient en formation.", "L'histoire."), "Il revient en formation. L'histoire.");
        assert_eq!(join_excerpt("Qui ?", "Un jeune."), "Qui ? Un jeune.");
        let long = format!("{} fin. suite", "mot ".repeat(36));
        assert!(excerpt(&long).ends_with("fin…"), "{}", excerpt(&long));
    }

    #[test]
    fn excerpt_cuts_at_a_word() {
        let long = "mot ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with("mot…") && cut.chars().count() <= EXCERPT_CHARS + 1);
    }
}
