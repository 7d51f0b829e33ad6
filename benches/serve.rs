//! Live-preview benchmark (issue 6): how long after an editor saves a partner's file does
//! `bonneporte serve` announce the reload, and serve the page with the change, on the synthetic
//! national guide?
//!
//! ```sh
//! cargo bench --bench serve                    # national scale, 10 edits
//! cargo bench --bench serve -- --edits 20
//! BONNEPORTE_BENCH_SCALE=small cargo bench --bench serve
//! ```
//!
//! The guide is generated into `target/bench-serve-guide/` (synthetic, rewritten at each run since
//! the bench edits it). The real binary runs `serve --port 0` on it; the bench listens to the event
//! stream of an open page, as the browser's reload script does, then rewrites the `nom` of one
//! partner, measures the time to the `reload` event and to the first answer of the partner's page
//! that carries the new name (polled every 2 ms), and prints medians and maxima. Target: the page
//! under 300 ms after the save.

// The generator also serves the build bench, which uses the parts this one does not.
#[allow(dead_code)]
mod synthetic;

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TARGET_MS: f64 = 300.0;
const DEADLINE: Duration = Duration::from_secs(30);

fn main() {
    if let Err(e) = run() {
        eprintln!("bench serve: {e}");
        std::process::exit(1);
    }
}

fn edits() -> usize {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--edits" {
            return args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).unwrap_or(10);
        }
    }
    10
}

fn run() -> io::Result<()> {
    let scale_name = std::env::var("BONNEPORTE_BENCH_SCALE").unwrap_or_else(|_| "national".into());
    let scale = synthetic::Scale::by_name(&scale_name).ok_or_else(|| io::Error::other("scale: national or small"))?;
    let exe = Path::new(env!("CARGO_BIN_EXE_bonneporte"));
    let target = exe.parent().and_then(Path::parent).map_or_else(|| PathBuf::from("target"), Path::to_path_buf);
    let guide = target.join("bench-serve-guide");
    let stats = synthetic::generate(&guide, scale)?;
    println!("guide synthétique {scale_name} : {stats}");
    let partner = first_partner(&guide)?;
    let id = partner.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();

    let mut preview = Preview::start(exe, &guide)?;
    println!("aperçu prêt en {:.2} s sur {}", preview.ready.as_secs_f64(), preview.address);
    let page = format!("/structures/{id}/index.html");
    let reloads = preview.events(&preview.get(&page)?)?;

    let original = fs::read_to_string(&partner)?;
    let (mut to_reload, mut to_page) = (Vec::new(), Vec::new());
    for edit in 1..=edits() {
        let name = format!("Structure modifiée n° {edit}");
        let text = rename(&original, &name).ok_or_else(|| io::Error::other("la fiche n'a pas de clé nom"))?;
        while reloads.try_recv().is_ok() {}
        let saved = Instant::now();
        fs::write(&partner, text)?;
        loop {
            if preview.get(&page)?.contains(&name) {
                to_page.push(saved.elapsed());
                break;
            }
            if saved.elapsed() > DEADLINE {
                return Err(io::Error::other(format!("{page} sans « {name} » après {DEADLINE:?}")));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let reload = reloads.recv_timeout(DEADLINE).map_err(|_| io::Error::other("aucun événement reload"))?;
        to_reload.push(reload.duration_since(saved));
        // Editors do not save twice within the debounce; let the preview settle.
        std::thread::sleep(Duration::from_millis(300));
    }
    fs::write(&partner, original)?;
    preview.stop();
    report("événement reload", &to_reload);
    report("page modifiée servie", &to_page);
    let median = median_ms(&to_page);
    println!(
        "objectif : page modifiée en moins de {TARGET_MS} ms après l'enregistrement : {}",
        if median <= TARGET_MS { "ok" } else { "DÉPASSÉ" }
    );
    Ok(())
}

/// The first partner file, in path order.
fn first_partner(guide: &Path) -> io::Result<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(guide.join("structures"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.into_iter().next().ok_or_else(|| io::Error::other("aucune structure dans le guide"))
}

/// `text` with its top-level `nom:` line replaced.
fn rename(text: &str, name: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with("nom:"))?;
    Some(text.replacen(line, &format!("nom: \"{name}\""), 1))
}

fn median_ms(times: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

fn report(what: &str, times: &[Duration]) {
    let max = times.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1e3);
    println!(
        "{what:<22} médiane {:>6.0} ms, max {max:>6.0} ms après l'enregistrement ({} modifications)",
        median_ms(times),
        times.len()
    );
}

/// `bonneporte serve` on a free loopback port; killed by [`Preview::stop`] or when dropped.
struct Preview {
    child: Child,
    address: String,
    ready: Duration,
}

impl Preview {
    fn start(exe: &Path, guide: &Path) -> io::Result<Preview> {
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(["serve", "--port", "0", "--content"])
            .arg(guide)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or_else(|| io::Error::other("stdout"))?).read_line(&mut line)?;
        let address = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
        let mut preview = Preview { child, address, ready: Duration::ZERO };
        preview.get("/")?;
        preview.ready = started.elapsed();
        Ok(preview)
    }

    /// The body of `GET path`, decoded by an HTTP client: the preview sends pages in chunks,
    /// whose boundaries may fall inside a character.
    fn get(&self, path: &str) -> io::Result<String> {
        let mut response = ureq::get(&format!("http://{}{path}", self.address)).call().map_err(io::Error::other)?;
        response.body_mut().read_to_string().map_err(io::Error::other)
    }

    /// The instants at which the event stream of the open page `html` receives `reload` (the
    /// stream asks with the page's version, as its reload script does).
    fn events(&self, html: &str) -> io::Result<mpsc::Receiver<Instant>> {
        let version = html.split("recharger.js?v=").nth(1).and_then(|v| v.split('"').next()).unwrap_or("0");
        let mut stream = TcpStream::connect(&self.address)?;
        write!(stream, "GET /__bonneporte/evenements?v={version} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address)?;
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line == "event: reload" && sender.send(Instant::now()).is_err() {
                    break;
                }
            }
        });
        Ok(receiver)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.stop();
    }
}
