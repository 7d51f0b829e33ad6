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
    let found = search::find(&site.graph, site.search_index()?, query, &filters).map_err(Error::Export)?;
    if json {
        let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&found).unwrap_or_default());
    } else {
        print_found(&found);
    }
    Ok(ExitCode::SUCCESS)
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
        let line = format!("{:>3}. {} ({}{place}) {:.2}{typo}\n     {}", i + 1, f.titre, f.kind, f.score, f.url);
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
