//! The command line in French: clap's help and usage errors, whose fixed strings are English,
//! are set or rendered here. Every command and sub-command gets the same help template
//! (« Utilisation : »), « Afficher l'aide » and « Afficher la version » flags, its defaults and
//! possible values written in French in its help text, and a usage error is rendered from clap's
//! error kind and context by [`usage_error`] instead of clap's English message.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// The help of `command`: clap's `{all-args}` would end each heading with a colon without the
/// French space, so the headings are written here.
fn template(command: &Command) -> String {
    let mut parts = vec!["{before-help}{about-with-newline}\nUtilisation : {usage}".to_string()];
    if command.get_positionals().next().is_some() {
        parts.push("Arguments :\n{positionals}".into());
    }
    if command.has_subcommands() {
        parts.push("Commandes :\n{subcommands}".into());
    }
    parts.push("Options :\n{options}{after-help}".into());
    parts.join("\n\n")
}

/// The arguments of the process, or the exit status when there is nothing to run (help and
/// version shown: 0; a usage error reported: 2).
pub fn parse<Cli: CommandFactory + FromArgMatches>() -> Result<Cli, ExitCode> {
    let command = command::<Cli>();
    let matches = command.clone().try_get_matches().map_err(|e| usage_error(e, &command))?;
    Cli::from_arg_matches(&matches).map_err(|e| usage_error(e, &command))
}

/// The clap command of `Cli`, in French.
pub fn command<Cli: CommandFactory>() -> Command {
    french(Cli::command())
        .disable_help_subcommand(true)
        .subcommand_value_name("COMMANDE")
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("Afficher la version"))
}

fn french(command: Command) -> Command {
    let command = command
        .disable_help_flag(true)
        .mut_args(french_arg)
        .arg(Arg::new("aide").short('h').long("help").action(ArgAction::Help).help("Afficher l'aide"))
        .mut_subcommands(french);
    let template = template(&command);
    command.help_template(template)
}

/// The default and the possible values of `arg` said in its help text, in French, instead of
/// clap's `[default: …]` and `[possible values: …]`.
fn french_arg(arg: Arg) -> Arg {
    let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let help_ends = help.trim_end_matches('.').len();
    help.truncate(help_ends);
    let values: Vec<String> =
        arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
    let defaults: Vec<String> = arg.get_default_values().iter().map(|d| d.to_string_lossy().into_owned()).collect();
    let mut said = Vec::new();
    if !values.is_empty() && arg.get_action().takes_values() {
        said.push(format!("{} ou {}", values[..values.len() - 1].join(", "), values[values.len() - 1]));
    }
    if !defaults.is_empty() {
        said.push(format!("par défaut : {}", defaults.join(", ")));
    }
    if !said.is_empty() {
        help = format!("{help} ({})", said.join(" ; "));
    }
    arg.help(help).long_help(None).hide_default_value(true).hide_possible_values(true)
}

/// Shows the help or the version (exit 0), or reports a usage error in French (exit 2).
fn usage_error(error: clap::Error, top: &Command) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            println!("{}", error.render().to_string().trim_end());
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", error.render());
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("erreur : {}", message(&error));
    for line in suggestions(&error) {
        eprintln!("  aide : {line}");
    }
    let usage = error.get(ContextKind::Usage).map(|u| u.to_string()).unwrap_or_default();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        eprintln!("\nUtilisation : {usage}");
    }
    eprintln!("\nPour en savoir plus : {} --help", command_typed(usage, top));
    ExitCode::from(2)
}

/// The command as typed so far: `bonneporte check` of the usage `bonneporte check --content
/// <DOSSIER>`, or, for a bad value (clap gives no usage then), of the arguments.
fn command_typed(usage: &str, top: &Command) -> String {
    let words: Vec<&str> = usage.split_whitespace().take_while(|w| !w.starts_with(['<', '[', '-'])).collect();
    if !words.is_empty() {
        return words.join(" ");
    }
    let typed = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    match typed.as_deref().and_then(|name| top.find_subcommand(name)) {
        Some(sub) => format!("bonneporte {}", sub.get_name()),
        None => "bonneporte".to_string(),
    }
}

fn text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::Strings(list) => Some(list.join(", ")),
        other => Some(other.to_string()),
    }
}

/// What is wrong, from clap's error kind and context.
fn message(error: &clap::Error) -> String {
    let arg = text(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(error, ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("commande inconnue « {} »", text(error, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::UnknownArgument => format!("option ou argument inattendu « {arg} »"),
        ErrorKind::InvalidValue if value.is_empty() => format!("valeur manquante pour {arg}"),
        ErrorKind::InvalidValue => {
            let valid = match error.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(list)) => format!(" ; valeurs possibles : {}", list.join(", ")),
                _ => String::new(),
            };
            format!("valeur « {value} » refusée pour {arg}{valid}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error).map(|e| e.to_string()).unwrap_or_default();
            format!("valeur « {value} » refusée pour {arg} : {why}")
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire absent : {arg}"),
        ErrorKind::MissingSubcommand => "commande absente".to_string(),
        ErrorKind::NoEquals => format!("{arg} s'écrit avec un signe égal : {arg}=…"),
        ErrorKind::TooManyValues => format!("valeur en trop : « {value} »"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("nombre de valeurs incorrect pour {arg}"),
        ErrorKind::ArgumentConflict => format!("{arg} ne va pas avec les autres arguments donnés"),
        ErrorKind::InvalidUtf8 => "argument qui n'est pas de l'UTF-8".to_string(),
        _ => "arguments incorrects".to_string(),
    }
}

/// « vouliez-vous dire … ? » from clap's suggestions.
fn suggestions(error: &clap::Error) -> Vec<String> {
    let mut lines = Vec::new();
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        if let Some(ContextValue::String(one)) = error.get(kind) {
            lines.push(format!("vouliez-vous dire « {one} » ?"));
        } else if let Some(ContextValue::Strings(list)) = error.get(kind) {
            let quoted: Vec<String> = list.iter().map(|s| format!("« {s} »")).collect();
            lines.push(format!("vouliez-vous dire {} ?", quoted.join(" ou ")));
        }
    }
    // `bonneporte help`, as many tools have it: the help is a flag here.
    if let Some(ContextValue::String(name)) = error.get(ContextKind::InvalidSubcommand)
        && matches!(name.as_str(), "help" | "aide")
    {
        lines.push(
            "l'aide s'affiche avec bonneporte --help, celle d'une commande avec bonneporte <COMMANDE> --help".into(),
        );
    }
    if let Some(ContextValue::String(trailing)) = error.get(ContextKind::TrailingArg) {
        lines.push(format!("pour passer « {trailing} » comme valeur, écrivez -- {trailing}"));
    }
    lines
}
