//! The layout of `src/` keeps the pipeline's order (ARCHITECTURE.md, "Architecture invariants"):
//! each top-level module imports only the modules below it in [`LAYERS`], so the imports form no
//! cycle. Read from the source text: every `crate::<module>` a module names, its unit tests
//! (`#[cfg(test)]` to the end of the file) left out. The binary's `main.rs` and `cmd/` use the
//! library as `bonneporte::…` and are above everything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules it names.
type Imports = BTreeMap<String, BTreeSet<String>>;

fn imports() -> Imports {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut imports = Imports::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        if relative == "main.rs" || relative == "lib.rs" {
            continue;
        }
        let module = relative.split('/').next().unwrap_or_default().trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(path).expect("read");
        let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
        let named = imports.entry(module.clone()).or_default();
        named.extend(crate_paths(code).into_iter().filter(|m| *m != module));
    }
    imports
}

/// The first segment of every path starting with `crate::`, groups (`crate::{a, b::c}`) included.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth < 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(identifier(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            found.push(identifier(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// A cycle of `imports`, as the modules along it, if there is one.
fn cycle(imports: &Imports) -> Option<Vec<String>> {
    fn visit(m: &str, imports: &Imports, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == m) {
            let mut cycle = path[start..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if !done.insert(m.to_string()) {
            return None;
        }
        path.push(m.to_string());
        for next in imports.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, imports, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    imports.keys().find_map(|m| visit(m, imports, &mut Vec::new(), &mut done))
}

/// Infrastructure that any module may use, and that uses no other module of the crate.
const INFRASTRUCTURE: [&str; 4] = ["diag", "linkcheck", "output", "progress"];

/// Each top-level module of the pipeline, with the modules it may import (besides the
/// infrastructure). `check` names the pages' addresses and anchors (`graph::address`,
/// `graph::anchors`: pure functions of ids and records); the graph itself is only built by
/// `site`, on a guide without errors.
const LAYERS: [(&str, &[&str]); 12] = [
    ("content", &[]),
    ("graph", &["content"]),
    ("check", &["content", "graph"]),
    ("export", &["content", "graph"]),
    ("site", &["content", "check", "graph", "export"]),
    ("render", &["content", "graph", "export", "site"]),
    ("rapport", &["content", "check", "graph", "export"]),
    ("build", &["content", "site", "render"]),
    ("import", &["content", "check", "graph", "export", "site"]),
    ("serve", &["content", "check", "graph", "export", "site", "render"]),
    ("cmd", &[]),
    ("cli", &[]),
];

#[test]
fn each_module_imports_only_the_layers_below_it() {
    let imports = imports();
    assert!(imports["build"].contains("render"), "the reader of imports finds `use crate::render`");
    for (module, named) in &imports {
        let allowed: &[&str] = if INFRASTRUCTURE.contains(&module.as_str()) {
            &[]
        } else {
            let layer = LAYERS.iter().find(|(m, _)| m == module);
            layer.unwrap_or_else(|| panic!("src/{module} is in no layer of tests/architecture.rs")).1
        };
        for other in named {
            let infrastructure = INFRASTRUCTURE.contains(&other.as_str()) && !INFRASTRUCTURE.contains(&module.as_str());
            assert!(infrastructure || allowed.contains(&other.as_str()), "src/{module} imports crate::{other}");
        }
    }
}

#[test]
fn modules_import_each_other_without_cycle() {
    let imports = imports();
    assert!(imports.len() > 10, "read the modules of src/: {imports:?}");
    if let Some(cycle) = cycle(&imports) {
        panic!("import cycle in src/: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_reader_finds_grouped_imports_and_cycles() {
    assert_eq!(crate_paths("use crate::{a::{b, c}, d};\nlet x = crate::e::f();"), ["a", "d", "e"]);
    let mut imports = Imports::new();
    imports.insert("a".into(), ["b".into()].into());
    imports.insert("b".into(), ["c".into()].into());
    assert_eq!(cycle(&imports), None);
    imports.insert("c".into(), ["a".into()].into());
    assert_eq!(cycle(&imports), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
