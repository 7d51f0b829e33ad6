//! `bonneporte import`: directory files into the guide, a table of what became of each row,
//! the diagnostics of the rows, then `check` on the guide that was written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use bonneporte::diag::{Diagnostics, Severity, counted};
use bonneporte::import::write::Outcome;
use bonneporte::import::{self, Options, Report};
use bonneporte::site::{self, Checked, Error};

pub struct ImportConfig {
    pub content: PathBuf,
    pub options: Options,
    pub today: i64,
}

pub fn run(config: ImportConfig) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let content = config.content.as_path();
    let checked = site::check(content, config.today)?;
    if checked.diags.has_errors() {
        eprintln!(
            "Le guide a déjà {} avant l'import ; « bonneporte check » les détaille.",
            counted(checked.diags.error_count(), "erreur", "erreurs")
        );
    }
    let progress = bonneporte::progress::for_terminal();
    let done = import::import(content, &checked, &config.options, &*progress);
    progress.finish();
    let imported = done.map_err(Error::Io)?;
    render(&imported);
    print_table(&imported);
    let after = if config.options.dry_run {
        println!("Simulation (--dry-run) : aucun fichier n'a été écrit.");
        checked
    } else {
        println!(
            "{} dans {}.",
            counted(imported.written, "fichier écrit", "fichiers écrits"),
            content.join("structures").display()
        );
        check_after(content, config.today, checked, imported.written)?
    };
    println!("Import terminé en {} s.", bonneporte::diag::decimal(start.elapsed().as_secs_f64(), 2));
    // A refused row, an unreadable file (a diagnostic without row) or a guide left with errors.
    if imported.refused() > 0 || imported.diags.has_errors() || after.diags.has_errors() {
        return Err(Error::Content(Box::new(after)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The guide checked again when files were written: import must leave it valid.
fn check_after(content: &Path, today: i64, before: Checked, written: usize) -> Result<Checked, Error> {
    if written == 0 {
        return Ok(before);
    }
    let after = site::check(content, today)?;
    // The errors import would have left in full; the warnings of the whole guide (freshness of
    // every record…) only counted: `check` and `rapport` are where they are read.
    let errors =
        Diagnostics { items: after.diags.items.iter().filter(|d| d.severity == Severity::Error).cloned().collect() };
    super::render(&errors, &after.sources, content);
    println!(
        "Vérification du guide : {}, {} (« bonneporte check » les détaille).",
        bonneporte::diag::counted(after.guide.record_count(), "fiche", "fiches"),
        super::counts(&after)
    );
    Ok(after)
}

fn render(imported: &Report) {
    for line in &imported.detected {
        eprintln!("{line}");
    }
    super::render(&imported.diags, &imported.sources, Path::new(""));
}

/// Per network and territory: created, updated, unchanged, refused; then the totals.
fn print_table(imported: &Report) {
    let mut groups: std::collections::BTreeMap<(&str, &str), [usize; 4]> = Default::default();
    for row in &imported.rows {
        let column = match row.outcome {
            Some(Outcome::Created) => 0,
            Some(Outcome::Updated) => 1,
            Some(Outcome::Unchanged) => 2,
            None => 3,
        };
        groups.entry((row.network.as_str(), row.territory.as_str())).or_default()[column] += 1;
    }
    let header = ["réseau", "territoire", "créées", "mises à jour", "inchangées", "refusées"];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for ((network, territory), counts) in &groups {
        let mut line = vec![network.to_string(), territory.to_string()];
        line.extend(counts.iter().map(usize::to_string));
        lines.push(line);
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|i| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0)).collect();
    for line in &lines {
        let cells: Vec<String> = line.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("{}", cells.join("  ").trim_end());
    }
    let total = |i: usize| groups.values().map(|c| c[i]).sum::<usize>();
    println!(
        "Total : {}, {}, {}, {} ; {}.",
        counted(total(0), "créée", "créées"),
        counted(total(1), "mise à jour", "mises à jour"),
        counted(total(2), "inchangée", "inchangées"),
        counted(total(3), "refusée", "refusées"),
        counted(
            imported.kept,
            "valeur gardée car modifiée par un éditeur",
            "valeurs gardées car modifiées par un éditeur"
        )
    );
}
