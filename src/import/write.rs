//! Here is a mapped partner, give me its file: a new YAML record, or the existing one merged.
//!
//! An imported file says, after its `$schema` line, which row it comes from (`# import: cle=…`)
//! and a short hash of each value import wrote (`# import: telephone=…`). On the next import a
//! value whose hash still matches is replaced; a value an editor wrote or changed is kept. A
//! record without that block was written by an editor: import never writes over it, unless the
//! row names it in its `id` column, and then only fills its empty fields.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::map::{Mapped, Wish};
use crate::content::load::Guide;
use crate::content::model::{Partner, RecordKind, Service};
use crate::content::scaffold::field_names;
use crate::content::yaml;
use crate::diag::Sources;

/// The line that opens the import block of a record.
const NOTICE: &str = "# Importé par « bonneporte import » : ne modifiez pas les lignes « # import: » ; vos changements des autres champs, ou de ces champs, sont gardés aux imports suivants.";
const BLOCK: &str = "# import: ";
const KEY: &str = "cle";

/// A partner record of the guide, as import sees it.
pub struct Existing {
    /// Relative to the guide (`structures/cher/ml-vierzon.yaml`).
    pub path: String,
    pub text: String,
    /// The import block, or `None` for a record an editor wrote.
    pub block: Option<Block>,
}

/// What an imported file's comment lines record.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Block {
    pub key: String,
    /// Field → hash of the value import wrote.
    pub hashes: BTreeMap<String, String>,
}

impl Block {
    fn read(text: &str) -> Option<Block> {
        let mut block: Option<Block> = None;
        for line in text.lines().take_while(|l| l.starts_with('#') || l.trim().is_empty()) {
            let Some((field, value)) = line.strip_prefix(BLOCK).and_then(|l| l.split_once('=')) else { continue };
            let block = block.get_or_insert_with(Block::default);
            if field == KEY {
                block.key = value.to_string();
            } else {
                block.hashes.insert(field.to_string(), value.to_string());
            }
        }
        block
    }

    fn lines(&self) -> String {
        let mut out = format!("{NOTICE}\n{BLOCK}{KEY}={}\n", self.key);
        for (field, hash) in &self.hashes {
            out.push_str(&format!("{BLOCK}{field}={hash}\n"));
        }
        out
    }
}

/// The partner records of the guide, by id and by import key, and every id taken.
pub struct Index {
    pub by_id: HashMap<String, Existing>,
    by_key: HashMap<String, String>,
    taken: HashSet<String>,
}

impl Index {
    pub fn of(guide: &Guide, sources: &Sources) -> Index {
        let mut by_id = HashMap::new();
        let mut by_key = HashMap::new();
        for partner in &guide.partners {
            let file = sources.get(partner.file);
            let block = Block::read(&file.text);
            if let Some(block) = &block {
                by_key.insert(block.key.clone(), partner.id.clone());
            }
            by_id.insert(partner.id.clone(), Existing { path: file.path.clone(), text: file.text.clone(), block });
        }
        let unreadable = guide.unreadable.iter().filter(|(k, _)| *k == RecordKind::Structure).map(|(_, id)| id.clone());
        let taken = by_id.keys().cloned().chain(unreadable).collect();
        Index { by_id, by_key, taken }
    }

    /// The record a row goes into: the one with its key, or the existing record its `id` names;
    /// else a new, unique id (`-2`, `-3`… after the wished one).
    pub fn target(&mut self, key: &str, wish: &Wish) -> Target {
        if let Some(id) = self.by_key.get(key) {
            return Target::Existing(id.clone());
        }
        if wish.explicit && self.by_id.contains_key(&wish.id) {
            return Target::Existing(wish.id.clone());
        }
        let mut id = wish.id.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{}-{n}", wish.id);
            n += 1;
        }
        self.taken.insert(id.clone());
        self.by_key.insert(key.to_string(), id.clone());
        Target::New(id)
    }
}

pub enum Target {
    Existing(String),
    New(String),
}

/// What happened to a record.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// A record's new text, with what became of it and how many values an editor's change kept.
pub struct Written {
    pub path: String,
    pub text: String,
    pub outcome: Outcome,
    pub kept: usize,
}

/// A new record at `structures/<folder>/<id>.yaml`.
pub fn create(folder: &str, id: &str, mapped: &Mapped) -> Written {
    let path = RecordKind::Structure.file(&format!("{folder}/{id}"));
    let mut block = Block { key: mapped.key.clone(), hashes: BTreeMap::new() };
    for (field, value) in &mapped.fields {
        block.hashes.insert(field.clone(), hash(&emit_value(field, value)));
    }
    let text = file_text(&path, "", &block, &mapped.fields);
    Written { path, text, outcome: Outcome::Created, kept: 0 }
}

/// `existing` with the row's values merged in by the rule of the module.
pub fn merge(existing: &Existing, mapped: &Mapped) -> Written {
    let mut values = current_values(&existing.text);
    let mut block = existing.block.clone().unwrap_or_default();
    block.key = mapped.key.clone();
    // A record an editor wrote is left as it is unless the row fills one of its empty fields.
    let (mut changed, mut kept) = (existing.block.as_ref().is_some_and(|b| b.key != block.key), 0);
    for (field, new) in &mapped.fields {
        let new_hash = hash(&emit_value(field, new));
        match values.get(field).filter(|v| !is_empty(v)) {
            None => {}
            Some(current) => {
                let current_hash = hash(&emit_value(field, current));
                if block.hashes.get(field) != Some(&current_hash) {
                    kept += 1;
                    continue;
                }
                if current_hash == new_hash {
                    continue;
                }
            }
        }
        values.insert(field.clone(), new.clone());
        block.hashes.insert(field.clone(), new_hash);
        changed = true;
    }
    if !changed {
        return Written { path: existing.path.clone(), text: existing.text.clone(), outcome: Outcome::Unchanged, kept };
    }
    let text = file_text(&existing.path, &editor_comments(&existing.text), &block, &values);
    Written { path: existing.path.clone(), text, outcome: Outcome::Updated, kept }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The stable short hash of a value as import writes it: 12 hex digits of its BLAKE3.
fn hash(emitted: &str) -> String {
    blake3::hash(emitted.as_bytes()).to_hex()[..12].to_string()
}

/// The values of an existing record, read as `load` reads them (numbers stay text), then typed
/// as import writes them, so that an untouched value hashes as it did when it was written.
fn current_values(text: &str) -> Map<String, Value> {
    let Ok(doc) = yaml::parse(text, 0, 0) else { return Map::new() };
    let Ok(Value::Object(mut values)) = serde_json::to_value(&doc.value) else { return Map::new() };
    for key in ["latitude", "longitude"] {
        if let Some(number) = values.get(key).and_then(Value::as_str).and_then(|t| t.parse::<f64>().ok()) {
            values.insert(key.into(), serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number));
        }
    }
    if let Some(Value::String(text)) = values.get("sur_rendez_vous") {
        let yes = matches!(text.to_lowercase().as_str(), "oui" | "true");
        values.insert("sur_rendez_vous".into(), Value::Bool(yes));
    }
    values
}

/// The comment lines an editor put at the top of the file (the `$schema` line and the import
/// block are written again); comments further down are not kept.
fn editor_comments(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter(|l| !l.starts_with("# yaml-language-server:") && !l.starts_with(BLOCK) && *l != NOTICE)
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The whole file: `$schema` line as `new` writes it, import block, editor's comments, then the
/// keys in the order of `Partner` (any other key after them, so that nothing is lost).
fn file_text(path: &str, comments: &str, block: &Block, values: &Map<String, Value>) -> String {
    let depth = path.matches('/').count();
    let schema = format!("{}schemas/{}", "../".repeat(depth), RecordKind::Structure.schema_file());
    let mut out = format!("# yaml-language-server: $schema={schema}\n{}{comments}", block.lines());
    let order = field_names::<Partner>();
    let others = values.keys().filter(|k| !order.contains(&k.as_str()));
    for key in order.iter().copied().chain(others.map(String::as_str)) {
        if let Some(value) = values.get(key).filter(|v| !v.is_null()) {
            out.push_str(&format!("{key}:{}\n", emit_value(key, value)));
        }
    }
    out
}

/// A value as YAML, after its key's colon: strings double-quoted with JSON's escapes (a valid
/// YAML double-quoted scalar whatever they hold), numbers and booleans plain, lists in flow
/// style, services as a block list of mappings in `Service` key order.
fn emit_value(key: &str, value: &Value) -> String {
    match value {
        Value::Array(items) if key == "services" => {
            let mut out = String::new();
            for item in items {
                out.push_str(&emit_service(item));
            }
            out
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(scalar).collect();
            format!(" [{}]", items.join(", "))
        }
        Value::String(s) if key == "fauteuil" && matches!(s.as_str(), "oui" | "non" | "partiel") => format!(" {s}"),
        other => format!(" {}", scalar(other)),
    }
}

fn emit_service(item: &Value) -> String {
    let Value::Object(fields) = item else { return format!("\n  - {}", scalar(item)) };
    let order = field_names::<Service>();
    let others = fields.keys().filter(|k| !order.contains(&k.as_str()));
    let mut out = String::new();
    for (i, key) in
        order.iter().copied().chain(others.map(String::as_str)).filter(|k| fields.contains_key(*k)).enumerate()
    {
        let lead = if i == 0 { "\n  - " } else { "\n    " };
        out.push_str(&format!("{lead}{key}:{}", emit_value(key, &fields[key])));
    }
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(value).unwrap_or_default(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_valid_yaml_that_reads_back() {
        let mut values = Map::new();
        values.insert("nom".into(), Value::String("L'« école » : \"test\"\n# pas un commentaire".into()));
        values.insert("code_postal".into(), Value::String("01000".into()));
        values.insert("latitude".into(), serde_json::json!(47.22));
        values.insert("fauteuil".into(), Value::String("oui".into()));
        values.insert("publics".into(), serde_json::json!(["a", "b"]));
        values.insert("services".into(), serde_json::json!([{"nom": "Conseil", "thematiques": ["x"]}]));
        let text =
            file_text("structures/cher/x.yaml", "", &Block { key: "k".into(), hashes: BTreeMap::new() }, &values);
        let back = current_values(&text);
        assert_eq!(back, values, "{text}");
        assert_eq!(Block::read(&text).map(|b| b.key), Some("k".into()));
    }
}
