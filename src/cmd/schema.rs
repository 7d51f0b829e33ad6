//! `bonneporte schema`: the editors' JSON Schemas.

use std::path::Path;
use std::process::ExitCode;

use bonneporte::site::Error;

pub fn run(out: &Path) -> Result<ExitCode, Error> {
    let files = bonneporte::content::schema::write_all(out).map_err(Error::Io)?;
    println!("{} schémas écrits dans {}", files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}
