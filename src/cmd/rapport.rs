//! `bonneporte rapport`: the freshness report of a valid guide, as a table and a CSV.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use bonneporte::rapport::Rapport;
use bonneporte::site::{self, Checked, Error, Options};

use super::with_report;

pub fn run(content: &Path, today: i64, csv: Option<&Path>) -> Result<ExitCode, Error> {
    let closing = |c: &Checked| {
        Some(format!("Échec : {} erreur(s) ; corrigez-les pour obtenir le rapport.", c.diags.error_count()))
    };
    let checked = site::check_valid(content, today).map_err(|e| with_report(e, content, closing))?;
    let site = checked.site(Options { base_url: None, today })?;
    let rapport = Rapport::of(&site.graph, &checked.sources, today);
    if let Some(file) = csv {
        std::fs::write(file, rapport.csv()).map_err(|e| Error::Io(format!("écriture de {} : {e}", file.display())))?;
    }
    let _ = write!(std::io::stdout(), "{}", rapport.table(content));
    Ok(ExitCode::SUCCESS)
}
