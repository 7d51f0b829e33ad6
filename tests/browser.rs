//! Browser tests: builds the bundled guide and the minimal fixture, then runs the JavaScript
//! tests of `tests/browser/` (node's test runner, headless Chromium through playwright-core).
//! Where Chromium or the npm packages are missing they are skipped with a loud message, except
//! under `CI=true`, where that is a failure (`.ci/run` installs them).

mod common;

use std::path::Path;
use std::process::Command;

use bonneporte::build::{BuildConfig, build};

fn build_into(content: &Path, out: &Path) {
    let config = BuildConfig { content: content.into(), out: out.into(), base_url: None, today: common::today() };
    assert!(build(&config).is_ok(), "build of {} failed", content.display());
}

/// Installs the npm packages of the browser tests when they are not there yet.
fn install_packages(browser_dir: &Path) {
    if browser_dir.join("node_modules/playwright-core").exists() {
        return;
    }
    let installed = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(browser_dir)
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        eprintln!("npm ci failed in {}", browser_dir.display());
    }
}

fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium ({chromium}; apt-get install chromium)"));
    }
    if !browser_dir.join("node_modules/playwright-core").exists() {
        missing.push("playwright-core (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".into());
    }
    missing
}

#[test]
fn browser_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = root.join("tests/browser");
    install_packages(&browser_dir);
    let missing = missing_tools(&browser_dir);
    if !missing.is_empty() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "browser tests cannot run under CI: missing {missing:?}");
        eprintln!("\n!!!!!!!! BROWSER TESTS SKIPPED: missing {} !!!!!!!!\n", missing.join(", "));
        return;
    }
    let sites = tempfile::tempdir().expect("tempdir");
    let bundled = sites.path().join("bundled");
    let fixture = sites.path().join("fixture");
    build_into(&root.join("content"), &bundled);
    let guide = common::guide(None);
    build_into(guide.path(), &fixture);
    let other_region = sites.path().join("bretagne");
    build_into(&root.join("tests/fixtures/bretagne"), &other_region);
    let mut tests: Vec<String> = std::fs::read_dir(&browser_dir)
        .expect("tests/browser")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    tests.sort();
    // The report goes to the terminal, and a second one, whose end lists each failure with its
    // error, to a file that the failure message repeats: a CI log often keeps only its last lines.
    let failures = sites.path().join("failures.txt");
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(["--test-reporter=tap", "--test-reporter-destination=stdout", "--test-reporter=spec"])
        .arg(format!("--test-reporter-destination={}", failures.display()))
        .args(&tests)
        .current_dir(&browser_dir)
        .env("SITE_DIR", &bundled)
        .env("FIXTURE_SITE_DIR", &fixture)
        .env("OTHER_REGION_SITE_DIR", &other_region)
        .env("BONNEPORTE_BIN", env!("CARGO_BIN_EXE_bonneporte"))
        // Screenshots of the pages, for a person to look at after the run.
        .env("CAPTURES_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("captures"))
        .status()
        .expect("node");
    assert!(status.success(), "browser tests failed:\n{}", failing_tests(&failures));
}

/// The end of node's spec report, from its list of failing tests (the whole report if it has none).
fn failing_tests(report: &Path) -> String {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let from = text.find("failing tests:").unwrap_or(0);
    text[from..].chars().take(6_000).collect()
}
