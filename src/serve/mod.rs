//! `bonneporte serve`: a live preview of the guide for its editors.
//!
//! The guide is read once and kept in memory ([`preview::Workspace`]); a change re-reads the
//! files it touches, checks again and resolves the graph, then tells every open page to reload
//! through Server-Sent Events. Pages are rendered when asked for: nothing is ever written, so
//! `public/` and the guide stay as they are. While the guide has errors, every page shows them.

mod connection;
mod http;
mod preview;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use connection::Request;
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
/// A comment sent on an idle event stream, so that a client gone without closing its connection
/// (a machine asleep) is found out by a failed write.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often an idle event stream looks whether its page closed the connection.
const CLIENT_GONE: Duration = Duration::from_secs(1);
/// Quiet time after the last change before applying it: editors save in several writes.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Serves the guide until the process is stopped (Ctrl-C). Prints the URL on stdout first.
pub fn run(config: &ServeConfig) -> Result<(), String> {
    let listener = TcpListener::bind(SocketAddr::new(config.bind, config.port))
        .map_err(|e| format!("impossible d'écouter sur {}:{} : {e}", config.bind, config.port))?;
    let address = listener.local_addr().map_err(|e| format!("adresse d'écoute inconnue : {e}"))?;
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
    connection::accept_forever(&listener, Arc::new(move |request, stream| answer(&live, &own, &request, &stream)))
}

/// Where the preview listens: the `Host` its requests must name.
struct Own {
    bind: IpAddr,
    port: u16,
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

/// Answers one request: only to the preview's own host names, only `GET` and `HEAD`.
fn answer(live: &Live, own: &Own, request: &Request, stream: &TcpStream) {
    let head_only = request.method == "HEAD";
    if !http::own_host(request.host.as_deref(), own.bind, own.port) {
        return connection::send(stream, &Reply::misdirected(), head_only);
    }
    if request.method != "GET" && !head_only {
        return connection::send(stream, &Reply::status_only(405), false);
    }
    let url = request.target.as_str();
    if let Some(own) = url.strip_prefix(RESERVED) {
        let (name, query) = own.split_once('?').unwrap_or((own, ""));
        match name {
            "recharger.js" => {
                connection::send(stream, &Reply::file(name, RELOAD_SCRIPT.as_bytes().to_vec()), head_only)
            }
            "evenements" => events(live, stream, query),
            _ => connection::send(stream, &Reply::not_found(), head_only),
        }
        return;
    }
    let Some(file) = http::safe_path(url) else {
        return connection::send(stream, &Reply::not_found(), head_only);
    };
    let reply = {
        let guard = live.snapshot.read().unwrap_or_else(PoisonError::into_inner);
        let script = format!("<script type=\"module\" src=\"{RESERVED}recharger.js?v={}\"></script>", live.version());
        match guard.as_ref() {
            Some(snapshot) => snapshot.answer(&file, &script),
            None => Reply::html(503, "<!DOCTYPE html>\n<html lang=\"fr\"><title>Aperçu indisponible</title><h1>Aperçu indisponible : relancez bonneporte serve</h1></html>\n".into()),
        }
    };
    connection::send(stream, &reply, head_only);
    if reply.content_type.starts_with("text/html") {
        live.log_served();
    }
}

/// The event stream of one open page: `reload` as soon as the guide differs from the version
/// the page was made from (`?v=`), even if it changed before the page connected. Ends within
/// [`CLIENT_GONE`] of the page closing its connection, so a closed tab frees its place at once.
fn events(live: &Live, mut stream: &TcpStream, query: &str) {
    let mut seen = query.split('&').find_map(|p| p.strip_prefix("v=")?.parse().ok()).unwrap_or(0);
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut quiet_since = Instant::now();
    loop {
        let version = live.wait_change(seen, CLIENT_GONE);
        let message = if version != seen {
            seen = version;
            format!("event: reload\ndata: {version}\n\n")
        } else if connection::closed_by_client(stream) {
            return;
        } else if quiet_since.elapsed() >= KEEP_ALIVE {
            ": en attente\n\n".to_string()
        } else {
            continue;
        };
        quiet_since = Instant::now();
        if stream.write_all(message.as_bytes()).and_then(|_| stream.flush()).is_err() {
            return;
        }
    }
}
