//! One file per command: each runs from a plain config and returns its exit status, or the
//! [`Error`] that stopped it (which `main` prints and maps to its status).

use std::io::IsTerminal;
use std::path::Path;

use bonneporte::site::{Checked, Error};

pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod rapport;
pub mod schema;
pub mod search;

/// Reports the content errors of `error`, if it is that, then `closing` (what they stop).
pub fn with_report(error: Error, content: &Path, closing: impl Fn(&Checked) -> Option<String>) -> Error {
    if let Error::Content(checked) = &error {
        report(checked, content);
        if let Some(line) = closing(checked) {
            eprintln!("{line}");
        }
    }
    error
}

pub fn report(checked: &Checked, content: &Path) {
    render(&checked.diags, &checked.sources, content);
}

/// Diagnostics on stderr, in colour on a terminal unless `NO_COLOR` is set.
pub fn render(diags: &bonneporte::diag::Diagnostics, sources: &bonneporte::diag::Sources, content: &Path) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = diags.render(sources, content, color, &mut stderr.lock());
}
