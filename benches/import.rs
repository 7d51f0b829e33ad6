//! Import benchmark: 20,000 synthetic CSV rows into the synthetic national guide, by the real
//! `bonneporte` binary.
//!
//! ```text
//! cargo bench --bench import                 # national guide, 20,000 rows
//! BONNEPORTE_BENCH_ROWS=2000 cargo bench --bench import
//! ```
//!
//! The guide is generated into `target/bench-import-guide/` (`synthetic.rs`, national scale,
//! 20,000 partners already), the rows into `target/bench-import/annuaire.csv`: one row per commune
//! of the reference taken in order, named « Structure synthétique n° <i> de <commune> », with a
//! phone in the range reserved for fiction (`02 99 …`), an `example.org` e-mail and the network
//! of the guide taken in turn, so that every row is placed by its INSEE code. Every run times
//! `import --dry-run`, then a real import into a fresh copy of the guide, which ends with the
//! `check` of the 40,000 partners; then a second import of the same file (nothing to write).
//!
//! On the development machine (2026-12-07, shared with other builds): `--dry-run` 3.1 s
//! (6,400 rows/s), real import 7.5 s (2,700 rows/s: 20,000 files written, and the guide checked
//! before and after), re-import 3.2 s (every record « inchangée »).

mod synthetic;

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("import bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> io::Result<()> {
    let rows: usize = std::env::var("BONNEPORTE_BENCH_ROWS").ok().and_then(|r| r.parse().ok()).unwrap_or(20_000);
    let exe = Path::new(env!("CARGO_BIN_EXE_bonneporte"));
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let pristine = target.join("bench-import-guide");
    let work = target.join("bench-import");
    generate_once(&pristine, &target.join("bench-import-guide.stamp"))?;
    fs::create_dir_all(&work)?;
    let csv = work.join("annuaire.csv");
    fs::write(&csv, rows_csv(&pristine, rows)?)?;
    let guide = work.join("guide");
    copy_guide(&pristine, &guide)?;
    time(exe, &guide, &csv, rows, true)?;
    time(exe, &guide, &csv, rows, false)?;
    time(exe, &guide, &csv, rows, false)?;
    Ok(())
}

/// The national synthetic guide, generated again only when the generator or the commune
/// reference changed (as `benches/build.rs` does).
fn generate_once(guide: &Path, stamp_path: &Path) -> io::Result<()> {
    let stamp = format!(
        "generator {} scale national communes {:016x}\n",
        synthetic::GENERATOR_VERSION,
        synthetic::communes_fingerprint()?
    );
    if fs::read_to_string(stamp_path).is_ok_and(|s| s == stamp) && guide.join("site.yaml").is_file() {
        return Ok(());
    }
    let start = Instant::now();
    let stats = synthetic::generate(guide, synthetic::Scale::national())?;
    fs::write(stamp_path, stamp)?;
    println!("generated guide: {:.2} s, {stats}", start.elapsed().as_secs_f64());
    Ok(())
}

/// `rows` synthetic rows, `;`-separated as a French spreadsheet writes them.
fn rows_csv(guide: &Path, rows: usize) -> io::Result<String> {
    let mut networks: Vec<String> = fs::read_dir(guide.join("reseaux"))?
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .collect();
    networks.sort();
    let communes = fs::read_to_string(synthetic::communes_path())?;
    let mut out = String::from("Nom;Réseau;Code INSEE;Téléphone;E-mail;Date de mise à jour\n");
    for (i, line) in communes.lines().filter(|l| !l.starts_with('#')).skip(1).cycle().take(rows).enumerate() {
        let mut fields = line.split('\t');
        let (Some(code), Some(name)) = (fields.next(), fields.next()) else { continue };
        let network = &networks[i % networks.len()];
        out.push_str(&format!(
            "Structure synthétique n° {i} de {name};{network};{code};02 99 {:02} {:02} {:02};s{i}@example.org;2026-10-01\n",
            i / 10_000 % 100,
            i / 100 % 100,
            i % 100
        ));
    }
    Ok(out)
}

fn copy_guide(from: &Path, to: &Path) -> io::Result<()> {
    let _ = fs::remove_dir_all(to);
    let status = Command::new("cp").arg("-r").arg(from).arg(to).status()?;
    if !status.success() {
        return Err(io::Error::other("cp -r failed"));
    }
    Ok(())
}

fn time(exe: &Path, guide: &Path, csv: &Path, rows: usize, dry_run: bool) -> io::Result<()> {
    let mut command = Command::new(exe);
    command.arg("import").arg("--content").arg(guide);
    if dry_run {
        command.arg("--dry-run");
    }
    let start = Instant::now();
    let out = command.arg(csv).env("BONNEPORTE_DATE", "2026-11-23").output()?;
    let seconds = start.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let total = stdout.lines().find(|l| l.starts_with("Total")).unwrap_or("(no total)");
    println!(
        "import{}: {rows} rows in {seconds:.2} s ({:.0} rows/s), exit {:?}\n  {total}",
        if dry_run { " --dry-run" } else { "" },
        rows as f64 / seconds,
        out.status.code()
    );
    Ok(())
}
