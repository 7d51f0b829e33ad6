//! What a query means, over the exported vocabulary: the contract that `search.js` mirrors.
//!
//! A query is split into words like the texts (elided articles and stopwords dropped, folded).
//! Words that spell a synonym (`cv`, `curriculum vitae`) become one clause on the synonym's token.
//! The words of a question that say nothing of what is sought ([`QUERY_STOPWORDS`]: `je`, `mes`,
//! `cherche`…) are then dropped, unless the query has no other word.
//! Any other word becomes a clause whose candidates are:
//! - the terms of the word itself (weight [`EXACT`]), then those of its [`ALIASES`];
//! - when it has at least [`PREFIX_MIN`] letters and is the last word with the query ending
//!   right after it (typing), or is no word of the guide (`jeun`, `reconv`: only a start), the
//!   [`MAX_PREFIX`] most frequent other terms of words that start with it (weight [`NEAR`]); a
//!   known word elsewhere does not fan out, which on a national guide would load the heads of
//!   many frequent terms;
//! - when the word is unknown and has at least [`TYPO_MIN`] letters, the [`MAX_TYPO`] most frequent
//!   terms of known words one edit away (a letter wrong, missing or extra, or two neighbours
//!   swapped), wherever the edit is, first letters included (weight [`NEAR`]); a
//!   document found only through such a typo ranks below every document found without one.
//!
//! A document matches when it matches every clause; its score is the sum over clauses of the
//! weighted BM25 scores of the candidates it contains.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound::{Included, Unbounded};

use super::analyzer::words;

pub const EXACT: f32 = 1.0;
pub const NEAR: f32 = 0.5;
pub const MAX_PREFIX: usize = 20;
/// Shorter prefixes would make the browser load a large part of the vocabulary ("m": 150 KB on a
/// national guide) for results nobody reads.
pub const PREFIX_MIN: usize = 3;
pub const MAX_TYPO: usize = 10;
pub const TYPO_MIN: usize = 5;

/// Everyday words and the words of the guide they stand for: the clause of such a word also has
/// the exact terms of these words (weight [`EXACT`]). One way, unlike synonyms: `boulot` finds
/// `emploi`, but `emploi` does not get the postings of every text that says `travail`, which on a
/// national guide would load much of the index for a frequent word. Folded.
pub const ALIASES: [(&str, &[&str]); 5] = [
    ("boulot", &["emploi", "travail"]),
    ("boulots", &["emploi", "travail"]),
    ("job", &["emploi"]),
    ("info", &["information"]),
    ("bac", &["baccalaureat"]),
];

/// Words of a question that say nothing of what is sought: pronouns, possessives, auxiliaries
/// and the verbs of asking (`je cherche du travail`, `reprendre mes études`). Dropped from a
/// query that has other words; the texts keep them. Folded.
pub const QUERY_STOPWORDS: [&str; 52] = [
    "je",
    "j",
    "tu",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "me",
    "moi",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "nos",
    "votre",
    "vos",
    "leur",
    "leurs",
    "ce",
    "cet",
    "cette",
    "ces",
    "qui",
    "que",
    "quoi",
    "quel",
    "quelle",
    "comment",
    "pour",
    "par",
    "avec",
    "dans",
    "sur",
    "suis",
    "est",
    "veux",
    "voudrais",
    "souhaite",
    "aimerais",
    "cherche",
    "cherchons",
    "faire",
    "y",
];

/// Folded surface words → their index terms, and each term's document frequency.
#[derive(Default, Debug)]
pub struct Vocab {
    pub surfaces: BTreeMap<String, Vec<String>>,
    pub df: HashMap<String, u32>,
}

impl Vocab {
    /// Maps `surface` to `term` too, the surface's terms kept sorted and each once.
    pub fn add(&mut self, surface: String, term: &str) {
        let terms = self.surfaces.entry(surface).or_default();
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_string());
            terms.sort();
        }
    }
}

/// A synonym group: its members as folded word sequences; documents containing any member carry
/// the group's token.
#[derive(Debug, Clone)]
pub struct Synonym {
    pub token: String,
    pub members: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub term: String,
    pub weight: f32,
    pub typo: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The folded words of the query this clause stands for.
    pub words: Vec<String>,
    pub candidates: Vec<Candidate>,
}

/// The clauses of `query`.
pub fn clauses(query: &str, vocab: &Vocab, synonyms: &[Synonym]) -> Vec<Clause> {
    let words = words(query);
    let typing = words.last().is_some_and(|w| w.to == query.len());
    let surfaces: Vec<String> = words.into_iter().map(|w| w.surface).collect();
    let filler = |w: &String| QUERY_STOPWORDS.contains(&w.as_str());
    let questions = surfaces.iter().any(|w| !filler(w));
    let mut out = Vec::new();
    let mut i = 0;
    while i < surfaces.len() {
        if let Some((token, len)) = synonym_at(&surfaces[i..], synonyms) {
            out.push(Clause {
                words: surfaces[i..i + len].to_vec(),
                candidates: vec![Candidate { term: token.to_string(), weight: EXACT, typo: false }],
            });
            i += len;
            continue;
        }
        if !(questions && filler(&surfaces[i])) {
            let mut candidates = candidates(&surfaces[i], typing && i + 1 == surfaces.len(), vocab);
            let aliases = ALIASES.iter().filter(|(w, _)| *w == surfaces[i]).flat_map(|(_, to)| to.iter());
            for term in aliases.flat_map(|a| vocab.surfaces.get(*a).into_iter().flatten()) {
                if !candidates.iter().any(|c| &c.term == term) {
                    candidates.push(Candidate { term: term.clone(), weight: EXACT, typo: false });
                }
            }
            out.push(Clause { words: vec![surfaces[i].clone()], candidates });
        }
        i += 1;
    }
    out
}

/// The longest synonym member that starts the words (first group first on equal length).
fn synonym_at<'s>(words: &[String], synonyms: &'s [Synonym]) -> Option<(&'s str, usize)> {
    let mut best: Option<(&str, usize)> = None;
    for s in synonyms {
        for m in &s.members {
            let longer = best.is_none_or(|(_, len)| m.len() > len);
            if !m.is_empty() && longer && words.starts_with(m) {
                best = Some((&s.token, m.len()));
            }
        }
    }
    best
}

fn candidates(word: &str, typing: bool, vocab: &Vocab) -> Vec<Candidate> {
    let exact = vocab.surfaces.get(word).cloned().unwrap_or_default();
    let mut out: Vec<Candidate> =
        exact.iter().map(|t| Candidate { term: t.clone(), weight: EXACT, typo: false }).collect();
    if (typing || exact.is_empty()) && word.chars().count() >= PREFIX_MIN {
        let near = vocab.surfaces.range::<str, _>((Included(word), Unbounded)).take_while(|(s, _)| s.starts_with(word));
        let terms = most_frequent(near.flat_map(|(_, terms)| terms), &out, MAX_PREFIX, vocab);
        out.extend(terms.into_iter().map(|term| Candidate { term, weight: NEAR, typo: false }));
    }
    if exact.is_empty() && word.chars().count() >= TYPO_MIN {
        let near = vocab.surfaces.iter().filter(|(s, _)| one_edit(word, s));
        let terms = most_frequent(near.flat_map(|(_, terms)| terms), &out, MAX_TYPO, vocab);
        out.extend(terms.into_iter().map(|term| Candidate { term, weight: NEAR, typo: true }));
    }
    out
}

/// The `max` most frequent terms (then in code point order) not already candidates.
fn most_frequent<'a>(
    terms: impl Iterator<Item = &'a String>,
    already: &[Candidate],
    max: usize,
    vocab: &Vocab,
) -> Vec<String> {
    // A place term is no word: a start or a typo of a word does not name its place.
    let fresh = |t: &&String| !super::index::is_place(t) && !already.iter().any(|c| &c.term == *t);
    let mut list: Vec<&String> = terms.filter(fresh).collect();
    list.sort_by(|a, b| vocab.df.get(*b).cmp(&vocab.df.get(*a)).then_with(|| a.cmp(b)));
    list.dedup();
    list.into_iter().take(max).cloned().collect()
}

/// Letters that [`typo_key`] drops.
pub const TYPO_HEAD: usize = 4;

/// The key under which the export lists a known word for typo lookups: the word after its first
/// [`TYPO_HEAD`] letters, if any are left. With [`typo_keys`] and [`typo_shorter`], the browser
/// finds the known words one edit away from a typed word in a few small files rather than in
/// the whole vocabulary (see `typo_lookups_cover_every_edit`).
pub fn typo_key(surface: &str) -> Option<String> {
    (surface.chars().count() > TYPO_HEAD).then(|| surface.chars().skip(TYPO_HEAD).collect())
}

/// The keys to look up for a typed word (what `search.js` does, modelled here for the test that
/// the lookups cover every edit): the word after 3, 4 and 5 letters (a letter missing,
/// wrong, swapped or extra among the first four). An edit after the first three letters keeps
/// them: the vocabulary's order finds those words.
#[cfg(test)]
fn typo_keys(word: &str) -> Vec<String> {
    let keys = (TYPO_HEAD - 1..=TYPO_HEAD + 1).map(|skip| word.chars().skip(skip).collect::<String>());
    keys.filter(|k| !k.is_empty()).collect()
}

/// Known words too short for a key that a typed word of [`TYPO_HEAD`] + 1 letters may mean: the
/// word without one of its first three letters (`search.js`, modelled here for the test).
#[cfg(test)]
fn typo_shorter(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    if letters.len() != TYPO_HEAD + 1 {
        return Vec::new();
    }
    (0..TYPO_HEAD - 1).map(|i| letters.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect()).collect()
}

/// One letter wrong, missing or extra, or two neighbours swapped (`missoin`).
pub fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    match long.len() - short.len() {
        0 => {
            let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match differ[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let start = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
            short[start..] == long[start + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(entries: &[(&str, &str, u32)]) -> Vocab {
        let mut v = Vocab::default();
        for &(surface, term, df) in entries {
            v.surfaces.entry(surface.into()).or_default().push(term.into());
            v.df.insert(term.into(), df);
        }
        v
    }

    fn terms(clause: &Clause) -> Vec<(&str, bool)> {
        clause.candidates.iter().map(|c| (c.term.as_str(), c.typo)).collect()
    }

    #[test]
    fn edits() {
        assert!(one_edit("fomation", "formation"));
        assert!(one_edit("misssion", "mission"));
        assert!(one_edit("mission", "mussion"));
        assert!(!one_edit("mission", "mission"));
        assert!(one_edit("mission", "misison"));
        assert!(!one_edit("mission", "msisoin"));
    }

    /// Every single edit of a typed word of five letters or more, wherever it is: the known word
    /// shares the first three letters, or has one of the keys, or is one of the shorter words.
    #[test]
    fn typo_lookups_cover_every_edit() {
        let found = |typed: &str, known: &str| {
            let head: String = typed.chars().take(TYPO_HEAD - 1).collect();
            known.starts_with(&head)
                || typo_key(known).is_some_and(|k| typo_keys(typed).contains(&k))
                || typo_shorter(typed).iter().any(|w| w == known)
        };
        for known in ["formation", "cibc", "emploi", "apec"] {
            let letters: Vec<char> = known.chars().collect();
            let mut typed: Vec<String> = Vec::new();
            for i in 0..=letters.len() {
                for c in ['x', letters[i.min(letters.len() - 1)]] {
                    let mut extra = letters.clone();
                    extra.insert(i, c);
                    typed.push(extra.iter().collect());
                }
                if i < letters.len() {
                    let mut missing = letters.clone();
                    missing.remove(i);
                    typed.push(missing.iter().collect());
                    let mut wrong = letters.clone();
                    wrong[i] = 'x';
                    typed.push(wrong.iter().collect());
                }
                if i + 1 < letters.len() {
                    let mut swapped = letters.clone();
                    swapped.swap(i, i + 1);
                    typed.push(swapped.iter().collect());
                }
            }
            for t in typed.iter().filter(|t| t.chars().count() >= TYPO_MIN && one_edit(t, known)) {
                assert!(found(t, known), "{t} → {known}");
            }
        }
        assert_eq!(typo_key("apec"), None);
        assert_eq!(typo_shorter("ciibc"), ["iibc", "cibc", "cibc"]);
    }

    #[test]
    fn the_last_word_and_every_unknown_word_are_prefixes() {
        let v = vocab(&[("mission", "mission", 3), ("missions", "mission", 3), ("missionner", "missionn", 1)]);
        assert_eq!(terms(&clauses("miss", &v, &[])[0]), [("mission", false), ("missionn", false)]);
        // An unknown word anywhere is a start.
        let both = clauses("miss miss ", &v, &[]);
        assert_eq!(terms(&both[0]), terms(&both[1]));
        assert_eq!(terms(&both[0]), [("mission", false), ("missionn", false)]);
        // A known word is a prefix only while typed.
        assert_eq!(terms(&clauses("mission ", &v, &[])[0]), [("mission", false)]);
        assert_eq!(terms(&clauses("mission", &v, &[])[0]), [("mission", false), ("missionn", false)]);
        // Two letters are not yet a prefix.
        assert!(clauses("mi", &v, &[])[0].candidates.is_empty());
    }

    #[test]
    fn aliases_add_the_terms_of_their_words() {
        let v = vocab(&[("emploi", "emploi", 3), ("travail", "travail", 2), ("boulot", "boulot", 1)]);
        assert_eq!(terms(&clauses("boulot ", &v, &[])[0]), [("boulot", false), ("emploi", false), ("travail", false)]);
        assert_eq!(terms(&clauses("emploi ", &v, &[])[0]), [("emploi", false)]);
    }

    #[test]
    fn words_of_a_question_are_dropped_unless_alone() {
        let v = vocab(&[("travail", "travail", 3), ("je", "je", 1)]);
        let c = clauses("je cherche du travail", &v, &[]);
        assert_eq!(c.iter().map(|c| c.words.clone()).collect::<Vec<_>>(), [vec!["travail".to_string()]]);
        // Only words of a question: kept.
        assert_eq!(clauses("je cherche", &v, &[]).len(), 2);
        // Inside a synonym, a word of a question still counts.
        let syn = Synonym { token: "~0".into(), members: vec![vec!["mon".into(), "compte".into()]] };
        assert_eq!(terms(&clauses("mon compte", &v, &[syn])[0]), [("~0", false)]);
    }

    #[test]
    fn unknown_long_words_get_typo_candidates() {
        let v = vocab(&[("formation", "format", 5), ("forme", "form", 2)]);
        assert_eq!(terms(&clauses("fomation ", &v, &[])[0]), [("format", true)]);
        assert!(clauses("fome ", &v, &[])[0].candidates.is_empty());
        // In the first two letters too.
        assert_eq!(terms(&clauses("dormation ", &v, &[])[0]), [("format", true)]);
        assert_eq!(terms(&clauses("ofrmation ", &v, &[])[0]), [("format", true)]);
        assert_eq!(terms(&clauses("ormation ", &v, &[])[0]), [("format", true)]);
    }

    #[test]
    fn synonyms_take_the_longest_member() {
        let syn =
            Synonym { token: "~0".into(), members: vec![vec!["cv".into()], vec!["curriculum".into(), "vitae".into()]] };
        let v = vocab(&[("modele", "model", 1)]);
        let c = clauses("Curriculum vitae modèle", &v, &[syn]);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].words, ["curriculum", "vitae"]);
        assert_eq!(terms(&c[0]), [("~0", false)]);
    }
}
