//! `bonneporte import`: here are directory files (data·inclusion JSON, spreadsheet CSV), put
//! their partners into the guide. [`read`] turns files into rows, [`map`] rows into partner
//! values (every value through `check`'s validators, the network, territory and id placed),
//! [`write`] values into records, new or merged with what editors wrote. Every problem is a
//! diagnostic at its row and column; a refused row is reported, never written.

pub mod map;
pub mod read;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::export::opendata;
use crate::graph::Graph;
use crate::progress::Progress;
use crate::site::Checked;
use map::{Context, Defaults, Mapped};
use read::{Kind, Table};
use write::{Index, Outcome, Target, Written};

/// What `bonneporte import` is asked.
pub struct Options {
    pub files: Vec<PathBuf>,
    pub dry_run: bool,
    pub defaults: Defaults,
}

/// What became of one row: its place in the guide and its outcome, `None` when refused.
pub struct RowOutcome {
    pub network: String,
    pub territory: String,
    pub outcome: Option<Outcome>,
}

/// What an import did (or, in a dry run, would do).
pub struct Report {
    /// The imported files, which the diagnostics point into.
    pub sources: Sources,
    pub diags: Diagnostics,
    /// One line per file: format, separator, encoding, columns.
    pub detected: Vec<String>,
    pub rows: Vec<RowOutcome>,
    /// Values kept because an editor wrote or changed them.
    pub kept: usize,
    /// Files written (0 in a dry run).
    pub written: usize,
}

impl Report {
    pub fn refused(&self) -> usize {
        self.rows.iter().filter(|r| r.outcome.is_none()).count()
    }
}

/// Imports `options.files` into the checked guide at `content`. `Err` when a file cannot be
/// read or written, or the guide has no region to place partners under.
pub fn import(content: &Path, checked: &Checked, options: &Options, progress: &dyn Progress) -> Result<Report, String> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    progress.step("lecture des fichiers");
    let tables: Vec<Table> =
        options.files.iter().map(|f| read::read(f, &mut sources, &mut diags)).collect::<Result<_, _>>()?;
    let graph = Graph::build(&checked.guide).ok_or("le guide n'a pas de région racine : rien n'est importé")?;
    if let Some(id) = options.defaults.network.as_deref().filter(|id| graph.network(id).is_none()) {
        return Err(format!("--reseau {id} : aucun réseau du guide n'a cet identifiant"));
    }
    let context = Context { producer: opendata::producer(&graph), graph: &graph, defaults: options.defaults.clone() };
    progress.step("lecture des lignes");
    let (mut mapped, mut rows) = map_structures(&context, &tables, &mut diags);
    attach_services(&context, &tables, &mut mapped, &mut rows, &mut diags);
    progress.step("fusion avec le guide");
    let mut index = Index::of(&checked.guide, &checked.sources);
    let (written, kept) = merge_all(&graph, &mut index, &mapped, &mut rows, &mut diags);
    let count = if options.dry_run {
        0
    } else {
        progress.step("écriture des fiches");
        write_files(content, &written)?
    };
    diags.sort(&sources);
    Ok(Report {
        sources,
        diags,
        detected: tables.into_iter().map(|t| t.detected).collect(),
        rows,
        kept,
        written: count,
    })
}

/// Every structure row mapped (in parallel: rows are independent), in file order, with the
/// outcome of the refused ones.
fn map_structures(context: &Context, tables: &[Table], diags: &mut Diagnostics) -> (Vec<Mapped>, Vec<RowOutcome>) {
    let results: Vec<(Option<Mapped>, Diagnostics)> = tables
        .iter()
        .filter(|t| t.kind == Kind::Structures)
        .flat_map(|t| t.rows.iter().map(move |r| (t.name.as_str(), r)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(name, row)| {
            let mut found = Diagnostics::default();
            (context.structure(name, row, &mut found), found)
        })
        .collect();
    let mut mapped = Vec::new();
    let mut rows = Vec::new();
    for (result, found) in results {
        diags.extend(found);
        match result {
            Some(m) => mapped.push(m),
            None => rows.push(RowOutcome { network: "—".into(), territory: "—".into(), outcome: None }),
        }
    }
    (mapped, rows)
}

/// Services go into the `services` of the structure (imported on the same command line) whose
/// data·inclusion id their `structure_id` names.
fn attach_services(
    context: &Context,
    tables: &[Table],
    mapped: &mut [Mapped],
    rows: &mut Vec<RowOutcome>,
    diags: &mut Diagnostics,
) {
    let by_source: HashMap<String, usize> =
        mapped.iter().enumerate().filter_map(|(i, m)| Some((m.source_id.clone()?, i))).collect();
    for table in tables.iter().filter(|t| t.kind == Kind::Services) {
        for row in &table.rows {
            let Some((structure, service)) = context.service(row, diags) else {
                rows.push(RowOutcome { network: "—".into(), territory: "—".into(), outcome: None });
                continue;
            };
            let Some(&i) = by_source.get(&structure) else {
                let why = format!("service de la structure « {structure} », qui n'est dans aucun fichier importé");
                let hint = "importez le fichier des structures avec celui des services, dans la même commande";
                diags.push(map::refused(row, why, hint));
                rows.push(RowOutcome { network: "—".into(), territory: "—".into(), outcome: None });
                continue;
            };
            let services = mapped[i].fields.entry("services").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = services {
                list.push(service);
            }
        }
    }
}

/// Each mapped row into its record, in file order (ids are given in that order); a second row
/// with the key of an earlier one is refused.
fn merge_all(
    graph: &Graph,
    index: &mut Index,
    mapped: &[Mapped],
    rows: &mut Vec<RowOutcome>,
    diags: &mut Diagnostics,
) -> (Vec<Written>, usize) {
    let mut seen = HashSet::new();
    let mut written = Vec::new();
    let mut kept = 0;
    for m in mapped {
        let mut outcome = RowOutcome { network: m.network().into(), territory: m.territory().into(), outcome: None };
        if !seen.insert(m.key.as_str()) {
            let why = format!("la clé « {} » est déjà celle d'une ligne précédente", m.key);
            diags.push(
                Diagnostic::error(m.file, Some(m.span.clone()), format!("ligne refusée : {why}"))
                    .with_hint("deux lignes décrivent la même structure : gardez-en une"),
            );
            rows.push(outcome);
            continue;
        }
        let w = match index.target(&m.key, &m.wish) {
            Target::Existing(id) => match index.by_id.get(&id) {
                Some(existing) => write::merge(existing, m),
                None => continue,
            },
            Target::New(id) => write::create(&map::folder(graph, m.territory()), &id, m),
        };
        kept += w.kept;
        outcome.outcome = Some(w.outcome);
        rows.push(outcome);
        written.push(w);
    }
    (written, kept)
}

/// Writes the records that changed (in parallel); returns how many.
fn write_files(content: &Path, written: &[Written]) -> Result<usize, String> {
    let changed: Vec<&Written> = written.iter().filter(|w| w.outcome != Outcome::Unchanged).collect();
    changed.par_iter().try_for_each(|w| {
        let path = content.join(&w.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("création de {} : {e}", folder.display()))?;
        }
        std::fs::write(&path, &w.text).map_err(|e| format!("écriture de {} : {e}", path.display()))
    })?;
    Ok(changed.len())
}
