//! Output: write a site so that a failed build leaves the previous one untouched. Files go
//! into a hidden sibling folder; only a build that succeeded puts them in place.
//!
//! The first build into a folder, or one into a folder that bonneporte did not list, swaps the
//! whole staging folder in, atomically. A rebuild writes only what changed: the output lists
//! the fingerprint of each of its files (`.bonneporte-empreintes`), a file whose bytes have the
//! fingerprint of the output's file at the same path, unchanged since (same size, not modified
//! after the list was written), is left where it is, and only the other files are staged, then
//! renamed into place one by one, the files the build no longer makes removed, the list written
//! last. On a disk slow at creating and deleting files (21,000 page folders), rewriting and
//! deleting a whole tree costs a minute where a one-partner edit changes a few dozen files.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// Generated files: path from the site root, and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The file that marks a folder as a bonneporte output, so that a mistaken `--out` never
/// replaces a folder of something else.
const MARKER: &str = ".bonneporte";

/// The fingerprints of an output's files: a line per file, `<blake3> <size> <path>`, sorted by
/// path (no time in it: the output stays byte-identical for the same guide).
const FINGERPRINTS: &str = ".bonneporte-empreintes";

/// What some files were made from: the notes kept with them, a line each starting with a tab
/// (many files share one: 1,000 for 20,000 partner pages), then a line per file,
/// `<key> <note number> <path>`, sorted by path. A rebuild whose key for a file is the same
/// keeps the file without making it again, and gets back its note (a page's links:
/// `render::reuse`). Written before the fingerprints.
const INPUTS: &str = ".bonneporte-entrees";

/// A key of what files are made from ([`Output::reuse`]), hashed field by field: each field with
/// its length, so that two fields never run into each other.
#[derive(Clone, Default)]
pub struct Key(blake3::Hasher);

impl Key {
    /// A key that goes on from `key`.
    pub fn after(key: blake3::Hash) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(key.as_bytes());
        Key(hasher)
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Key {
        self.number(bytes.len());
        self.0.update(bytes);
        self
    }

    pub fn number(&mut self, n: usize) -> &mut Key {
        self.0.update(&(n as u64).to_le_bytes());
        self
    }

    pub fn hash(&mut self, hash: blake3::Hash) -> &mut Key {
        self.0.update(hash.as_bytes());
        self
    }

    pub fn finish(&self) -> blake3::Hash {
        self.0.finalize()
    }
}

pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Bytes of the site so far, written or kept (pages are written from several threads).
    written: AtomicU64,
    /// The previous output's files, when this build updates it in place.
    previous: Previous,
    /// The fingerprint of every file of this build.
    files: Mutex<HashMap<String, Fingerprint>>,
    /// Files of the previous output kept as they are.
    kept: AtomicUsize,
    /// The files written into the staging folder, to put in place.
    staged: Mutex<Vec<String>>,
    /// What this build's files were made from, where the build said it ([`Output::remember`]).
    inputs: Mutex<Inputs>,
    /// The previous output's files and folders, listed beside the build (walking 21,000 page
    /// folders takes 0.3 s), for the rebuild to remove what it no longer makes.
    listing: Option<std::thread::JoinHandle<io::Result<Listing>>>,
}

/// The files (paths from the output's root) and folders of an output.
#[derive(Default)]
struct Listing {
    files: Vec<String>,
    folders: Vec<PathBuf>,
}

/// The key of what a file was made from, and the note kept with it.
struct Input {
    key: blake3::Hash,
    note: Arc<str>,
}

/// What files were made from, by path, with their notes shared.
#[derive(Default)]
struct Inputs {
    files: HashMap<String, Input>,
    notes: HashSet<Arc<str>>,
}

impl Inputs {
    fn add(&mut self, relative: &str, key: blake3::Hash, note: &str) {
        let note = match self.notes.get(note) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = note.into();
                self.notes.insert(shared.clone());
                shared
            }
        };
        self.files.insert(relative.to_string(), Input { key, note });
    }

    fn read(text: &str) -> Inputs {
        let mut inputs = Inputs::default();
        let mut notes: Vec<&str> = Vec::new();
        for line in text.lines() {
            if let Some(note) = line.strip_prefix('\t') {
                notes.push(note);
            } else if let Some((key, n, path)) = parse_input(line)
                && let Some(note) = notes.get(n)
            {
                inputs.add(path, key, note);
            }
        }
        inputs
    }

    /// The list that [`Inputs::read`] reads: notes in order, then files by path.
    fn write(&self) -> String {
        let notes: BTreeSet<&Arc<str>> = self.files.values().map(|input| &input.note).collect();
        let number: HashMap<&str, usize> = notes.iter().enumerate().map(|(n, note)| (&***note, n)).collect();
        let mut files: Vec<(&String, &Input)> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let mut text = String::new();
        for note in notes {
            text.push('\t');
            text.push_str(note);
            text.push('\n');
        }
        for (path, input) in files {
            text.push_str(&format!("{} {} {path}\n", input.key.to_hex(), number[&*input.note]));
        }
        text
    }
}

/// What tells that a file holds given bytes: their hash and size.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    hash: blake3::Hash,
    size: u64,
}

/// The previous output's fingerprints, and when they were written: a file modified after that
/// (edited by hand, say, or put in place by a rebuild that was killed) is not what its
/// fingerprint says.
#[derive(Default)]
struct Previous {
    files: HashMap<String, Fingerprint>,
    written: Option<SystemTime>,
    /// Taken out as files are kept.
    inputs: Mutex<Inputs>,
}

impl Output {
    /// Prepares a build of `target`: refuses a folder that is not empty and not a previous build.
    ///
    /// A `target` that is a symbolic link is resolved once: the folder it leads to is the one
    /// replaced or updated, and the link stays a link. The staging folders that killed builds
    /// left next to it are removed, if they carry the marker.
    pub fn create(target: &Path) -> io::Result<Output> {
        let resolved = resolve_link(target)?;
        let target = resolved.as_path();
        remove_stale_stagings(target);
        if target.exists() && !is_replaceable(target)? {
            return Err(io::Error::other(format!(
                "{} existe et n'est pas un site produit par bonneporte : choisissez un autre --out ou videz ce dossier",
                target.display()
            )));
        }
        let staging = sibling(target, &format!("tmp-{}", std::process::id()));
        if fs::symlink_metadata(&staging).is_ok() {
            remove_if_output(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        fs::write(staging.join(MARKER), "Site produit par bonneporte.\n")?;
        let previous = read_fingerprints(target);
        let listed = target.to_path_buf();
        let listing = previous.written.is_some().then(|| std::thread::spawn(move || walk_output(&listed)));
        Ok(Output {
            previous,
            listing,
            target: target.to_path_buf(),
            staging,
            committed: false,
            written: AtomicU64::new(0),
            files: Mutex::new(HashMap::new()),
            kept: AtomicUsize::new(0),
            staged: Mutex::new(Vec::new()),
            inputs: Mutex::default(),
        })
    }

    /// Writes `bytes` at `relative` (a `/`-separated path made by the build, never by content),
    /// unless the previous output has them there already.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let fingerprint = Fingerprint { hash: blake3::hash(bytes), size: bytes.len() as u64 };
        if self.has_already(relative, fingerprint) {
            self.kept.fetch_add(1, Ordering::Relaxed);
        } else {
            let path = self.staging.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, bytes)?;
            locked(&self.staged).push(relative.to_string());
        }
        self.lock_files().insert(relative.to_string(), fingerprint);
        self.written.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the previous output's file at `relative` had `fingerprint` when written and has
    /// not changed since.
    fn has_already(&self, relative: &str, fingerprint: Fingerprint) -> bool {
        self.previous_file(relative) == Some(fingerprint)
    }

    /// The fingerprint of the previous output's file at `relative`, if it is still what the
    /// list says (same size, not modified after the list was written).
    fn previous_file(&self, relative: &str) -> Option<Fingerprint> {
        let (old, listed) = (self.previous.files.get(relative)?, self.previous.written?);
        let meta = fs::symlink_metadata(self.target.join(relative)).ok()?;
        (meta.is_file() && meta.len() == old.size && meta.modified().is_ok_and(|m| m <= listed)).then_some(*old)
    }

    /// Keeps the previous output's file at `relative` as it is, if it was made from `key` and is
    /// unchanged since, and `read` accepts the note kept with it: returns what `read` made of it.
    pub fn reuse<T>(&self, relative: &str, key: blake3::Hash, read: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        self.reuse_files(relative, key, |note| Some((vec![relative.to_string()], read(note)?))).map(|(made, _)| made)
    }

    /// Keeps the previous output's files that were made together from `key`, under the name
    /// `unit` ([`Output::remember`]), if they are unchanged since: `read` gives their paths and
    /// what else it makes of their note. Returns that, and the bytes of the files kept.
    pub fn reuse_files<T>(
        &self,
        unit: &str,
        key: blake3::Hash,
        read: impl FnOnce(&str) -> Option<(Vec<String>, T)>,
    ) -> Option<(T, u64)> {
        let input = locked(&self.previous.inputs).files.remove(unit).filter(|input| input.key == key)?;
        let (files, made) = read(&input.note)?;
        let fingerprints: Vec<Fingerprint> = files.iter().map(|f| self.previous_file(f)).collect::<Option<_>>()?;
        let bytes = fingerprints.iter().map(|f| f.size).sum();
        self.kept.fetch_add(files.len(), Ordering::Relaxed);
        self.written.fetch_add(bytes, Ordering::Relaxed);
        self.lock_files().extend(files.into_iter().zip(fingerprints));
        locked(&self.inputs).add(unit, key, &input.note);
        Some((made, bytes))
    }

    /// Records that the file at `relative` (or the files that `unit` names) was made from `key`,
    /// with `note` to give back to the rebuild that keeps it ([`Output::reuse`],
    /// [`Output::reuse_files`]; one line: no newline in it).
    pub fn remember(&self, unit: &str, key: blake3::Hash, note: &str) {
        debug_assert!(!note.contains('\n'));
        locked(&self.inputs).add(unit, key, note);
    }

    fn lock_files(&self) -> MutexGuard<'_, HashMap<String, Fingerprint>> {
        locked(&self.files)
    }

    /// Writes many generated files `(relative path, bytes)` from several threads (the search and
    /// wizard exports are thousands of small files on a national guide).
    pub fn write_files(&self, files: &[(String, Vec<u8>)]) -> Result<(), String> {
        use rayon::prelude::*;
        files
            .par_iter()
            .try_for_each(|(path, bytes)| self.write(path, bytes).map_err(|e| format!("écriture de {path} : {e}")))
    }

    /// Copies the file `source` to `relative`.
    pub fn copy(&self, relative: &str, source: &Path) -> io::Result<()> {
        self.write(relative, &fs::read(source)?)
    }

    /// How many files of the previous output were kept as they are rather than written.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// How many files the site has.
    pub fn file_count(&self) -> usize {
        self.lock_files().len()
    }

    /// Whether this build has a file at `relative`.
    pub fn exists(&self, relative: &str) -> bool {
        self.lock_files().contains_key(relative)
    }

    /// The size of the site, in bytes.
    pub fn bytes(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Puts the new site in place of the old one: the previous output updated when this build
    /// kept some of its files, the staging folder swapped in otherwise.
    pub fn commit(mut self) -> io::Result<()> {
        let list = self.fingerprint_list();
        fs::write(self.staging.join(INPUTS), locked(&self.inputs).write())?;
        if self.kept() > 0 {
            let listing = match self.listing.take() {
                Some(walk) => walk.join().map_err(|_| io::Error::other("liste du site précédent interrompue"))??,
                None => walk_output(&self.target)?,
            };
            self.update_in_place(&list, listing)?;
        } else {
            fs::write(self.staging.join(FINGERPRINTS), list)?;
            self.swap()?;
        }
        self.committed = true;
        Ok(())
    }

    /// Swaps the staging folder in for the previous output, then removes the latter.
    fn swap(&self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        if fs::symlink_metadata(&old).is_ok() {
            remove_if_output(&old)?;
        }
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if had_previous {
            remove_tree(&old)?;
        }
        Ok(())
    }

    /// Renames the staged files into the previous output, removes the files this build does not
    /// make, then writes the new list (last: were the update cut short, the files already put in
    /// place are newer than the old list, so the next build writes them again).
    fn update_in_place(&self, list: &str, listing: Listing) -> io::Result<()> {
        let mut staged = std::mem::take(&mut *locked(&self.staged));
        staged.sort_unstable();
        for relative in &staged {
            let to = self.target.join(relative);
            if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                remove_tree(&to)?;
            }
            make_folders(&self.target, Path::new(relative.as_str()).parent().unwrap_or(Path::new("")))?;
            fs::rename(self.staging.join(relative), to)?;
        }
        remove_others(&self.target, listing, &self.lock_files())?;
        fs::rename(self.staging.join(INPUTS), self.target.join(INPUTS))?;
        let list_path = self.staging.join(FINGERPRINTS);
        fs::write(&list_path, list)?;
        fs::rename(list_path, self.target.join(FINGERPRINTS))?;
        fs::remove_dir_all(&self.staging)
    }

    /// The fingerprints of this build's files, sorted by path (the same for the same guide).
    fn fingerprint_list(&self) -> String {
        let files = self.lock_files();
        let mut list: Vec<(&String, &Fingerprint)> = files.iter().collect();
        list.sort_by(|a, b| a.0.cmp(b.0));
        let mut text = String::with_capacity(list.len() * 120);
        for (path, f) in list {
            text.push_str(&format!("{} {} {path}\n", f.hash.to_hex(), f.size));
        }
        text
    }
}

/// The value behind `mutex`, even if a thread panicked while holding it (the build then fails
/// anyway; what matters is not to panic again in the meantime).
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Makes the folder `relative` under `root`, removing a file of the previous output that stands
/// where one of its folders goes (`static/plan` once a file, now `static/plan/carte.pdf`).
fn make_folders(root: &Path, relative: &Path) -> io::Result<()> {
    if fs::create_dir_all(root.join(relative)).is_ok() {
        return Ok(());
    }
    let mut folder = root.to_path_buf();
    for part in relative.components() {
        folder.push(part);
        if fs::symlink_metadata(&folder).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&folder)?;
        }
    }
    fs::create_dir_all(root.join(relative))
}

/// Removes from the output `root` every file of `listing` that is not among `files` (nor the
/// marker or the lists), then the folders left empty: the output holds exactly what the build
/// made. The rebuild may have replaced a listed file by a folder, or the reverse: what is gone
/// already is not an error.
fn remove_others(root: &Path, listing: Listing, files: &HashMap<String, Fingerprint>) -> io::Result<()> {
    let gone_already = |result: io::Result<()>| match result {
        Err(e) if ![io::ErrorKind::NotFound, io::ErrorKind::NotADirectory].contains(&e.kind()) => Err(e),
        _ => Ok(()),
    };
    // Folders that may be empty now: those left empty before, those that lost a file. Opening
    // each of 21,000 page folders to see took 0.2 s of a one-edit rebuild.
    let file_paths: Vec<PathBuf> = listing.files.iter().map(|f| root.join(f)).collect();
    let entries = file_paths.iter().chain(&listing.folders);
    let held: HashSet<&Path> = entries.filter_map(|entry| entry.parent()).collect();
    let depth = |folder: &Path| std::cmp::Reverse(folder.components().count());
    let mut maybe_empty: BTreeSet<(std::cmp::Reverse<usize>, PathBuf)> =
        listing.folders.iter().filter(|f| !held.contains(f.as_path())).map(|f| (depth(f), f.clone())).collect();
    for (relative, path) in listing.files.iter().zip(&file_paths) {
        let now_a_folder = || fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        if !files.contains_key(relative)
            && ![MARKER, FINGERPRINTS, INPUTS].contains(&relative.as_str())
            && !now_a_folder()
        {
            gone_already(fs::remove_file(path))?;
            if let Some(parent) = path.parent().filter(|p| *p != root) {
                maybe_empty.insert((depth(parent), parent.to_path_buf()));
            }
        }
    }
    // Deepest first, so that a folder emptied of its folders goes too.
    while let Some((_, folder)) = maybe_empty.pop_first() {
        if fs::read_dir(&folder).is_ok_and(|mut entries| entries.next().is_none()) {
            gone_already(fs::remove_dir(&folder))?;
            if let Some(parent) = folder.parent().filter(|p| *p != root) {
                maybe_empty.insert((depth(parent), parent.to_path_buf()));
            }
        }
    }
    Ok(())
}

/// The files and folders under `root`, folders before what they hold.
fn walk_output(root: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    if !root.exists() {
        return Ok(listing);
    }
    for entry in walkdir::WalkDir::new(root).min_depth(1).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            listing.folders.push(entry.into_path());
        } else {
            let relative = entry.path().strip_prefix(root).map_err(io::Error::other)?;
            listing.files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(listing)
}

/// The fingerprints of the previous output in `target`, if it has any (an output of an earlier
/// version, or one whose list is damaged, is simply written again in full).
fn read_fingerprints(target: &Path) -> Previous {
    let list = target.join(FINGERPRINTS);
    let (Ok(text), Ok(meta)) = (fs::read_to_string(&list), fs::symlink_metadata(&list)) else {
        return Previous::default();
    };
    let inputs = fs::read_to_string(target.join(INPUTS)).unwrap_or_default();
    Previous {
        files: text.lines().filter_map(parse_fingerprint).collect(),
        written: meta.modified().ok(),
        inputs: Mutex::new(Inputs::read(&inputs)),
    }
}

/// `<key> <note number> <path>`.
fn parse_input(line: &str) -> Option<(blake3::Hash, usize, &str)> {
    let mut fields = line.splitn(3, ' ');
    let (hex, n, path) = (fields.next()?, fields.next()?, fields.next()?);
    Some((blake3::Hash::from_hex(hex).ok()?, n.parse().ok()?, path))
}

fn parse_fingerprint(line: &str) -> Option<(String, Fingerprint)> {
    let mut fields = line.splitn(3, ' ');
    let (hex, size, path) = (fields.next()?, fields.next()?, fields.next()?);
    let hash = blake3::Hash::from_hex(hex).ok()?;
    Some((path.to_string(), Fingerprint { hash, size: size.parse().ok()? }))
}

impl Drop for Output {
    /// An abandoned build leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}"))
}

/// Removes a folder tree, unlinking its files from several threads: deleting is bound by the
/// file system's latency, not by the CPU (on a disk mounted with `discard`, 21,000 files take
/// 21 s one by one and 3 s from 8 threads).
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_root_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().map_err(io::Error::other)?;
    pool.install(|| files.par_iter().for_each(|f| drop(fs::remove_file(f))));
    fs::remove_dir_all(dir)
}

fn is_replaceable(target: &Path) -> io::Result<bool> {
    if !target.is_dir() {
        return Ok(false);
    }
    Ok(target.join(MARKER).is_file() || fs::read_dir(target)?.next().is_none())
}

/// The folder that `target` names: itself, or the folder its symbolic link leads to (resolved
/// once, so that nothing is renamed or deleted through the link).
fn resolve_link(target: &Path) -> io::Result<PathBuf> {
    if !fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(target.to_path_buf());
    }
    fs::canonicalize(target).map_err(|e| {
        io::Error::other(format!(
            "{} est un lien qui ne mène à aucun dossier ({e}) : créez le dossier ou changez --out",
            target.display()
        ))
    })
}

/// Removes `dir`, a folder that this module made (staging or old output): only if it is a real
/// folder (not a link) with the output marker, or empty; otherwise says why it stays.
fn remove_if_output(dir: &Path) -> io::Result<()> {
    let is_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    if is_dir && (dir.join(MARKER).is_file() || fs::read_dir(dir)?.next().is_none()) {
        return remove_tree(dir);
    }
    Err(io::Error::other(format!(
        "{} existe et n'est pas un dossier produit par bonneporte : déplacez-le ou supprimez-le",
        dir.display()
    )))
}

/// Removes the staging folders (`.<name>.tmp-<pid>`) of earlier builds of `target` whose
/// process is gone (a build killed before it could clean up), when they carry the marker.
fn remove_stale_stagings(target: &Path) {
    let prefix = format!(".{}.tmp-", target.file_name().map_or("public".into(), |n| n.to_string_lossy()));
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(&prefix).and_then(|pid| pid.parse::<u32>().ok()) else { continue };
        let path = entry.path();
        if pid != std::process::id() && !process_runs(pid) && path.join(MARKER).is_file() {
            let _ = remove_if_output(&path);
        }
    }
}

/// Whether process `pid` still runs (where `/proc` says it; elsewhere, a build with the same
/// output in parallel is not supported, and its staging folder is taken as left behind).
fn process_runs(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(target: &Path, files: &[(&str, &str)]) -> usize {
        let out = Output::create(target).expect("create");
        for (path, text) in files {
            out.write(path, text.as_bytes()).expect("write");
        }
        let kept = out.kept();
        out.commit().expect("commit");
        kept
    }

    fn tree(root: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(root).expect("prefix").to_string_lossy().replace('\\', "/");
                (relative, fs::read_to_string(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    }

    /// A rebuild whose files and folders trade places ends as a fresh build of the same files.
    #[test]
    fn a_rebuild_where_files_and_folders_trade_places_ends_as_a_fresh_build() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (out, fresh) = (dir.path().join("public"), dir.path().join("fresh"));
        build(
            &out,
            &[("index.html", "accueil"), ("plan", "un fichier"), ("carte/index.html", "carte"), ("vieux.txt", "x")],
        );
        let second = [("index.html", "accueil"), ("plan/carte.pdf", "un dossier"), ("carte", "un fichier")];
        assert_eq!(build(&out, &second), 1, "index.html kept");
        build(&fresh, &second);
        assert_eq!(tree(&out), tree(&fresh));
    }

    /// A file made from the same key is kept with its note; from another key, or edited by hand
    /// since, it is not.
    #[test]
    fn a_file_is_reused_only_from_the_same_key_and_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        let (key, other) = (blake3::hash(b"a"), blake3::hash(b"b"));
        let out = Output::create(&target).expect("create");
        for page in ["a.html", "b.html", "c.html"] {
            out.write(page, page.as_bytes()).expect("write");
            out.remember(page, key, &format!("note de {page}"));
        }
        out.commit().expect("commit");
        fs::write(target.join("c.html"), "à la main").expect("hand edit");
        let out = Output::create(&target).expect("create");
        assert_eq!(out.reuse("a.html", key, |note| Some(note.to_string())).as_deref(), Some("note de a.html"));
        assert_eq!(out.reuse("b.html", other, |note| Some(note.to_string())), None, "another key");
        assert_eq!(out.reuse("c.html", key, |note| Some(note.to_string())), None, "edited by hand");
        assert_eq!(out.kept(), 1);
    }
}
