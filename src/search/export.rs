//! The static export of the index under `recherche/`, for `search.js`.
//!
//! - `index.json` (fixed name, small): the analyzer's lists, synonyms, the first word of each
//!   vocabulary shard, and the names of the other files.
//! - `v-<hash>-<i>.json`: vocabulary shards, words in code point order, each word with its terms,
//!   each term with its postings: document number deltas and the precomputed score (boosted BM25
//!   of [`SearchIndex::postings`], in thousandths, through a per-term table of distinct scores).
//!   A query loads the shards of its words only.
//! - `d-<hash>-<i>.json`: what results show, by blocks of [`DOC_BLOCK`] documents.
//! - `f-<hash>.json`: facets (territory, network, publics) as runs over document numbers.
//!
//! One hash of all the content names every file but the manifest: files never change under a
//! name, so they cache forever, and the manifest stays small on a national guide.

use serde_json::{Value, json};

use super::analyzer::{ELISIONS, STOPWORDS};
use super::corpus::SearchDoc;
use super::index::{SearchIndex, thousandths};
use super::query::{EXACT, MAX_PREFIX, MAX_TYPO, NEAR, PREFIX_MIN, TYPO_MIN};
use crate::graph::Graph;

/// Documents per block of result data.
pub const DOC_BLOCK: usize = 8;
/// Approximate size of a vocabulary shard before compression.
const SHARD_BYTES: usize = 8_000;
/// Folder of the export in the site.
pub const DIR: &str = "recherche";

/// The files of the export: path relative to the site root, and bytes.
pub fn export(index: &SearchIndex, g: &Graph) -> Vec<(String, Vec<u8>)> {
    let shards = vocabulary_shards(index, &index.postings);
    let blocks: Vec<Value> =
        index.docs.chunks(DOC_BLOCK).map(|c| Value::from(c.iter().map(doc_row).collect::<Vec<_>>())).collect();
    let facets = facets(g, &index.docs);
    let bodies: Vec<String> = shards.iter().map(|(_, v)| v.to_string()).collect();
    let docs: Vec<String> = blocks.iter().map(Value::to_string).collect();
    let facets = facets.to_string();
    let mut hasher = blake3::Hasher::new();
    for text in bodies.iter().chain(&docs).chain([&facets]) {
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
    }
    let hash = hasher.finalize().to_hex()[..12].to_string();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut push = |name: String, text: String| files.push((format!("{DIR}/{name}"), text.into_bytes()));
    let manifest = json!({
        "version": 1,
        "documents": index.docs.len(),
        "kinds": kinds(&index.docs),
        "elisions": ELISIONS,
        "stopwords": STOPWORDS,
        "synonyms": index.synonyms.iter().map(|s| json!([s.token, s.members])).collect::<Vec<_>>(),
        "limits": {
            "exact": EXACT, "near": NEAR, "prefix": MAX_PREFIX, "prefixMin": PREFIX_MIN, "typo": MAX_TYPO, "typoMin": TYPO_MIN,
        },
        "vocabulary": { "files": format!("v-{hash}-"), "first": shards.iter().map(|(first, _)| first).collect::<Vec<_>>() },
        "blocks": { "files": format!("d-{hash}-"), "size": DOC_BLOCK },
        "facets": format!("f-{hash}.json"),
    });
    for (i, body) in bodies.into_iter().enumerate() {
        push(format!("v-{hash}-{i}.json"), body);
    }
    for (i, body) in docs.into_iter().enumerate() {
        push(format!("d-{hash}-{i}.json"), body);
    }
    push(format!("f-{hash}.json"), facets);
    push("index.json".into(), manifest.to_string());
    files
}

use super::index::Postings;

/// Words in order, cut into shards of about [`SHARD_BYTES`]; each shard carries the postings of
/// the terms of its words (a term shared by words of two shards is in both).
fn vocabulary_shards(index: &SearchIndex, postings: &Postings) -> Vec<(String, Value)> {
    let mut shards = Vec::new();
    let mut current = Shard::default();
    for (surface, terms) in &index.vocab.surfaces {
        let terms: Vec<&String> = terms.iter().filter(|t| postings.contains_key(*t)).collect();
        if terms.is_empty() {
            continue;
        }
        if current.bytes >= SHARD_BYTES {
            shards.push(std::mem::take(&mut current).finish());
        }
        current.add(surface, &terms, postings);
    }
    if !current.words.is_empty() {
        shards.push(current.finish());
    }
    shards
}

#[derive(Default)]
struct Shard {
    words: Vec<Value>,
    terms: Vec<String>,
    postings: Vec<Value>,
    bytes: usize,
}

impl Shard {
    fn add(&mut self, surface: &str, terms: &[&String], postings: &Postings) {
        let mut word = vec![Value::from(surface)];
        for &term in terms {
            let at = match self.terms.iter().position(|t| t == term) {
                Some(at) => at,
                None => {
                    let (book, list) = encode_postings(&postings[term]);
                    self.bytes += term.len() + book.len() * 5 + list.len() * 3;
                    self.terms.push(term.clone());
                    self.postings.push(json!([term, book, list]));
                    self.terms.len() - 1
                }
            };
            word.push(Value::from(at));
        }
        self.bytes += surface.len() + 6;
        self.words.push(Value::from(word));
    }

    fn finish(self) -> (String, Value) {
        let first = self.words[0][0].as_str().unwrap_or_default().to_string();
        (first, json!({ "w": self.words, "t": self.postings }))
    }
}

/// `([scores], [delta, k, delta, k…])`: the distinct scores of the term in thousandths, most
/// frequent first, then for each document its number minus the previous one and the index of its
/// score. Documents of similar length share a score, so small indices replace long numbers.
fn encode_postings(list: &[(u32, f32)]) -> (Vec<u64>, Vec<u64>) {
    let mut counts: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for &(_, score) in list {
        *counts.entry(thousandths(score)).or_default() += 1;
    }
    let mut book: Vec<(u64, usize)> = counts.into_iter().collect();
    book.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let book: Vec<u64> = book.into_iter().map(|(score, _)| score).collect();
    let index: std::collections::BTreeMap<u64, u64> = book.iter().enumerate().map(|(i, &s)| (s, i as u64)).collect();
    let mut previous = 0;
    let mut out = Vec::with_capacity(list.len() * 2);
    for &(doc, score) in list {
        out.push(u64::from(doc - previous));
        out.push(index.get(&thousandths(score)).copied().unwrap_or_default());
        previous = doc;
    }
    (book, out)
}

/// `[title, url, excerpt]`.
fn doc_row(d: &SearchDoc) -> Value {
    json!([d.title, d.url, d.excerpt])
}

/// Labels of the facets and, per column (territory, network, publics bit mask), runs of `count,
/// value` over document numbers, flat (-1: none). The mask holds the first 31 publics, what a
/// JavaScript bitwise test reads; -2 stands for "its network's publics", the networks' masks being
/// listed once, so that partners without publics of their own make no run. Territories come
/// depth first with the end of their subtree, so that "this territory and below" is a range.
/// Loaded only when the reader opens the filters: on a national guide it is the largest file a
/// reader may fetch.
fn facets(g: &Graph, docs: &[SearchDoc]) -> Value {
    let territories: Vec<Value> = (0..g.territories.len())
        .map(|t| {
            let end = g.descendants(t).into_iter().max().unwrap_or(t) + 1;
            json!([g.territories[t].record.id, g.territories[t].record.data.nom, end])
        })
        .collect();
    let mask = |publics: &[usize]| publics.iter().filter(|&&p| p < 31).fold(0i64, |mask, &p| mask | 1 << p);
    let network_masks: Vec<i64> = g
        .networks
        .iter()
        .map(|n| mask(&n.data.publics.iter().filter_map(|id| g.public(id)).collect::<Vec<_>>()))
        .collect();
    let publics = docs.iter().map(|d| match d.network {
        Some(n) if mask(&d.publics) == network_masks[n] => -2,
        _ => mask(&d.publics),
    });
    json!({
        "territories": territories,
        "networks": g.networks.iter().map(|n| json!([n.id, n.data.nom])).collect::<Vec<_>>(),
        "publics": g.publics.iter().map(|p| json!([p.id, p.data.libelle])).collect::<Vec<_>>(),
        "networkPublics": network_masks,
        "territory": runs(docs.iter().map(|d| d.territory.map_or(-1, |t| t as i64))),
        "network": runs(docs.iter().map(|d| d.network.map_or(-1, |n| n as i64))),
        "publicsMask": runs(publics),
    })
}

/// `[count, value, count, value…]` of consecutive equal values.
fn runs(values: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for v in values {
        match out.len() {
            len if len >= 2 && out[len - 1] == v => out[len - 2] += 1,
            _ => out.extend([1, v]),
        }
    }
    out
}

/// Per kind, in document order: `[id, label, first document number]` (documents are grouped by
/// kind, so the kind of a result needs no facet file).
fn kinds(docs: &[SearchDoc]) -> Vec<Value> {
    let mut out = Vec::new();
    for (n, d) in docs.iter().enumerate() {
        if n == 0 || docs[n - 1].kind != d.kind {
            out.push(json!([d.kind.id(), d.kind.label(), n]));
        }
    }
    out
}
