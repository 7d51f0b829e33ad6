//! The static export of the index under `recherche/`, for `search.js`. Each file `<name>.js` is
//! a classic script that registers its JSON, `bonneporte.donnees("<name>",<JSON>);` (see
//! [`data_script`]), so that the search also works from disk (`file://`); the manifest names
//! the others without `.js`, and the JSON of each is described below.
//!
//! - `index.js` (fixed name, small): the analyzer's lists, synonyms, the first word of each
//!   group of vocabulary shards, and the names of the other files.
//! - `g-<hash>-<i>.js`: the first word of each vocabulary shard of group `i` ([`VOCABULARY_GROUP`]
//!   shards): a word costs the manifest a group's first word, and its query one small file more.
//! - `v-<hash>-<i>.js`: vocabulary shards, words in code point order, each word with its terms,
//!   each term with its postings: document number deltas and the precomputed score (boosted BM25
//!   of [`SearchIndex::postings`], in thousandths, through a per-term table of distinct scores).
//!   A query loads the shards of its words only. A term in more than [`SPLIT_FROM`] documents
//!   keeps there only its head, the [`HEAD`] best postings of each kind of document (every network), with its
//!   document frequency and, per kind, the best score left out; the rest, its tail, goes to
//! - `t-<hash>-<i>.js`: tail blocks of [`TAIL_BLOCK`] postings in document order, loaded only
//!   when the head cannot decide the results asked for (see `search.js`, `bounds`): which
//!   block may hold a document is known from the first document of each block and the last of
//!   the tail, and what it may score there from the block's best score.
//! - `k-<hash>-<i>.js`, `h-<hash>-<i>.js`: typo shards, [`typo_key`] → first letters of the
//!   words that have it, and first three letters → rest of the words, so that a typo costs a few
//!   small shards of bare words, then the vocabulary shards of the words found only.
//! - `d-<hash>-<i>.js`: what results show, by blocks of documents of one kind ([`block_size`]);
//!   the manifest gives per kind the size of its blocks, the number of its first block and what
//!   its documents' URLs share ([`url_parts`]), and the prefix of each group of its
//!   [`ROW_GROUP`] blocks (a hash per group).
//! - `p-<hash>-<territory>.js`: the postings of a place term (see [`place_files`]).
//! - `f-<hash>.js`: facets (territory, network, publics) as runs over document numbers.
//!
//! One hash per family of files, of all their content, names them (the manifest excepted): files
//! never change under a name, so they cache forever, and the manifest stays small on a national
//! guide. An edit renames only the families it changes: a partner's phone, the rows (`d-`) of
//! its group, not the postings, so that a rebuild rewrites only them.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::analyzer::{ELISIONS, STOPWORDS};
use super::corpus::{Kind, SearchDoc};
use super::index::{SearchIndex, is_place, thousandths};
use super::query::{
    ALIASES, EXACT, MAX_PREFIX, MAX_TYPO, NEAR, PREFIX_MIN, QUERY_STOPWORDS, TYPO_HEAD, TYPO_MIN, typo_key,
};
use crate::content::model::RecordKind;
use crate::export::data_script;
use crate::graph::Graph;
use crate::graph::address;
use crate::output::{Files, Key};

/// Blocks of rows of a kind named by one hash: a partner's phone renames the 64 files of its
/// group, where a hash per kind renamed 2,500 files of a national guide's partners; the manifest
/// names 83 groups there (0.7 KB compressed).
const ROW_GROUP: usize = 64;

/// Documents per block of result data, by kind. A page of results takes ten documents, often
/// spread over the guide: a row alone costs about 175 bytes compressed, most of it the file's own
/// weight; a block of four about 320, of eight about 480. One file per document was 56,000 of
/// a national guide's 91,000 files. Partners (20,000 there) and communes (35,000), in the order
/// that keeps together what a query finds together (`corpus::documents`: by territory), fill
/// blocks, and so do territories (1,000 there, in depth-first order: a département next to its
/// bassins); the other kinds, 600 documents that a page of results often takes one by one, keep
/// a file each. National guide: blocks of four for them took 1,000 files off, and put 1.1 to
/// 1.2 KB on a next query that finds walkthroughs or answers (`ormation`, `reprendre mes
/// études`). Blocks of 32 communes or 12 partners would take 1,100 and 830 files off, but put
/// 1 to 2 KB on `mission locale lyon` and `bordeaux`.
pub fn block_size(kind: Kind) -> usize {
    match kind {
        Kind::Commune => 16,
        Kind::Record(RecordKind::Structure) => 8,
        Kind::Record(RecordKind::Territoire) => 4,
        _ => 1,
    }
}
/// Approximate size of a vocabulary shard before compression. National guide: 2,000 rather than
/// 1,400 bytes, 2,235 -> 1,560 shards, 0.1 to 0.3 KB more per word of a query.
const SHARD_BYTES: usize = 2_000;
/// Vocabulary shards per group (see the module's doc). National guide: 2,234 shards; their
/// first words were 9.2 KB gzip of a 16 KB manifest that every cold query loads, a group file of
/// 48 is about 0.2 KB.
const VOCABULARY_GROUP: usize = 48;
/// Approximate size of a typo shard: a typo loads four of them, for a few words of each.
/// (National guide: 700 rather than 1,000 bytes takes 0.15 KB off a typo, but 450 files more,
/// and the manifest that lists them, which every cold query loads, grows by 1 KB.)
const TYPO_SHARD_BYTES: usize = 1_000;
/// Postings of a term beyond which it is split into a head and a tail.
const SPLIT_FROM: usize = 128;
/// Postings per kind of document in the head of a split term: a first page of results (ten,
/// and one to tell it from the next). National guide: from 16 to 11, a typo as next query
/// 5.4 -> 5.0 KB, cold queries 24-37 KB.
const HEAD: usize = 11;
/// Postings per tail block, about 0.8 KB compressed. National guide (tail files, the cold
/// `point info jeunesse`, the next `mission locale lyon`): 128 postings, 5,167 files, 72 KB
/// in 156 requests, 7.4 KB; 512 postings, 1,430 files, 55 KB in 53 requests, 9.5 KB (a first
/// page often needs one document of a block, and pays for the whole block).
const TAIL_BLOCK: usize = 512;
/// Shards of a file family: the first key of each and its JSON. (Kept as `Value`s, the
/// vocabulary shards of a national guide were 80 MB of the build's peak.)
type Shards = Vec<(String, String)>;

/// The files of the export: path relative to the site root, and bytes.
pub fn export(index: &SearchIndex, g: &Graph) -> Files {
    let (mut files, manifest) = index_files(index, g);
    let (rows, blocks) = row_files(&index.docs);
    files.extend(rows);
    files.push(manifest_file(manifest, blocks));
    files
}

/// The files made from the index, all but the rows of the results, and the manifest without
/// them (`blocks`): what a rebuild keeps when the documents change only in what results show
/// ([`index_key`]).
pub fn index_files(index: &SearchIndex, g: &Graph) -> (Files, Map<String, Value>) {
    let kind_of = kind_of(&index.docs);
    let mut tails = Tails::default();
    let heads = head_sizes(&index.docs);
    let shards = vocabulary_shards(index, &index.postings, (&kind_of, &heads), &mut tails);
    let (typos, heads) = typo_shards(index);
    let facets = facets(g, &index.docs);
    let (firsts, bodies): (Vec<String>, Vec<String>) = shards.into_iter().unzip();
    let (typo_firsts, typo_bodies): (Vec<String>, Vec<String>) = typos.into_iter().unzip();
    let (head_firsts, head_bodies): (Vec<String>, Vec<String>) = heads.into_iter().unzip();
    let groups: Vec<&[String]> = firsts.chunks(VOCABULARY_GROUP).collect();
    let group_bodies: Vec<String> = groups.iter().map(|group| json!(group).to_string()).collect();
    let facets = facets.to_string();
    let places = place_files(&index.postings);
    let v = family_hash(&bodies);
    let grp = family_hash(&group_bodies);
    let tails = tails.bodies;
    let t = family_hash(&tails);
    let (k, h) = (family_hash(&typo_bodies), family_hash(&head_bodies));
    let p = family_hash(places.iter().map(|(_, body)| body));
    let f = family_hash([&facets]);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut push = |name: String, text: String| {
        files.push((address::search_file(&format!("{name}.js")), data_script(&name, &text)));
    };
    let manifest = json!({
        "version": 2,
        "documents": index.docs.len(),
        "kinds": kinds(&index.docs),
        "elisions": ELISIONS,
        "stopwords": STOPWORDS,
        "queryStopwords": &QUERY_STOPWORDS[..],
        "aliases": ALIASES.iter().map(|(w, to)| json!([w, to])).collect::<Vec<_>>(),
        "networks": index.networks,
        "answers": index.answers,
        "synonyms": index.synonyms.iter().map(|s| json!([s.token, s.members])).collect::<Vec<_>>(),
        "limits": {
            "exact": EXACT, "near": NEAR, "prefix": MAX_PREFIX, "prefixMin": PREFIX_MIN, "typo": MAX_TYPO, "typoMin": TYPO_MIN,
        },
        "vocabulary": {
            "files": format!("v-{v}-"),
            "shards": bodies.len(),
            "groups": { "files": format!("g-{grp}-"), "size": VOCABULARY_GROUP, "first": groups.iter().map(|g| &g[0]).collect::<Vec<_>>() },
        },
        "tails": format!("t-{t}-"),
        "places": format!("p-{p}-"),
        "typos": {
            "head": TYPO_HEAD,
            "keys": { "files": format!("k-{k}-"), "first": typo_firsts },
            "heads": { "files": format!("h-{h}-"), "first": head_firsts },
        },
        "facets": format!("f-{f}"),
    });
    for (i, body) in group_bodies.into_iter().enumerate() {
        push(format!("g-{grp}-{i}"), body);
    }
    for (i, body) in bodies.into_iter().enumerate() {
        push(format!("v-{v}-{i}"), body);
    }
    for (i, body) in tails.into_iter().enumerate() {
        push(format!("t-{t}-{i}"), body);
    }
    for (i, body) in typo_bodies.into_iter().enumerate() {
        push(format!("k-{k}-{i}"), body);
    }
    for (i, body) in head_bodies.into_iter().enumerate() {
        push(format!("h-{h}-{i}"), body);
    }
    for (territory, body) in places {
        push(format!("p-{p}-{territory}"), body);
    }
    push(format!("f-{f}"), facets);
    let Value::Object(manifest) = manifest else { unreachable!("a JSON object") };
    (files, manifest)
}

/// The rows of the results ([`doc_blocks`]), and what the manifest says of them (`blocks`).
pub fn row_files(docs: &[SearchDoc]) -> (Files, Value) {
    let urls = url_parts(docs);
    let (blocks, first_blocks) = doc_blocks(docs, &urls);
    let mut files = Vec::new();
    let mut prefixes = Vec::with_capacity(blocks.len());
    for (kind, first) in blocks.iter().zip(&first_blocks) {
        let groups: Vec<String> = kind.chunks(ROW_GROUP).map(|group| format!("d-{}-", family_hash(group))).collect();
        for (i, body) in kind.iter().enumerate() {
            let name = format!("{}{}", groups[i / ROW_GROUP], first + i);
            files.push((address::search_file(&format!("{name}.js")), data_script(&name, body)));
        }
        prefixes.push(groups);
    }
    let manifest = json!({
        "files": prefixes,
        "group": ROW_GROUP,
        "sizes": kinds_of(docs).into_iter().map(block_size).collect::<Vec<_>>(),
        "first": first_blocks,
        "urls": urls,
    });
    (files, manifest)
}

/// The manifest, `index.js`: what [`index_files`] says, with the rows' `blocks`.
pub fn manifest_file(mut manifest: Map<String, Value>, blocks: Value) -> (String, Vec<u8>) {
    manifest.insert("blocks".into(), blocks);
    (address::search_file("index.js"), data_script("index", &Value::Object(manifest).to_string()))
}

/// What the files of [`index_files`] are made from: everything the rebuild's `shared` key says
/// (the guide but its partners, the program), and the documents but what only the rows show.
/// Every field is named, so that a new one has to be placed on one side or the other.
pub fn index_key(shared: blake3::Hash, docs: &[SearchDoc]) -> blake3::Hash {
    let mut key = Key::after(shared);
    for d in docs {
        let SearchDoc {
            kind,
            title,
            keys,
            text,
            serves,
            url,
            territory,
            network,
            publics,
            former,
            places,
            labels,
            excerpt: _,
            phone: _,
        } = d;
        for s in [kind.id(), title, keys, text, serves, url] {
            key.bytes(s.as_bytes());
        }
        // Counts first: two documents never hash alike by sharing out their lists differently.
        for n in [territory.map_or(0, |t| t + 1), network.map_or(0, |n| n + 1), publics.len(), places.len()] {
            key.number(n);
        }
        for &p in publics {
            key.number(p);
        }
        for &(t, near) in places {
            key.number(t).number(near as usize);
        }
        for list in [former, labels] {
            key.number(list.len());
            for s in list {
                key.bytes(s.as_bytes());
            }
        }
    }
    key.finish()
}

use super::index::Postings;

/// Twelve hex digits of the hash of a family's files, in order.
fn family_hash<'a>(texts: impl IntoIterator<Item = &'a String>) -> String {
    let mut hasher = blake3::Hasher::new();
    for text in texts {
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize().to_hex()[..12].to_string()
}

/// Words in order, cut into shards of about [`SHARD_BYTES`]; each shard carries the postings of
/// the terms of its words (a term shared by words of two shards is in both, its tail blocks
/// written once: on the national guide, 184 terms in several shards made 3,517 tail files twice).
fn vocabulary_shards(index: &SearchIndex, postings: &Postings, kinds: Kinds, tails: &mut Tails) -> Shards {
    let mut shards = Vec::new();
    let mut current = Shard::default();
    let mut encoded: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (surface, terms) in exported_words(index, postings) {
        if current.bytes >= SHARD_BYTES {
            shards.push(std::mem::take(&mut current).finish());
        }
        current.add(surface, &terms, &mut |term| {
            encoded.entry(term.clone()).or_insert_with(|| encode_term(term, &postings[term], kinds, tails)).clone()
        });
    }
    if !current.words.is_empty() {
        shards.push(current.finish());
    }
    shards
}

/// The exported words (those with a term that has postings).
fn exported_words<'a>(
    index: &'a SearchIndex,
    postings: &'a Postings,
) -> impl Iterator<Item = (&'a String, Vec<&'a String>)> {
    index.vocab.surfaces.iter().filter_map(|(surface, terms)| {
        let terms: Vec<&String> = terms.iter().filter(|t| postings.contains_key(*t)).collect();
        (!terms.is_empty()).then_some((surface, terms))
    })
}

/// Typo shards: `[[key, [first letters…]]…]` for [`typo_key`], and `[[first three letters,
/// [rest…]]…]` for the words that share a typed word's first letters.
fn typo_shards(index: &SearchIndex) -> (Shards, Shards) {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut heads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let words = exported_words(index, &index.postings).map(|(s, _)| s).filter(|s| !s.starts_with('~'));
    for surface in words.filter(|s| s.chars().count() >= TYPO_HEAD) {
        if let Some(key) = typo_key(surface) {
            keys.entry(key).or_default().push(surface.chars().take(TYPO_HEAD).collect());
        }
        let head: String = surface.chars().take(TYPO_HEAD - 1).collect();
        heads.entry(head).or_default().push(surface.chars().skip(TYPO_HEAD - 1).collect());
    }
    (keyed_shards(keys), keyed_shards(heads))
}

/// `[[key, [values…]]…]` in key order, cut into shards of about [`TYPO_SHARD_BYTES`], with the
/// first key of each.
fn keyed_shards(map: BTreeMap<String, Vec<String>>) -> Shards {
    let mut shards: Shards = Vec::new();
    let (mut rows, mut first, mut bytes) = (Vec::new(), String::new(), 0);
    for (key, values) in map {
        if bytes >= TYPO_SHARD_BYTES {
            shards.push((std::mem::take(&mut first), Value::from(std::mem::take(&mut rows)).to_string()));
            bytes = 0;
        }
        if rows.is_empty() {
            first = key.clone();
        }
        bytes += key.len() + values.iter().map(|v| v.len() + 3).sum::<usize>() + 6;
        rows.push(json!([key, values]));
    }
    if !rows.is_empty() {
        shards.push((first, Value::from(rows).to_string()));
    }
    shards
}

#[derive(Default)]
struct Shard {
    words: Vec<Value>,
    terms: Vec<String>,
    /// The JSON entry of each term.
    postings: Vec<String>,
    bytes: usize,
}

impl Shard {
    /// Adds a word and its terms; `encode` gives a term's entry and its approximate size.
    fn add(&mut self, surface: &str, terms: &[&String], encode: &mut dyn FnMut(&String) -> (String, usize)) {
        let mut word = vec![Value::from(surface)];
        for &term in terms {
            let at = match self.terms.iter().position(|t| t == term) {
                Some(at) => at,
                None => {
                    let (entry, bytes) = encode(term);
                    self.bytes += bytes;
                    self.terms.push(term.clone());
                    self.postings.push(entry);
                    self.terms.len() - 1
                }
            };
            word.push(Value::from(at));
        }
        self.bytes += surface.len() + 6;
        self.words.push(Value::from(word));
    }

    /// The first word and `{"t": [entries], "w": [words]}`.
    fn finish(self) -> (String, String) {
        let first = self.words[0][0].as_str().unwrap_or_default().to_string();
        (first, format!(r#"{{"t":[{}],"w":{}}}"#, self.postings.join(","), Value::from(self.words)))
    }
}

/// A term's entry in its vocabulary shard, `[term, book, list, df]` (see [`encode_postings`]),
/// and its approximate size. A term in more than [`SPLIT_FROM`] documents gets a fifth element,
/// `{max, from, first, top, end, at}`: per kind the best score of its tail (-1: none) and the
/// first document with that score (ties go by document number), the first document and the best
/// score of each tail block, the last document of the tail, the number of the first block; its
/// blocks are added to `tails`. A block's best bounds what its documents may score: as partners
/// are numbered by network, the offices of another network than the one a query names rarely
/// reach the best of the whole tail.
fn encode_term(term: &str, list: &[(u32, f32)], kinds: Kinds, tails: &mut Tails) -> (String, usize) {
    let size = |book: &[u64], list: &[u64]| term.len() + book.len() * 5 + list.len() * 3;
    if is_place(term) {
        return (json!([term]).to_string(), term.len() + 4);
    }
    if list.len() <= SPLIT_FROM {
        let (book, encoded) = encode_postings(list);
        return (json!([term, book, encoded, list.len()]).to_string(), size(&book, &encoded));
    }
    let Split { head, tail, best } = split(list, kinds);
    let (max, from): (Vec<i64>, Vec<i64>) = best.into_iter().unzip();
    let (book, encoded) = encode_postings(&head);
    let blocks: Vec<&[(u32, f32)]> = tail.chunks(TAIL_BLOCK).collect();
    let first: Vec<u32> = blocks.iter().map(|b| b[0].0).collect();
    let top: Vec<u64> = blocks.iter().map(|b| b.iter().map(|p| thousandths(p.1)).max().unwrap_or_default()).collect();
    let end = tail.last().map_or(0, |p| p.0);
    let at = tails.add(blocks.into_iter().map(|b| json!(encode_postings(b)).to_string()).collect());
    let bytes = size(&book, &encoded) + first.len() * 12;
    let entry = json!([term, book, encoded, list.len(), { "max": max, "from": from, "first": first, "top": top, "end": end, "at": at }]);
    (entry.to_string(), bytes)
}

/// Per place term, its file: `[book, list, df]` (see [`encode_postings`]), named by the
/// territory's number. Its vocabulary shards name the term only: a place word costs one small
/// file (the documents that serve the place), and the many names of places in the vocabulary
/// leave its shards as they were.
fn place_files(postings: &Postings) -> Vec<(String, String)> {
    let places = postings.iter().filter(|(term, _)| is_place(term));
    places
        .map(|(term, list)| {
            let (book, encoded) = encode_postings(list);
            (term[1..].to_string(), json!([book, encoded, list.len()]).to_string())
        })
        .collect()
}

/// The tail blocks of the export, numbered. A term whose tail is the same blocks as another's
/// shares its files: in the offices of a network, « mission » and « locale » go together.
#[derive(Default)]
struct Tails {
    bodies: Vec<String>,
    /// The number of the first block of each tail written, by its blocks.
    at: HashMap<Vec<String>, usize>,
}

impl Tails {
    /// The number of the first of `blocks`, written unless they were.
    fn add(&mut self, blocks: Vec<String>) -> usize {
        if let Some(&at) = self.at.get(&blocks) {
            return at;
        }
        let at = self.bodies.len();
        self.bodies.extend(blocks.iter().cloned());
        self.at.insert(blocks, at);
        at
    }
}

/// A term's postings split by impact.
struct Split {
    /// Per kind, the [`HEAD`] best by exported score, then document number (the order of the
    /// results); in document order.
    head: Vec<(u32, f32)>,
    /// The rest, in document order.
    tail: Vec<(u32, f32)>,
    /// Per kind, the best posting of the tail as (exported score, document), `(-1, -1)` if none.
    best: Vec<(i64, i64)>,
}

/// Per document its kind's index, and per kind the size of the heads.
type Kinds<'a> = (&'a [usize], &'a [usize]);

/// Per kind, how many postings the head of a term keeps: [`HEAD`], and every network and answer
/// of the wizard, so that one that a query names (ranked first) is never in a tail: its rank
/// costs no tail block.
fn head_sizes(docs: &[SearchDoc]) -> Vec<usize> {
    let named = |k: Kind| k == Kind::Record(RecordKind::Reseau) || k == Kind::Answer;
    kinds_of(docs).into_iter().map(|k| if named(k) { usize::MAX } else { HEAD }).collect()
}

fn split(list: &[(u32, f32)], (kind_of, heads): Kinds) -> Split {
    let kinds = kind_of.iter().max().map_or(0, |k| k + 1);
    let mut by_kind: Vec<Vec<(u32, f32)>> = vec![Vec::new(); kinds];
    for &posting in list {
        by_kind[kind_of[posting.0 as usize]].push(posting);
    }
    let mut out = Split { head: Vec::new(), tail: Vec::new(), best: vec![(-1, -1); kinds] };
    for (kind, mut postings) in by_kind.into_iter().enumerate() {
        postings.sort_by(|a, b| thousandths(b.1).cmp(&thousandths(a.1)).then(a.0.cmp(&b.0)));
        let rest = postings.split_off(postings.len().min(heads[kind]));
        if let Some(best) = rest.first() {
            out.best[kind] = (thousandths(best.1) as i64, i64::from(best.0));
        }
        out.head.extend(postings);
        out.tail.extend(rest);
    }
    out.head.sort_by_key(|p| p.0);
    out.tail.sort_by_key(|p| p.0);
    out
}

/// `([scores], [delta, k, delta, k…])`: the distinct scores of the term in thousandths, most
/// frequent first, then for each document its number minus the previous one and the index of its
/// score. Documents of similar length share a score, so small indices replace long numbers.
fn encode_postings(list: &[(u32, f32)]) -> (Vec<u64>, Vec<u64>) {
    let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
    for &(_, score) in list {
        *counts.entry(thousandths(score)).or_default() += 1;
    }
    let mut book: Vec<(u64, usize)> = counts.into_iter().collect();
    book.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let book: Vec<u64> = book.into_iter().map(|(score, _)| score).collect();
    let index: BTreeMap<u64, u64> = book.iter().enumerate().map(|(i, &s)| (s, i as u64)).collect();
    let mut previous = 0;
    let mut out = Vec::with_capacity(list.len() * 2);
    for &(doc, score) in list {
        out.push(u64::from(doc - previous));
        out.push(index.get(&thousandths(score)).copied().unwrap_or_default());
        previous = doc;
    }
    (book, out)
}

/// Per kind in document order, the blocks of rows ([`doc_row`]) of its documents; and per kind
/// the number of its first block (blocks are numbered across kinds).
fn doc_blocks(docs: &[SearchDoc], urls: &[(String, String)]) -> (Vec<Vec<String>>, Vec<usize>) {
    let (mut blocks, mut first) = (Vec::new(), Vec::new());
    let mut count = 0;
    for ((_, run), url) in kind_runs(docs).zip(urls) {
        first.push(count);
        let size = block_size(run[0].kind);
        let row = |d: &SearchDoc| doc_row(d, url);
        let kind: Vec<String> =
            run.chunks(size).map(|c| Value::from(c.iter().map(row).collect::<Vec<_>>()).to_string()).collect();
        count += kind.len();
        blocks.push(kind);
    }
    (blocks, first)
}

/// `[title, url, excerpt]`, then `{former, tel}` if it has some: a network's former names, a
/// partner's or network's phone as shown, with its `tel:` URI unless [`follows`] gives it. The
/// URL is written without the prefix and suffix that every URL of its kind has (`url`, see
/// [`url_parts`]). National guide: a block of eight partners, 594 -> 515 bytes compressed.
fn doc_row(d: &SearchDoc, (prefix, suffix): &(String, String)) -> Value {
    let mut more = serde_json::Map::new();
    if !d.former.is_empty() {
        more.insert("former".into(), json!(d.former));
    }
    if let Some(phone) = &d.phone {
        let tel = match follows(&phone.display) {
            Some(uri) if uri == phone.uri => json!(phone.display),
            _ => json!([phone.display, phone.uri]),
        };
        more.insert("tel".into(), tel);
    }
    let url = &d.url[prefix.len()..d.url.len() - suffix.len()];
    if more.is_empty() { json!([d.title, url, d.excerpt]) } else { json!([d.title, url, d.excerpt, more]) }
}

/// The `tel:` URI that a French ten-digit number shown in pairs (`02 38 83 49 13`) stands for, as
/// `search.js` (`telOf`) derives it.
fn follows(display: &str) -> Option<String> {
    let digits: String = display.chars().filter(|c| *c != ' ').collect();
    let french = digits.len() == 10 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
    french.then(|| format!("tel:+33{}", &digits[1..]))
}

/// Per kind, the longest prefix and then suffix that the URLs of all its documents share
/// (`structures/`, `/index.html`): rows leave them out.
fn url_parts(docs: &[SearchDoc]) -> Vec<(String, String)> {
    /// Bytes of the characters that `a` and `b` share from their start.
    fn shared(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
        a.zip(b).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
    }
    kind_runs(docs)
        .map(|(_, run)| {
            let first = run[0].url.as_str();
            let prefix = run.iter().map(|d| shared(first.chars(), d.url.chars())).min().unwrap_or(0);
            let rests = run.iter().map(|d| &d.url[prefix..]);
            let suffix = rests.map(|rest| shared(first[prefix..].chars().rev(), rest.chars().rev())).min().unwrap_or(0);
            (first[..prefix].to_string(), first[first.len() - suffix..].to_string())
        })
        .collect()
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

/// The runs of documents of one kind, in document order, each with the number of its first
/// document (documents are grouped by kind).
fn kind_runs(docs: &[SearchDoc]) -> impl Iterator<Item = (usize, &[SearchDoc])> {
    docs.chunk_by(|a, b| a.kind == b.kind).scan(0, |first, run| {
        let at = *first;
        *first += run.len();
        Some((at, run))
    })
}

/// Per document, the index of its kind in [`kinds`].
fn kind_of(docs: &[SearchDoc]) -> Vec<usize> {
    kind_runs(docs).enumerate().flat_map(|(k, (_, run))| std::iter::repeat_n(k, run.len())).collect()
}

/// The kinds in document order.
fn kinds_of(docs: &[SearchDoc]) -> Vec<Kind> {
    kind_runs(docs).map(|(_, run)| run[0].kind).collect()
}

/// Per kind, in document order: `[id, label, first document number]` (the kind of a result
/// needs no facet file).
fn kinds(docs: &[SearchDoc]) -> Vec<Value> {
    kind_runs(docs).map(|(n, run)| json!([run[0].kind.id(), run[0].kind.label(), n])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_best_of_each_kind_in_the_head() {
        // Synthetic: documents 0..40 of kind 0, 40..80 of kind 1; score rises with the number
        // within kind 0, and is the same for all of kind 1 (ties: lower numbers first).
        let kind_of: Vec<usize> = (0..80).map(|n| usize::from(n >= 40)).collect();
        let list: Vec<(u32, f32)> = (0..80).map(|n| (n, if n < 40 { n as f32 } else { 1.0 })).collect();
        let Split { head, tail, best } = split(&list, (&kind_of, &[HEAD, HEAD]));
        let head_docs: Vec<u32> = head.iter().map(|p| p.0).collect();
        let expected: Vec<u32> = (40 - HEAD as u32..40).chain(40..40 + HEAD as u32).collect();
        assert_eq!(head_docs, expected);
        assert_eq!(head.len() + tail.len(), list.len());
        assert!(tail.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(best, [(thousandths(39.0 - HEAD as f32) as i64, 39 - HEAD as i64), (1000, 40 + HEAD as i64)]);
    }

    #[test]
    fn a_phone_uri_is_left_out_only_when_the_number_gives_it() {
        assert_eq!(follows("02 38 83 49 13").as_deref(), Some("tel:+33238834913"));
        assert_eq!(follows("39 49"), None);
        assert_eq!(follows("+33 2 38 83 49 13"), None);
        assert_eq!(follows("02 38 83 49 13 1"), None);
    }
}
