//! `bonneporte build`: the site, its summary, or what stopped it.

use std::process::ExitCode;

use bonneporte::build::{self, BuildConfig};
use bonneporte::site::{Checked, Error};

use super::{report, with_report};

pub fn run(config: BuildConfig) -> Result<ExitCode, Error> {
    let closing = |c: &Checked| {
        Some(format!(
            "Échec : {} erreur(s), {} avertissement(s). Le dossier {} n'a pas été modifié.",
            c.diags.error_count(),
            c.diags.warning_count(),
            config.out.display()
        ))
    };
    let (summary, checked) = build::build_with_progress(&config, &*bonneporte::progress::for_terminal())
        .map_err(|e| with_report(e, &config.content, closing))?;
    report(&checked, &config.content);
    println!(
        "Site construit dans {} : {} pages, {} fiches, {} avertissement(s), {:.1} Mo dont {:.0} ko d'index de recherche, en {:.2} s",
        config.out.display(),
        summary.pages,
        summary.records,
        summary.warnings,
        summary.bytes as f64 / 1_000_000.0,
        summary.search_bytes as f64 / 1_000.0,
        summary.duration.as_secs_f64()
    );
    let steps: Vec<String> = summary.steps.iter().map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64())).collect();
    println!("  {}", steps.join(", "));
    Ok(ExitCode::SUCCESS)
}
