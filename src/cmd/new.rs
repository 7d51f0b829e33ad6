//! `bonneporte new`: a record to fill in.

use std::path::Path;
use std::process::ExitCode;

use bonneporte::site::Error;

pub fn run(content: &Path, kind: &str, id: &str) -> Result<ExitCode, Error> {
    let created = bonneporte::content::scaffold::create(content, kind, id).map_err(Error::Usage)?;
    let how = if created.appended { "ajoutée à la fin de" } else { "créée :" };
    println!("Fiche {how} {}", created.path.display());
    if created.schemas_missing {
        println!("Pour la complétion dans l'éditeur : bonneporte schema --out {}", content.join("schemas").display());
    }
    Ok(ExitCode::SUCCESS)
}
