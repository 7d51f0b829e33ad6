//! Load: read a guide folder into raw records, in parallel, collecting every problem.
//!
//! Here is a folder, give me its records and the files they came from. Nothing is checked
//! across records here (that is `check`); only what one file alone can tell: syntax, keys,
//! types, ids, front matter.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::content::model::*;
use crate::content::yaml::{self, Doc, Spans};
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources};

/// A decoded record, with what is needed to point at any of its values.
pub struct Record<T> {
    pub id: String,
    pub file: FileId,
    pub data: T,
    /// Where each value stood (the parsed values are dropped once decoded: they would double the
    /// memory of a national guide).
    spans: Arc<Spans>,
    /// Path of the record inside its document (`""`, or `3` for the fourth item of a list).
    prefix: String,
}

impl<T> Record<T> {
    /// Drops the positions of the record's values (see [`Guide::forget_positions`]).
    fn forget_positions(&mut self) {
        self.spans = Arc::default();
    }

    /// Byte range of the value at `path` inside this record (or of the closest enclosing one).
    pub fn span(&self, path: &str) -> Option<std::ops::Range<usize>> {
        self.spans.span(&self.full(path))
    }

    pub fn key_span(&self, path: &str) -> Option<std::ops::Range<usize>> {
        self.spans.key_span(&self.full(path))
    }

    /// Byte range in the file of `part`, a byte range of the text at `path` (its whole value's
    /// range when the part cannot be placed).
    pub fn part_span(&self, path: &str, part: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        self.spans.part_span(&self.full(path), part)
    }

    fn full(&self, path: &str) -> String {
        match (self.prefix.is_empty(), path.is_empty()) {
            (true, _) => path.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{path}", self.prefix),
        }
    }
}

/// A Markdown file: front matter record and body.
pub struct Document<T> {
    pub record: Record<T>,
    pub body: String,
    /// Byte offset of the body in its file, to locate problems found in the Markdown.
    pub body_offset: usize,
}

/// Everything a guide folder holds, unchecked.
#[derive(Default)]
pub struct Guide {
    pub root: PathBuf,
    pub site: Option<Record<Site>>,
    pub publics: Vec<Record<Code>>,
    pub needs: Vec<Record<Code>>,
    pub rules: Vec<Record<Rule>>,
    pub networks: Vec<Record<Network>>,
    pub territories: Vec<Record<Territory>>,
    pub partners: Vec<Record<Partner>>,
    pub walkthroughs: Vec<Document<Walkthrough>>,
    pub pages: Vec<Document<Page>>,
    /// Files of `static/`, relative to it, copied as they are.
    pub statics: Vec<PathBuf>,
    /// Templates of the guide's own `theme/` folder, overriding the default theme.
    pub theme_dir: Option<PathBuf>,
    /// Ids of record files that could not be read (already reported), by kind: references to
    /// them are not reported a second time.
    pub unreadable: Vec<(RecordKind, String)>,
}

impl Guide {
    /// Drops the positions of every value, once the guide is checked: only diagnostics point at
    /// them, and a build that goes on has made them all. A national guide's positions are about
    /// 90 MB, most of what a build keeps of its guide.
    pub fn forget_positions(&mut self) {
        self.site.iter_mut().for_each(Record::forget_positions);
        self.publics.iter_mut().chain(&mut self.needs).for_each(Record::forget_positions);
        self.rules.iter_mut().for_each(Record::forget_positions);
        self.networks.iter_mut().for_each(Record::forget_positions);
        self.territories.iter_mut().for_each(Record::forget_positions);
        self.partners.iter_mut().for_each(Record::forget_positions);
        self.walkthroughs.iter_mut().for_each(|d| d.record.forget_positions());
        self.pages.iter_mut().for_each(|d| d.record.forget_positions());
    }

    /// The files of `static/` as links and the site name them: `/`-separated, sorted.
    pub fn static_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.statics.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
        names.sort_unstable();
        names
    }

    pub fn record_count(&self) -> usize {
        self.site.iter().count()
            + self.publics.len()
            + self.needs.len()
            + self.rules.len()
            + self.networks.len()
            + self.territories.len()
            + self.partners.len()
            + self.walkthroughs.len()
            + self.pages.len()
    }
}

/// What kind of record a file of the guide holds, from its place in the folder: `site.yaml`,
/// `publics.yaml`… at the root, a YAML or Markdown file (as the kind is) in the kind's folder.
fn classify(relative: &str) -> Option<RecordKind> {
    let (folder, name) = relative.split_once('/').unwrap_or(("", relative));
    let (stem, extension) = name.rsplit_once('.')?;
    let is_yaml = matches!(extension, "yaml" | "yml");
    let kind = match folder {
        "" => RecordKind::ALL.into_iter().find(|k| k.folder().is_none() && k.name() == stem)?,
        _ => RecordKind::of_folder(folder)?,
    };
    let fits = if kind.is_markdown() { extension == "md" } else { is_yaml };
    fits.then_some(kind)
}

/// Folders of a guide whose files are not records.
const FREE_FOLDERS: [&str; 3] = ["static", "theme", "schemas"];

#[allow(clippy::large_enum_variant)] // one per file, moved once into the guide
enum Loaded {
    Site(Record<Site>),
    Publics(Vec<Record<Code>>),
    Needs(Vec<Record<Code>>),
    Rules(Vec<Record<Rule>>),
    Network(Record<Network>),
    Territory(Record<Territory>),
    Partner(Record<Partner>),
    Walkthrough(Document<Walkthrough>),
    Page(Document<Page>),
    Nothing,
}

/// Reads the guide at `root`. I/O errors on the folder itself are returned; problems in its
/// files are diagnostics.
pub fn load(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> std::io::Result<Guide> {
    if !root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("dossier du guide introuvable : {}", root.display()),
        ));
    }
    let mut guide = Guide { root: root.to_path_buf(), ..Guide::default() };
    let mut files = Vec::new();
    let (found, links) = walk(root)?;
    for relative in links {
        let file = sources.add(relative.clone(), String::new());
        diags.push(symlink_diagnostic(&relative, file));
    }
    for relative in found {
        let top = relative.split('/').next().unwrap_or("");
        if top == "static" {
            guide.statics.push(PathBuf::from(relative.trim_start_matches("static/")));
        } else if let Some(kind) = kind_of(&relative) {
            files.push((relative, kind));
        }
    }
    guide.theme_dir = theme_dir(root);

    let first_id = sources.len();
    let results: Vec<(String, Option<RecordKind>, String, Loaded, Diagnostics)> = files
        .par_iter()
        .enumerate()
        .map(|(index, (relative, kind))| {
            let mut local = Diagnostics::default();
            let (text, loaded) = load_one(root, relative, *kind, first_id + index, &mut local);
            (relative.clone(), *kind, text, loaded, local)
        })
        .collect();

    for (relative, kind, text, loaded, local) in results {
        sources.add(relative.clone(), text);
        diags.extend(local);
        guide.insert(&relative, kind, loaded, sources);
    }
    Ok(guide)
}

/// Reads again the files of `changed` (paths inside the guide, created, modified or removed)
/// into a guide that `load` read, so that a preview does not read 20,000 files for one edit.
/// Their diagnostics in `diags` are replaced; a new file gets a new id in `sources`, a removed
/// one keeps its id with an empty text. Returns whether the guide's `theme/` changed.
pub fn reload(guide: &mut Guide, sources: &mut Sources, diags: &mut Diagnostics, changed: &[PathBuf]) -> bool {
    let root = guide.root.clone();
    let mut theme_changed = false;
    let mut statics_changed = false;
    for path in changed {
        let Ok(inside) = path.strip_prefix(&root) else { continue };
        let relative = relative_path(Path::new(""), inside);
        match relative.split('/').next().unwrap_or("") {
            "theme" => theme_changed = true,
            "static" => statics_changed = true,
            _ => {}
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if let Some(file) = sources.find(&relative) {
            diags.items.retain(|d| d.file != file); // a link's diagnostic, said again below if it still is one
        }
        if is_link && !relative.split('/').any(|part| part.starts_with('.')) {
            let file = sources.find(&relative).unwrap_or_else(|| sources.add(relative.clone(), String::new()));
            if let Some(kind) = kind_of(&relative) {
                guide.remove_file(file, &relative, kind);
            }
            diags.push(symlink_diagnostic(&relative, file));
            continue;
        }
        let Some(kind) = kind_of(&relative) else { continue };
        let file = sources.find(&relative).unwrap_or_else(|| sources.add(relative.clone(), String::new()));
        guide.remove_file(file, &relative, kind);
        diags.items.retain(|d| d.file != file);
        if !root.join(&relative).is_file() {
            sources.set_text(file, String::new());
            continue;
        }
        let (text, loaded) = load_one(&root, &relative, kind, file, diags);
        sources.set_text(file, text);
        guide.insert(&relative, kind, loaded, sources);
    }
    if statics_changed {
        let (found, _links) = walk(&root.join("static")).unwrap_or_default();
        guide.statics = found.into_iter().map(PathBuf::from).collect();
    }
    if theme_changed {
        guide.theme_dir = theme_dir(&root);
    }
    theme_changed
}

/// The files under `root`, relative to it with `/` separators, in name order, and the symbolic
/// links met (to a file or a folder), which are never followed: a link could lead out of the
/// guide, and what it holds would not be the guide's own files. Hidden files and folders
/// (editors' swap files, `.git`) are left out.
fn walk(root: &Path) -> std::io::Result<(Vec<String>, Vec<String>)> {
    let (mut files, mut links) = (Vec::new(), Vec::new());
    for entry in WalkDir::new(root).sort_by_file_name().into_iter() {
        let entry = entry.map_err(std::io::Error::other)?;
        let relative = relative_path(root, entry.path());
        if relative.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if entry.path_is_symlink() && entry.depth() > 0 {
            links.push(relative);
        } else if entry.file_type().is_file() {
            files.push(relative);
        }
    }
    Ok((files, links))
}

/// A symbolic link inside the guide is not read: an error where it stands for a record (the
/// record would vanish), a warning in `static/`, `theme/` and other free folders (the file is
/// neither copied nor used).
fn symlink_diagnostic(relative: &str, file: FileId) -> Diagnostic {
    let hint = "remplacez le lien par le fichier (ou le dossier) lui-même : un lien pourrait mener hors du guide";
    if kind_of(relative).is_some() || RecordKind::of_folder(relative).is_some() {
        Diagnostic::error(file, None, "lien symbolique : cette fiche n'est pas lue").with_hint(hint)
    } else {
        Diagnostic::warning(file, None, "lien symbolique ignoré : ni copié ni lu")
            .with_hint(hint)
            .counted_as("lien symbolique ignoré", "liens symboliques ignorés")
    }
}

/// Whether the file at `relative` (from the guide folder) holds records: not a link, a stray
/// file or a file of `static/` or `theme/`, which `Sources` may also list.
pub fn holds_records(relative: &str) -> bool {
    matches!(kind_of(relative), Some(Some(_)))
}

/// What a file of the guide holds: `Some(None)` for a stray file in a record folder (said,
/// then ignored), `None` for a file that is not the loader's (static, theme, outside folders).
fn kind_of(relative: &str) -> Option<Option<RecordKind>> {
    if relative.split('/').any(|part| part.starts_with('.')) {
        return None;
    }
    let top = relative.split('/').next().unwrap_or("");
    match classify(relative) {
        Some(kind) => Some(Some(kind)),
        None if !FREE_FOLDERS.contains(&top) && relative.contains('/') => Some(None),
        None => None,
    }
}

fn theme_dir(root: &Path) -> Option<PathBuf> {
    // `symlink_metadata`: a `theme` link is reported by the walk, never followed.
    Some(root.join("theme")).filter(|dir| std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()))
}

/// Inserts `item` after the items whose file comes before its own or is the same, in the order
/// of the folder walk (path components compared one by one); `list` is in that order already.
fn insert_in_order<'a, T>(list: &mut Vec<T>, item: T, path: impl Fn(&T) -> &'a str) {
    let key = path(&item);
    let at = list.partition_point(|other| path(other).split('/').cmp(key.split('/')).is_le());
    list.insert(at, item);
}

/// Reads one file of the guide as file `file_id`: its text and what it holds.
fn load_one(
    root: &Path,
    relative: &str,
    kind: Option<RecordKind>,
    file_id: FileId,
    diags: &mut Diagnostics,
) -> (String, Loaded) {
    match kind {
        Some(kind) => load_file(&root.join(relative), relative, kind, file_id, diags),
        None => {
            diags.push(
                Diagnostic::warning(file_id, None, "fichier ignoré : ce dossier n'attend pas ce type de fichier")
                    .with_hint(
                        "les fiches sont en .yaml (reseaux, territoires, structures) ou en .md (parcours, pages)",
                    )
                    .counted_as("fichier ignoré", "fichiers ignorés"),
            );
            (String::new(), Loaded::Nothing)
        }
    }
}

impl Guide {
    /// Adds what the file at `relative` holds where `load` would have put it: records are in
    /// the order of their files' paths (the first of two records with one id keeps it).
    fn insert(&mut self, relative: &str, kind: Option<RecordKind>, loaded: Loaded, sources: &Sources) {
        if let (Loaded::Nothing, Some(kind)) = (&loaded, kind.filter(|k| k.folder().is_some())) {
            self.unreadable.push((kind, file_id_of(relative)));
        }
        let path_of = |file: FileId| sources.get(file).path.as_str();
        match loaded {
            Loaded::Site(r) => self.site = Some(r),
            Loaded::Publics(r) => self.publics = r,
            Loaded::Needs(r) => self.needs = r,
            Loaded::Rules(r) => self.rules = r,
            Loaded::Network(r) => insert_in_order(&mut self.networks, r, |r| path_of(r.file)),
            Loaded::Territory(r) => insert_in_order(&mut self.territories, r, |r| path_of(r.file)),
            Loaded::Partner(r) => insert_in_order(&mut self.partners, r, |r| path_of(r.file)),
            Loaded::Walkthrough(d) => insert_in_order(&mut self.walkthroughs, d, |d| path_of(d.record.file)),
            Loaded::Page(d) => insert_in_order(&mut self.pages, d, |d| path_of(d.record.file)),
            Loaded::Nothing => {}
        }
    }

    /// Removes what file `file` (at `relative`) held, before it is read again.
    fn remove_file(&mut self, file: FileId, relative: &str, kind: Option<RecordKind>) {
        if self.site.as_ref().is_some_and(|r| r.file == file) {
            self.site = None;
        }
        self.publics.retain(|r| r.file != file);
        self.needs.retain(|r| r.file != file);
        self.rules.retain(|r| r.file != file);
        self.networks.retain(|r| r.file != file);
        self.territories.retain(|r| r.file != file);
        self.partners.retain(|r| r.file != file);
        self.walkthroughs.retain(|d| d.record.file != file);
        self.pages.retain(|d| d.record.file != file);
        if let Some(kind) = kind.filter(|k| k.folder().is_some()) {
            let id = file_id_of(relative);
            self.unreadable.retain(|(k, i)| !(*k == kind && *i == id));
        }
    }
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The largest file of the guide that is read (records, code lists, pages with their front
/// matter): 50 times the largest a regional guide has, and bounded so that a file pasted by
/// mistake, or malice, costs little (parsing a file takes about 90 times its size in memory).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Reads one file: its text (for the report) and what it holds. A file over [`MAX_FILE_BYTES`]
/// is an error, read no further than that limit.
fn load_file(path: &Path, relative: &str, kind: RecordKind, file: FileId, diags: &mut Diagnostics) -> (String, Loaded) {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diags.push(Diagnostic::error(file, None, format!("lecture impossible : {e}")));
        return (String::new(), Loaded::Nothing);
    }
    if bytes.len() > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len()) / 1024;
        let message = format!(
            "fichier de {} ko : la limite est de {} Mo par fichier",
            crate::diag::grouped_thousands(size as usize, ' '),
            MAX_FILE_BYTES >> 20
        );
        diags.push(
            Diagnostic::error(file, None, message)
                .with_hint("une fiche tient en quelques ko : vérifiez qu'aucun texte n'a été collé par erreur"),
        );
        return (String::new(), Loaded::Nothing);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            diags.push(
                Diagnostic::error(file, Some(at..at), "le fichier n'est pas encodé en UTF-8")
                    .with_hint("enregistrez-le en UTF-8 depuis votre éditeur (Fichier > Enregistrer avec l'encodage)"),
            );
            return (text, Loaded::Nothing);
        }
    };
    let loaded = parse_file(&text, relative, kind, file, diags);
    (text, loaded)
}

fn parse_file(text: &str, relative: &str, kind: RecordKind, file: FileId, diags: &mut Diagnostics) -> Loaded {
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let id = file_id_of(relative);
    match kind {
        RecordKind::Parcours => {
            markdown(text, text_start, id, file, diags).map_or(Loaded::Nothing, Loaded::Walkthrough)
        }
        RecordKind::Page => markdown(text, text_start, id, file, diags).map_or(Loaded::Nothing, Loaded::Page),
        _ => {
            let doc = match yaml::parse(&text[text_start..], text_start, file) {
                Ok(doc) => doc,
                Err(d) => {
                    diags.push(d);
                    return Loaded::Nothing;
                }
            };
            match kind {
                RecordKind::Site => single(doc, "site".into(), file, diags).map_or(Loaded::Nothing, Loaded::Site),
                RecordKind::Publics => Loaded::Publics(code_list(doc, file, diags)),
                RecordKind::Besoins => Loaded::Needs(code_list(doc, file, diags)),
                RecordKind::Portes => Loaded::Rules(list(doc, file, diags, |i, _| format!("regle-{}", i + 1))),
                RecordKind::Reseau => single(doc, id, file, diags).map_or(Loaded::Nothing, Loaded::Network),
                RecordKind::Territoire => single(doc, id, file, diags).map_or(Loaded::Nothing, Loaded::Territory),
                RecordKind::Structure => single(doc, id, file, diags).map_or(Loaded::Nothing, Loaded::Partner),
                RecordKind::Parcours | RecordKind::Page => Loaded::Nothing,
            }
        }
    }
}

/// `structures/cher/ml-vierzon.yaml` → `ml-vierzon`.
fn file_id_of(relative: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string()
}

fn single<T: DeserializeOwned>(mut doc: Doc, id: String, file: FileId, diags: &mut Diagnostics) -> Option<Record<T>> {
    if !matches!(doc.value, serde_yaml::Value::Mapping(_) | serde_yaml::Value::Null) {
        diags.push(
            Diagnostic::error(
                file,
                doc.span(""),
                "ce fichier doit contenir des clés (`nom: …`), pas une liste ni un texte seul",
            )
            .with_hint("chaque ligne a la forme `cle: valeur`"),
        );
        return None;
    }
    let data = yaml::decode(&mut doc, "", file, diags)?;
    Some(Record { id, file, data, spans: Arc::new(doc.spans), prefix: String::new() })
}

/// A YAML list of records (`portes.yaml`); `id_of` names each item.
fn list<T: DeserializeOwned>(
    mut doc: Doc,
    file: FileId,
    diags: &mut Diagnostics,
    id_of: impl Fn(usize, &T) -> String,
) -> Vec<Record<T>> {
    let count = match &doc.value {
        serde_yaml::Value::Sequence(items) => items.len(),
        serde_yaml::Value::Null => 0,
        _ => {
            diags.push(
                Diagnostic::error(
                    file,
                    doc.span(""),
                    "ce fichier doit contenir une liste (des lignes commençant par `- `)",
                )
                .with_hint("chaque élément commence par un tiret : `- id: …`"),
            );
            return Vec::new();
        }
    };
    let decoded: Vec<(usize, T)> =
        (0..count).filter_map(|i| Some((i, yaml::decode(&mut doc, &i.to_string(), file, diags)?))).collect();
    let spans = Arc::new(doc.spans);
    decoded
        .into_iter()
        .map(|(i, data)| Record { id: id_of(i, &data), file, data, spans: spans.clone(), prefix: i.to_string() })
        .collect()
}

fn code_list(doc: Doc, file: FileId, diags: &mut Diagnostics) -> Vec<Record<Code>> {
    list(doc, file, diags, |_, code: &Code| code.id.clone())
}

/// Splits `---` front matter from the Markdown body and decodes the front matter.
fn markdown<T: DeserializeOwned>(
    text: &str,
    start: usize,
    id: String,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<Document<T>> {
    let Some((yaml_range, body_offset)) = front_matter(text, start) else {
        let first_line = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let message = if text[start..].trim_start().starts_with("---") {
            "en-tête (front matter) non terminé : la ligne `---` de fin manque"
        } else {
            "en-tête (front matter) absent : le fichier doit commencer par `---`"
        };
        diags.push(
            Diagnostic::error(file, Some(start..first_line), message)
                .with_hint("encadrez l'en-tête YAML par deux lignes `---`, puis écrivez le texte en Markdown"),
        );
        return None;
    };
    let doc = match yaml::parse(&text[yaml_range.clone()], yaml_range.start, file) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let record = single(doc, id, file, diags)?;
    Some(Document { record, body: text[body_offset..].to_string(), body_offset })
}

/// The range of the front matter's YAML and the offset of the body, if the file has both fences.
fn front_matter(text: &str, start: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let rest = &text[start..];
    let after_open = rest.strip_prefix("---\r\n").or_else(|| rest.strip_prefix("---\n"))?;
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            return Some((yaml_start..offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}
