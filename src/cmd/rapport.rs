//! `bonneporte rapport`: the freshness report of a guide, as a table and a CSV. A guide with
//! errors gets its report too, on what could be read, after its errors; the exit status still
//! says that it has errors (1).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use bonneporte::diag::Warnings;
use bonneporte::graph::Graph;
use bonneporte::rapport::Rapport;
use bonneporte::site::{self, Error};

use super::report;

pub fn run(content: &Path, today: i64, csv: Option<&Path>) -> Result<ExitCode, Error> {
    let checked = site::check(content, today)?;
    let errors = checked.diags.error_count();
    if errors > 0 {
        report(&checked, content, Warnings::Aucun);
    }
    // The graph of a guide with errors skips what does not resolve: the report covers what
    // could be read. Without a site or a root region there is nothing to report on.
    let Some(graph) = Graph::build(&checked.guide) else {
        eprintln!(
            "Échec : {} ; sans site.yaml ni région racine, il n'y a pas de rapport.",
            bonneporte::diag::counted(errors, "erreur", "erreurs")
        );
        return Err(Error::Content(Box::new(checked)));
    };
    let rapport = Rapport::of(&graph, &checked.sources, today);
    if let Some(file) = csv {
        std::fs::write(file, rapport.csv()).map_err(|e| Error::Io(format!("écriture de {} : {e}", file.display())))?;
    }
    let _ = write!(std::io::stdout(), "{}", rapport.table(content));
    drop(graph);
    if errors > 0 {
        eprintln!(
            "Attention : le guide a {} ; ce rapport ne compte que les fiches lisibles. « bonneporte check » les détaille.",
            bonneporte::diag::counted(errors, "erreur", "erreurs")
        );
        return Err(Error::Content(Box::new(checked)));
    }
    Ok(ExitCode::SUCCESS)
}
