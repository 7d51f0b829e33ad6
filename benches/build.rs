//! Build benchmark: a synthetic national-scale guide built by the real `bonneporte` binary and,
//! when Hugo is installed, the same pages built by Hugo, alternating, in one run.
//!
//! ```text
//! cargo bench --bench build                                   # national scale, 3 runs each
//! cargo bench --bench build -- --dir /dev/shm/bench           # on tmpfs instead of target/
//! cargo bench --bench build -- --runs 5 --no-hugo
//! BONNEPORTE_BENCH_SCALE=small cargo bench --bench build      # small scale
//! cargo bench --bench build -- --generate-only /tmp/guide     # only write a synthetic guide
//! ```
//!
//! The guide is generated once into `<dir>/bench-guide/` (`<dir>` is `target/` unless `--dir`
//! says otherwise) and reused while `bench-guide.stamp` matches (generator version, scale,
//! commune reference). Each run builds it from scratch (the previous output removed first) into
//! `<dir>/bench-public/`, then Hugo 0.111+ (`apt-get install hugo`) builds `<dir>/bench-hugo/`, a
//! Hugo site with one Markdown file per page of that output (`support/hugo.rs`: its title and
//! the text of its `<main>`, a minimal theme) into `<dir>/bench-hugo-public/`, also from scratch.
//! Then one-edit rebuilds, built into the same `bench-public/` as an editor's second build: one
//! partner's phone changed (the search index is kept, only its rows made again), then its
//! description (the search index is made again). The bench prints every run (wall time, CPU,
//! peak memory of the child from `wait4`, files, bytes), the medians, the ratio to Hugo, and the
//! targets of a national build: at most half of Hugo's wall time, 400 MB, 1.5 files per page,
//! and a one-edit rebuild at most a quarter of a full build.
//!
//! `BONNEPORTE_BENCH_BIN=/path/to/bonneporte` benchmarks another binary (an older release) on the
//! same guide, for comparisons.

#[path = "support/hugo.rs"]
mod hugo;
mod synthetic;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use synthetic::Scale;

const TARGET_MB: f64 = 400.0;
const TARGET_FILES_PER_PAGE: f64 = 1.5;

struct Options {
    generate_only: Option<PathBuf>,
    dir: Option<PathBuf>,
    scale: Scale,
    runs: usize,
    hugo: bool,
}

fn usage(problem: &str) -> ! {
    eprintln!("{problem}");
    eprintln!(
        "usage: cargo bench --bench build -- [--generate-only DIR] [--dir DIR] [--scale national|small] [--runs N] [--no-hugo]\n\
         (BONNEPORTE_BENCH_SCALE=small also selects the small scale)"
    );
    std::process::exit(2);
}

fn options() -> Options {
    let scale_name = std::env::var("BONNEPORTE_BENCH_SCALE").unwrap_or_else(|_| "national".into());
    let mut scale_name = Some(scale_name);
    let mut generate_only = None;
    let mut dir = None;
    let mut runs = 3;
    let mut hugo = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "--generate-only" => match args.next() {
                Some(d) => generate_only = Some(PathBuf::from(d)),
                None => usage("--generate-only needs a folder"),
            },
            "--dir" => match args.next() {
                Some(d) => dir = Some(PathBuf::from(d)),
                None => usage("--dir needs a folder"),
            },
            "--scale" => scale_name = args.next(),
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => usage("--runs needs a positive number"),
            },
            "--no-hugo" => hugo = false,
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let name = scale_name.unwrap_or_default();
    let Some(scale) = Scale::by_name(&name) else {
        usage(&format!("unknown scale {name:?} (national or small)"));
    };
    Options { generate_only, dir, scale, runs, hugo }
}

fn main() {
    let opts = options();
    if let Err(e) = run(opts) {
        eprintln!("bench build: {e}");
        std::process::exit(1);
    }
}

fn run(opts: Options) -> io::Result<()> {
    if let Some(dir) = &opts.generate_only {
        let start = Instant::now();
        let stats = synthetic::generate(dir, opts.scale.clone())?;
        println!(
            "generated {} guide in {}: {:.2} s, {stats}",
            opts.scale.name,
            dir.display(),
            start.elapsed().as_secs_f64()
        );
        return Ok(());
    }

    let built = Path::new(env!("CARGO_BIN_EXE_bonneporte"));
    // BONNEPORTE_BENCH_BIN benchmarks another binary (an older release, say) on the same guide.
    let other = std::env::var_os("BONNEPORTE_BENCH_BIN").map(PathBuf::from);
    let exe = other.as_deref().unwrap_or(built);
    // target/<profile>/bonneporte -> target/
    let target = built
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = opts.dir.clone().unwrap_or(target);
    fs::create_dir_all(&dir)?;
    let guide = dir.join("bench-guide");
    let public = dir.join("bench-public");
    prepare_guide(&opts, &dir, &guide)?;
    let hugo = (opts.hugo && hugo_version().is_some()).then(|| (dir.join("bench-hugo"), dir.join("bench-hugo-public")));
    match (&hugo, opts.hugo) {
        (Some(_), _) => println!("{}", hugo_version().unwrap_or_default()),
        (None, true) => println!("hugo not found (apt-get install hugo): bonneporte alone"),
        (None, false) => {}
    }

    let mut ours = Vec::with_capacity(opts.runs);
    let mut theirs = Vec::with_capacity(opts.runs);
    for i in 1..=opts.runs {
        remove(&public)?;
        let r = build_once(exe, &guide, &public, &dir)?;
        report(&format!("run {i} bonneporte"), &r);
        if i == 1 && !r.summary.is_empty() {
            println!("  bonneporte says: {}", r.summary);
        }
        ours.push(r);
        if let Some((site, out)) = &hugo {
            if i == 1 {
                let pages = hugo::mirror(&public, site)?;
                println!("  hugo site {}: {pages} content files from the pages above", site.display());
            }
            remove(out)?;
            let r = hugo_once(site, out)?;
            report(&format!("run {i} hugo"), &r);
            theirs.push(r);
        }
    }
    let mut edits = Vec::new();
    for field in [Field::Phone, Field::Description] {
        let mut runs = Vec::with_capacity(opts.runs);
        for i in 1..=opts.runs {
            let restore = edit_one_partner(&guide, field, i)?;
            let r = build_once(exe, &guide, &public, &dir);
            fs::write(&restore.0, &restore.1)?;
            let r = r?;
            report(&format!("one-edit rebuild ({}) {i}", field.name()), &r);
            runs.push(r);
        }
        edits.push((field, runs));
    }
    summarize(&opts, &ours, &theirs, &edits);
    Ok(())
}

/// What a one-edit rebuild changes in a partner's record.
#[derive(Clone, Copy)]
enum Field {
    Phone,
    Description,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Phone => "phone",
            Field::Description => "description",
        }
    }

    /// The record's line with a value different for each run.
    fn line(self, run: usize) -> String {
        match self {
            Field::Phone => format!("telephone: \"04 99 00 00 {:02}\"", run % 100),
            Field::Description => format!("description: \"Accueil sur rendez-vous, modifié pour l'essai {run}.\""),
        }
    }
}

fn prepare_guide(opts: &Options, dir: &Path, guide: &Path) -> io::Result<()> {
    let stamp_path = dir.join("bench-guide.stamp");
    let stamp = format!(
        "bonneporte synthetic guide: generator {} scale {} communes {:016x}\n",
        synthetic::GENERATOR_VERSION,
        opts.scale.name,
        synthetic::communes_fingerprint()?
    );
    if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) && guide.join("site.yaml").is_file() {
        println!("guide {}: up to date ({})", guide.display(), opts.scale.name);
        return Ok(());
    }
    let _ = fs::remove_file(&stamp_path);
    let start = Instant::now();
    let stats = synthetic::generate(guide, opts.scale.clone())?;
    fs::write(&stamp_path, &stamp)?;
    println!(
        "generated {} guide in {}: {:.2} s, {stats}",
        opts.scale.name,
        guide.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Changes `field` of the first partner of the guide (a different value for each run), as an
/// editor's second build would; returns its path and former text, to put back.
fn edit_one_partner(guide: &Path, field: Field, run: usize) -> io::Result<(PathBuf, String)> {
    let file = walkdir::WalkDir::new(guide.join("structures"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .ok_or_else(|| io::Error::other("no partner in the guide"))?
        .into_path();
    let before = fs::read_to_string(&file)?;
    let line = field.line(run);
    let key = line.split(':').next().unwrap_or_default();
    let mut lines: Vec<&str> = before.lines().filter(|l| l.split(':').next() != Some(key)).collect();
    lines.push(&line);
    fs::write(&file, lines.join("\n") + "\n")?;
    Ok((file, before))
}

fn remove(dir: &Path) -> io::Result<()> {
    if dir.exists() { fs::remove_dir_all(dir) } else { Ok(()) }
}

fn report(what: &str, r: &Run) {
    println!(
        "{what}: {:.2} s, cpu {:.2} s, peak {}, {} pages, {} files ({:.2} per page), {:.1} MB",
        r.wall.as_secs_f64(),
        r.cpu.as_secs_f64(),
        r.peak_text(),
        r.pages,
        r.files,
        r.files_per_page(),
        r.bytes as f64 / 1e6,
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn summarize(opts: &Options, ours: &[Run], theirs: &[Run], edits: &[(Field, Vec<Run>)]) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let wall = |runs: &[Run]| median(runs.iter().map(|r| r.wall.as_secs_f64()).collect());
    let peak_mb = |runs: &[Run]| {
        runs.iter()
            .all(|r| r.peak_kb.is_some())
            .then(|| median(runs.iter().map(|r| r.peak_kb.unwrap_or(0) as f64 / 1024.0).collect()))
    };
    let mb_text = |mb: Option<f64>| mb.map_or_else(|| "unknown".to_string(), |mb| format!("{mb:.0} MB"));
    let ok = |good: bool| if good { "ok" } else { "OVER" };
    let (our_wall, our_peak) = (wall(ours), peak_mb(ours));
    let files_per_page = median(ours.iter().map(Run::files_per_page).collect());
    println!(
        "bonneporte {}: {our_wall:.2} s, peak {}, {:.2} files per page, {:.1} MB (median of {}, {cores} cores)",
        opts.scale.name,
        mb_text(our_peak),
        files_per_page,
        ours[0].bytes as f64 / 1e6,
        ours.len(),
    );
    if !theirs.is_empty() {
        let hugo_wall = wall(theirs);
        println!(
            "hugo: {hugo_wall:.2} s, peak {}, {:.2} files per page, {:.1} MB; bonneporte / hugo = {:.2} (target at most 0.5: {})",
            mb_text(peak_mb(theirs)),
            median(theirs.iter().map(Run::files_per_page).collect()),
            theirs[0].bytes as f64 / 1e6,
            our_wall / hugo_wall,
            ok(our_wall <= hugo_wall / 2.0),
        );
    }
    for (field, runs) in edits {
        let edit_wall = wall(runs);
        println!(
            "one-edit rebuild ({}): {edit_wall:.2} s, {:.2} of a full build, peak {} (target at most 0.25: {})",
            field.name(),
            edit_wall / our_wall,
            mb_text(peak_mb(runs)),
            ok(edit_wall <= our_wall / 4.0),
        );
    }
    if opts.scale.name == "national" {
        println!(
            "targets: peak at most {TARGET_MB} MB: {}; at most {TARGET_FILES_PER_PAGE} files per page: {}",
            our_peak.map_or("unknown", |mb| ok(mb <= TARGET_MB)),
            ok(files_per_page <= TARGET_FILES_PER_PAGE),
        );
    }
}

fn hugo_version() -> Option<String> {
    let out = Command::new("hugo").arg("version").stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

struct Run {
    wall: Duration,
    cpu: Duration,
    peak_kb: Option<u64>,
    pages: usize,
    files: usize,
    bytes: u64,
    summary: String,
}

impl Run {
    fn files_per_page(&self) -> f64 {
        self.files as f64 / self.pages.max(1) as f64
    }

    fn peak_text(&self) -> String {
        self.peak_kb.map_or_else(|| "unknown".to_string(), |kb| format!("{} MB", kb / 1024))
    }
}

fn build_once(exe: &Path, guide: &Path, public: &Path, dir: &Path) -> io::Result<Run> {
    let mut command = Command::new(exe);
    command.arg("build").arg("--content").arg(guide).arg("--out").arg(public);
    measure(command, public, &dir.join("bench-build"))
}

/// Hugo on the mirrored site, with the options of a production build.
fn hugo_once(site: &Path, out: &Path) -> io::Result<Run> {
    let mut command = Command::new("hugo");
    command.arg("--source").arg(site).arg("--destination").arg(out).arg("--quiet");
    let log = site.with_extension("log");
    measure(command, out, &log)
}

/// Runs `command`, which writes a site into `out`, and measures it; its output goes to
/// `<log>.stdout` and `<log>.stderr`.
fn measure(mut command: Command, out: &Path, log: &Path) -> io::Result<Run> {
    let stdout_path = log.with_extension("stdout");
    let stderr_path = log.with_extension("stderr");
    let name = command.get_program().to_string_lossy().into_owned();
    let start = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path)?)
        .stderr(fs::File::create(&stderr_path)?)
        .spawn()?;
    let waited = sys::wait(child)?;
    let wall = start.elapsed();
    if waited.code != Some(0) {
        let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(io::Error::other(format!(
            "`{name}` failed ({}); last lines of {}:\n{}",
            waited.code.map_or_else(|| "killed by a signal".to_string(), |c| format!("exit code {c}")),
            stderr_path.display(),
            tail.join("\n")
        )));
    }
    let summary = fs::read_to_string(&stdout_path)
        .unwrap_or_default()
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_string();
    if !out.is_dir() {
        return Err(io::Error::other(format!("`{name}` exited successfully but wrote no {}", out.display())));
    }
    let mut count = Count::default();
    count.walk(out)?;
    Ok(Run {
        wall,
        cpu: waited.cpu,
        peak_kb: waited.peak_kb,
        pages: count.pages,
        files: count.files,
        bytes: count.bytes,
        summary,
    })
}

#[derive(Default)]
struct Count {
    pages: usize,
    files: usize,
    bytes: u64,
}

impl Count {
    fn walk(&mut self, dir: &Path) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                self.walk(&entry.path())?;
            } else if kind.is_file() {
                self.files += 1;
                self.bytes += entry.metadata()?.len();
                if entry.path().extension().is_some_and(|e| e == "html") {
                    self.pages += 1;
                }
            }
        }
        Ok(())
    }
}

struct Waited {
    /// Exit code, `None` if killed by a signal.
    code: Option<i32>,
    /// Peak resident set size of the child, in KiB.
    peak_kb: Option<u64>,
    /// User + system CPU time of the child.
    cpu: Duration,
}

/// Waits for the child with `wait4`, which also returns the child's own resource usage (its max
/// RSS), declared here by hand so that the benchmark needs no `libc` dependency.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod sys {
    use super::Waited;
    use std::ffi::{c_int, c_long};
    use std::io;
    use std::time::Duration;

    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        tv_sec: c_long,
        tv_usec: c_long,
    }

    /// `struct rusage` of Linux: two timevals, then 14 longs, of which `ru_maxrss` (KiB) is the
    /// first.
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        ru_utime: Timeval,
        ru_stime: Timeval,
        ru_maxrss: c_long,
        rest: [c_long; 13],
    }

    unsafe extern "C" {
        fn wait4(pid: c_int, status: *mut c_int, options: c_int, rusage: *mut Rusage) -> c_int;
    }

    fn seconds(t: &Timeval) -> Duration {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    }

    pub fn wait(child: std::process::Child) -> io::Result<Waited> {
        let pid = child.id() as c_int;
        let mut status: c_int = 0;
        let mut usage = Rusage::default();
        loop {
            // SAFETY: `status` and `usage` are valid, exclusively borrowed, and `Rusage` has the
            // layout of the C `struct rusage` on 64-bit Linux; `pid` is our un-reaped child.
            let r = unsafe { wait4(pid, &mut status, 0, &mut usage) };
            if r == pid {
                break;
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        // The child is reaped: dropping `Child` does not wait for it again.
        drop(child);
        let code = if status & 0x7f == 0 { Some((status >> 8) & 0xff) } else { None };
        Ok(Waited {
            code,
            peak_kb: Some(usage.ru_maxrss as u64),
            cpu: seconds(&usage.ru_utime) + seconds(&usage.ru_stime),
        })
    }
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
mod sys {
    use super::Waited;
    use std::io;
    use std::time::Duration;

    pub fn wait(mut child: std::process::Child) -> io::Result<Waited> {
        let status = child.wait()?;
        Ok(Waited { code: status.code(), peak_kb: None, cpu: Duration::ZERO })
    }
}
