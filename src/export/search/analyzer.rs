//! The French analyzer shared by the index and the queries.
//!
//! A word is a run of letters or digits. An elided article (`l'`, `d'`, `qu'`…) is dropped; the rest
//! is lowercased (`œ` → `oe`), stemmed by the French Snowball stemmer, then folded (accents off).
//! Stemming comes before folding because the stemmer's rules look at accented suffixes
//! (`-ité`, `-ée`): folding first would give stems no user expects.
//! The browser never stems: the index exports the vocabulary of folded surface words mapped to their
//! terms, so the client only has to split, fold and look up ([`words`] is what it mirrors).

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::content::collate::fold;

/// Articles and conjunctions that French elides before a vowel (`l'orientation`, `qu'il`).
pub const ELISIONS: [&str; 13] = ["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

/// Words too frequent to tell documents apart; left out of the index and of queries, so that
/// "validation des acquis" requires the two meaningful words only. Folded.
pub const STOPWORDS: [&str; 14] =
    ["a", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "ou", "un", "une"];

/// A word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lowercased, accents off: what the client looks up.
    pub surface: String,
    /// Byte offsets of the word in the text.
    pub from: usize,
    pub to: usize,
}

/// A word of a text with its index term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: Word,
    /// Lowercased, stemmed, then folded.
    pub term: String,
    /// The lowercased accented form, before stemming (to derive inflected forms).
    pub lower: String,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The words of `text`, elided articles and stopwords dropped.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (offset, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(offset);
            continue;
        }
        if let Some(from) = start.take() {
            push_word(&mut out, text, from, offset, is_apostrophe(c));
        }
    }
    if let Some(from) = start {
        push_word(&mut out, text, from, text.len(), false);
    }
    out
}

fn push_word(out: &mut Vec<Word>, text: &str, from: usize, to: usize, before_apostrophe: bool) {
    let surface = fold(&text[from..to]);
    if before_apostrophe && ELISIONS.contains(&surface.as_str()) {
        return;
    }
    if !STOPWORDS.contains(&surface.as_str()) {
        out.push(Word { surface, from, to });
    }
}

/// Lowercase with ligatures spelled out, accents kept: the stemmer's input.
fn lower(text: &str) -> String {
    text.to_lowercase().replace('œ', "oe").replace('æ', "ae")
}

/// The index term of a lowercased accented word.
pub fn term_of_lower(lower: &str) -> String {
    fold(&stemmer().stem(lower))
}

/// The tokens of `text`: its words with their terms.
pub fn analyze(text: &str) -> Vec<Token> {
    words(text)
        .into_iter()
        .map(|word| {
            let lower = lower(&text[word.from..word.to]);
            Token { term: term_of_lower(&lower), lower, word }
        })
        .collect()
}

/// Inflected forms of a lowercased word that share its term (`formation` → `formations`), so that
/// the exported vocabulary also knows plurals and feminines that the guide does not spell out.
pub fn inflections(lower: &str, term: &str) -> Vec<String> {
    let mut forms: Vec<String> = ["s", "x", "e", "es"].iter().map(|end| format!("{lower}{end}")).collect();
    if let Some(stripped) = lower.strip_suffix(['s', 'x']) {
        forms.push(stripped.to_string());
    }
    forms.into_iter().filter(|f| term_of_lower(f) == term).map(|f| fold(&f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.term).collect()
    }

    fn surfaces(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.surface).collect()
    }

    #[test]
    fn case_and_accents_do_not_matter() {
        assert_eq!(terms("métiers"), terms("METIERS"));
        assert_eq!(terms("Métiers"), terms("metiers"));
        assert_eq!(surfaces("Électricité"), ["electricite"]);
    }

    #[test]
    fn ligatures_are_spelled_out() {
        assert_eq!(surfaces("Œuvre"), ["oeuvre"]);
        assert_eq!(terms("œuvres"), terms("oeuvre"));
    }

    #[test]
    fn elided_articles_are_dropped() {
        assert_eq!(surfaces("l'orientation d’emploi qu'il"), ["orientation", "emploi", "il"]);
        assert_eq!(surfaces("jusqu'à lorsqu'elle"), ["elle"]);
        // A lone letter not before an apostrophe is kept.
        assert_eq!(surfaces("niveau C"), ["niveau", "c"]);
        // While typing: `l'` alone is already an article.
        assert_eq!(surfaces("formation l'"), ["formation"]);
    }

    #[test]
    fn stopwords_are_dropped() {
        assert_eq!(surfaces("Validation des acquis de l'expérience"), ["validation", "acquis", "experience"]);
    }

    #[test]
    fn plurals_and_feminines_share_the_stem() {
        assert_eq!(terms("formations"), terms("formation"));
        assert_eq!(terms("locales"), terms("local"));
        assert_eq!(terms("missions"), terms("mission"));
    }

    #[test]
    fn stemming_happens_before_folding() {
        // The stemmer removes `-ité` only when it sees the accent.
        assert_eq!(terms("université"), terms("universités"));
        assert_eq!(terms("activité"), ["activ"]);
    }

    #[test]
    fn numbers_and_offsets() {
        let words = words("Vierzon (18100)");
        assert_eq!(words[1], Word { surface: "18100".into(), from: 9, to: 14 });
    }

    #[test]
    fn inflections_share_the_term() {
        let token = &analyze("formation")[0];
        assert!(inflections(&token.lower, &token.term).contains(&"formations".to_string()));
    }
}
