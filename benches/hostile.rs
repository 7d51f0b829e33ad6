//! Pathological shapes: each written as the body of one free page of the minimal fixture guide
//! (Markdown shapes) or as a value of one partner record (YAML shapes), at 10 KB, 100 KB and
//! 1 MB, then `bonneporte build` run on it. Prints, per shape and size, the
//! outcome (built, or refused with its first error) and the wall time. The synthetic shapes are
//! generated here; nothing is kept.
//!
//! ```text
//! cargo bench --bench hostile                 # every shape, 3 sizes
//! cargo bench --bench hostile -- quote div    # only the shapes whose name contains a word
//! ```
//!
//! The target (issue « Hostile input »): every shape refused or built in time proportional to its
//! size, under 5 s at 1 MB on 2 cores. `BONNEPORTE_BENCH_BIN` benchmarks another binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A build taking longer is stopped (and reported so).
const LIMIT: Duration = Duration::from_secs(60);

/// A name and a unit that the shape repeats up to the size (a prefix and suffix around it); a
/// staircase repeats it once more on each line (the line ends with the suffix). `yaml`: the
/// shape is the value of a record's key, else a page's Markdown.
struct Shape {
    yaml: bool,
    name: &'static str,
    prefix: &'static str,
    unit: &'static str,
    suffix: &'static str,
    staircase: bool,
}

const SHAPES: &[Shape] = &[
    Shape { yaml: false, name: "quote (> nested)", prefix: "", unit: ">", suffix: " x\n", staircase: false },
    Shape {
        yaml: false,
        name: "quote staircase (one > more per line)",
        prefix: "",
        unit: "> ",
        suffix: "x\n",
        staircase: true,
    },
    Shape {
        yaml: false,
        name: "list staircase (nested items)",
        prefix: "",
        unit: "  ",
        suffix: "- x\n",
        staircase: true,
    },
    Shape { yaml: false, name: "brackets [", prefix: "", unit: "[", suffix: "\n", staircase: false },
    Shape { yaml: false, name: "links [a](", prefix: "", unit: "[a](", suffix: "\n", staircase: false },
    Shape { yaml: false, name: "emphasis *_", prefix: "", unit: "*_", suffix: "x\n", staircase: false },
    Shape { yaml: false, name: "backticks `a", prefix: "", unit: "`a ", suffix: "\n", staircase: false },
    Shape { yaml: false, name: "div (raw HTML nested)", prefix: "", unit: "<div>", suffix: "\n", staircase: false },
    Shape {
        yaml: false,
        name: "span (inline HTML nested)",
        prefix: "x ",
        unit: "<span>",
        suffix: "\n",
        staircase: false,
    },
    Shape {
        yaml: false,
        name: "table rows",
        prefix: "| a | b |\n| - | - |\n",
        unit: "| x | y |\n",
        suffix: "",
        staircase: false,
    },
    Shape { yaml: false, name: "long line", prefix: "", unit: "mot ", suffix: "\n", staircase: false },
    Shape {
        yaml: false,
        name: "autolinks",
        prefix: "",
        unit: "<https://exemple.fr/a> ",
        suffix: "\n",
        staircase: false,
    },
    Shape { yaml: true, name: "YAML flow [ nested", prefix: "", unit: "[", suffix: "\n", staircase: false },
    Shape { yaml: true, name: "YAML flow {a: nested", prefix: "", unit: "{a: ", suffix: "\n", staircase: false },
    Shape {
        yaml: true,
        name: "YAML block list - - - nested",
        prefix: "\n  ",
        unit: "- ",
        suffix: "x\n",
        staircase: false,
    },
    Shape {
        yaml: true,
        name: "YAML aliases *a",
        prefix: "[&a [x, x, x], ",
        unit: "*a, ",
        suffix: "x]\n",
        staircase: false,
    },
    Shape { yaml: true, name: "YAML long line", prefix: "\"", unit: "mot ", suffix: "\"\n", staircase: false },
];

const SIZES: &[(usize, &str)] = &[(10_000, "10 ko"), (100_000, "100 ko"), (1_000_000, "1 Mo")];

fn main() {
    let words: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let bin = std::env::var_os("BONNEPORTE_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/bonneporte"));
    if !bin.exists() {
        eprintln!("binaire introuvable : {} (cargo build --release d'abord)", bin.display());
        std::process::exit(2);
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    println!("{:<40} {:>8} {:>9}  résultat", "forme (synthétique)", "taille", "temps");
    for shape in SHAPES.iter().filter(|s| words.is_empty() || words.iter().any(|w| s.name.contains(w.as_str()))) {
        for &(size, label) in SIZES {
            let guide = tempfile::tempdir().expect("temporary folder");
            copy_tree(&fixture, guide.path());
            let file = if shape.yaml { "structures/dep/forme.yaml" } else { "pages/forme.md" };
            std::fs::write(guide.path().join(file), text(shape, size)).expect("shape");
            let (seconds, outcome) = build(&bin, guide.path());
            println!("{:<40} {label:>8} {seconds:>8.2} s  {outcome}", shape.name);
        }
    }
}

/// Builds the guide in `dir`: the wall time and what came of it, the build stopped past
/// [`LIMIT`].
fn build(bin: &Path, dir: &Path) -> (f64, String) {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args(["build", "--content", ".", "--out", "public"])
        .current_dir(dir)
        .env("CI", "true")
        .env("BONNEPORTE_DATE", "2026-11-23")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bonneporte runs");
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap_or_default();
    let outcome = match status.map(|s| s.code()) {
        None => format!("ARRÊTÉ après {} s", LIMIT.as_secs()),
        Some(Some(0)) => "construit".to_string(),
        Some(Some(code)) => format!("refusé ({code}) : {}", first_error(&stderr)),
        Some(None) => "PLANTAGE (signal)".to_string(),
    };
    (seconds, outcome)
}

/// A free page whose body is `shape` repeated to about `size` bytes, or a partner whose
/// `description` is (a list where a text is expected: the build also reports that).
fn text(shape: &Shape, size: usize) -> String {
    let mut body = String::from(if shape.yaml {
        "nom: \"Forme synthétique\"\nreseau: mission-locale\nterritoire: bassin-bourges\n\
         telephone: \"02 99 00 00 09\"\ndate_maj: 2026-06-01\nsource: \"synthétique\"\ndescription: "
    } else {
        "---\ntitre: \"Forme synthétique\"\n---\n"
    });
    body.push_str(shape.prefix);
    if shape.staircase {
        let mut depth = 0;
        while body.len() < size {
            body.push_str(&shape.unit.repeat(depth));
            body.push_str(shape.suffix);
            depth += 1;
        }
    } else {
        let count = size.saturating_sub(body.len() + shape.suffix.len()) / shape.unit.len();
        body.push_str(&shape.unit.repeat(count));
        body.push_str(shape.suffix);
    }
    body
}

fn first_error(stderr: &str) -> String {
    let line = stderr.lines().find(|l| l.starts_with("erreur")).unwrap_or("(pas de message)");
    line.chars().take(90).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
