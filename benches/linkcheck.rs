//! Link gate benchmark: scans the pages of a built site as the build does (in parallel, from
//! memory), then verifies the links left pending, and prints the throughput.
//!
//! ```text
//! cargo bench --bench linkcheck -- DIR      # DIR: a site built by `bonneporte build`
//! ```

use std::time::Instant;

use rayon::prelude::*;

use bonneporte::linkcheck::{Gate, Pending, verify};

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| a != "--bench") else {
        eprintln!("usage: cargo bench --bench linkcheck -- DIR (un site construit)");
        std::process::exit(2);
    };
    let root = std::path::Path::new(&dir);
    let pages: Vec<(String, String)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let relative = e.path().strip_prefix(root).expect("prefix").to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(e.path()).expect("page"))
        })
        .collect();
    let bytes: usize = pages.iter().map(|(_, html)| html.len()).sum();
    let gate = Gate::new(pages.iter().map(|(file, _)| file.clone()), None);
    let started = Instant::now();
    let scans: Vec<_> = pages.par_iter().map(|(file, html)| gate.scan(file, html)).collect();
    let scanned = started.elapsed();
    let pending: usize = scans.iter().map(|s| s.pending()).sum();
    let started = Instant::now();
    let scans: Pending = scans.into_iter().collect();
    let result = verify(scans, |file| root.join(file).exists());
    let verified = started.elapsed();
    println!(
        "{} pages, {:.1} Mo : scan {:.3} s ({:.0} Mo/s sur {} fils), {pending} liens restant à vérifier, vérification {:.3} s : {}",
        pages.len(),
        bytes as f64 / 1e6,
        scanned.as_secs_f64(),
        bytes as f64 / 1e6 / scanned.as_secs_f64(),
        rayon::current_num_threads(),
        verified.as_secs_f64(),
        if result.is_ok() { "aucun lien cassé" } else { "liens cassés" }
    );
}
