//! `bonneporte serve`: a live preview of the guide for its editors.
//!
//! The guide is read once and kept in memory ([`preview::Workspace`]); a change re-reads the
//! files it touches, checks again and resolves the graph, then tells every open page to reload
//! through Server-Sent Events. Pages are rendered when asked for: nothing is ever written, so
//! `public/` and the guide stay as they are. While the guide has errors, every page shows them.

mod http;
mod preview;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use http::Reply;
use preview::{Snapshot, Workspace};

pub struct ServeConfig {
    pub content: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Days since 1970-01-01, for freshness warnings.
    pub today: i64,
}

/// The folder of the preview's own files, which no guide can produce (ids are `[a-z0-9-]`).
const RESERVED: &str = "/__bonneporte/";
const RELOAD_SCRIPT: &str = include_str!("recharger.js");
/// A comment sent on an idle event stream, so that a closed tab ends its thread.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Quiet time after the last change before applying it: editors save in several writes.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Serves the guide until the process is stopped (Ctrl-C). Prints the URL on stdout first.
pub fn run(config: &ServeConfig) -> Result<(), String> {
    let server = tiny_http::Server::http(SocketAddr::new(config.bind, config.port))
        .map_err(|e| format!("impossible d'écouter sur {}:{} : {e}", config.bind, config.port))?;
    let address = server.server_addr().to_ip().ok_or("adresse d'écoute inconnue")?;
    let url = format!("http://{address}/");
    let started = Instant::now();
    if !config.content.is_dir() {
        return Err(format!("dossier du guide introuvable : {}", config.content.display()));
    }
    // Watching starts before the first read, so that a save during it is not lost.
    let (changes, received) = mpsc::channel();
    let _watcher = watch(&config.content, changes)?;
    let workspace = Workspace::load(&config.content, config.today, url.clone()).map_err(|e| e.to_string())?;
    let (snapshot, _) = Snapshot::resolve(workspace);
    let errors = snapshot.error_count();
    let live = Arc::new(Live::new(snapshot));
    let applier = live.clone();
    std::thread::spawn(move || received.into_iter().for_each(|(paths, saved): Change| applier.apply(&paths, saved)));

    println!("{url}");
    let _ = std::io::stdout().flush();
    eprintln!(
        "Aperçu de {} sur {url} (prêt en {} s, {}). Ctrl-C pour arrêter.",
        config.content.display(),
        crate::diag::decimal(started.elapsed().as_secs_f64(), 2),
        crate::diag::counted(errors, "erreur", "erreurs")
    );
    if !config.bind.is_loopback() {
        eprintln!(
            "attention : l'aperçu écoute sur {}, il est visible depuis les autres machines du réseau",
            config.bind
        );
    }
    let own = Own { bind: config.bind, port: address.port() };
    let busy = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.to_string());
        if !http::own_host(host.as_deref(), own.bind, own.port) {
            respond(request, Reply::misdirected());
            continue;
        }
        // One thread per request: an open page holds its event stream for as long as it is shown.
        // Bounded, so that many clients (or idle connections) cannot starve the preview.
        let Some(slot) = Slot::take(&busy) else {
            respond(request, Reply::busy());
            continue;
        };
        let live = live.clone();
        std::thread::spawn(move || {
            handle(&live, request);
            drop(slot);
        });
    }
    Ok(())
}

/// Where the preview listens: the `Host` its requests must name.
struct Own {
    bind: IpAddr,
    port: u16,
}

/// Requests served at once at most (pages, files and open pages' event streams).
const MAX_REQUESTS: usize = 128;

/// One of the [`MAX_REQUESTS`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(busy: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = busy.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(busy.clone());
        (taken < MAX_REQUESTS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What the requests and the watcher share.
struct Live {
    /// `None` only while a change is being applied (under the write lock).
    snapshot: RwLock<Option<Snapshot>>,
    /// Bumped on each change, under the snapshot's write lock, so a page and its version agree.
    version: Mutex<u64>,
    bumped: Condvar,
    /// When the change now shown was saved, until a page shows it (for the timing log).
    saved: Mutex<Option<Instant>>,
}

impl Live {
    fn new(snapshot: Snapshot) -> Live {
        Live {
            snapshot: RwLock::new(Some(snapshot)),
            version: Mutex::new(0),
            bumped: Condvar::new(),
            saved: Mutex::new(None),
        }
    }

    fn version(&self) -> u64 {
        *self.version.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until the version differs from `seen`, or `timeout`; returns the version.
    fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.version.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) =
            self.bumped.wait_timeout_while(guard, timeout, |v| *v == seen).unwrap_or_else(PoisonError::into_inner);
        *guard
    }

    /// Applies a change of the files `paths`, saved at `saved`, and tells the pages. The reload
    /// is sent as soon as the files are read: while the guide is checked and resolved, the
    /// browser reacts and asks for the page again, and that request waits for the new snapshot
    /// (the write lock) instead of starting afterwards.
    fn apply(&self, paths: &[PathBuf], saved: Instant) {
        let mut guard = self.snapshot.write().unwrap_or_else(PoisonError::into_inner);
        let Some(snapshot) = guard.take() else { return };
        let mut workspace = snapshot.into_owner();
        let full = paths.iter().any(|p| p.is_dir() && p != workspace.root());
        let read = if full { workspace.reload() } else { workspace.apply(paths) };
        *self.version.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.bumped.notify_all();
        let sent = saved.elapsed();
        let (snapshot, resolved) = Snapshot::resolve(workspace);
        let errors = snapshot.error_count();
        *guard = Some(snapshot);
        *self.saved.lock().unwrap_or_else(PoisonError::into_inner) = Some(saved);
        drop(guard);
        eprintln!(
            "modification ({}, {}) : lecture {} ms, rechargement envoyé {} ms après l'enregistrement ; vérification et graphe {} ms, pages prêtes {} ms après l'enregistrement",
            crate::diag::counted(paths.len(), "fichier", "fichiers"),
            crate::diag::counted(errors, "erreur", "erreurs"),
            read.as_millis(),
            sent.as_millis(),
            resolved.as_millis(),
            saved.elapsed().as_millis()
        );
    }

    /// Logs how long after its save a change reached a page (once per change).
    fn log_served(&self) {
        if let Some(saved) = self.saved.lock().unwrap_or_else(PoisonError::into_inner).take() {
            eprintln!("page servie {} ms après l'enregistrement", saved.elapsed().as_millis());
        }
    }
}

/// The files of one change, and when the first of them was saved.
type Change = (Vec<PathBuf>, Instant);

/// Watches the guide folder (its `theme/` included) and sends each change to `changes`.
fn watch(
    content: &Path,
    changes: mpsc::Sender<Change>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, String> {
    // The watcher reports absolute paths; the guide knows its folder as it was given (`content`
    // by default), so each path is written back under that folder.
    let absolute = std::path::absolute(content).map_err(|e| format!("dossier du guide {} : {e}", content.display()))?;
    let given = content.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let events: Vec<_> = events.into_iter().filter(|e| !matches!(e.kind, EventKind::Access(_))).collect();
        let Some(saved) = events.iter().map(|e| e.time).min() else { return };
        let under_given = |path: PathBuf| match path.strip_prefix(&absolute) {
            Ok(inside) if inside.as_os_str().is_empty() => given.clone(),
            Ok(inside) => given.join(inside),
            Err(_) => path,
        };
        let mut paths: Vec<PathBuf> = events.into_iter().flat_map(|e| e.event.paths).map(under_given).collect();
        paths.sort();
        paths.dedup();
        let _ = changes.send((paths, saved));
    })
    .map_err(|e| format!("surveillance du guide : {e}"))?;
    debouncer
        .watch(content, notify::RecursiveMode::Recursive)
        .map_err(|e| format!("surveillance de {} : {e}", content.display()))?;
    Ok(debouncer)
}

fn handle(live: &Live, request: tiny_http::Request) {
    let url = request.url().to_string();
    if let Some(own) = url.strip_prefix(RESERVED) {
        let (name, query) = own.split_once('?').unwrap_or((own, ""));
        match name {
            "recharger.js" => respond(request, Reply::file(name, RELOAD_SCRIPT.as_bytes().to_vec())),
            "evenements" => events(live, request, query),
            _ => respond(request, Reply::not_found()),
        }
        return;
    }
    let Some(file) = http::safe_path(&url) else {
        return respond(request, Reply::not_found());
    };
    let reply = {
        let guard = live.snapshot.read().unwrap_or_else(PoisonError::into_inner);
        let script = format!("<script type=\"module\" src=\"{RESERVED}recharger.js?v={}\"></script>", live.version());
        match guard.as_ref() {
            Some(snapshot) => snapshot.answer(&file, &script),
            None => Reply::html(503, "<!DOCTYPE html>\n<html lang=\"fr\"><title>Aperçu indisponible</title><h1>Aperçu indisponible : relancez bonneporte serve</h1></html>\n".into()),
        }
    };
    let is_page = reply.content_type.starts_with("text/html");
    respond(request, reply);
    if is_page {
        live.log_served();
    }
}

fn respond(request: tiny_http::Request, reply: Reply) {
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok();
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = [
        header("Content-Type", reply.content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
        reply.location.as_deref().and_then(|l| header("Location", l)),
    ];
    for h in headers.into_iter().flatten() {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// The event stream of one open page: `reload` as soon as the guide differs from the version
/// the page was made from (`?v=`), even if it changed before the page connected.
fn events(live: &Live, request: tiny_http::Request, query: &str) {
    let mut seen = query.split('&').find_map(|p| p.strip_prefix("v=")?.parse().ok()).unwrap_or(0);
    let mut writer = request.into_writer();
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_err() {
        return;
    }
    loop {
        let version = live.wait_change(seen, KEEP_ALIVE);
        let message = if version == seen {
            ": en attente\n\n".to_string()
        } else {
            seen = version;
            format!("event: reload\ndata: {version}\n\n")
        };
        if writer.write_all(message.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}
