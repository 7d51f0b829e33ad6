//! The editor guide and its publishing recipes (`docs/`): the recipes are valid YAML that run
//! `check` then `build --base-url` with commands and options that exist, and the example partner
//! of the guide is a valid record.

mod common;

use std::path::Path;
use std::process::Command;

use serde_yaml::Value;

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn recipe(name: &str) -> Value {
    let text = std::fs::read_to_string(docs().join(name)).expect("recipe");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"))
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bonneporte")).args(args).arg("--help").output().expect("help");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Shell lines of every `script`, `before_script` (GitLab) and `run` (GitHub), in file order.
fn shell_lines(value: &Value, lines: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                let is_shell = matches!(key.as_str(), Some("script" | "before_script" | "run"));
                match item {
                    Value::String(text) if is_shell => lines.extend(text.lines().map(str::to_string)),
                    Value::Sequence(items) if is_shell => {
                        lines.extend(items.iter().filter_map(Value::as_str).flat_map(str::lines).map(str::to_string))
                    }
                    _ => shell_lines(item, lines),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| shell_lines(item, lines)),
        _ => {}
    }
}

/// `bonneporte` invocations of a recipe: the subcommand and its arguments (up to a redirection).
fn invocations(recipe: &Value) -> Vec<(String, Vec<String>)> {
    let mut lines = Vec::new();
    shell_lines(recipe, &mut lines);
    lines
        .iter()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            (words.next()? == "bonneporte").then(|| {
                let command = words.next().unwrap_or_default().to_string();
                let arguments = words.take_while(|w| !w.starts_with(['>', '|']));
                (command, arguments.map(str::to_string).collect())
            })
        })
        .collect()
}

#[test]
fn recipes_run_existing_commands_check_before_build_with_a_base_url() {
    let commands = help(&[]);
    for name in ["gitlab-ci.yml", "github-pages.yml"] {
        let calls = invocations(&recipe(name));
        for (command, arguments) in &calls {
            let listed = commands.lines().any(|l| l.trim_start().starts_with(&format!("{command} ")));
            assert!(!command.is_empty() && listed, "{name}: `{command}`?");
            let usage = help(&[command]);
            for option in arguments.iter().filter(|a| a.starts_with("--")) {
                assert!(usage.contains(option.as_str()), "{name}: `bonneporte {command} {option}` does not exist");
            }
        }
        let order: Vec<&str> = calls.iter().map(|(c, _)| c.as_str()).collect();
        let build = order.iter().position(|c| *c == "build").unwrap_or_else(|| panic!("{name}: no build"));
        assert!(order[..build].contains(&"check"), "{name}: check must run before build: {order:?}");
        assert!(calls[build].1.contains(&"--base-url".to_string()), "{name}: build without --base-url");
        assert!(calls.iter().any(|(c, o)| c == "check" && o.join(" ") == "--format json"), "{name}: no annotations");
    }
}

#[test]
fn gitlab_recipe_publishes_public_from_the_pages_job() {
    let gitlab = recipe("gitlab-ci.yml");
    let paths = &gitlab["pages"]["artifacts"]["paths"];
    assert_eq!(
        paths.as_sequence().map(|p| p.iter().filter_map(Value::as_str).collect::<Vec<_>>()),
        Some(vec!["public"])
    );
}

#[test]
fn github_recipe_uploads_and_deploys_pages() {
    let text = std::fs::read_to_string(docs().join("github-pages.yml")).expect("recipe");
    for action in ["actions/upload-pages-artifact@", "actions/deploy-pages@", "actions/configure-pages@"] {
        assert!(text.contains(action), "{action} missing");
    }
    let github = recipe("github-pages.yml");
    assert_eq!(github["jobs"]["publier"]["environment"]["name"].as_str(), Some("github-pages"));
}

#[test]
fn example_partners_of_the_editor_guide_are_valid_records() {
    let guide = std::fs::read_to_string(docs().join("guide-editeur.md")).expect("guide");
    for marker in ["<!-- exemple-structure", "<!-- exemple-services"] {
        let start = guide.find(marker).expect("example marker");
        let block = &guide[start..];
        let body = &block[block.find("```yaml\n").expect("yaml block") + 8..];
        let body = &body[..body.find("```").expect("end of block")];
        let record: String = body.lines().map(|l| l.strip_prefix("   ").unwrap_or(l).to_string() + "\n").collect();

        let dir = tempfile::tempdir().expect("tempdir");
        common::overlay(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), dir.path());
        std::fs::write(dir.path().join("structures/exemple-guide-editeur.yaml"), &record).expect("write");
        let checked = bonneporte::site::check(dir.path(), common::today()).expect("check");
        let errors: Vec<String> = bonneporte::diag::short_report(&checked.diags, &checked.sources)
            .into_iter()
            .filter(|l| l.contains(": erreur: "))
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{marker}");
        assert!(checked.guide.partners.iter().any(|p| p.id == "exemple-guide-editeur"));
    }
}
