//! Here is a file to import, give me its rows: data·inclusion v1 JSON (a list of `Structure` or
//! of `Service`) or a CSV as French spreadsheets write it (`;` or `,`, UTF-8 with or without BOM,
//! or Windows-1252), each value under our key and with its place in the file, and what was
//! detected (format, separator, encoding, columns recognised and ignored).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::content::collate;
use crate::content::model::{Partner, Service};
use crate::content::scaffold::field_names;
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources};
use crate::export::opendata::CSV_COLUMNS;

/// One value of a row: our key, its column (1-based, 0 in JSON) and where it stands.
pub struct Cell {
    pub key: &'static str,
    pub column: usize,
    pub value: Value,
    pub span: Range<usize>,
}

/// One record of a file: a CSV line or an object of a JSON list.
pub struct Row {
    pub file: FileId,
    pub span: Range<usize>,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.key == key)
    }

    /// The value of `key` as trimmed text, if it has a non-empty one.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(|c| text(&c.value))
    }
}

/// A value as text: strings trimmed, numbers and booleans written out, nothing for null or empty.
pub fn text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// What a file holds: partners, or services that name their partner (`structure_id`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Structures,
    Services,
}

pub struct Table {
    pub file: FileId,
    pub name: String,
    pub kind: Kind,
    pub rows: Vec<Row>,
    /// « structures.csv : CSV, séparateur « ; », encodage UTF-8 avec BOM, 12 colonnes reconnues »
    pub detected: String,
}

/// Reads `path` into `sources` (decoded text) and its rows. `Err` when the file cannot be read;
/// a malformed file is a diagnostic and a table without rows.
pub fn read(path: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("lecture de {} : {e}", path.display()))?;
    let (text, encoding) = decode(&bytes);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let file = sources.add(path.display().to_string(), text);
    let text = sources.get(file).text.as_str();
    let is_json =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('[');
    let (rows, columns, format) = if is_json {
        (json_rows(text, file, diags), Columns::default(), "JSON data·inclusion".to_string())
    } else {
        let separator = separator(text);
        let (rows, columns) = csv_rows(text, separator, file, diags);
        (rows, columns, format!("CSV, séparateur « {} »", separator as char))
    };
    let kind = if rows.iter().any(|r| r.get("structure_id").is_some()) { Kind::Services } else { Kind::Structures };
    let columns = if is_json { Columns::of_json(&rows, text) } else { columns };
    let detected = format!("{name} : {format}, encodage {encoding}, {}", columns.describe(is_json, rows.len(), kind));
    Ok(Table { file, name, kind, rows, detected })
}

/// UTF-8 (its byte order mark dropped), else Windows-1252, which French spreadsheets write.
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (text.to_string(), "UTF-8 avec BOM");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "UTF-8");
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    (text.into_owned(), "Windows-1252")
}

/// `;` or `,`: whichever the header line has more of, outside quotes (`;` on a tie, the French
/// spreadsheets' choice).
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let (mut semicolons, mut commas) = (0, 0);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

/// The columns of a CSV header, or the keys of a JSON list: which were recognised, which not.
#[derive(Default)]
struct Columns {
    recognised: usize,
    ignored: Vec<String>,
}

impl Columns {
    fn of_json(rows: &[Row], text: &str) -> Columns {
        let recognised: std::collections::BTreeSet<&str> =
            rows.iter().flat_map(|r| r.cells.iter().map(|c| c.key)).collect();
        // Unknown keys are not cells: read them back from the objects' text.
        let mut ignored = std::collections::BTreeSet::new();
        for row in rows {
            if let Ok(object) = serde_json::from_str::<BTreeMap<String, &RawValue>>(&text[row.span.clone()]) {
                ignored.extend(object.into_keys().filter(|k| canonical(k).is_none()));
            }
        }
        Columns { recognised: recognised.len(), ignored: ignored.into_iter().collect() }
    }

    fn describe(&self, json: bool, rows: usize, kind: Kind) -> String {
        let (unit, units) = if json { ("champ", "champs") } else { ("colonne", "colonnes") };
        let rows = match kind {
            Kind::Structures => crate::diag::counted(rows, "structure", "structures"),
            Kind::Services => crate::diag::counted(rows, "service", "services"),
        };
        let recognised = if json { "reconnus" } else { "reconnues" };
        let mut out = format!("{rows}, {} {units} {recognised}", self.recognised);
        for name in &self.ignored {
            out.push_str(&format!(", {unit} « {name} » {}", if json { "ignoré" } else { "ignorée" }));
        }
        out
    }
}

/// Our key for a header or a JSON key: one of our keys or data·inclusion's, after folding case,
/// accents, spaces and hyphens, or a common spreadsheet spelling ([`SYNONYMS`]).
pub fn canonical(header: &str) -> Option<&'static str> {
    let folded = fold_header(header);
    known_keys()
        .iter()
        .copied()
        .find(|k| *k == folded)
        .or_else(|| SYNONYMS.iter().find(|(spellings, _)| spellings.contains(&folded.as_str())).map(|(_, key)| *key))
}

/// « Code postal », « code-postal », « CODE_POSTAL » → `code_postal`.
fn fold_header(header: &str) -> String {
    let folded = collate::fold(header.trim().trim_start_matches('\u{feff}'));
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The keys an imported row may carry: a partner's and a service's, the columns of our CSV
/// export (`origine` is our `source`), and the ids data·inclusion links records by.
fn known_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<&'static str> = field_names::<Partner>().to_vec();
        keys.extend(field_names::<Service>());
        keys.extend(CSV_COLUMNS.iter().filter(|c| **c != "origine"));
        keys.extend(["structure_id", "type", "lien_source"]);
        keys.sort_unstable();
        keys.dedup();
        keys
    })
}

/// Spreadsheet spellings of our keys, after [`fold_header`].
const SYNONYMS: &[(&[&str], &str)] = &[
    (&["nom_de_la_structure", "raison_sociale", "structure", "denomination"], "nom"),
    (&["reseau_porteur", "reseaux"], "reseau"),
    (&["e_mail", "email", "mail", "adresse_mail", "adresse_e_mail", "adresse_electronique"], "courriel"),
    (&["tel", "telephone_fixe", "numero_de_telephone", "phone"], "telephone"),
    (&["site_internet", "site", "site_web_url", "url", "adresse_web", "internet"], "site_web"),
    (&["cp"], "code_postal"),
    (&["ville", "localite"], "commune"),
    (&["insee", "code_commune", "code_commune_insee"], "code_insee"),
    (&["complement", "complement_d_adresse"], "complement_adresse"),
    (&["horaires", "horaires_d_ouverture", "horaires_d_accueil"], "horaires_accueil"),
    (&["lat"], "latitude"),
    (&["lon", "lng", "long"], "longitude"),
    (&["date_de_mise_a_jour", "mise_a_jour", "date_mise_a_jour", "derniere_mise_a_jour"], "date_maj"),
    (&["origine"], "source"),
    (&["accessibilite", "acceslibre"], "accessibilite_lieu"),
    (&["rendez_vous"], "sur_rendez_vous"),
];

fn csv_rows(text: &str, separator: u8, file: FileId, diags: &mut Diagnostics) -> (Vec<Row>, Columns) {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        diags.push(Diagnostic::error(file, None, "fichier vide : la première ligne doit nommer les colonnes"));
        return (Vec::new(), Columns::default());
    };
    let keys: Vec<Option<&'static str>> = header.iter().map(canonical).collect();
    let columns = Columns {
        recognised: keys.iter().flatten().count(),
        ignored: header.iter().zip(&keys).filter(|(_, k)| k.is_none()).map(|(h, _)| h.trim().to_string()).collect(),
    };
    let mut raw: Vec<(usize, csv::StringRecord)> = Vec::new();
    for record in records {
        match record {
            Ok(r) => raw.push((r.position().map_or(0, |p| p.byte() as usize), r)),
            Err(e) => {
                let at = e.position().map(|p| p.byte() as usize);
                diags.push(Diagnostic::error(file, at.map(|a| a..a + 1), format!("ligne CSV illisible : {e}")));
            }
        }
    }
    let ends: Vec<usize> = raw.iter().skip(1).map(|(start, _)| *start).chain([text.len()]).collect();
    let rows = raw
        .iter()
        .zip(ends)
        .filter(|((_, r), _)| r.iter().any(|f| !f.trim().is_empty()))
        .map(|((start, record), end)| csv_row(text, *start..end, record, &keys, file))
        .collect();
    (rows, columns)
}

/// A CSV record: each value found in the record's text, in order, for its span.
fn csv_row(
    text: &str,
    span: Range<usize>,
    record: &csv::StringRecord,
    keys: &[Option<&'static str>],
    file: FileId,
) -> Row {
    let mut cursor = span.start;
    let mut cells = Vec::new();
    for (i, field) in record.iter().enumerate() {
        let found = (!field.is_empty()).then(|| text[cursor..span.end].find(field)).flatten();
        let at = found.map_or(cursor..cursor, |f| cursor + f..cursor + f + field.len());
        cursor = at.end;
        if let Some(Some(key)) = keys.get(i)
            && !field.trim().is_empty()
        {
            cells.push(Cell { key, column: i + 1, value: Value::String(field.to_string()), span: at });
        }
    }
    let line_end = text[span.clone()].trim_end().len();
    Row { file, span: span.start..span.start + line_end, cells }
}

/// A JSON list of objects; each value located by its place in the text (`RawValue` borrows it).
fn json_rows(text: &str, file: FileId, diags: &mut Diagnostics) -> Vec<Row> {
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            let at = offset_of(text, e.line(), e.column());
            diags.push(
                Diagnostic::error(file, Some(at..at + 1), format!("JSON illisible : {e}"))
                    .with_hint("le fichier doit être une liste [ … ] d'objets data·inclusion"),
            );
            return Vec::new();
        }
    };
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let span = place(text, item);
        let Ok(object) = serde_json::from_str::<BTreeMap<String, &RawValue>>(item.get()) else {
            diags.push(Diagnostic::error(file, Some(span), "cet élément n'est pas un objet : ignoré"));
            continue;
        };
        let cells = object
            .into_iter()
            .filter_map(|(key, raw)| {
                let value: Value = serde_json::from_str(raw.get()).ok()?;
                (!value.is_null()).then_some(Cell { key: canonical(&key)?, column: 0, value, span: place(text, raw) })
            })
            .collect();
        rows.push(Row { file, span, cells });
    }
    rows
}

/// Where a borrowed raw value stands in `text`.
fn place(text: &str, raw: &RawValue) -> Range<usize> {
    let start = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    start..start + raw.get().len()
}

/// The byte offset of a 1-based line and column, as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_headers_find_our_keys() {
        for (header, key) in [
            ("Code postal", Some("code_postal")),
            ("Téléphone", Some("telephone")),
            ("E-mail", Some("courriel")),
            ("Courriel", Some("courriel")),
            ("Site internet", Some("site_web")),
            ("\u{feff}nom", Some("nom")),
            ("code_insee", Some("code_insee")),
            ("origine", Some("source")),
            ("Remarques", None),
        ] {
            assert_eq!(canonical(header), key, "{header}");
        }
    }

    #[test]
    fn separators_and_encodings_are_detected() {
        assert_eq!(separator("nom;commune\n"), b';');
        assert_eq!(separator("nom,commune;x,y\n"), b',');
        assert_eq!(separator("\"a;b\",c\n"), b',');
        assert_eq!(decode(b"\xEF\xBB\xBFnom").1, "UTF-8 avec BOM");
        assert_eq!(decode(b"T\xE9l\xE9phone"), ("Téléphone".to_string(), "Windows-1252"));
    }
}
