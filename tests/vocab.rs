//! The code lists of `src/content/vocab.rs` are those of the official data·inclusion package:
//! `tools/vocab/generate.py` prints them again from it, and the file must hold exactly that.
//! Skipped loudly without Python or the package, except under `CI=true`.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn code_lists_match_the_data_inclusion_package() {
    if !common::data_inclusion_python() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new("python3").arg(root.join("tools/vocab/generate.py")).output().expect("python3");
    assert!(run.status.success(), "generate.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let generated = String::from_utf8(run.stdout).expect("UTF-8");
    let file = std::fs::read_to_string(root.join("src/content/vocab.rs")).expect("vocab.rs");
    assert!(
        file.contains(&generated),
        "src/content/vocab.rs differs from the package: run python3 tools/vocab/generate.py --write"
    );
}
