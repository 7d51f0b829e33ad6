//! `bonneporte check`: every problem of the guide, as text or JSON.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use bonneporte::render::theme::Theme;
use bonneporte::site::{self, Error};
use clap::ValueEnum;

use super::{WarningsArg, counts, report};

/// The form of the report.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Texte,
    Json,
}

pub fn run(
    content: &Path,
    today: i64,
    format: Format,
    external: bool,
    warnings: WarningsArg,
) -> Result<ExitCode, Error> {
    let mut checked = site::check(content, today)?;
    if external {
        checked.diags.extend(bonneporte::check::external::check(&checked.guide, &Default::default()));
        checked.diags.sort(&checked.sources);
    }
    match format {
        Format::Json => {
            let json = checked.diags.to_json(&checked.sources, content);
            let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&json).unwrap_or_default());
        }
        Format::Texte => {
            report(&checked, content, warnings.into());
            let records = bonneporte::diag::counted(checked.guide.record_count(), "fiche vérifiée", "fiches vérifiées");
            eprintln!("{records} : {}.", counts(&checked));
        }
    }
    if checked.diags.has_errors() {
        return Err(Error::Content(Box::new(checked)));
    }
    // What `check` accepts, `build` builds: the guide's theme is loaded (and refused) the same way.
    Theme::load(checked.guide.theme_dir.as_deref()).map_err(Error::Theme)?;
    Ok(ExitCode::SUCCESS)
}
