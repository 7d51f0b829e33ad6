//! Build benchmark: a synthetic national-scale guide built by the real `bonneporte` binary.
//!
//! ```text
//! cargo bench --bench build                                   # national scale, 3 runs
//! BONNEPORTE_BENCH_SCALE=small cargo bench --bench build      # small scale
//! cargo bench --bench build -- --runs 5
//! cargo bench --bench build -- --generate-only /tmp/guide     # only write a synthetic guide
//! cargo bench --bench build -- --generate-only /tmp/guide --scale small
//! ```
//!
//! The guide is generated once into `target/bench-guide/` and reused while
//! `target/bench-guide.stamp` matches (generator version, scale, commune reference). Each run builds
//! it from scratch into `target/bench-public/` with
//! `bonneporte build --content target/bench-guide --out target/bench-public` and reports wall time,
//! pages written (`.html` files in the output), pages per second and the child's peak memory (max
//! RSS from `wait4`). The target is at most 2 s and 500 MB on 2 cores.
//!
//! `BONNEPORTE_BENCH_BIN=/path/to/bonneporte` benchmarks another binary (an older release) on the
//! same guide, for comparisons.

mod synthetic;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use synthetic::Scale;

const TARGET_SECONDS: f64 = 2.0;
const TARGET_MB: f64 = 500.0;

struct Options {
    generate_only: Option<PathBuf>,
    scale: Scale,
    runs: usize,
}

fn usage(problem: &str) -> ! {
    eprintln!("{problem}");
    eprintln!(
        "usage: cargo bench --bench build -- [--generate-only DIR] [--scale national|small] [--runs N]\n\
         (BONNEPORTE_BENCH_SCALE=small also selects the small scale)"
    );
    std::process::exit(2);
}

fn options() -> Options {
    let scale_name = std::env::var("BONNEPORTE_BENCH_SCALE").unwrap_or_else(|_| "national".into());
    let mut scale_name = Some(scale_name);
    let mut generate_only = None;
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "--generate-only" => match args.next() {
                Some(dir) => generate_only = Some(PathBuf::from(dir)),
                None => usage("--generate-only needs a folder"),
            },
            "--scale" => scale_name = args.next(),
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => usage("--runs needs a positive number"),
            },
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let name = scale_name.unwrap_or_default();
    let Some(scale) = Scale::by_name(&name) else {
        usage(&format!("unknown scale {name:?} (national or small)"));
    };
    Options { generate_only, scale, runs }
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
    let guide = target.join("bench-guide");
    let public = target.join("bench-public");
    let stamp_path = target.join("bench-guide.stamp");

    let stamp = format!(
        "bonneporte synthetic guide: generator {} scale {} communes {:016x}\n",
        synthetic::GENERATOR_VERSION,
        opts.scale.name,
        synthetic::communes_fingerprint()?
    );
    let fresh = fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) && guide.join("site.yaml").is_file();
    if fresh {
        println!("guide {}: up to date ({})", guide.display(), opts.scale.name);
    } else {
        let _ = fs::remove_file(&stamp_path);
        let start = Instant::now();
        let stats = synthetic::generate(&guide, opts.scale.clone())?;
        fs::write(&stamp_path, &stamp)?;
        println!(
            "generated {} guide in {}: {:.2} s, {stats}",
            opts.scale.name,
            guide.display(),
            start.elapsed().as_secs_f64()
        );
    }

    let mut results = Vec::with_capacity(opts.runs);
    for i in 1..=opts.runs {
        if public.exists() {
            fs::remove_dir_all(&public)?;
        }
        let r = build_once(exe, &guide, &public, &target)?;
        println!(
            "run {i}: {:.2} s, {} pages, {:.0} pages/s, peak {}, cpu {:.2} s, output {} files {:.1} MB",
            r.wall.as_secs_f64(),
            r.pages,
            r.pages_per_second(),
            r.peak_text(),
            r.cpu.as_secs_f64(),
            r.files,
            r.bytes as f64 / 1e6,
        );
        if i == 1 && !r.summary.is_empty() {
            println!("  bonneporte says: {}", r.summary);
        }
        results.push(r);
    }

    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let wall = median(results.iter().map(|r| r.wall.as_secs_f64()).collect());
    let pages = median(results.iter().map(|r| r.pages as f64).collect());
    let rate = median(results.iter().map(Run::pages_per_second).collect());
    let peak = if results.iter().all(|r| r.peak_kb.is_some()) {
        Some(median(results.iter().map(|r| r.peak_kb.unwrap_or(0) as f64 / 1024.0).collect()))
    } else {
        None
    };
    let peak_text = peak.map_or_else(|| "unknown".to_string(), |mb| format!("{mb:.0} MB"));
    println!(
        "build {}: {wall:.2} s, {pages:.0} pages, {rate:.0} pages/s, peak {peak_text} (median of {} runs, {} cores)",
        opts.scale.name,
        results.len(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    if opts.scale.name == "national" {
        let time_ok = wall <= TARGET_SECONDS;
        let mem_ok = peak.is_none_or(|mb| mb <= TARGET_MB);
        println!(
            "target (2 cores): at most {TARGET_SECONDS} s and {TARGET_MB} MB: time {}, memory {}",
            if time_ok { "ok" } else { "OVER" },
            match peak {
                None => "unknown",
                Some(_) if mem_ok => "ok",
                Some(_) => "OVER",
            }
        );
    }
    Ok(())
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
    fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    fn peak_text(&self) -> String {
        self.peak_kb.map_or_else(|| "unknown".to_string(), |kb| format!("{} MB", kb / 1024))
    }
}

fn build_once(exe: &Path, guide: &Path, public: &Path, target: &Path) -> io::Result<Run> {
    let stdout_path = target.join("bench-build.stdout");
    let stderr_path = target.join("bench-build.stderr");
    let start = Instant::now();
    let child = Command::new(exe)
        .arg("build")
        .arg("--content")
        .arg(guide)
        .arg("--out")
        .arg(public)
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
            "`{} build` failed ({}); last lines of {}:\n{}",
            exe.display(),
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
    if !public.is_dir() {
        return Err(io::Error::other(format!(
            "`{} build` exited successfully but wrote no {} (stdout: {:?})",
            exe.display(),
            public.display(),
            summary
        )));
    }
    let mut count = Count::default();
    count.walk(public)?;
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
