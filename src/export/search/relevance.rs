//! How well the search answers what people type: a relevance set (`tests/search/relevance.tsv`,
//! queries and the documents expected among the first three) scored as success at 3 and mean
//! reciprocal rank, by the test that keeps it from falling and by `cargo bench --bench
//! search_relevance`.

use super::{Filters, Found, SearchIndex, find};
use crate::graph::Graph;

/// Results read to score a query: a document further down counts as not found.
pub const DEPTH: usize = 10;

/// One line of the set.
#[derive(Debug, Clone)]
pub struct Case {
    pub guide: String,
    pub query: String,
    /// Every one must be among the first three; each is a list of alternatives.
    pub expected: Vec<Vec<String>>,
}

/// The cases of a relevance file: `guide<TAB>query<TAB>expected, …`, `#` lines are comments.
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    let lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    lines
        .map(|(n, line)| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [guide, query, expected] = cols[..] else {
                return Err(format!("ligne {} : trois colonnes attendues", n + 1));
            };
            let expected: Vec<Vec<String>> =
                expected.split(',').map(|e| e.split('|').map(|a| a.trim().to_string()).collect()).collect();
            if expected.iter().flatten().any(String::is_empty) {
                return Err(format!("ligne {} : aucun document attendu", n + 1));
            }
            Ok(Case { guide: guide.into(), query: query.into(), expected })
        })
        .collect()
}

/// How a relevance file names a result: its page's path without `/index.html`, or
/// `commune:<name>`.
pub fn key(found: &Found) -> String {
    if found.kind == "commune" {
        return format!("commune:{}", found.titre);
    }
    let url = found.url.split('#').next().unwrap_or_default();
    url.trim_end_matches("index.html").trim_end_matches('/').to_string()
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    /// The first results, as [`key`]s.
    pub top: Vec<String>,
    /// Every expected document among the first three.
    pub success: bool,
    /// 1 / rank of the worst-ranked expected document (0 when one is not in the first
    /// [`DEPTH`]).
    pub reciprocal_rank: f64,
}

/// Runs `cases` (those of one guide) over its index. The page shows communes as a list of their
/// own above the other results: a commune's rank is its rank among communes, another
/// document's its rank among the others.
pub fn evaluate(g: &Graph, index: &SearchIndex, cases: &[Case]) -> Result<Vec<Outcome>, String> {
    cases
        .iter()
        .map(|case| {
            let found = find(g, index, &case.query, &Filters::default())?;
            let top: Vec<String> = found.iter().take(DEPTH).map(key).collect();
            let (communes, others): (Vec<&Found>, Vec<&Found>) = found.iter().partition(|f| f.kind == "commune");
            let ranked = |list: &[&Found]| list.iter().take(DEPTH).map(|f| key(f)).collect::<Vec<_>>();
            let (communes, others) = (ranked(&communes), ranked(&others));
            let rank = |alternatives: &Vec<String>| {
                let list = if alternatives.iter().any(|a| a.starts_with("commune:")) { &communes } else { &others };
                list.iter().position(|k| alternatives.contains(k)).map(|r| r + 1)
            };
            let ranks: Vec<Option<usize>> = case.expected.iter().map(rank).collect();
            let worst = ranks.iter().try_fold(0, |w, r| r.map(|r| w.max(r)));
            Ok(Outcome {
                case: case.clone(),
                success: worst.is_some_and(|w| w <= 3),
                reciprocal_rank: worst.map_or(0.0, |w| 1.0 / w as f64),
                top,
            })
        })
        .collect()
}

/// Success at 3 and mean reciprocal rank of `outcomes`.
pub fn scores(outcomes: &[Outcome]) -> (f64, f64) {
    let n = outcomes.len().max(1) as f64;
    let success = outcomes.iter().filter(|o| o.success).count() as f64 / n;
    let mrr = outcomes.iter().map(|o| o.reciprocal_rank).sum::<f64>() / n;
    (success, mrr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_alternatives_and_comments() {
        let cases = parse("# comment\nbundled\tcio bourges\treseaux/cio, a|b\n").expect("parse");
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].expected, [vec!["reseaux/cio".to_string()], vec!["a".into(), "b".into()]]);
        assert!(parse("bundled\tquery\n").is_err());
    }
}
