//! `bonneporte build`: the site, its summary, or what stopped it.

use std::process::ExitCode;

use bonneporte::build::{self, BuildConfig};
use bonneporte::diag::{counted, decimal, grouped_thousands};
use bonneporte::site::{Checked, Error};

use super::{WarningsArg, counts, report, with_report};

pub fn run(config: BuildConfig, warnings: WarningsArg) -> Result<ExitCode, Error> {
    let warnings = warnings.into();
    let closing =
        |c: &Checked| Some(format!("Échec : {}. Le dossier {} n'a pas été modifié.", counts(c), config.out.display()));
    let (summary, checked) = build::build_with_progress(&config, &*bonneporte::progress::for_terminal())
        .map_err(|e| with_report(e, &config.content, warnings, closing))?;
    report(&checked, &config.content, warnings);
    println!(
        "Site construit dans {} : {}, {}, {}, {} Mo dont {} ko d'index de recherche, en {} s",
        config.out.display(),
        counted(summary.pages, "page", "pages"),
        counted(summary.records, "fiche", "fiches"),
        counted(summary.warnings, "avertissement", "avertissements"),
        decimal(summary.bytes as f64 / 1_000_000.0, 1),
        grouped_thousands((summary.search_bytes as f64 / 1_000.0).round() as usize, ' '),
        decimal(summary.duration.as_secs_f64(), 2)
    );
    let steps: Vec<String> =
        summary.steps.iter().map(|(name, d)| format!("{name} {} s", decimal(d.as_secs_f64(), 2))).collect();
    println!("  {}", steps.join(", "));
    if summary.unchanged > 0 {
        println!(
            "  {} sur {} ; les autres étaient déjà à jour dans {}",
            counted(summary.files - summary.unchanged, "fichier réécrit", "fichiers réécrits"),
            grouped_thousands(summary.files, ' '),
            config.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
