//! `bonneporte new <kind> <id>`: writes the skeleton of a new record, every key present or
//! commented with its French description, in the right file. The keys, their descriptions and
//! which ones are required come from the JSON Schema of the kind (`schema`), so the skeleton
//! follows the types; only the values of required keys are chosen here.
//!
//! Content is true or absent: no address, phone, e-mail or person is ever filled in. Required
//! texts read "À compléter"; a required reference is proposed from the guide itself (the region
//! for a territory, the networks that already answer a pair for a rule) and marked "à vérifier".

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::Value;

use crate::content::fields;
use crate::content::load::{self, Guide};
use crate::content::model::{
    Code, Coordination, Door, Network, Page, Partner, RecordKind, Rule, Service, Site, Step, Territory, Walkthrough,
};
use crate::diag::{Diagnostics, Sources};

/// What `new` did, said to the editor.
pub struct Created {
    pub path: PathBuf,
    /// The record was added at the end of an existing list file (`publics.yaml`).
    pub appended: bool,
    /// The guide has no `schemas/` folder: the editor gets no completion until it is written.
    pub schemas_missing: bool,
}

/// Writes a new record of `kind` named `id` into the guide at `content`. Refuses an unknown
/// kind, an invalid id, and a record that exists already; the error is a French message.
pub fn create(content: &Path, kind: &str, id: &str) -> Result<Created, String> {
    let kind = RecordKind::from_name(kind).ok_or_else(|| {
        let names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        format!("type de fiche inconnu « {kind} » (attendu : {})", names.join(", "))
    })?;
    let new = NewRecord::parse(kind, id)?;
    let (guide, sources) = load_guide(content)?;
    let path = content.join(new.relative_path());
    new.refuse_existing(&guide, &sources, &path)?;
    let appended = kind.is_list() && path.exists();
    let text = if appended { format!("\n{}", new.entry(&guide)) } else { new.file(&guide) };
    write(&path, &text, appended)?;
    Ok(Created { path, appended, schemas_missing: !content.join("schemas").is_dir() })
}

/// The guide's records, to refuse duplicates and to propose references. Problems in its files
/// are `check`'s business, not a reason to refuse a new record.
fn load_guide(content: &Path) -> Result<(Guide, Sources), String> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let guide = load::load(content, &mut sources, &mut diags).map_err(|e| e.to_string())?;
    Ok((guide, sources))
}

struct NewRecord<'a> {
    kind: RecordKind,
    id: &'a str,
    /// For a structure, the sub-folder of `structures/` it goes into (`cher` of `cher/ml-bourges`).
    folder: Option<&'a str>,
    /// For a rule of `portes.yaml`, written `<public>/<besoin>`.
    pair: Option<(&'a str, &'a str)>,
}

impl<'a> NewRecord<'a> {
    fn parse(kind: RecordKind, id: &'a str) -> Result<Self, String> {
        if kind == RecordKind::Structure
            && let Some((folder, name)) = id.rsplit_once('/')
        {
            // `cher/ml-bourges`: each folder named like an id, so that no `..` or absolute path
            // leads out of `structures/`.
            for part in folder.split('/') {
                fields::id(part).map_err(|e| format!("dossier « {part} » : {e}"))?;
            }
            fields::id(name)?;
            return Ok(NewRecord { kind, id: name, folder: Some(folder), pair: None });
        }
        if kind != RecordKind::Portes {
            fields::id(id)?;
            return Ok(NewRecord { kind, id, folder: None, pair: None });
        }
        let (public, need) = id.split_once('/').ok_or_else(|| {
            format!("règle « {id} » : écrivez le public et le besoin séparés par « / » (jeune-16-25/trouver-emploi)")
        })?;
        fields::id(public)?;
        fields::id(need)?;
        Ok(NewRecord { kind, id, folder: None, pair: Some((public, need)) })
    }

    /// Where the record goes, relative to the guide.
    fn relative_path(&self) -> String {
        match self.folder {
            Some(folder) => format!("structures/{folder}/{}.yaml", self.id),
            None => self.kind.file(self.id),
        }
    }

    /// The file of the record of this kind and id that the guide has, wherever it is.
    fn existing_file(&self, guide: &Guide, sources: &Sources) -> Option<String> {
        let file = match self.kind {
            RecordKind::Structure => guide.partners.iter().find(|r| r.id == self.id).map(|r| r.file),
            RecordKind::Reseau => guide.networks.iter().find(|r| r.id == self.id).map(|r| r.file),
            RecordKind::Territoire => guide.territories.iter().find(|r| r.id == self.id).map(|r| r.file),
            RecordKind::Parcours => guide.walkthroughs.iter().find(|d| d.record.id == self.id).map(|d| d.record.file),
            RecordKind::Page => guide.pages.iter().find(|d| d.record.id == self.id).map(|d| d.record.file),
            _ => None,
        }?;
        (file < sources.len()).then(|| sources.get(file).path.clone())
    }

    fn refuse_existing(&self, guide: &Guide, sources: &Sources, path: &Path) -> Result<(), String> {
        let taken = match self.kind {
            RecordKind::Site => guide.site.is_some() || path.with_extension("yml").exists(),
            RecordKind::Portes => {
                guide.rules.iter().any(|r| self.pair == Some((r.data.public.as_str(), r.data.besoin.as_str())))
            }
            _ => self.existing_ids(guide).contains(&self.id),
        };
        if taken || (!self.kind.is_list() && path.exists()) {
            return Err(format!(
                "{} « {} » existe déjà ({}) : rien n'a été écrit",
                self.kind.name(),
                self.id,
                self.existing_file(guide, sources).unwrap_or_else(|| self.relative_path())
            ));
        }
        Ok(())
    }

    /// The ids of the kind in the guide, those of unreadable files included.
    fn existing_ids<'g>(&self, guide: &'g Guide) -> Vec<&'g str> {
        let unreadable =
            |kind: RecordKind| guide.unreadable.iter().filter(move |(k, _)| *k == kind).map(|(_, id)| id.as_str());
        match self.kind {
            RecordKind::Structure => {
                guide.partners.iter().map(|r| r.id.as_str()).chain(unreadable(RecordKind::Structure)).collect()
            }
            RecordKind::Reseau => {
                guide.networks.iter().map(|r| r.id.as_str()).chain(unreadable(RecordKind::Reseau)).collect()
            }
            RecordKind::Territoire => {
                guide.territories.iter().map(|r| r.id.as_str()).chain(unreadable(RecordKind::Territoire)).collect()
            }
            RecordKind::Publics => guide.publics.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Besoins => guide.needs.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Parcours => guide
                .walkthroughs
                .iter()
                .map(|d| d.record.id.as_str())
                .chain(unreadable(RecordKind::Parcours))
                .collect(),
            RecordKind::Page => {
                guide.pages.iter().map(|d| d.record.id.as_str()).chain(unreadable(RecordKind::Page)).collect()
            }
            RecordKind::Site | RecordKind::Portes => Vec::new(),
        }
    }

    /// A whole new file: the schema line, a header, then the record.
    fn file(&self, guide: &Guide) -> String {
        let header = format!(
            "# Fiche {} « {} », créée par `bonneporte new`.\n\
             # Remplacez « À compléter », vérifiez les valeurs proposées, et retirez le « # »\n\
             # devant une clé pour la renseigner. Chaque clé est décrite au-dessus d'elle.\n",
            self.kind.name(),
            self.id
        );
        if self.kind.is_markdown() {
            return format!("---\n{header}{}---\n\n", self.entry(guide));
        }
        let depth = self.relative_path().matches('/').count();
        let schema = format!("{}schemas/{}", "../".repeat(depth), self.kind.schema_file());
        format!("# yaml-language-server: $schema={schema}\n{header}\n{}", self.entry(guide))
    }

    /// The record itself: one item for a list file, the keys of the record otherwise.
    fn entry(&self, guide: &Guide) -> String {
        let schema = self.kind.schema();
        let definitions = schema.get("definitions").cloned().unwrap_or(Value::Null);
        let values = |key: &str| self.value(guide, key);
        match schema.pointer("/items/$ref").and_then(Value::as_str) {
            Some(item) => {
                let (name, item) = definition(&definitions, item);
                list_item(&render_object(item, fields_of(name), &definitions, "  ", &values))
            }
            None => render_object(&schema, fields_of(self.kind.type_name()), &definitions, "", &values),
        }
    }

    /// The value written for `key`, and whether it is proposed from the guide (to be checked).
    fn value(&self, guide: &Guide, key: &str) -> Option<(Filled, bool)> {
        let region = guide.site.as_ref().map(|s| s.data.region.clone());
        let proposed = |value: Option<String>| value.map(|v| (Filled::Text(v), true));
        let given = |value: &str| Some((Filled::Text(value.to_string()), false));
        match (self.kind, key) {
            // `check` warns about this placeholder until an editor replaces it.
            (_, "titre" | "nom" | "libelle" | "resume") => given(&format!("\"{}\"", crate::content::model::TO_FILL)),
            (RecordKind::Site, "region") => given(self.id),
            (RecordKind::Publics | RecordKind::Besoins, "id") => given(self.id),
            // Guessed from the id and the folder, or left to fill: `check` refuses « À compléter ».
            (RecordKind::Structure, "reseau") => Some(self.guess_network(guide).map_or_else(to_fill, |n| (n, true))),
            (RecordKind::Structure, "territoire") => {
                Some(self.guess_territory(guide).map_or_else(to_fill, |t| (t, true)))
            }
            (RecordKind::Territoire, "type") => Some((Filled::Text("bassin".into()), true)),
            (RecordKind::Territoire, "parent") => proposed(region),
            (RecordKind::Portes, "public") => given(self.pair?.0),
            (RecordKind::Portes, "besoin") => given(self.pair?.1),
            (RecordKind::Portes, "portes") => self.doors(guide).map(|ids| (Filled::Items(ids), true)),
            _ => None,
        }
    }

    /// The network of a new structure: the one of the structures whose id starts like its own
    /// (`ml-…` → the network of the other `ml-…`), else the network whose id starts its id
    /// (`cio-vierzon` → `cio`).
    fn guess_network(&self, guide: &Guide) -> Option<Filled> {
        let first = |id: &str| id.split('-').next().unwrap_or(id).to_string();
        let prefix = first(self.id);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in guide.partners.iter().filter(|p| p.id != self.id && first(&p.id) == prefix) {
            match counts.iter_mut().find(|(n, _)| *n == p.data.reseau) {
                Some((_, c)) => *c += 1,
                None => counts.push((&p.data.reseau, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let known = |id: &str| guide.networks.iter().any(|n| n.id == id);
        let from_partners = counts.into_iter().map(|(n, _)| n).find(|n| known(n));
        let from_id = guide
            .networks
            .iter()
            .filter(|n| self.id.starts_with(&format!("{}-", n.id)))
            .max_by_key(|n| n.id.len())
            .map(|n| n.id.as_str());
        from_partners.or(from_id).map(|n| Filled::Text(n.to_string()))
    }

    /// The territory of a new structure from its folder: the territory named like the folder
    /// (`structures/cher/` → `cher`).
    fn guess_territory(&self, guide: &Guide) -> Option<Filled> {
        let folder = self.folder?.rsplit('/').next()?;
        guide.territories.iter().find(|t| t.id == folder).map(|t| Filled::Text(t.id.clone()))
    }

    /// The doors of a new rule: the networks that the site already shows for the pair (those
    /// serving both the public and the need), else the first network.
    fn doors(&self, guide: &Guide) -> Option<Vec<String>> {
        let (public, need) = self.pair?;
        let serves = |n: &Network| n.publics.iter().any(|p| p == public) && n.besoins.iter().any(|b| b == need);
        let mut ids: Vec<&String> = guide.networks.iter().filter(|n| serves(&n.data)).map(|n| &n.id).collect();
        if ids.is_empty() {
            ids.extend(guide.networks.iter().map(|r| &r.id).min());
        }
        ids.sort();
        (!ids.is_empty()).then(|| ids.into_iter().cloned().collect())
    }
}

/// « À compléter », for a required value that nothing in the guide suggests.
fn to_fill() -> (Filled, bool) {
    (Filled::Text(format!("\"{}\"", crate::content::model::TO_FILL)), false)
}

/// The name and schema of a definition from its reference (`#/definitions/Coordination`).
fn definition<'s, 'r>(definitions: &'s Value, reference: &'r str) -> (&'r str, &'s Value) {
    let name = reference.rsplit('/').next().unwrap_or(reference);
    (name, definitions.get(name).unwrap_or(&Value::Null))
}

/// The value written for a key: a scalar, or the first key of each item of a list of objects
/// (`portes: [{reseau: …}]`).
enum Filled {
    Text(String),
    Items(Vec<String>),
}

/// The keys of an object schema, in the order of the Rust type (the order editors read in the
/// format), each with its description comment and its value, or commented out.
fn render_object(
    schema: &Value,
    fields: &[&str],
    definitions: &Value,
    indent: &str,
    value: &dyn Fn(&str) -> Option<(Filled, bool)>,
) -> String {
    let required =
        |key: &str| schema.get("required").and_then(Value::as_array).is_some_and(|list| list.iter().any(|k| k == key));
    let mut out = String::new();
    for &key in fields {
        let property = &schema["properties"][key];
        let description = property.get("description").and_then(Value::as_str).unwrap_or_default();
        let need = if required(key) { "Obligatoire." } else { "Facultatif." };
        match value(key) {
            Some((filled, proposed)) => {
                let check = if proposed { " Valeur proposée, à vérifier." } else { "" };
                out += &format!("{indent}# {description} {need}{check}\n");
                match filled {
                    Filled::Text(text) => out += &format!("{indent}{key}: {text}\n"),
                    Filled::Items(firsts) => {
                        out += &format!("{indent}{key}:\n");
                        for first in firsts {
                            out += &item_lines(property, definitions, &format!("{indent}  "), Some(&first));
                        }
                    }
                }
            }
            None => {
                out += &format!("{indent}# {description} {need}\n{indent}# {key}:\n");
                out += &item_lines(property, definitions, &format!("{indent}#   "), None);
            }
        }
    }
    out
}

/// One item of a list of objects (`coordination`, `etapes`, `portes`), each key with its
/// description at the end of the line: with `first` as the value of its first key and the other
/// keys commented, or wholly commented (the `indent` then ends with `#`).
fn item_lines(property: &Value, definitions: &Value, indent: &str, first: Option<&str>) -> String {
    let Some(reference) = property.pointer("/items/$ref").and_then(Value::as_str) else { return String::new() };
    let (name, item) = definition(definitions, reference);
    let mut out = String::new();
    for (i, key) in fields_of(name).iter().enumerate() {
        let description = item["properties"][key]["description"].as_str().unwrap_or_default();
        let dash = if i == 0 { "- " } else { "  " };
        out += &match (i, first) {
            (0, Some(value)) => format!("{indent}{dash}{key}: {value}  # {description}\n"),
            (_, Some(_)) => format!("{indent}{dash}# {key}:  # {description}\n"),
            (_, None) => format!("{indent}{dash}{key}:  # {description}\n"),
        };
    }
    out
}

/// Turns the first key of an item rendered at two spaces into a list item (`- id: …`).
fn list_item(rendered: &str) -> String {
    let mut started = false;
    rendered
        .lines()
        .map(|line| match line.strip_prefix("  ") {
            Some(rest) if !started && !rest.starts_with('#') => {
                started = true;
                format!("- {rest}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// The keys of a record type, by the name that `schemars` gives its schema, in declaration
/// order (the order of the format). The skeleton test checks that no key of a schema is missed.
fn fields_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "Site" => field_names::<Site>(),
        "Partner" => field_names::<Partner>(),
        "Network" => field_names::<Network>(),
        "Territory" => field_names::<Territory>(),
        "Walkthrough" => field_names::<Walkthrough>(),
        "Page" => field_names::<Page>(),
        "Code" => field_names::<Code>(),
        "Rule" => field_names::<Rule>(),
        "Door" => field_names::<Door>(),
        "Coordination" => field_names::<Coordination>(),
        "Step" => field_names::<Step>(),
        "Service" => field_names::<Service>(),
        _ => &[],
    }
}

/// The keys of a record type in declaration order, as serde knows them (renames included): a
/// deserializer that only records the field list that a derived `Deserialize` hands it.
pub(crate) fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

struct FieldNames<'n>(&'n mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("noms des clés relevés"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("pas une fiche"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Creates the file (never replacing one), or appends to a list file.
fn write(path: &Path, text: &str, append: bool) -> Result<(), String> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("impossible de créer {} : {e}", folder.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    if append {
        options.append(true);
    } else {
        options.write(true).create_new(true);
    }
    let mut file = options.open(path).map_err(|e| format!("impossible d'écrire {} : {e}", path.display()))?;
    let text = if append && !ends_with_newline(path) { format!("\n{text}") } else { text.to_string() };
    file.write_all(text.as_bytes()).map_err(|e| format!("impossible d'écrire {} : {e}", path.display()))
}

fn ends_with_newline(path: &Path) -> bool {
    std::fs::read(path).map_or(true, |bytes| bytes.last().is_none_or(|b| *b == b'\n'))
}
