//! The tantivy index of a guide: built in memory at each build, queried by `bonneporte search`,
//! and read back term by term to export each document's BM25 score.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analyzer::words;
use super::analyzer::{Token, analyze, inflections};
use super::corpus::{Kind, SearchDoc};
use super::query::{Clause, EXACT, PREFIX_MIN, Synonym, Vocab};
use crate::content::model::RecordKind;

/// Text fields and their boosts: a word of the title weighs more than one of the other names,
/// which weighs more than one of the text, which weighs more than one of the labels of the
/// publics and needs served (a document about a need ranks above one that only serves it).
/// The labels served are a set, not prose: each term counts once and the field has no length
/// norm, so that serving a word scores the same in every document (a network that serves ten
/// publics serves each as much as one that serves two), and a term's scores stay few and
/// tied, which keeps the export's first pages decided by the heads of the postings.
/// The place field holds the territories a document serves (`@<territory>`): it makes a document
/// match a place word; its scores are not tantivy's but [`PLACE_SCORE`] times how near.
/// The last holds the synonyms that the title spells (« Qu'est-ce que le SPRO ? » for `spro`),
/// as a set too: such a title weighs as a title, the same whatever its length.
const FIELDS: [(&str, f32); 6] =
    [("titre", 3.0), ("cles", 2.0), ("texte", 1.0), ("sert", 0.1), ("lieu", 0.0), ("titre-synonyme", 3.0)];
const KEYS: usize = 1;
const SERVES: usize = 3;
const PLACE: usize = 4;
const TITLE_SYNONYMS: usize = 5;
/// The score of a place term in a document that serves the place, per unit of nearness
/// (`SearchDoc::places`: from 8, there, to 1, the whole guide): between documents that match
/// the other words alike, the nearer comes first, and a document that serves the place
/// weighs about as much as one whose title names it. (BM25 would not do: its idf and, in
/// a field this sparse, its average length make the levels' scores cross.)
const PLACE_SCORE: f32 = 1.5;
/// A word that names places served by more territories than this (a commune name common to
/// several départements) names none: it would load the places of all of them.
const MAX_PLACES: usize = 3;

/// Indexing memory; one thread keeps the build deterministic and the index small.
const WRITER_MEMORY: usize = 200_000_000;

/// Per term, per document that has it (in order), the score of the term in the document.
pub type Postings = BTreeMap<String, Vec<(u32, f32)>>;

pub struct SearchIndex {
    pub docs: Vec<SearchDoc>,
    /// See [`SearchIndex::term_postings`].
    pub postings: Postings,
    pub vocab: Vocab,
    pub synonyms: Vec<Synonym>,
    /// Per network, its document and its names (name, acronym, former names) as folded words:
    /// a query that names one puts it first (see [`named`]).
    pub networks: Vec<(u32, Vec<Vec<String>>)>,
    /// Per answer of the wizard, its document and its labels' terms, each with the terms that
    /// stand for it in a query (see [`answer_named`]).
    pub answers: Vec<(u32, Vec<Vec<String>>)>,
    reader: IndexReader,
    fields: [Field; 6],
    /// Per segment, tantivy's doc id → our document index.
    doc_index: Vec<Vec<u32>>,
}

/// A document found by a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    /// The score it is ranked by, [`Hit::key`] in units: tantivy's BM25 but for place terms
    /// (see [`PLACE_SCORE`]).
    pub score: f32,
    /// The same sum from the exported scores (thousandths, weights doubled to stay integers):
    /// what the order uses, so that the browser, adding the same integers, orders the same.
    pub key: i64,
    /// 0 when every word it matched, matched without a typo.
    pub tier: u8,
    /// How many clauses it matches: all of them, unless no document does (a partial result).
    pub matched: usize,
    /// A network that the query names.
    pub named: bool,
}

/// What a query found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// No document matches every clause: the hits match some of them.
    pub partial: bool,
    /// The words of the clauses that match no document.
    pub unmatched: Vec<String>,
}

/// The networks whose names the words of `clauses` spell, in order and next to each other, each
/// query word the name's word or, from [`PREFIX_MIN`] letters, its start (`info jeunesse`); or
/// that a member of the synonym group of a clause spells (`bij`, « bureau information
/// jeunesse », names Information Jeunesse).
pub fn named(networks: &[(u32, Vec<Vec<String>>)], synonyms: &[Synonym], clauses: &[Clause]) -> Vec<u32> {
    let words: Vec<&String> = clauses.iter().flat_map(|c| &c.words).collect();
    let tokens = clauses.iter().flat_map(|c| &c.candidates).filter(|c| c.term.starts_with('~'));
    let groups = tokens.filter_map(|c| synonyms.iter().find(|s| s.token == c.term));
    let members = groups.flat_map(|s| s.members.iter().map(|m| m.iter().collect::<Vec<_>>()));
    let sequences: Vec<Vec<&String>> = std::iter::once(words).chain(members).collect();
    let spelled = |name: &Vec<String>| sequences.iter().any(|words| spells_in(words, name));
    networks.iter().filter(|(_, names)| names.iter().any(spelled)).map(|(doc, _)| *doc).collect()
}

/// Whether the words of `clauses` spell `name` (folded words; see [`named`]).
pub fn spells(clauses: &[Clause], name: &[String]) -> bool {
    let words: Vec<&String> = clauses.iter().flat_map(|c| &c.words).collect();
    spells_in(&words, name)
}

fn spells_in(words: &[&String], name: &[String]) -> bool {
    let fits = |q: &String, w: &String| q == w || (q.chars().count() >= PREFIX_MIN && w.starts_with(q.as_str()));
    !name.is_empty() && words.windows(name.len()).any(|win| win.iter().zip(name).all(|(q, w)| fits(q, w)))
}

fn schema() -> (Schema, [Field; 6], Field) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing.clone());
    let set = TextOptions::default().set_indexing_options(indexing.set_fieldnorms(false));
    let fields = std::array::from_fn(|f| {
        builder.add_text_field(FIELDS[f].0, if f >= SERVES { set.clone() } else { options.clone() })
    });
    let number = builder.add_u64_field("n", FAST);
    (builder.build(), fields, number)
}

/// A field's tokens, with the synonym tokens of `extra`, as tantivy's pre-tokenized text.
fn pre_tokenized(tokens: &[Token], extra: &[&str]) -> PreTokenizedString {
    let terms =
        tokens.iter().map(|t| (t.word.from, t.word.to, t.term.as_str())).chain(extra.iter().map(|&e| (0, 0, e)));
    let tokens = terms
        .enumerate()
        .map(|(position, (from, to, term))| tantivy::tokenizer::Token {
            offset_from: from,
            offset_to: to,
            position,
            text: term.to_string(),
            position_length: 1,
        })
        .collect();
    PreTokenizedString { text: String::new(), tokens }
}

/// The synonym tokens of a document whose fields have these tokens.
fn synonym_tokens<'s>(fields: &[Vec<Token>], synonyms: &'s [(Synonym, Vec<Vec<String>>)]) -> Vec<&'s str> {
    let terms: Vec<Vec<&str>> = fields.iter().map(|f| f.iter().map(|t| t.term.as_str()).collect()).collect();
    synonyms
        .iter()
        .filter(|(_, members)| {
            members.iter().any(|m| {
                !m.is_empty() && terms.iter().any(|f| f.windows(m.len()).any(|w| w.iter().zip(m).all(|(a, b)| a == b)))
            })
        })
        .map(|(s, _)| s.token.as_str())
        .collect()
}

/// Documents analyzed at once (see [`SearchIndex::build`]).
const ANALYZED_AT_ONCE: usize = 2_048;

/// The tantivy document of a guide's document whose fields have `tokens`, without its number;
/// adds to `extras` the synonyms it carries.
fn document<'s>(
    tokens: &[Vec<Token>; 5],
    synonyms: &'s [(Synonym, Vec<Vec<String>>)],
    fields: &[Field],
    extras: &mut BTreeSet<&'s str>,
) -> TantivyDocument {
    // A synonym of the title, other names or text weighs as another name; one of the labels
    // served only as much as they do. (In the title field, a synonym's scores would vary with
    // every title's length: on a national guide the first page of `pole emploi` then needed five
    // times as many tail blocks.)
    let keys_extra = synonym_tokens(&tokens[..SERVES], synonyms);
    let serves_extra = synonym_tokens(&tokens[SERVES..PLACE], synonyms);
    let mut seen = BTreeSet::new();
    let served: Vec<Token> = tokens[SERVES].iter().filter(|t| seen.insert(t.term.as_str())).cloned().collect();
    let serves_extra: Vec<&str> = serves_extra.into_iter().filter(|&e| seen.insert(e)).collect();
    let mut doc = TantivyDocument::new();
    for (f, field_tokens) in tokens.iter().enumerate() {
        let (field_tokens, extra): (&[Token], &[&str]) = match f {
            KEYS => (field_tokens, &keys_extra),
            SERVES => (&served, &serves_extra),
            _ => (field_tokens, &[]),
        };
        doc.add_pre_tokenized_text(fields[f], pre_tokenized(field_tokens, extra));
    }
    let title_synonyms = synonym_tokens(&tokens[..KEYS], synonyms);
    doc.add_pre_tokenized_text(fields[TITLE_SYNONYMS], pre_tokenized(&[], &title_synonyms));
    extras.extend(keys_extra.into_iter().chain(serves_extra));
    doc
}

impl SearchIndex {
    /// Indexes `docs`; `synonyms` are groups of equivalent phrases; `places`, names of places and
    /// the territory that serves each (`corpus::place_names`).
    pub fn build(
        docs: Vec<SearchDoc>,
        synonyms: &[Vec<String>],
        places: &[(String, usize)],
    ) -> tantivy::Result<SearchIndex> {
        let synonyms = synonym_groups(synonyms);
        let (schema, fields, number) = schema();
        let index = Index::create_in_ram(schema);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
        let mut vocab = Vocab::default();
        let (mut extras, mut seen) = (BTreeSet::new(), HashSet::new());
        // Analyzed a chunk at a time: the tokens of a national guide's documents at once were
        // 130 MB of the build's peak.
        for (chunk, part) in docs.chunks(ANALYZED_AT_ONCE).enumerate() {
            let analyzed: Vec<[Vec<Token>; 5]> = part
                .par_iter()
                .map(|d| [analyze(&d.title), analyze(&d.keys), analyze(&d.text), analyze(&d.serves), place_tokens(d)])
                .collect();
            for (i, tokens) in analyzed.iter().enumerate() {
                let mut doc = document(tokens, &synonyms, &fields, &mut extras);
                doc.add_u64(number, (chunk * ANALYZED_AT_ONCE + i) as u64);
                writer.add_document(doc)?;
            }
            add_words(&mut vocab, &mut seen, analyzed.iter().flat_map(|fields| fields[..PLACE].iter()).flatten());
        }
        writer.commit()?;
        // A synonym stands for itself.
        for extra in extras {
            vocab.add(extra.to_string(), extra);
        }
        add_places(&mut vocab, places);
        let answers = answer_labels(&docs, &synonyms);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let networks = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == Kind::Record(RecordKind::Reseau))
            .map(|(n, d)| {
                let names =
                    std::iter::once(d.title.as_str()).chain(d.keys.split(" · ")).filter(|k| !k.trim().is_empty());
                (n as u32, names.map(|k| words(k).into_iter().map(|w| w.surface).collect()).collect())
            })
            .collect();
        let mut built = SearchIndex {
            networks,
            answers,
            docs,
            vocab,
            synonyms: synonyms.into_iter().map(|(s, _)| s).collect(),
            reader,
            fields,
            doc_index: Vec::new(),
            postings: Postings::new(),
        };
        built.doc_index = built.map_doc_ids()?;
        built.postings = built.term_postings()?;
        built.vocab.df = built.postings.iter().map(|(t, p)| (t.clone(), p.len() as u32)).collect();
        Ok(built)
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    fn map_doc_ids(&self) -> tantivy::Result<Vec<Vec<u32>>> {
        let searcher = self.searcher();
        searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                let column = reader.fast_fields().u64("n")?;
                Ok((0..reader.max_doc()).map(|d| column.first(d).unwrap_or_default() as u32).collect())
            })
            .collect()
    }

    /// Every term with, per document that has it, the sum over fields of the field's boost times
    /// tantivy's BM25 score of the term in that field. The statistics (document frequency, average
    /// field length) are the searcher's, over all segments, so several segments score like one.
    fn term_postings(&self) -> tantivy::Result<Postings> {
        let terms: BTreeSet<&String> = self.vocab.surfaces.values().flatten().filter(|t| !is_place(t)).collect();
        let searcher = self.searcher();
        let scored = terms.into_par_iter().map(|term| Ok((term.clone(), self.term_scores(&searcher, term)?)));
        let mut scored: Postings = scored.collect::<tantivy::Result<Postings>>()?;
        lift_networks(&self.docs, &mut scored);
        scored.extend(self.place_postings());
        Ok(scored.into_iter().filter(|(_, p)| !p.is_empty()).collect())
    }

    /// Per place term of a place word, the documents that serve it, scored [`PLACE_SCORE`] times
    /// how near.
    fn place_postings(&self) -> Postings {
        let named: BTreeSet<&String> = self.vocab.surfaces.values().flatten().filter(|t| is_place(t)).collect();
        let mut out: Postings = named.into_iter().map(|t| (t.clone(), Vec::new())).collect();
        for (n, d) in self.docs.iter().enumerate() {
            for &(t, near) in &d.places {
                if let Some(list) = out.get_mut(&place_term(t)) {
                    list.push((n as u32, PLACE_SCORE * near as f32));
                }
            }
        }
        out
    }

    fn term_scores(&self, searcher: &Searcher, term: &str) -> tantivy::Result<Vec<(u32, f32)>> {
        let mut scores: BTreeMap<u32, f32> = BTreeMap::new();
        for (f, &(_, boost)) in FIELDS.iter().enumerate() {
            let query = TermQuery::new(Term::from_field_text(self.fields[f], term), IndexRecordOption::WithFreqs);
            let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
            for (s, reader) in searcher.segment_readers().iter().enumerate() {
                weight.for_each(reader, &mut |doc, score| {
                    *scores.entry(self.doc_index[s][doc as usize]).or_default() += boost * score;
                })?;
            }
        }
        Ok(scores.into_iter().collect())
    }

    /// Every document matching `clauses`, best first (see [`rank`]); when none matches them all,
    /// every document matching one of them.
    pub fn search(&self, clauses: &[Clause]) -> tantivy::Result<Results> {
        let searcher = self.searcher();
        let mut named = named(&self.networks, &self.synonyms, clauses);
        let answer = answer_named(&self.answers, clauses);
        named.extend(answer);
        let mut hits: Vec<Hit> = Vec::new();
        if let Some(all) = self.query(clauses, true) {
            let exact = self.docs_of(&searcher, clauses)?;
            hits = self
                .run(&searcher, all.as_ref())?
                .into_iter()
                .map(|(doc, _)| Hit {
                    doc: doc as usize,
                    score: 0.0,
                    key: self.key(clauses, doc),
                    tier: u8::from(!exact.contains(&doc)),
                    matched: clauses.len(),
                    named: named.contains(&doc),
                })
                .collect();
        }
        // An answer of the wizard is offered when the query names it, and only then (its words
        // are those of every other answer); even when a word of the query is only in its
        // meaning (« travail » for « emploi »).
        hits.retain(|h| self.docs[h.doc].kind != Kind::Answer || answer == Some(h.doc as u32));
        for hit in hits.iter_mut().filter(|h| answer == Some(h.doc as u32)) {
            hit.tier = 0;
        }
        if let Some(doc) = answer.filter(|&doc| !hits.iter().any(|h| h.doc == doc as usize)) {
            let key = self.key(clauses, doc);
            hits.push(Hit { doc: doc as usize, score: 0.0, key, tier: 0, matched: clauses.len(), named: true });
        }
        let mut unmatched = Vec::new();
        let partial = hits.is_empty() && clauses.len() > 1;
        if partial {
            // Per document: clauses matched, score, typo.
            let mut found: BTreeMap<u32, (usize, f32, bool)> = BTreeMap::new();
            for clause in clauses {
                let one = std::slice::from_ref(clause);
                let Some(q) = self.query(one, true) else {
                    unmatched.extend(clause.words.iter().cloned());
                    continue;
                };
                let exact = self.docs_of(&searcher, one)?;
                let docs = self.run(&searcher, q.as_ref())?;
                if docs.is_empty() {
                    unmatched.extend(clause.words.iter().cloned());
                }
                for (doc, score) in docs {
                    let entry = found.entry(doc).or_default();
                    *entry = (entry.0 + 1, entry.1 + score, entry.2 || !exact.contains(&doc));
                }
            }
            hits = found
                .into_iter()
                .filter(|(doc, _)| self.docs[*doc as usize].kind != Kind::Answer)
                .map(|(doc, (matched, _, typo))| Hit {
                    doc: doc as usize,
                    score: 0.0,
                    key: self.key(clauses, doc),
                    tier: u8::from(typo),
                    matched,
                    named: named.contains(&doc),
                })
                .collect();
        }
        for hit in &mut hits {
            hit.score = hit.key as f32 / 2000.0;
        }
        hits.sort_by_key(rank);
        Ok(Results { hits, partial, unmatched })
    }

    /// The documents matching `clauses` without a typo.
    fn docs_of(&self, searcher: &Searcher, clauses: &[Clause]) -> tantivy::Result<BTreeSet<u32>> {
        Ok(match self.query(clauses, false) {
            Some(q) => self.run(searcher, q.as_ref())?.into_iter().map(|(d, _)| d).collect(),
            None => BTreeSet::new(),
        })
    }

    /// [`Hit::key`] of document `doc`.
    fn key(&self, clauses: &[Clause], doc: u32) -> i64 {
        let exported = |term: &str| {
            let list = self.postings.get(term)?;
            let at = list.binary_search_by_key(&doc, |&(d, _)| d).ok()?;
            Some(thousandths(list[at].1) as i64)
        };
        let candidates = clauses.iter().flat_map(|c| &c.candidates);
        candidates.map(|c| (c.weight * 2.0).round() as i64 * exported(&c.term).unwrap_or(0)).sum()
    }

    /// Every clause must match; within a clause any candidate in any field, boosted.
    fn query(&self, clauses: &[Clause], typos: bool) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in clauses {
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for c in clause.candidates.iter().filter(|c| typos || !c.typo) {
                for (f, &(_, boost)) in FIELDS.iter().enumerate() {
                    let term = Term::from_field_text(self.fields[f], &c.term);
                    let query = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    should.push((Occur::Should, Box::new(BoostQuery::new(query, boost * c.weight))));
                }
            }
            if should.is_empty() {
                return None;
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
        if must.is_empty() { None } else { Some(Box::new(BooleanQuery::new(must))) }
    }

    fn run(&self, searcher: &Searcher, query: &dyn Query) -> tantivy::Result<Vec<(u32, f32)>> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut out = Vec::new();
        for (s, reader) in searcher.segment_readers().iter().enumerate() {
            weight.for_each(reader, &mut |doc, score| out.push((self.doc_index[s][doc as usize], score)))?;
        }
        Ok(out)
    }
}

/// A network speaks for its partners: for a word that it has, it scores at least as much as the
/// best of its partners that have it, so that it comes before them (« the network first, then
/// its partners »; ties go by document number, and networks come before partners).
fn lift_networks(docs: &[SearchDoc], postings: &mut Postings) {
    let network_doc: BTreeMap<usize, u32> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == Kind::Record(RecordKind::Reseau))
        .filter_map(|(n, d)| Some((d.network?, n as u32)))
        .collect();
    for list in postings.values_mut() {
        let mut best: BTreeMap<u32, f32> = BTreeMap::new();
        for &(doc, score) in list.iter() {
            let d = &docs[doc as usize];
            if let (Kind::Record(RecordKind::Structure), Some(&net)) =
                (d.kind, d.network.and_then(|n| network_doc.get(&n)))
            {
                let b = best.entry(net).or_default();
                *b = b.max(score);
            }
        }
        for (doc, score) in list.iter_mut() {
            if let Some(&b) = best.get(doc) {
                *score = score.max(b);
            }
        }
    }
}

/// The order of results: most clauses matched (a partial result), typo-free, a network that
/// the query names, then score (as exported, see [`Hit::key`]), then index order.
pub fn rank(hit: &Hit) -> (std::cmp::Reverse<usize>, u8, std::cmp::Reverse<bool>, std::cmp::Reverse<i64>, usize) {
    use std::cmp::Reverse;
    (Reverse(hit.matched), hit.tier, Reverse(hit.named), Reverse(hit.key), hit.doc)
}

/// A score as exported: thousandths.
pub fn thousandths(score: f32) -> u64 {
    (f64::from(score) * 1000.0).round() as u64
}

/// Folded surfaces of every word of the guide and their inflected forms, mapped to their terms.
fn add_words<'t>(vocab: &mut Vocab, seen: &mut HashSet<String>, tokens: impl Iterator<Item = &'t Token>) {
    for t in tokens {
        // A token's term and surface follow from its lowercased form.
        if !seen.contains(&t.lower) {
            seen.insert(t.lower.clone());
            let forms = inflections(&t.lower, &t.term).into_iter().chain([t.word.surface.clone()]);
            for form in forms {
                vocab.add(form, &t.term);
            }
        }
    }
}

/// The place term of territory `t`: what documents serving it carry, and the terms of the
/// words that name a place it serves.
pub fn place_term(t: usize) -> String {
    format!("@{t}")
}

/// Whether a term is a place term (never a prefix or typo candidate: it is no word).
pub fn is_place(term: &str) -> bool {
    term.starts_with('@')
}

/// A document's place tokens: the territories it serves.
fn place_tokens(d: &SearchDoc) -> Vec<Token> {
    let token = |t: usize| {
        let term = place_term(t);
        Token { word: super::analyzer::Word { surface: term.clone(), from: 0, to: 0 }, lower: term.clone(), term }
    };
    d.places.iter().map(|&(t, _)| token(t)).collect()
}

/// The words that name a place (one word: `Vierzon`, `18100`, `Cher`; `Le Blanc`, without its
/// article) also stand for the place terms of the territories that serve it, unless they name
/// places of more than [`MAX_PLACES`] territories.
fn add_places(vocab: &mut Vocab, places: &[(String, usize)]) {
    let mut named: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (name, t) in places {
        if let [word] = &words(name)[..] {
            named.entry(word.surface.clone()).or_default().insert(*t);
        }
    }
    for (surface, territories) in named.into_iter().filter(|(_, ts)| ts.len() <= MAX_PLACES) {
        let terms = vocab.surfaces.entry(surface).or_default();
        terms.extend(territories.into_iter().map(place_term));
        terms.sort();
    }
}

/// Words that say, in a query, what a label of the wizard says (folded, stemmed as words of a
/// query are): « je cherche du travail » names « Trouver un emploi ». Apply to the labels only:
/// in the index, `travail` and `emploi` stay apart (see `query::ALIASES` for why).
const INTENT: [(&str, &[&str]); 2] = [
    ("emploi", &["travail", "boulot", "job", "poste", "chômage", "chômeur"]),
    // A trade is a métier: the trades' sectors are built-in synonyms (artisanat…).
    ("métiers", &["artisanat", "restauration", "commerce", "profession"]),
];

/// Per answer, its labels' terms (a synonym of a label counts as one of its terms), each with
/// the terms of the query words that mean it ([`INTENT`]).
fn answer_labels(docs: &[SearchDoc], synonyms: &[(Synonym, Vec<Vec<String>>)]) -> Vec<(u32, Vec<Vec<String>>)> {
    // A word's terms, its synonym's token and its folded form (a query word unknown to the
    // guide has no term, but the client still has its folded form).
    let word_terms = |word: &str| {
        let tokens = analyze(word);
        let own = tokens.iter().flat_map(|t| [t.term.clone(), t.word.surface.clone()]);
        let synonym = synonym_tokens(std::slice::from_ref(&tokens), synonyms).into_iter().map(String::from);
        own.chain(synonym).collect::<Vec<_>>()
    };
    let answers = docs.iter().enumerate().filter(|(_, d)| d.kind == Kind::Answer);
    answers
        .map(|(n, d)| {
            let tokens = d.labels.iter().map(|l| analyze(l)).collect::<Vec<_>>();
            let mut groups: Vec<Vec<String>> = tokens.iter().flatten().map(|t| vec![t.term.clone()]).collect();
            groups.extend(synonym_tokens(&tokens, synonyms).into_iter().map(|s| vec![s.to_string()]));
            for group in groups.iter_mut() {
                for (label, words) in INTENT {
                    if word_terms(label).contains(&group[0]) {
                        group.extend(words.iter().flat_map(|w| word_terms(w)));
                    }
                }
                let first = group.remove(0);
                group.sort();
                group.dedup();
                group.retain(|t| t != &first);
                group.insert(0, first);
            }
            (n as u32, groups)
        })
        .collect()
}

/// The answer of the wizard that the query names, if any: one whose labels have, for every
/// clause, a term that one of the clause's exact terms (word, alias or synonym) or its folded
/// words stand for; of several, the one whose terms the query covers most (a word in both
/// labels counts twice: « trouver un emploi » is the demandeur d'emploi's), then the one with
/// fewest terms, then the first.
pub fn answer_named(answers: &[(u32, Vec<Vec<String>>)], clauses: &[Clause]) -> Option<u32> {
    let exact = |c: &Clause| {
        let terms = c.candidates.iter().filter(|c| !c.typo && c.weight >= EXACT).map(|c| c.term.clone());
        terms.chain(c.words.iter().cloned()).collect::<Vec<_>>()
    };
    let terms: Vec<Vec<String>> = clauses.iter().map(exact).collect();
    if terms.is_empty() {
        return None;
    }
    let hits = |group: &Vec<String>, ts: &Vec<String>| group.iter().any(|g| ts.contains(g));
    let spelled = answers.iter().filter(|(_, groups)| terms.iter().all(|ts| groups.iter().any(|g| hits(g, ts))));
    let covered = |groups: &Vec<Vec<String>>| groups.iter().filter(|g| terms.iter().any(|ts| hits(g, ts))).count();
    spelled.min_by_key(|(doc, groups)| (std::cmp::Reverse(covered(groups)), groups.len(), *doc)).map(|(doc, _)| *doc)
}

/// Built-in synonyms, before the guide's own `synonymes`.
const BUILT_IN: [&[&str]; 14] = [
    &["cv", "curriculum vitae"],
    // Everyday words (frequent words of the texts are query aliases instead: `query::ALIASES`).
    // Common trades lead to the sector whose networks present them (« boulanger » → artisanat).
    &[
        "artisanat",
        "artisan",
        "boulanger",
        "boulangère",
        "pâtissier",
        "pâtissière",
        "boucher",
        "bouchère",
        "charcutier",
        "coiffeur",
        "coiffeuse",
        "esthéticienne",
        "esthéticien",
        "fleuriste",
        "menuisier",
        "ébéniste",
        "plombier",
        "électricien",
        "maçon",
        "carreleur",
        "couvreur",
        "carrossier",
        "mécanicien",
        "cordonnier",
        "bijoutier",
        "toiletteur",
        "prothésiste dentaire",
    ],
    &["restauration", "cuisinier", "cuisinière", "serveur", "serveuse", "commis de cuisine", "plongeur"],
    &["commerce", "vendeur", "vendeuse", "caissier", "caissière", "commerçant"],
    &["décrocheur", "décrocheurs", "décrochage", "décrocher", "décroché"],
    &["reconversion", "reconvertir", "changer de métier", "changer de métiers"],
    &["handicap", "handicapé", "handicapée", "handicapés", "rqth"],
    // Commune names as people abbreviate them: « st malo », « ste maxime ».
    &["saint", "st"],
    &["sainte", "ste"],
    &["vae", "validation des acquis de l'expérience"],
    &["cpf", "compte personnel de formation", "mon compte formation"],
    &["cep", "conseil en évolution professionnelle"],
    &["alternance", "apprentissage", "apprenti"],
    // The Information Jeunesse network's offices: regional centre, bureau, point.
    &[
        "information jeunesse",
        "crij",
        "bij",
        "pij",
        "bureau information jeunesse",
        "point information jeunesse",
        "bureau info jeunesse",
        "point info jeunesse",
    ],
];

/// Synonym groups with their members analyzed twice: folded words (what queries match) and terms
/// (what documents match).
fn synonym_groups(guide: &[Vec<String>]) -> Vec<(Synonym, Vec<Vec<String>>)> {
    let built_in = BUILT_IN.iter().map(|g| g.iter().map(|m| m.to_string()).collect::<Vec<_>>());
    built_in
        .chain(guide.iter().cloned())
        .enumerate()
        .map(|(i, members)| {
            let words = members.iter().map(|m| analyze(m).into_iter().map(|t| t.word.surface).collect()).collect();
            let terms = members.iter().map(|m| analyze(m).into_iter().map(|t| t.term).collect()).collect();
            (Synonym { token: format!("~{i}"), members: words }, terms)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::search::Kind;

    fn doc(text: &str, serves: &str) -> SearchDoc {
        SearchDoc {
            kind: Kind::Record(crate::content::model::RecordKind::Structure),
            title: "Structure".into(),
            keys: String::new(),
            text: text.into(),
            serves: serves.into(),
            url: String::new(),
            territory: None,
            network: None,
            publics: Vec::new(),
            excerpt: String::new(),
            former: Vec::new(),
            places: Vec::new(),
            labels: Vec::new(),
            phone: None,
        }
    }

    #[test]
    fn a_network_is_named_by_its_words_their_starts_or_a_synonym_that_spells_it() {
        use crate::export::search::query::Candidate;
        let networks = vec![(7u32, vec![vec!["information".to_string(), "jeunesse".to_string()]])];
        let members = vec![vec!["bij".to_string()], ["bureau", "information", "jeunesse"].map(String::from).to_vec()];
        let syn = Synonym { token: "~0".into(), members };
        let clause = |w: &str, t: &str| Clause {
            words: vec![w.into()],
            candidates: vec![Candidate { term: t.into(), weight: 1.0, typo: false }],
        };
        assert_eq!(named(&networks, std::slice::from_ref(&syn), &[clause("bij", "~0")]), [7]);
        assert!(named(&networks, &[syn], &[clause("bureau", "bureau")]).is_empty());
        assert_eq!(named(&networks, &[], &[clause("info", "info"), clause("jeunesse", "jeuness")]), [7]);
        assert!(named(&networks, &[], &[clause("jeunesse", "jeuness"), clause("info", "info")]).is_empty());
        assert!(named(&networks, &[], &[clause("in", "in"), clause("jeunesse", "jeuness")]).is_empty());
    }

    #[test]
    fn a_label_served_scores_alike_in_every_document_that_serves_it() {
        // Synthetic: the same need among one, two or five labels, its word once or twice.
        let docs = vec![
            doc("", "Trouver un emploi"),
            doc("", "Demandeur d'emploi · Trouver un emploi"),
            doc("", "Cadre · Salarié · Étudiant · Trouver un emploi · Changer de métier"),
            doc("Accompagne vers l'emploi.", ""),
        ];
        let index = SearchIndex::build(docs, &[], &[]).expect("index");
        let term = &analyze("emploi")[0].term;
        let scores: Vec<(u32, u64)> = index.postings[term].iter().map(|&(d, s)| (d, thousandths(s))).collect();
        let served = scores[0].1;
        assert_eq!(scores[..3], [(0, served), (1, served), (2, served)]);
        // The text weighs more.
        assert_eq!(scores[3].0, 3);
        assert!(scores[3].1 > served, "{scores:?}");
    }
}
