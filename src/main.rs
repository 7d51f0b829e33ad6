//! The `bonneporte` command: parse arguments, turn them into a plain config, run the command
//! (`cmd/`, one file each), and map the outcome to an exit status (0 fine, 1 content errors, 2
//! usage or I/O errors).

mod cli;
mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use bonneporte::build::BuildConfig;
use bonneporte::export::search;
use bonneporte::import::map::Defaults;
use bonneporte::serve::ServeConfig;
use bonneporte::site::{self, Error};

use cmd::WarningsArg;
use cmd::check::Format;

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
    /// Construit le site dans le dossier de sortie (mis à jour seulement si tout a réussi : seuls les fichiers changés sont réécrits).
    Build {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Dossier de sortie.
        #[arg(long, default_value = "public", value_name = "DOSSIER")]
        out: PathBuf,
        /// URL publique du site (par exemple https://exemple.fr/guide/), pour le plan du site et les liens canoniques.
        #[arg(long, value_parser = web_address, value_name = "URL")]
        base_url: Option<String>,
        /// Avertissements : résumés par sorte, tous en détail, ou aucun.
        #[arg(long, value_enum, default_value = "resume", value_name = "MODE")]
        avertissements: WarningsArg,
    },
    /// Vérifie le guide et signale tous les problèmes, sans rien écrire.
    Check {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Format du rapport.
        #[arg(long, value_enum, default_value_t = Format::Texte, value_name = "FORMAT")]
        format: Format,
        /// Vérifie aussi que les adresses web des fiches répondent (accès au réseau ; avertissements).
        #[arg(long)]
        external: bool,
        /// Avertissements : résumés par sorte, tous en détail, ou aucun.
        #[arg(long, value_enum, default_value = "resume", value_name = "MODE")]
        avertissements: WarningsArg,
    },
    /// Interroge l'index de recherche du guide, comme la page de recherche du site.
    Search {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Résultats en JSON.
        #[arg(long)]
        json: bool,
        /// Seulement ce type : structure, reseau, territoire, parcours, page ou commune.
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// Seulement ce territoire (identifiant) et ceux qu'il contient.
        #[arg(long, value_name = "ID")]
        territoire: Option<String>,
        /// Seulement ce réseau (identifiant) et ses structures.
        #[arg(long, value_name = "ID")]
        reseau: Option<String>,
        /// Seulement ce public (identifiant).
        #[arg(long, value_name = "ID")]
        public: Option<String>,
        /// La recherche.
        #[arg(value_name = "RECHERCHE")]
        query: String,
    },
    /// Rapport de fraîcheur : par territoire, structures et part avec téléphone, adresse et horaires ;
    /// fiches à vérifier ; territoires sans structure.
    Rapport {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Écrit aussi le tableau par territoire dans ce fichier CSV (pour un tableur).
        #[arg(long, value_name = "FICHIER")]
        csv: Option<PathBuf>,
    },
    /// Écrit les schémas JSON des fiches, pour la complétion et le contrôle dans l'éditeur.
    Schema {
        /// Dossier des schémas (par défaut : schemas/ dans le dossier du guide, où `new` les attend).
        #[arg(long, value_name = "DOSSIER")]
        out: Option<PathBuf>,
    },
    /// Crée une fiche à remplir : chaque clé décrite, présente ou en commentaire.
    New {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Type de fiche : site, structure, reseau, territoire, publics, besoins, portes, parcours ou page.
        #[arg(value_name = "TYPE")]
        kind: String,
        /// Identifiant (nom du fichier) ; pour site, la région ; pour portes, public/besoin.
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Importe un annuaire (JSON data·inclusion, CSV de tableur) : une fiche par structure,
    /// fusionnée avec celle qui existe sans écraser ce qu'un éditeur a écrit.
    Import {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// N'écrit rien : dit seulement ce qui serait fait.
        #[arg(long)]
        dry_run: bool,
        /// Réseau (identifiant) des lignes qui n'en donnent pas.
        #[arg(long, value_name = "ID")]
        reseau: Option<String>,
        /// Texte du champ source de chaque fiche importée (remplace celui qui est composé).
        #[arg(long, value_name = "TEXTE")]
        source: Option<String>,
        /// Date de vérification des lignes qui n'en donnent pas.
        #[arg(long, value_name = "AAAA-MM-JJ", value_parser = date_text)]
        date_maj: Option<String>,
        /// Fichiers à importer (.json data·inclusion, .csv).
        #[arg(required = true, value_name = "FICHIER")]
        files: Vec<PathBuf>,
    },
    /// Aperçu en direct : sert le guide en mémoire et recharge la page à chaque modification.
    Serve {
        /// Dossier du guide (par défaut : content, ou le dossier courant s'il contient site.yaml).
        #[arg(long, value_name = "DOSSIER")]
        content: Option<PathBuf>,
        /// Port d'écoute ; 0 : un port libre, choisi par le système.
        #[arg(long, default_value_t = 8000, value_name = "PORT", value_parser = port_number)]
        port: u16,
        /// Adresse d'écoute ; une autre que 127.0.0.1 rend l'aperçu visible sur le réseau.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE", value_parser = ip_address)]
        bind: std::net::IpAddr,
    },
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

/// `--port`: a number from 0 to 65535 (std's message is English).
fn port_number(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| "un port est un nombre de 0 à 65535 (0 : un port libre)".to_string())
}

/// `--bind`: an IP address (std's message is English).
fn ip_address(text: &str) -> Result<std::net::IpAddr, String> {
    text.parse().map_err(|_| "une adresse IP est attendue, par exemple 127.0.0.1 ou 0.0.0.0".to_string())
}

/// `--date-maj`: a date as `check` reads it.
fn date_text(text: &str) -> Result<String, String> {
    bonneporte::content::fields::date(text).map(|d| d.to_string())
}

fn main() -> ExitCode {
    let cli: Cli = match cli::parse() {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    let today = site::today();
    let done = match cli.command {
        Command::Build { content, out, base_url, avertissements } => {
            cmd::build::run(BuildConfig { content: guide_folder(content), out, base_url, today }, avertissements)
        }
        Command::Check { content, format, external, avertissements } => {
            cmd::check::run(&guide_folder(content), today, format, external, avertissements)
        }
        Command::Search { content, json, kind, territoire, reseau, public, query } => {
            let content = guide_folder(content);
            let ids = search::FilterIds {
                kind: kind.as_deref(),
                territory: territoire.as_deref(),
                network: reseau.as_deref(),
                public: public.as_deref(),
            };
            cmd::search::run(&content, today, &query, &ids, json)
        }
        Command::Rapport { content, csv } => cmd::rapport::run(&guide_folder(content), today, csv.as_deref()),
        Command::Schema { out } => cmd::schema::run(&out.unwrap_or_else(|| guide_folder(None).join("schemas"))),
        Command::New { content, kind, id } => cmd::new::run(&guide_folder(content), &kind, &id),
        Command::Import { content, dry_run, reseau, source, date_maj, files } => {
            let content = guide_folder(content);
            let defaults = Defaults {
                network: reseau,
                source,
                date_maj,
                today: bonneporte::content::fields::Date::from_days_since_epoch(today).to_string(),
            };
            let options = bonneporte::import::Options { files, dry_run, defaults };
            cmd::import::run(cmd::import::ImportConfig { content, options, today })
        }
        Command::Serve { content, port, bind } => {
            { bonneporte::serve::run(&ServeConfig { content: guide_folder(content), bind, port, today }) }
                .map(|()| ExitCode::SUCCESS)
                .map_err(Error::Io)
        }
    };
    done.unwrap_or_else(|error| {
        // A command reports the content errors itself, with what they stop.
        if !matches!(error, Error::Content(_)) {
            eprintln!("erreur : {error}");
            if error.to_string().starts_with("dossier du guide introuvable") {
                eprintln!("{}", GUIDE_NOT_FOUND);
            }
        }
        ExitCode::from(error.exit_code())
    })
}

/// What to type when the guide folder is not found.
const GUIDE_NOT_FOUND: &str = "aide : lancez la commande depuis le dossier qui contient le guide (son dossier content/), \
ou depuis le dossier du guide lui-même (celui de site.yaml), ou indiquez-le : --content <DOSSIER>";

/// The guide folder: `--content` when given; else `content/` when the current folder has one,
/// else the current folder when it is a guide (it has `site.yaml`); else `content`, which the
/// command reports missing, with what to type.
fn guide_folder(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        let default = PathBuf::from("content");
        if !default.is_dir() && std::path::Path::new("site.yaml").is_file() { PathBuf::from(".") } else { default }
    })
}
