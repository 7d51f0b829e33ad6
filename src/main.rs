//! The `bonneporte` command: parse arguments, turn them into a plain config, run, and map the
//! outcome to an exit status (0 fine, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use bonneporte::build::{self, BuildConfig};
use bonneporte::rapport::Rapport;
use bonneporte::search;
use bonneporte::serve::ServeConfig;
use bonneporte::site::{self, Checked, Error, Options};

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
        #[arg(long, value_parser = web_address)]
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
        /// Vérifie aussi que les adresses web des fiches répondent (accès au réseau ; avertissements).
        #[arg(long)]
        external: bool,
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
    /// Rapport de fraîcheur : par territoire, structures et part avec téléphone, adresse et horaires ;
    /// fiches à vérifier ; territoires sans structure.
    Rapport {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Écrit aussi le tableau par territoire dans ce fichier CSV (pour un tableur).
        #[arg(long, value_name = "FICHIER")]
        csv: Option<PathBuf>,
    },
    /// Écrit les schémas JSON des fiches, pour la complétion et le contrôle dans l'éditeur.
    Schema {
        /// Dossier des schémas (schemas/ à la racine du guide, où `new` les attend).
        #[arg(long, default_value = "content/schemas")]
        out: PathBuf,
    },
    /// Crée une fiche à remplir : chaque clé décrite, présente ou en commentaire.
    New {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Type de fiche : site, structure, reseau, territoire, publics, besoins, portes, parcours ou page.
        kind: String,
        /// Identifiant (nom du fichier) ; pour site, la région ; pour portes, public/besoin.
        id: String,
    },
    /// Aperçu en direct : sert le guide en mémoire et recharge la page à chaque modification.
    Serve {
        /// Dossier du guide.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Port d'écoute (0 : un port libre, choisi par le système).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Adresse d'écoute ; une autre que 127.0.0.1 rend l'aperçu visible sur le réseau.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Texte,
    Json,
}

/// `--base-url` goes into every canonical link and the sitemap: an http(s) address, or nothing.
fn web_address(text: &str) -> Result<String, String> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(text.to_string()),
        Ok(url) => {
            Err(format!("adresse en {}: : seules http:// et https:// conviennent à un site publié", url.scheme()))
        }
        Err(_) => Err(format!("« {text} » n'est pas une adresse web ; exemple : https://exemple.fr/guide/")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = site::today();
    let done = match cli.command {
        Command::Build { content, out, base_url } => build(BuildConfig { content, out, base_url, today }),
        Command::Check { content, format, external } => check(&content, today, format, external),
        Command::Search { content, json, kind, territoire, reseau, public, query } => {
            let ids = search::FilterIds {
                kind: kind.as_deref(),
                territory: territoire.as_deref(),
                network: reseau.as_deref(),
                public: public.as_deref(),
            };
            search(&content, today, &query, &ids, json)
        }
        Command::Rapport { content, csv } => rapport(&content, today, csv.as_deref()),
        Command::Schema { out } => schema(&out),
        Command::New { content, kind, id } => new_record(&content, &kind, &id),
        Command::Serve { content, port, bind } => bonneporte::serve::run(&ServeConfig { content, bind, port, today })
            .map(|()| ExitCode::SUCCESS)
            .map_err(Error::Io),
    };
    done.unwrap_or_else(|error| {
        // A command reports the content errors itself, with what they stop.
        if !matches!(error, Error::Content(_)) {
            eprintln!("erreur : {error}");
        }
        ExitCode::from(error.exit_code())
    })
}

/// Reports the content errors of `error`, if it is that, then `closing` (what they stop).
fn with_report(error: Error, content: &Path, closing: impl Fn(&Checked) -> Option<String>) -> Error {
    if let Error::Content(checked) = &error {
        report(checked, content);
        if let Some(line) = closing(checked) {
            eprintln!("{line}");
        }
    }
    error
}

fn rapport(content: &Path, today: i64, csv: Option<&Path>) -> Result<ExitCode, Error> {
    let closing = |c: &Checked| {
        Some(format!("Échec : {} erreur(s) ; corrigez-les pour obtenir le rapport.", c.diags.error_count()))
    };
    let checked = site::check_valid(content, today).map_err(|e| with_report(e, content, closing))?;
    let site = checked.site(Options { base_url: None, today })?;
    let rapport = Rapport::of(&site.graph, &checked.sources, today);
    if let Some(file) = csv {
        std::fs::write(file, rapport.csv()).map_err(|e| Error::Io(format!("écriture de {} : {e}", file.display())))?;
    }
    let _ = write!(std::io::stdout(), "{}", rapport.table(content));
    Ok(ExitCode::SUCCESS)
}

fn schema(out: &Path) -> Result<ExitCode, Error> {
    let files = bonneporte::schema::write_all(out).map_err(Error::Io)?;
    println!("{} schémas écrits dans {}", files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn new_record(content: &Path, kind: &str, id: &str) -> Result<ExitCode, Error> {
    let created = bonneporte::scaffold::create(content, kind, id).map_err(Error::Usage)?;
    let how = if created.appended { "ajoutée à la fin de" } else { "créée :" };
    println!("Fiche {how} {}", created.path.display());
    if created.schemas_missing {
        println!("Pour la complétion dans l'éditeur : bonneporte schema --out {}", content.join("schemas").display());
    }
    Ok(ExitCode::SUCCESS)
}

fn build(config: BuildConfig) -> Result<ExitCode, Error> {
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

fn check(content: &Path, today: i64, format: Format, external: bool) -> Result<ExitCode, Error> {
    let mut checked = site::check(content, today)?;
    if external {
        checked.diags.extend(bonneporte::external::check(&checked.guide, &Default::default()));
        checked.diags.sort(&checked.sources);
    }
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
    if checked.diags.has_errors() { Err(Error::Content(Box::new(checked))) } else { Ok(ExitCode::SUCCESS) }
}

fn search(content: &Path, today: i64, query: &str, ids: &search::FilterIds, json: bool) -> Result<ExitCode, Error> {
    let checked = site::check_valid(content, today).map_err(|e| with_report(e, content, |_| None))?;
    let site = checked.site(Options { base_url: None, today })?;
    let filters = search::Filters::resolve(&site.graph, ids).map_err(Error::Usage)?;
    let found = search::find(&site.graph, site.search_index()?, query, &filters).map_err(Error::Search)?;
    if json {
        let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&found).unwrap_or_default());
    } else {
        print_found(&found);
    }
    Ok(ExitCode::SUCCESS)
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

fn report(checked: &Checked, content: &Path) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = checked.diags.render(&checked.sources, content, color, &mut stderr.lock());
}
