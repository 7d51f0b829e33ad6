//! Search benchmark on the synthetic national guide (issue 5, item 6):
//!
//! ```sh
//! cargo bench --bench search                      # generates the guide if needed, then measures
//! cargo bench --bench search -- --guide DIR       # uses a guide already written (--generate-only)
//! ```
//!
//! Prints the index time (tantivy, scores and export), the size of the export (raw and gzip), and,
//! for pairs of queries, what the browser's client downloads (gzip) for a cold first query and for
//! the next one, and the time of a query once loaded (Node; benches/search-bytes.mjs), asking what
//! the page asks at once (five communes, three other results: a phone's first screen), then what
//! filling the next query's first page to ten results adds ("remplir"), checking each against
//! every result ("1re page : exacte"). When
//! `python3 -m pagefind_bin` is installed, also runs Pagefind on the same built pages, prints its
//! index time and size, and compares both clients in headless Chromium (bytes of a cold query,
//! time to the first results, time of a query once loaded; benches/search-chromium.mjs).
//! Targets: cold ≤ 35 KB, next ≤ 5 KB, ≤ 10 ms per query (issue 15). The last pairs are
//! questions (issue 15): words of a question, a network with a town, partial results, a trade.

// The generator also serves the build bench, which uses the parts this one does not.
#[allow(dead_code)]
mod synthetic;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use bonneporte::build::{self, BuildConfig};
use bonneporte::site;

/// Pairs of a first query and a next one, as a person would type them.
const PAIRS: [&str; 14] = [
    "mission locale|mission locale lyon",
    "france travail|apprentissage",
    "pole emploi|bordeaux",
    "orientation|cio",
    "vierzon|18100",
    "miss|missi",
    "transitions pro|fongecif",
    "bilan de compétences|cibc",
    "mission locale|saint",
    "orientation|ormation",
    "vierzon|fromation",
    "pole emploi tours|je cherche du travail",
    "cio bourges|reprendre mes études",
    "point info jeunesse|boulanger",
];

fn main() {
    if let Err(e) = run() {
        eprintln!("bench search: {e}");
        std::process::exit(1);
    }
}

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/search-… → target/
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"))
}

fn guide_dir() -> io::Result<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--guide" {
            return args.next().map(PathBuf::from).ok_or_else(|| io::Error::other("--guide needs a folder"));
        }
    }
    let dir = target_dir().join("bench-search-guide");
    if !dir.join("site.yaml").is_file() {
        let start = Instant::now();
        let stats = synthetic::generate(&dir, synthetic::Scale::national())?;
        println!("guide synthétique écrit dans {} en {:.1} s : {stats}", dir.display(), start.elapsed().as_secs_f64());
    }
    Ok(dir)
}

fn gzip_len(bytes: &[u8]) -> io::Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// Number of files, bytes, gzip bytes under `dir`.
fn folder_sizes(dir: &Path) -> io::Result<(usize, u64, u64)> {
    let (mut files, mut raw, mut gz) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path())?;
        files += 1;
        raw += bytes.len() as u64;
        gz += gzip_len(&bytes)? as u64;
    }
    Ok((files, raw, gz))
}

fn run() -> io::Result<()> {
    let guide = guide_dir()?;
    let public = target_dir().join("bench-search-public");
    let config = BuildConfig { content: guide.clone(), out: public.clone(), base_url: None, today: site::today() };
    let (summary, _) = build::build(&config).map_err(|_| io::Error::other("le guide ne se construit pas"))?;
    let index_time =
        summary.steps.iter().find(|step| step.name == "index de recherche").map(|step| step.duration.as_secs_f64());
    let (files, raw, gz) = folder_sizes(&public.join("recherche"))?;
    println!("pages construites : {} ; build complet {:.2} s", summary.pages, summary.duration.as_secs_f64());
    println!(
        "bonneporte : index {:.2} s ; {files} fichiers, {:.1} Mo ({:.1} Mo gzip)",
        index_time.unwrap_or_default(),
        mb(raw),
        mb(gz)
    );
    queries(&public)?;
    pagefind(&public)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn queries(public: &Path) -> io::Result<()> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/search-bytes.mjs");
    let output = Command::new("node").arg(script).arg(public).args(PAIRS).output();
    let output = match output {
        Ok(o) if o.status.success() => o,
        _ => {
            println!("(node absent ou en échec : octets par requête non mesurés)");
            return Ok(());
        }
    };
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).map_err(io::Error::other)?;
    // « req. »: files fetched, each one request (the cold query counts the two scripts and the
    // manifest).
    println!(
        "{:<24} {:>8} {:>10} {:>5} | {:<20} {:>8} {:>10} {:>5} {:>10} {:>8} {:>8}",
        "1re requête",
        "résult.",
        "froide gz",
        "req.",
        "requête suivante",
        "résult.",
        "ajout gz",
        "req.",
        "remplir gz",
        "ms",
        "1re page"
    );
    for r in &rows {
        let kb = |key: &str| r[key].as_f64().unwrap_or_default() / 1000.0;
        let page = if r["same"].as_bool() == Some(true) { "exacte" } else { "FAUSSE" };
        println!(
            "{:<24} {:>8} {:>8.1} ko {:>5} | {:<20} {:>8} {:>8.1} ko {:>5} {:>8.1} ko {:>8.2} {page:>8}",
            r["first"].as_str().unwrap_or_default(),
            r["hits"],
            kb("coldGzip"),
            r["coldFiles"].as_u64().unwrap_or_default() + 1,
            r["next"].as_str().unwrap_or_default(),
            r["nextHits"],
            kb("nextGzip"),
            r["nextFiles"],
            kb("fillGzip"),
            r["ms"].as_f64().unwrap_or_default()
        );
    }
    Ok(())
}

/// Pagefind on the same pages, when installed (`pip install pagefind-bin`).
fn pagefind(public: &Path) -> io::Result<()> {
    let available =
        Command::new("python3").args(["-m", "pagefind_bin", "--version"]).output().is_ok_and(|o| o.status.success());
    if !available {
        println!("Pagefind absent (pip install pagefind-bin) : comparaison non faite");
        return Ok(());
    }
    let start = Instant::now();
    let status = Command::new("python3").args(["-m", "pagefind_bin", "--site"]).arg(public).arg("--silent").status()?;
    if !status.success() {
        println!("Pagefind a échoué");
        return Ok(());
    }
    let (files, raw, gz) = folder_sizes(&public.join("pagefind"))?;
    println!(
        "Pagefind : index {:.2} s ; {files} fichiers, {:.1} Mo ({:.1} Mo gzip)",
        start.elapsed().as_secs_f64(),
        mb(raw),
        mb(gz)
    );
    side_by_side(public)
}

/// Both clients in headless Chromium on the same queries (benches/search-chromium.mjs).
fn side_by_side(public: &Path) -> io::Result<()> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/search-chromium.mjs");
    let queries = ["mission locale", "orientation", "vierzon", "pole emploi", "bilan de compétences"];
    let output = Command::new("node").arg(script).arg(public).args(queries).output()?;
    if !output.status.success() {
        println!("(Chromium absent ou en échec : comparaison dans le navigateur non faite)");
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).map_err(io::Error::other)?;
    // bonneporte loads only what decides its first page: its count is then a lower bound.
    println!(
        "{:<12} {:<22} {:>8} {:>12} {:>14} {:>12}",
        "Chromium", "requête", "résult.", "froide gz", "1re réponse", "ensuite"
    );
    println!("(bonneporte : « au moins » ce nombre de résultats, comme la page l'annonce)");
    for r in &rows {
        println!(
            "{:<12} {:<22} {:>8} {:>9.1} ko {:>11.0} ms {:>9.1} ms",
            r["engine"].as_str().unwrap_or_default(),
            r["query"].as_str().unwrap_or_default(),
            r["hits"],
            r["gzip"].as_f64().unwrap_or_default() / 1000.0,
            r["cold"].as_f64().unwrap_or_default(),
            r["warm"].as_f64().unwrap_or_default()
        );
    }
    Ok(())
}
