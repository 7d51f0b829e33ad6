//! French text helpers: collation order for lists and accent folding for comparisons.
//!
//! Lists of the site sort the way a French reader expects (ICU's French rules: "Électricité"
//! with the E's), and comparing names ignores case, accents and ligatures.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use icu_normalizer::DecomposingNormalizerBorrowed;

/// The French collator from the data compiled into the binary (`None` cannot happen with
/// compiled data, and then texts simply compare by code point).
fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR.get_or_init(|| Collator::try_new(locale!("fr").into(), CollatorOptions::default()).ok()).as_ref()
}

/// Compares two texts in French order.
pub fn compare(a: &str, b: &str) -> Ordering {
    match collator() {
        Some(collator) => collator.compare(a, b),
        None => a.cmp(b),
    }
}

/// Lowercase, without diacritics, ligatures spelled out (`Œuvre` → `oeuvre`).
pub fn fold(text: &str) -> String {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut out = String::with_capacity(text.len());
    for c in decomposed.chars() {
        match c {
            '\u{0300}'..='\u{036f}' => {}
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            '’' | 'ʼ' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_capitals_sort_with_their_letter() {
        let mut words = vec!["Fongecif", "Électricité", "Apec", "emploi", "Zèbre", "école"];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(words, ["Apec", "école", "Électricité", "emploi", "Fongecif", "Zèbre"]);
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Œuvre à MÉTIERS"), "oeuvre a metiers");
        assert_eq!(fold("Saint-Étienne"), "saint-etienne");
    }
}
