//! Search: a tantivy index of the guide with a French analyzer, queried by `bonneporte search`
//! and exported as static shards for the browser (`themes/default/static/search.js`).
//! The specification is `../shared/search.md`; [`query`] states what a query means.

pub(crate) mod analyzer;
pub(crate) mod corpus;
pub mod export;
pub(crate) mod index;
pub(crate) mod query;
pub mod relevance;

use crate::graph::Graph;
use crate::graph::address;
use crate::output::{Files, Output};
pub use corpus::{Kind, SearchDoc};
pub use index::{Hit, Results, SearchIndex};

/// Indexes the guide of `g`, with the built-in synonyms and the guide's own.
pub fn index_guide(g: &Graph) -> Result<SearchIndex, String> {
    index_documents(g, corpus::documents(g))
}

fn index_documents(g: &Graph, docs: Vec<SearchDoc>) -> Result<SearchIndex, String> {
    SearchIndex::build(docs, &g.site.synonymes, &corpus::place_names(g))
        .map_err(|e| format!("index de recherche : {e}"))
}

/// Writes the static export of the guide of `g` into `out`, and returns its bytes. With the
/// `shared` key of a rebuild (`render::reuse`), the files made from the index are kept from the
/// previous output when the documents hash the same but for what only the results show
/// ([`export::index_key`]: a partner's phone): only the rows and the manifest are made again.
/// Returns also whether it kept them.
pub fn write_export(g: &Graph, shared: Option<blake3::Hash>, out: &Output) -> Result<(u64, bool), String> {
    // The files made from the index go by their folder in the output's inputs.
    let unit = format!("{}/", address::SEARCH_DIR);
    let docs = corpus::documents(g);
    let key = shared.map(|shared| export::index_key(shared, &docs));
    let kept = key.and_then(|key| out.reuse_files(&unit, key, read_note));
    let reused = kept.is_some();
    let (manifest, docs, kept_bytes) = match kept {
        Some((manifest, bytes)) => (manifest, docs, bytes),
        None => {
            let mut index = index_documents(g, docs)?;
            let (files, manifest) = export::index_files(&index, g);
            out.write_files(&files)?;
            if let Some(key) = key {
                let names: Vec<&String> = files.iter().map(|(name, _)| name).collect();
                out.remember(&unit, key, &serde_json::json!([names, manifest]).to_string());
            }
            (manifest, std::mem::take(&mut index.docs), size(&files))
        }
    };
    let (mut rows, blocks) = export::row_files(&docs);
    rows.push(export::manifest_file(manifest, blocks));
    out.write_files(&rows)?;
    Ok((kept_bytes + size(&rows), reused))
}

/// The paths and the manifest that [`write_export`] noted.
fn read_note(note: &str) -> Option<(Vec<String>, serde_json::Map<String, serde_json::Value>)> {
    serde_json::from_str(note).ok()
}

fn size(files: &Files) -> u64 {
    files.iter().map(|(_, bytes)| bytes.len() as u64).sum()
}

/// The documents matching `query`, best first.
pub fn search(index: &SearchIndex, query: &str) -> Result<Results, String> {
    let clauses = query::clauses(query, &index.vocab, &index.synonyms);
    index.search(&clauses).map_err(|e| format!("recherche : {e}"))
}

/// A result as `bonneporte search` prints it.
#[derive(Debug, serde::Serialize)]
pub struct Found {
    /// Document number in the index (and in the export).
    pub n: usize,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub titre: String,
    pub url: String,
    pub territoire: Option<String>,
    pub score: f32,
    /// Found only through a typo.
    pub approche: bool,
    /// Matches only some words of the query: no document matches them all.
    pub partiel: bool,
    /// The former name of a network that the query names (« Pôle emploi »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anciennement: Option<String>,
}

/// The first of `former` names that the query's words spell.
pub fn former_named(former: &[String], clauses: &[query::Clause]) -> Option<String> {
    let words = |name: &String| analyzer::words(name).into_iter().map(|w| w.surface).collect::<Vec<_>>();
    former.iter().find(|name| index::spells(clauses, &words(name))).cloned()
}

/// The words of `query` that no document has (said above partial results).
pub fn unmatched(index: &SearchIndex, query: &str) -> Result<Vec<String>, String> {
    Ok(search(index, query)?.unmatched)
}

/// Filters of `bonneporte search`, with the semantics of the page's (`search.js`).
#[derive(Debug, Default)]
pub struct Filters {
    pub kind: Option<Kind>,
    /// A territory index: this territory and those below it.
    pub territory: Option<usize>,
    /// A network index: the network itself and its partners.
    pub network: Option<usize>,
    /// A public index: documents for this public (a partner without publics of its own has its
    /// network's).
    pub public: Option<usize>,
}

/// Filters as the command line and the page's URL name them: by identifier.
#[derive(Debug, Default)]
pub struct FilterIds<'a> {
    pub kind: Option<&'a str>,
    pub territory: Option<&'a str>,
    pub network: Option<&'a str>,
    pub public: Option<&'a str>,
}

impl Filters {
    /// The filters named by `ids`, or a French message naming the unknown one.
    pub fn resolve(g: &Graph, ids: &FilterIds) -> Result<Filters, String> {
        let lookup = |id: Option<&str>, find: &dyn Fn(&str) -> Option<usize>, what: &str| {
            id.map(|id| find(id).ok_or_else(|| format!("{what} inconnu « {id} »"))).transpose()
        };
        let kind = ids
            .kind
            .map(|id| {
                Kind::from_id(id).ok_or_else(|| {
                    let known: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
                    format!("type inconnu « {id} » (attendu : {})", known.join(", "))
                })
            })
            .transpose()?;
        Ok(Filters {
            kind,
            territory: lookup(ids.territory, &|id| g.territory(id), "territoire")?,
            network: lookup(ids.network, &|id| g.network(id), "réseau")?,
            public: lookup(ids.public, &|id| g.public(id), "public")?,
        })
    }
}

/// The results of `query` that pass `filters`, best first.
pub fn find(g: &Graph, index: &SearchIndex, query: &str, filters: &Filters) -> Result<Vec<Found>, String> {
    let within: Option<Vec<usize>> = filters.territory.map(|t| g.descendants(t));
    let results = search(index, query)?;
    let partial = results.partial;
    let clauses = query::clauses(query, &index.vocab, &index.synonyms);
    let found = results.hits.into_iter().filter_map(|hit| {
        let d = &index.docs[hit.doc];
        let kind_ok = filters.kind.is_none_or(|k| k == d.kind);
        let place_ok = within.as_ref().is_none_or(|ts| d.territory.is_some_and(|t| ts.contains(&t)));
        let network_ok = filters.network.is_none_or(|n| d.network == Some(n));
        let public_ok = filters.public.is_none_or(|p| d.publics.contains(&p));
        (kind_ok && place_ok && network_ok && public_ok).then(|| Found {
            n: hit.doc,
            kind: d.kind.id(),
            titre: d.title.clone(),
            url: d.url.clone(),
            territoire: d.territory.map(|t| g.territories[t].record.data.nom.clone()),
            score: hit.score,
            approche: hit.tier > 0,
            partiel: partial,
            anciennement: former_named(&d.former, &clauses),
        })
    });
    Ok(found.collect())
}
