//! `bonneporte build`: the site, its summary, or what stopped it.

use std::process::ExitCode;

use bonneporte::build::{self, BuildConfig, Step};
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
    println!("  {}", steps_line(&summary.steps));
    if summary.unchanged > 0 {
        println!(
            "  {} sur {} ; les autres étaient déjà à jour dans {}",
            counted(summary.files - summary.unchanged, "fichier réécrit", "fichiers réécrits"),
            grouped_thousands(summary.files, ' '),
            config.out.display(),
        );
        let index = if summary.search_reused {
            " ; index de recherche repris aussi, sauf ses lignes de résultats"
        } else {
            ""
        };
        println!(
            "  pages reprises sans rendu (rien de ce qu'elles montrent n'a changé) : {}{index}",
            grouped_thousands(summary.reused, ' '),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// « lecture et vérification 1,10 s, rendu des pages 6,20 s (index de recherche 3,78 s en
/// parallèle), … ».
fn steps_line(steps: &[Step]) -> String {
    let seconds = |step: &Step| format!("{} {} s", step.name, decimal(step.duration.as_secs_f64(), 2));
    let mut line = String::new();
    for step in steps {
        if step.beside {
            line.push_str(&format!(" ({} en parallèle)", seconds(step)));
        } else {
            if !line.is_empty() {
                line.push_str(", ");
            }
            line.push_str(&seconds(step));
        }
    }
    line
}
