//! Relevance of the search (issue 15): success at 3 and mean reciprocal rank of
//! `tests/search/relevance.tsv` over the bundled guide and the fixture guides (another region's
//! among them), with every query that misses and its first three results.
//!
//! ```sh
//! cargo bench --bench search_relevance
//! ```
//! `tests/search.rs` (`relevance_does_not_fall`) keeps the score above a floor.

use std::path::Path;

use bonneporte::export::search::{self, relevance};
use bonneporte::graph::Graph;
use bonneporte::site;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/search/relevance.tsv")).expect("relevance.tsv");
    let cases = relevance::parse(&text).expect("relevance.tsv");
    let mut all = Vec::new();
    for (guide, dir) in
        [("bundled", "content"), ("minimal", "tests/fixtures/minimal"), ("bretagne", "tests/fixtures/bretagne")]
    {
        let checked = site::check(&root.join(dir), site::today()).expect("check");
        let graph = Graph::build(&checked.guide).expect("graph");
        let index = search::index_guide(&graph).expect("index");
        let mine: Vec<_> = cases.iter().filter(|c| c.guide == guide).cloned().collect();
        let outcomes = relevance::evaluate(&graph, &index, &mine).expect("search");
        let (success, mrr) = relevance::scores(&outcomes);
        println!("{guide:<8} {:>3} requêtes : succès@3 {success:.3}, MRR {mrr:.3}", outcomes.len());
        all.extend(outcomes);
    }
    let (success, mrr) = relevance::scores(&all);
    println!("ensemble {:>3} requêtes : succès@3 {success:.3}, MRR {mrr:.3}", all.len());
    println!("\nmanquées :");
    for o in all.iter().filter(|o| !o.success) {
        let expected: Vec<String> = o.case.expected.iter().map(|e| e.join("|")).collect();
        println!(
            "  {} « {} » attendu {} ; obtenu {:?}",
            o.case.guide,
            o.case.query,
            expected.join(" "),
            &o.top[..o.top.len().min(3)]
        );
    }
}
