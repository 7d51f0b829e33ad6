//! Here is a row, give me the partner it describes: each value through the validator `check`
//! uses (a value that fails is left out and reported at its place), the network, the territory
//! and the id the guide can place it under, or why it cannot be imported.

use std::ops::Range;

use serde_json::{Map, Value};

use super::read::{self, Cell, Row};
use crate::check::fold;
use crate::check::services::{ELIGIBILITY_HINT, eligibility_error};
use crate::content::communes;
use crate::content::fields;
use crate::content::hours;
use crate::content::model::{Service, TerritoryKind};
use crate::content::phone;
use crate::content::scaffold::field_names;
use crate::content::vocab::{DOCUMENTATION, SERVICE_LISTS};
use crate::diag::{Diagnostic, Diagnostics, FileId};
use crate::export::opendata::LIST_SEPARATOR;
use crate::graph::Graph;

/// What the command line adds to every row.
#[derive(Clone, Default)]
pub struct Defaults {
    /// `--reseau`: the network of rows that do not say theirs.
    pub network: Option<String>,
    /// `--source`: the whole `source` text of every record.
    pub source: Option<String>,
    /// `--date-maj`: the `date_maj` of rows without one.
    pub date_maj: Option<String>,
    /// The day of the import, `AAAA-MM-JJ`, in `source` when the row has no date.
    pub today: String,
}

/// The guide the rows go into.
pub struct Context<'a> {
    pub graph: &'a Graph<'a>,
    /// This guide's data·inclusion producer (`spro-<region>`): its ids name our own records.
    pub producer: String,
    pub defaults: Defaults,
}

/// The id a row asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wish {
    pub id: String,
    /// Named by the row (`id` column, or one of this guide's data·inclusion ids): a merge into
    /// that record if it exists. Otherwise made from the name, and made unique.
    pub explicit: bool,
}

/// A row mapped onto a partner: the values import writes, in no particular order.
pub struct Mapped {
    pub file: FileId,
    pub span: Range<usize>,
    /// The row's stable key (`cle`): the data·inclusion id, the `id` column, or name + INSEE.
    pub key: String,
    /// The row's data·inclusion id, which services name in `structure_id`.
    pub source_id: Option<String>,
    pub wish: Wish,
    pub fields: Map<String, Value>,
}

impl Mapped {
    pub fn network(&self) -> &str {
        self.fields.get("reseau").and_then(Value::as_str).unwrap_or_default()
    }

    pub fn territory(&self) -> &str {
        self.fields.get("territoire").and_then(Value::as_str).unwrap_or_default()
    }
}

/// Where a bad value stands, for the message: « colonne 5 « telephone » » or « champ « telephone » ».
fn at(cell: &Cell) -> String {
    match cell.column {
        0 => format!("champ « {} »", cell.key),
        n => format!("colonne {n} « {} »", cell.key),
    }
}

fn left_out(cell: &Cell, file: FileId, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::warning(file, Some(cell.span.clone()), format!("{} : {why} ; valeur non importée", at(cell)))
        .with_hint(hint.to_string())
}

/// A refused row, pointed at by its name (a JSON object may be one long line), else its start.
pub(super) fn refused(row: &Row, why: String, hint: &str) -> Diagnostic {
    let span = row.get("nom").map_or(row.span.start..row.span.start + 1, |c| c.span.clone());
    Diagnostic::error(row.file, Some(span), format!("ligne refusée : {why}")).with_hint(hint.to_string())
}

impl Context<'_> {
    /// The partner of a structure row, or `None` when it is refused (reported in `diags`).
    pub fn structure(&self, name: &str, row: &Row, diags: &mut Diagnostics) -> Option<Mapped> {
        let Some(nom) = row.text("nom") else {
            diags.push(refused(row, "sans nom".into(), "chaque structure a besoin d'une colonne « nom » remplie"));
            return None;
        };
        let mut fields = Map::new();
        fields.insert("nom".into(), Value::String(nom.clone()));
        for cell in &row.cells {
            if let Some(value) = self.value(cell, row.file, diags) {
                fields.insert(cell.key.into(), value);
            }
        }
        let network = self.network(row).map_err(|why| diags.push(refused(row, why, NETWORK_HINT))).ok()?;
        let territory =
            self.territory(row, &fields).map_err(|why| diags.push(refused(row, why, TERRITORY_HINT))).ok()?;
        self.drop_network_defaults(&network, &mut fields);
        fields.insert("reseau".into(), Value::String(network));
        fields.insert("territoire".into(), Value::String(territory));
        let date =
            fields.get("date_maj").and_then(Value::as_str).map(str::to_string).or(self.defaults.date_maj.clone());
        if let Some(date) = &date {
            fields.insert("date_maj".into(), Value::String(date.clone()));
        }
        let publisher = row.text("source");
        fields.insert("source".into(), Value::String(self.source(name, publisher.as_deref(), date.as_deref())));
        let source_id = row.text("id").filter(|id| id.contains("--"));
        Some(Mapped {
            file: row.file,
            span: row.get("nom").map_or(row.span.clone(), |c| c.span.clone()),
            key: stable_key(row, &nom, &fields),
            source_id,
            wish: self.wish(row, &nom),
            fields,
        })
    }

    /// A value of the row as the record holds it, or `None` (reported when it is bad). The keys
    /// that place the record (`reseau`, `territoire`, `id`) are read by their own functions.
    fn value(&self, cell: &Cell, file: FileId, diags: &mut Diagnostics) -> Option<Value> {
        let text = read::text(&cell.value);
        let checked = |result: Result<String, String>, hint: &str, diags: &mut Diagnostics| match result {
            Ok(v) => Some(Value::String(v)),
            Err(why) => {
                diags.push(left_out(cell, file, &why, hint));
                None
            }
        };
        match cell.key {
            "adresse" | "complement_adresse" | "commune" | "description" => text.map(Value::String),
            "telephone" => checked(phone::parse(&text?).map(|p| p.display()), PHONE_HINT, diags),
            "courriel" => checked(fields::email(&text?), "une seule adresse, nom@domaine.fr", diags),
            "site_web" | "accessibilite_lieu" => {
                let text = text?;
                checked(fields::web_url(&text).map(|_| text), "une adresse complète, https://…", diags)
            }
            "code_postal" => checked(fields::postal_code(&text?), "cinq chiffres (18100)", diags),
            "code_insee" => checked(insee(&text?), INSEE_HINT, diags),
            "siret" => checked(fields::siret(&text?), "quatorze chiffres", diags),
            "date_maj" => checked(fields::date(&text?).map(|d| d.to_string()), "AAAA-MM-JJ (2026-03-01)", diags),
            "horaires_accueil" => {
                let text = text?;
                checked(hours::parse(&text).map(|_| text), HOURS_HINT, diags)
            }
            "latitude" | "longitude" => self.coordinate(cell, file, diags),
            "fauteuil" => checked(wheelchair(&text?), "oui, non ou partiel", diags),
            "sur_rendez_vous" => match yes_no(&text?) {
                Some(b) => Some(Value::Bool(b)),
                None => checked(Err("ni oui ni non".into()), "oui ou non", diags),
            },
            "publics" => self.codes(cell, file, &self.graph.publics, diags),
            "besoins" => self.codes(cell, file, &self.graph.needs, diags),
            "zone" => self.zone(cell, file, diags),
            "territoire" => {
                // Read by `territory`; said here when it names nothing, as the commune decides then.
                let id = text?;
                if self.graph.territory(&id).is_none() {
                    let why = format!("territoire « {id} » inconnu du guide, le territoire vient de la commune");
                    diags.push(left_out(cell, file, &why, TERRITORY_HINT));
                }
                None
            }
            _ => None,
        }
    }

    fn coordinate(&self, cell: &Cell, file: FileId, diags: &mut Diagnostics) -> Option<Value> {
        let range = if cell.key == "latitude" { -90.0..=90.0 } else { -180.0..=180.0 };
        let number = read::text(&cell.value)?.replace(',', ".").parse::<f64>().ok().filter(|v| range.contains(v));
        match number.and_then(serde_json::Number::from_f64) {
            Some(n) => Some(Value::Number(n)),
            None => {
                diags.push(left_out(
                    cell,
                    file,
                    "coordonnée illisible ou hors limites",
                    "degrés décimaux WGS84 (47,22)",
                ));
                None
            }
        }
    }

    /// Publics or needs by id or by label, left out when they are the network's defaults (our
    /// CSV export writes those for every partner).
    fn codes(
        &self,
        cell: &Cell,
        file: FileId,
        list: &[&crate::content::load::Record<crate::content::model::Code>],
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        let mut ids = Vec::new();
        for item in items(&cell.value) {
            match list.iter().find(|c| c.id == item || fold(&c.data.libelle) == fold(&item)) {
                Some(code) => ids.push(Value::String(code.id.clone())),
                None => {
                    let why = format!("« {item} » n'est ni un identifiant ni un libellé du guide");
                    diags.push(left_out(cell, file, &why, "voyez publics.yaml et besoins.yaml"));
                    return None;
                }
            }
        }
        (!ids.is_empty()).then_some(Value::Array(ids))
    }

    fn zone(&self, cell: &Cell, file: FileId, diags: &mut Diagnostics) -> Option<Value> {
        let ids: Vec<String> = items(&cell.value);
        if let Some(unknown) = ids.iter().find(|id| self.graph.territory(id).is_none()) {
            diags.push(left_out(cell, file, &format!("territoire « {unknown} » inconnu"), TERRITORY_HINT));
            return None;
        }
        (!ids.is_empty()).then(|| Value::Array(ids.into_iter().map(Value::String).collect()))
    }

    /// Publics and needs equal to the network's defaults say nothing of the partner.
    fn drop_network_defaults(&self, network: &str, fields: &mut Map<String, Value>) {
        let Some(n) = self.graph.network(network).map(|n| &self.graph.networks[n].data) else { return };
        for (key, defaults) in [("publics", &n.publics), ("besoins", &n.besoins)] {
            let same = fields.get(key).and_then(Value::as_array).is_some_and(|ids| {
                let mut ids: Vec<&str> = ids.iter().filter_map(Value::as_str).collect();
                let mut defaults: Vec<&str> = defaults.iter().map(String::as_str).collect();
                ids.sort_unstable();
                defaults.sort_unstable();
                ids == defaults
            });
            if same {
                fields.remove(key);
            }
        }
    }

    /// The row's `reseau` (an id, or a network's `nom` as our CSV writes it), else `--reseau`,
    /// else the one network of the guide whose `reseau_porteur` the row's `reseaux_porteurs` names.
    fn network(&self, row: &Row) -> Result<String, String> {
        let g = self.graph;
        if let Some(written) = row.text("reseau") {
            let found = g.networks.iter().find(|n| n.id == written || fold(&n.data.nom) == fold(&written));
            return found.map(|n| n.id.clone()).ok_or_else(|| format!("réseau « {written} » inconnu du guide"));
        }
        if let Some(id) = &self.defaults.network {
            return Ok(id.clone());
        }
        let codes = row.get("reseaux_porteurs").map(|c| items(&c.value)).unwrap_or_default();
        let matching: Vec<&str> = g
            .networks
            .iter()
            .filter(|n| n.data.reseau_porteur.as_ref().is_some_and(|code| codes.contains(code)))
            .map(|n| n.id.as_str())
            .collect();
        match (codes.is_empty(), matching.as_slice()) {
            (true, _) => Err("réseau inconnu : ni colonne « reseau » ni « reseaux_porteurs », ni --reseau".into()),
            (false, [one]) => Ok(one.to_string()),
            (false, []) => Err(format!("aucun réseau du guide n'a le code porteur « {} »", codes.join(", "))),
            (false, many) => Err(format!("plusieurs réseaux du guide ont ce code porteur : {}", many.join(", "))),
        }
    }

    /// The row's `territoire` if it names one, else the territory serving its commune (by INSEE
    /// code, else by postal code and name); never a guess.
    fn territory(&self, row: &Row, fields: &Map<String, Value>) -> Result<String, String> {
        let g = self.graph;
        if let Some(id) = row.text("territoire").filter(|id| g.territory(id).is_some()) {
            return Ok(id);
        }
        let insee = match fields.get("code_insee").and_then(Value::as_str) {
            Some(code) => code.to_string(),
            None => commune_by_name(fields)?,
        };
        let t = g.commune_territory.get(insee.as_str()).ok_or_else(|| {
            let name = communes::reference().get(&insee).map_or(insee.clone(), |c| format!("{} ({insee})", c.nom));
            format!("aucun territoire du guide ne sert la commune {name}")
        })?;
        Ok(g.territories[*t].record.id.clone())
    }

    /// The id the row asks for: its `id` column when valid (this guide's data·inclusion ids
    /// `spro-…--xyz` give `xyz`), else one made from the name.
    fn wish(&self, row: &Row, nom: &str) -> Wish {
        if let Some(written) = row.text("id") {
            let (producer, own) = written.split_once("--").map_or(("", written.as_str()), |(p, o)| (p, o));
            if fields::id(own).is_ok() {
                return Wish { id: own.to_string(), explicit: producer.is_empty() || producer == self.producer };
            }
        }
        let made = fields::suggest_id(nom);
        Wish { id: if made.is_empty() { "structure".into() } else { made }, explicit: false }
    }

    /// « « structures.csv » (publisher), 2026-03-01 », or `--source` as it is. A row's `source`
    /// is data·inclusion's producer id (`dora`), the publisher, when it is one word; a text (our
    /// `source`, `origine` in our CSV export) is already the record's provenance, kept as is.
    fn source(&self, file: &str, publisher: Option<&str>, date: Option<&str>) -> String {
        if let Some(text) = &self.defaults.source {
            return text.clone();
        }
        if let Some(text) = publisher.filter(|p| p.contains(char::is_whitespace)) {
            return text.to_string();
        }
        let publisher = publisher.map(|p| format!(" ({p})")).unwrap_or_default();
        format!("« {file} »{publisher}, {}", date.unwrap_or(&self.defaults.today))
    }

    /// A service row, as the item of its partner's `services`, with the data·inclusion id of
    /// that partner; `None` when refused. Personal data (`contact_nom_prenom`) has no key here.
    pub fn service(&self, row: &Row, diags: &mut Diagnostics) -> Option<(String, Value)> {
        let structure = row.text("structure_id")?;
        let Some(nom) = row.text("nom") else {
            diags.push(refused(row, "service sans nom".into(), "chaque service a besoin d'un nom"));
            return None;
        };
        let mut item = Map::new();
        for key in field_names::<Service>() {
            let Some(cell) = row.get(key) else { continue };
            if let Some(value) = self.service_value(cell, row.file, diags) {
                item.insert(key.to_string(), value);
            }
        }
        item.insert("nom".into(), Value::String(nom));
        Some((structure, Value::Object(item)))
    }

    fn service_value(&self, cell: &Cell, file: FileId, diags: &mut Diagnostics) -> Option<Value> {
        match cell.key {
            "telephone" | "courriel" | "horaires_accueil" => self.value(cell, file, diags),
            "lien_mobilisation" => {
                let text = read::text(&cell.value)?;
                match fields::web_url(&text) {
                    Ok(_) => Some(Value::String(text)),
                    Err(why) => {
                        diags.push(left_out(cell, file, &why, "une adresse complète, https://…"));
                        None
                    }
                }
            }
            "thematiques" | "publics" | "modes_accueil" | "modes_mobilisation" | "mobilisable_par"
            | "zone_eligibilite" => {
                let list: Vec<Value> = items(&cell.value)
                    .into_iter()
                    .filter(|code| known_code(cell, code, file, diags))
                    .map(Value::String)
                    .collect();
                (!list.is_empty()).then_some(Value::Array(list))
            }
            "type" | "frais" => {
                read::text(&cell.value).filter(|code| known_code(cell, code, file, diags)).map(Value::String)
            }
            _ => read::text(&cell.value).map(Value::String),
        }
    }
}

const NETWORK_HINT: &str =
    "ajoutez une colonne « reseau » (identifiant ou nom d'un réseau du guide) ou passez --reseau ID";
const TERRITORY_HINT: &str =
    "ajoutez le code INSEE de la commune, ou une colonne « territoire » (identifiant du guide)";
const PHONE_HINT: &str = "un numéro français : 02 48 12 34 56, +33 2 48 12 34 56";
const INSEE_HINT: &str = "le code INSEE (5 caractères) n'est pas le code postal";
const HOURS_HINT: &str = "format OpenStreetMap : Mo-Fr 09:00-12:00,13:30-17:00; PH off";

/// The row's stable key: its data·inclusion id or `id` column, else its folded name and commune.
fn stable_key(row: &Row, nom: &str, fields: &Map<String, Value>) -> String {
    if let Some(id) = row.text("id") {
        return id;
    }
    let insee = fields.get("code_insee").and_then(Value::as_str).unwrap_or_default();
    format!("{}+{insee}", fields::suggest_id(nom))
}

/// The items of a list value: a JSON array, or a text split on `|` (our CSV) or `,`.
/// Whether `code` may be in the service's `cell.key` (a code of its data·inclusion list, a zone
/// of the commune reference), as `check` wants it; else left out and said.
fn known_code(cell: &Cell, code: &str, file: FileId, diags: &mut Diagnostics) -> bool {
    let (why, hint) = if cell.key == "zone_eligibilite" {
        (eligibility_error(code), ELIGIBILITY_HINT.to_string())
    } else {
        let Some(list) = SERVICE_LISTS.iter().find(|list| list.key == cell.key) else { return true };
        let why = (!list.contains(code)).then(|| format!("« {code} » n'est pas {} de data·inclusion", list.noun));
        (why, format!("les codes sont listés sur {DOCUMENTATION}"))
    };
    if let Some(why) = &why {
        diags.push(left_out(cell, file, why, &hint));
    }
    why.is_none()
}

fn items(value: &Value) -> Vec<String> {
    match value {
        Value::Array(list) => list.iter().filter_map(read::text).collect(),
        other => {
            let text = read::text(other).unwrap_or_default();
            let separator = if text.contains(LIST_SEPARATOR.trim()) { LIST_SEPARATOR.trim() } else { "," };
            text.split(separator).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
    }
}

fn insee(code: &str) -> Result<String, String> {
    match communes::reference().get(code) {
        Some(c) => Ok(c.code.to_string()),
        None if communes::is_valid_insee_format(code) => Err(format!("code INSEE « {code} » inconnu du référentiel")),
        None => Err(format!("code INSEE « {code} » mal formé")),
    }
}

/// The INSEE code of the one commune of the reference with this postal code and name.
fn commune_by_name(fields: &Map<String, Value>) -> Result<String, String> {
    let postal = fields.get("code_postal").and_then(Value::as_str);
    let name = fields.get("commune").and_then(Value::as_str);
    let (Some(postal), Some(name)) = (postal, name) else {
        return Err("ni code INSEE, ni code postal et commune : le territoire ne peut être trouvé".into());
    };
    let found: Vec<&communes::Commune> = communes::reference()
        .iter()
        .filter(|c| c.codes_postaux.contains(&postal) && fold(c.nom) == fold(name))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.code.to_string()),
        [] => Err(format!("aucune commune « {name} » n'a le code postal {postal}")),
        _ => Err(format!("plusieurs communes « {name} » ont le code postal {postal} : donnez le code INSEE")),
    }
}

fn wheelchair(text: &str) -> Result<String, String> {
    let folded = fold(text);
    ["oui", "non", "partiel"]
        .into_iter()
        .find(|v| *v == folded)
        .map(str::to_string)
        .ok_or_else(|| format!("accès en fauteuil « {text} » inconnu"))
}

fn yes_no(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "oui" | "true" | "vrai" | "1" => Some(true),
        "non" | "false" | "faux" | "0" => Some(false),
        _ => None,
    }
}

/// The folder of `structures/` for a territory: its département's id, `region` above.
pub fn folder(g: &Graph, territory: &str) -> String {
    let mut current = g.territory(territory);
    let mut steps = 0;
    while let Some(t) = current {
        let node = &g.territories[t];
        if node.record.data.kind == TerritoryKind::Departement {
            return node.record.id.clone();
        }
        current = node.record.data.parent.as_deref().and_then(|p| g.territory(p));
        steps += 1;
        if steps > g.territories.len() {
            break;
        }
    }
    "region".into()
}
