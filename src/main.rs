//! The `bonneporte` command: parse arguments, turn them into a plain config, run, and map the
//! outcome to an exit status (0 fine, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use bonneporte::search;
use bonneporte::serve::ServeConfig;
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
    match cli.command {
        Command::Build { content, out, base_url } => {
            build(BuildConfig { content, out, base_url, today: site::today() })
        }
        Command::Check { content, format, external } => check(&content, format, external),
        Command::Search { content, json, kind, territoire, reseau, public, query } => {
            let ids = search::FilterIds {
                kind: kind.as_deref(),
                territory: territoire.as_deref(),
                network: reseau.as_deref(),
                public: public.as_deref(),
            };
            search(&content, &query, &ids, json)
        }
        Command::Rapport { content, csv } => rapport(&content, csv.as_deref()),
        Command::Schema { out } => schema(&out),
        Command::New { content, kind, id } => new_record(&content, &kind, &id),
        Command::Serve { content, port, bind } => serve(ServeConfig { content, bind, port, today: site::today() }),
    }
}

fn rapport(content: &std::path::Path, csv: Option<&std::path::Path>) -> ExitCode {
    match bonneporte::rapport::run(content, site::today(), csv) {
        Ok(table) => {
            let _ = write!(std::io::stdout(), "{table}");
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(checked)) => {
            report(&checked, content);
            eprintln!("Échec : {} erreur(s) ; corrigez-les pour obtenir le rapport.", checked.diags.error_count());
            ExitCode::from(1)
        }
        Err(BuildError::Failed(message)) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

fn schema(out: &std::path::Path) -> ExitCode {
    match bonneporte::schema::write_all(out) {
        Ok(files) => {
            println!("{} schémas écrits dans {}", files.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

fn new_record(content: &std::path::Path, kind: &str, id: &str) -> ExitCode {
    match bonneporte::scaffold::create(content, kind, id) {
        Ok(created) => {
            let how = if created.appended { "ajoutée à la fin de" } else { "créée :" };
            println!("Fiche {how} {}", created.path.display());
            if created.schemas_missing {
                println!(
                    "Pour la complétion dans l'éditeur : bonneporte schema --out {}",
                    content.join("schemas").display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

fn build(config: BuildConfig) -> ExitCode {
    match site::build_with_progress(&config, &*bonneporte::progress::for_terminal()) {
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

fn serve(config: ServeConfig) -> ExitCode {
    match bonneporte::serve::run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::from(2)
        }
    }
}

fn check(content: &std::path::Path, format: Format, external: bool) -> ExitCode {
    let mut checked = match site::check(content, site::today()) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
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
