//! The `bonneporte` command: parse arguments, turn them into a plain config, run, and map the
//! outcome to an exit status (0 fine, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use bonneporte::search;
use bonneporte::site::{self, BuildConfig, BuildError, Checked};

/// The build allocates many small strings and values from two threads; mimalloc is markedly
/// faster than the system allocator at that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "bonneporte",
    version,
    about = "Construit le site statique d'un guide « trouver la bonne porte » (SPRO)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site dans le dossier de sortie (remplacé seulement si tout a réussi).
    Build {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Dossier de sortie.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// URL publique du site (par exemple https://exemple.fr/guide/), pour le plan du site et les liens canoniques.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Vérifie le guide et signale tous les problèmes, sans rien écrire.
    Check {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Format du rapport.
        #[arg(long, value_enum, default_value_t = Format::Texte)]
        format: Format,
    },
    /// Interroge l'index de recherche du guide, comme la page de recherche du site.
    Search {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Résultats en JSON.
        #[arg(long)]
        json: bool,
        /// Seulement ce type : structure, reseau, territoire, parcours, page ou commune.
        #[arg(long = "type")]
        kind: Option<String>,
        /// Seulement ce territoire (identifiant) et ceux qu'il contient.
        #[arg(long)]
        territoire: Option<String>,
        /// Seulement ce réseau (identifiant) et ses structures.
        #[arg(long)]
        reseau: Option<String>,
        /// Seulement ce public (identifiant).
        #[arg(long)]
        public: Option<String>,
        /// La recherche.
        query: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Texte,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { content, out, base_url } => {
            build(BuildConfig { content, out, base_url, today: site::today() })
        }
        Command::Check { content, format } => check(&content, format),
        Command::Search { content, json, kind, territoire, reseau, public, query } => {
            let ids = search::FilterIds {
                kind: kind.as_deref(),
                territory: territoire.as_deref(),
                network: reseau.as_deref(),
                public: public.as_deref(),
            };
            search(&content, &query, &ids, json)
        }
    }
}

fn build(config: BuildConfig) -> ExitCode {
    match site::build(&config) {
        Ok((summary, checked)) => {
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
            let steps: Vec<String> =
                summary.steps.iter().map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64())).collect();
            println!("  {}", steps.join(", "));
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(checked)) => {
            report(&checked, &config.content);
            eprintln!(
                "Échec : {} erreur(s), {} avertissement(s). Le dossier {} n'a pas été modifié.",
                checked.diags.error_count(),
                checked.diags.warning_count(),
                config.out.display()
            );
            ExitCode::from(1)
        }
        Err(BuildError::Failed(message)) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

fn check(content: &std::path::Path, format: Format) -> ExitCode {
    let checked = match site::check(content, site::today()) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => {
            let json = checked.diags.to_json(&checked.sources, content);
            let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&json).unwrap_or_default());
        }
        Format::Texte => {
            report(&checked, content);
            eprintln!(
                "{} fiches vérifiées : {} erreur(s), {} avertissement(s).",
                checked.guide.record_count(),
                checked.diags.error_count(),
                checked.diags.warning_count()
            );
        }
    }
    if checked.diags.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn search(content: &std::path::Path, query: &str, ids: &search::FilterIds, json: bool) -> ExitCode {
    let checked = match site::check(content, site::today()) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
    if checked.diags.has_errors() {
        report(&checked, content);
        return ExitCode::from(1);
    }
    let Some(graph) = bonneporte::graph::Graph::build(&checked.guide) else {
        eprintln!("erreur : le guide n'a pas de région racine");
        return ExitCode::from(1);
    };
    let filters = match search::Filters::resolve(&graph, ids) {
        Ok(filters) => filters,
        Err(message) => {
            eprintln!("erreur : {message}");
            return ExitCode::from(2);
        }
    };
    let found = search::index_guide(&graph).and_then(|index| search::find(&graph, &index, query, &filters));
    match found {
        Ok(found) if json => {
            let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&found).unwrap_or_default());
        }
        Ok(found) => print_found(&found),
        Err(message) => {
            eprintln!("erreur : {message}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Prints the results; a closed pipe (`| head`) just ends the listing.
fn print_found(found: &[search::Found]) {
    let mut out = std::io::stdout().lock();
    if found.is_empty() {
        let _ = writeln!(out, "Aucun résultat.");
    }
    for (i, f) in found.iter().enumerate() {
        let place = f.territoire.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
        let typo = if f.approche { ", orthographe approchée" } else { "" };
        let line = format!("{:>3}. {} ({}{place}) {:.2}{typo}\n     {}", i + 1, f.titre, f.kind, f.score, f.url);
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}

fn report(checked: &Checked, content: &std::path::Path) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = checked.diags.render(&checked.sources, content, color, &mut stderr.lock());
}
