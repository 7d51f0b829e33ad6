//! `bonneporte search`: the guide's search index queried as the site's search page does.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use bonneporte::export::search;
use bonneporte::site::{self, Error, Options};

use super::with_report;

pub fn run(content: &Path, today: i64, query: &str, ids: &search::FilterIds, json: bool) -> Result<ExitCode, Error> {
    let checked =
        site::check_valid(content, today).map_err(|e| with_report(e, content, Default::default(), |_| None))?;
    let site = checked.site(Options { base_url: None, today })?;
    let filters = search::Filters::resolve(&site.graph, ids).map_err(Error::Usage)?;
    let index = site.search_index()?;
    let found = search::find(&site.graph, index, query, &filters).map_err(Error::Export)?;
    if json {
        let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&found).unwrap_or_default());
    } else {
        if found.first().is_some_and(|f| f.partiel) {
            let unmatched = search::unmatched(index, query).map_err(Error::Export)?;
            print_partial(&unmatched);
        }
        print_found(&found);
    }
    Ok(ExitCode::SUCCESS)
}

/// The heading of results that match only some words, and the words that match nothing.
fn print_partial(unmatched: &[String]) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Aucun résultat avec tous les mots. Résultats pour une partie de votre recherche :");
    if !unmatched.is_empty() {
        let words: Vec<String> = unmatched.iter().map(|w| format!("« {w} »")).collect();
        let _ = writeln!(out, "(aucun résultat pour {})", words.join(", "));
    }
}

/// Prints the results; a closed pipe (`| head`) just ends the listing.
fn print_found(found: &[search::Found]) {
    let mut out = std::io::stdout().lock();
    if found.is_empty() {
        let _ = writeln!(out, "Aucun résultat.");
    }
    for (i, f) in found.iter().enumerate() {
        let place = f.territoire.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
        let typo = if f.approche { ", orthographe approchée" } else { "" };
        let former = f.anciennement.as_deref().map(|n| format!(", anciennement {n}")).unwrap_or_default();
        let line =
            format!("{:>3}. {}{former} ({}{place}) {}{typo}\n     {}", i + 1, f.titre, f.kind, score(f.score), f.url);
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}

/// The score the French way: « 22,78 ».
fn score(x: f32) -> String {
    bonneporte::diag::decimal(f64::from(x), 2)
}
