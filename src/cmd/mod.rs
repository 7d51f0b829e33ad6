//! One file per command: each runs from a plain config and returns its exit status, or the
//! [`Error`] that stopped it (which `main` prints and maps to its status).

use std::io::IsTerminal;
use std::path::Path;

use bonneporte::diag::{Warnings, counted};
use bonneporte::site::{Checked, Error};

pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod rapport;
pub mod schema;
pub mod search;

/// How `--avertissements` shows the warnings of a text report.
#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum WarningsArg {
    /// Comptés par sorte, après les erreurs.
    #[default]
    Resume,
    /// Chacun en détail, après les erreurs.
    Tout,
    /// Aucun (seulement leur nombre).
    Aucun,
}

impl From<WarningsArg> for Warnings {
    fn from(arg: WarningsArg) -> Warnings {
        match arg {
            WarningsArg::Resume => Warnings::Resume,
            WarningsArg::Tout => Warnings::Tout,
            WarningsArg::Aucun => Warnings::Aucun,
        }
    }
}

/// Reports the content errors of `error`, if it is that, then `closing` (what they stop).
pub fn with_report(
    error: Error,
    content: &Path,
    warnings: Warnings,
    closing: impl Fn(&Checked) -> Option<String>,
) -> Error {
    if let Error::Content(checked) = &error {
        report(checked, content, warnings);
        if let Some(line) = closing(checked) {
            eprintln!("{line}");
        }
    }
    error
}

/// The diagnostics of a checked guide on stderr: errors first, then the warnings as `warnings`
/// says, in colour on a terminal unless `NO_COLOR` is set.
pub fn report(checked: &Checked, content: &Path, warnings: Warnings) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = checked.diags.render_report(&checked.sources, content, color, warnings, &mut stderr.lock());
}

/// « 2 erreurs, 1 avertissement »: what a check found, counted.
pub fn counts(checked: &Checked) -> String {
    format!(
        "{}, {}",
        counted(checked.diags.error_count(), "erreur", "erreurs"),
        counted(checked.diags.warning_count(), "avertissement", "avertissements")
    )
}

/// Diagnostics on stderr, in colour on a terminal unless `NO_COLOR` is set.
pub fn render(diags: &bonneporte::diag::Diagnostics, sources: &bonneporte::diag::Sources, content: &Path) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = diags.render(sources, content, color, &mut stderr.lock());
}
