//! YAML with locations: `serde_yaml` reads the values, a span pass with `saphyr-parser` records
//! where each value stands, and [`decode`] turns a document into a typed record while collecting
//! every problem (unknown key, wrong type, missing key) with its `file:line:column`.
//!
//! serde_yaml alone locates syntax errors only; editors also need the place of a bad e-mail or an
//! unknown key, hence the span index.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics, FileId};
use crate::fields::did_you_mean;

/// Where a value (and its key, inside a mapping) stands in the file, as byte ranges.
#[derive(Clone, Debug)]
pub struct Loc {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A parsed YAML document and the location of every value, by path (`coordination.0.structure`).
pub struct Doc {
    pub value: Value,
    spans: HashMap<String, Loc>,
}

impl Doc {
    /// The location of the value at `path` (dot-separated keys and indices, `""` for the root).
    pub fn loc(&self, path: &str) -> Option<&Loc> {
        self.spans.get(path)
    }

    /// The value's range at `path`, or the closest enclosing value's: a diagnostic always points
    /// somewhere useful, even when the value is missing.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(loc) = self.spans.get(path) {
                return Some(loc.value.clone());
            }
            path = match path.rfind('.') {
                Some(i) => &path[..i],
                None if !path.is_empty() => "",
                None => return None,
            };
        }
    }

    /// The key's range at `path`, falling back to the value's.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        match self.spans.get(path) {
            Some(Loc { key: Some(key), .. }) => Some(key.clone()),
            _ => self.span(path),
        }
    }
}

/// Parses `text`, a YAML document starting at byte `base` of its file.
/// Numbers are kept as the text the editor wrote (`code_postal: 01000` stays `"01000"`), and
/// numeric fields read them back with [`Num`].
pub fn parse(text: &str, base: usize, file: FileId) -> Result<Doc, Diagnostic> {
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| syntax_error(&e, base, file))?;
    let (spans, numbers) = span_pass(text, base);
    for (path, raw) in numbers {
        if let Some(slot) = value_at_mut(&mut value, &path)
            && slot.is_number()
        {
            *slot = Value::String(raw);
        }
    }
    Ok(Doc { value, spans })
}

fn syntax_error(e: &serde_yaml::Error, base: usize, file: FileId) -> Diagnostic {
    let span = e.location().map(|l| base + l.index()..base + l.index());
    let message = e.to_string();
    // serde_yaml appends " at line L column C": the report shows the position itself.
    let message = message.split(" at line ").next().unwrap_or(&message);
    Diagnostic::error(file, span, format!("YAML illisible : {}", french_syntax(message))).with_hint(
        "vérifiez l'indentation (des espaces, pas de tabulation), les deux-points après chaque clé \
         et les guillemets autour des textes contenant « : » ou « # »",
    )
}

/// libyaml's messages, in the editors' language; an unknown one is kept as it is.
fn french_syntax(message: &str) -> String {
    const KNOWN: [(&str, &str); 8] = [
        ("found unexpected end of stream", "fin de fichier inattendue (un guillemet ou un crochet n'est pas fermé ?)"),
        ("mapping values are not allowed in this context", "deux-points inattendu (mettez ce texte entre guillemets)"),
        ("did not find expected key", "clé attendue (vérifiez l'indentation)"),
        ("did not find expected '-' indicator", "tiret de liste attendu (vérifiez l'indentation)"),
        ("found character that cannot start any token", "caractère inattendu (une tabulation ? utilisez des espaces)"),
        ("duplicate entry with key", "clé en double"),
        ("did not find expected node content", "valeur attendue"),
        ("found undefined tag handle", "étiquette YAML inconnue (un « ! » en début de valeur ?)"),
    ];
    for (english, french) in KNOWN {
        if let Some(rest) = message.strip_prefix(english) {
            return format!("{french}{rest}");
        }
    }
    let message = message.split(": ").last().unwrap_or(message);
    for (english, french) in KNOWN {
        if message.starts_with(english) {
            return french.to_string();
        }
    }
    message.to_string()
}

enum Frame {
    Map { path: String, start: usize, key: Option<(String, Range<usize>)> },
    Seq { path: String, start: usize, index: usize },
}

/// Walks the parser events once, recording the byte range of every key and value.
/// Returns the spans and the plain scalars that look like numbers (with their raw text).
fn span_pass(text: &str, base: usize) -> (HashMap<String, Loc>, Vec<(String, String)>) {
    let to_byte = CharToByte::new(text);
    let range = |span: &Span| base + to_byte.get(span.start.index())..base + to_byte.get(span.end.index());
    let mut spans = HashMap::new();
    let mut numbers = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_done = false;

    // The path and key range that the next value gets, or None when the next scalar is a key.
    fn next_slot(stack: &[Frame]) -> Option<(String, Option<Range<usize>>)> {
        match stack.last() {
            None => Some((String::new(), None)),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map { path, key: Some((k, r)), .. }) => Some((join(path, k), Some(r.clone()))),
            Some(Frame::Seq { path, index, .. }) => Some((join(path, &index.to_string()), None)),
        }
    }
    fn advance(stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        match event {
            Event::Scalar(ref s, style, ..) => match next_slot(&stack) {
                None => {
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = Some((s.to_string(), range(&span)));
                    }
                }
                Some((path, key)) => {
                    if style == ScalarStyle::Plain && looks_numeric(s) {
                        numbers.push((path.clone(), s.to_string()));
                    }
                    spans.insert(path, Loc { key, value: range(&span) });
                    advance(&mut stack);
                }
            },
            Event::Alias(_) => {
                if let Some((path, key)) = next_slot(&stack) {
                    spans.insert(path, Loc { key, value: range(&span) });
                }
                advance(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if root_done && stack.is_empty() {
                    break; // a second document: serde_yaml has already refused it.
                }
                // A complex key (a mapping used as a key) gets a placeholder path.
                let (path, key) = next_slot(&stack).unwrap_or_else(|| ("?".into(), None));
                if let Some(key) = key {
                    spans.insert(path.clone(), Loc { key: Some(key), value: range(&span) });
                }
                let start = range(&span).start;
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { path, start, key: None }
                } else {
                    Frame::Seq { path, start, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = stack.pop() else { break };
                let (path, start) = match frame {
                    Frame::Map { path, start, .. } | Frame::Seq { path, start, .. } => (path, start),
                };
                let end = range(&span).end.max(start);
                let key = spans.get(&path).and_then(|l: &Loc| l.key.clone());
                spans.insert(path, Loc { key, value: start..end });
                advance(&mut stack);
                root_done = stack.is_empty();
            }
            _ => {}
        }
    }
    (spans, numbers)
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() { segment.to_string() } else { format!("{path}.{segment}") }
}

fn looks_numeric(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    !s.is_empty() && s.starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

/// saphyr counts characters; diagnostics need byte offsets.
struct CharToByte(Option<Vec<usize>>);

impl CharToByte {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharToByte(None);
        }
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        CharToByte(Some(offsets))
    }

    fn get(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index,
            Some(offsets) => offsets.get(char_index).copied().unwrap_or(*offsets.last().unwrap_or(&0)),
        }
    }
}

fn value_at_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, segment| match v {
        Value::Mapping(m) => m.get_mut(segment),
        Value::Sequence(s) => segment.parse::<usize>().ok().and_then(|i| s.get_mut(i)),
        _ => None,
    })
}

fn remove_at(value: &mut Value, path: &str) -> bool {
    let (parent, last) = match path.rfind('.') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    match value_at_mut(value, parent) {
        Some(Value::Mapping(m)) => m.remove(last).is_some(),
        Some(Value::Sequence(s)) => match last.parse::<usize>() {
            Ok(i) if i < s.len() => {
                s.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Decodes `doc` (or its part at `path`) into `T`, reporting every problem.
///
/// serde stops at the first error; to report them all, the offending key is removed and the
/// decoding tried again. The result is `Some` as long as the record could be built without the
/// bad keys, so that later checks (references, formats) still run on the rest of it.
pub fn decode<T: DeserializeOwned>(doc: &Doc, path: &str, file: FileId, diags: &mut Diagnostics) -> Option<T> {
    let mut value = value_at_mut(&mut doc.value.clone(), path)?.clone();
    if value.is_null() {
        value = Value::Mapping(Default::default());
    }
    // Keys removed after a reported problem: serde will then call them missing; said once is enough.
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..64 {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(record) => return Some(record),
            Err(e) => e,
        };
        let inner = error_path(path, &error.path().to_string());
        let message = error.inner().to_string();
        let problem = translate(&message);
        match problem {
            Problem::UnknownKey { key, expected } => {
                // serde_path_to_error's path already ends with the unknown key.
                let full = if last_segment(&inner) == key { inner.clone() } else { join(&inner, &key) };
                let mut d = Diagnostic::error(file, doc.key_span(&full), format!("clé inconnue « {key} »"));
                d = d.with_hint(unknown_key_hint(&key, &expected));
                diags.push(d);
                if !remove_at(&mut value, &relative(path, &full)) {
                    return None;
                }
            }
            Problem::Missing(key) if removed.contains(&join(&inner, &key)) => return None,
            Problem::Missing(key) => {
                let d = Diagnostic::error(file, doc.key_span(&inner), format!("clé obligatoire « {key} » absente"))
                    .with_hint(format!("ajoutez une ligne `{key}: …`"));
                diags.push(d);
                return None;
            }
            Problem::Other(text) => {
                let shown = if inner.is_empty() { String::new() } else { format!("« {} » : ", last_key(&inner)) };
                diags.push(Diagnostic::error(file, doc.span(&inner), format!("{shown}{text}")));
                if inner == path || !remove_at(&mut value, &relative(path, &inner)) {
                    return None;
                }
                removed.push(inner);
            }
        }
    }
    None
}

/// serde_path_to_error writes `a.b[0].c`; the span index uses `a.b.0.c` under the decoded part.
fn error_path(base: &str, serde_path: &str) -> String {
    let inner = if serde_path == "." { String::new() } else { serde_path.replace('[', ".").replace(']', "") };
    let inner = inner.trim_start_matches('.');
    join(base, inner).trim_end_matches('.').to_string()
}

fn relative(base: &str, full: &str) -> String {
    if base.is_empty() {
        full.to_string()
    } else {
        full.strip_prefix(base).unwrap_or(full).trim_start_matches('.').to_string()
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn last_key(path: &str) -> &str {
    let mut segments = path.rsplit('.');
    let last = segments.next().unwrap_or(path);
    if last.parse::<usize>().is_ok() { segments.next().unwrap_or(last) } else { last }
}

fn unknown_key_hint(key: &str, expected: &[String]) -> String {
    let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
    match did_you_mean(key, &candidates) {
        Some(best) => format!("vouliez-vous dire « {best} » ? Clés possibles : {}", expected.join(", ")),
        None => format!("clés possibles : {}", expected.join(", ")),
    }
}

enum Problem {
    UnknownKey { key: String, expected: Vec<String> },
    Missing(String),
    Other(String),
}

/// serde's messages are English and stable; the guide speaks French to its editors.
fn translate(message: &str) -> Problem {
    let quoted: Vec<String> = message.split('`').skip(1).step_by(2).map(str::to_string).collect();
    if message.starts_with("unknown field") {
        let mut names = quoted.into_iter();
        let key = names.next().unwrap_or_default();
        return Problem::UnknownKey { key, expected: names.collect() };
    }
    if message.starts_with("missing field") {
        return Problem::Missing(quoted.into_iter().next().unwrap_or_default());
    }
    if message.starts_with("unknown variant") {
        let mut names = quoted.into_iter();
        let found = names.next().unwrap_or_default();
        let expected: Vec<String> = names.collect();
        return Problem::Other(format!("valeur « {found} » inconnue ; valeurs possibles : {}", expected.join(", ")));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return Problem::Other(format!("attendu : {} ; trouvé : {}", french_kind(expected), french_kind(found)));
    }
    Problem::Other(message.to_string())
}

fn french_kind(kind: &str) -> String {
    let kind = kind.trim();
    let words = [
        ("a string", "un texte"),
        ("string", "un texte"),
        ("a sequence", "une liste"),
        ("sequence", "une liste"),
        ("a map", "un ensemble de clés"),
        ("map", "un ensemble de clés"),
        ("a boolean", "true ou false"),
        ("boolean", "true ou false"),
        ("unit value", "une valeur vide"),
        ("null", "une valeur vide"),
    ];
    for (en, fr) in words {
        if kind == en || kind.starts_with(&format!("{en} ")) {
            return fr.to_string();
        }
    }
    if kind.starts_with("struct ") || kind.starts_with("a struct") {
        return "un ensemble de clés".to_string();
    }
    if kind.starts_with("a list") || kind.starts_with("a sequence") {
        return "une liste".to_string();
    }
    kind.to_string()
}

/// A number that editors may have written as text or as a YAML number (both read as text by
/// [`parse`]): `latitude: 47.2`, `ordre: "3"`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Num<T>(pub T);

impl<'de, T: std::str::FromStr> serde::Deserialize<'de> for Num<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.trim()
            .parse()
            .map(Num)
            .map_err(|_| serde::de::Error::custom(format!("« {text} » n'est pas un nombre valide")))
    }
}

/// A boolean as French editors write it: `true`/`false`, `oui`/`non`.
pub fn yes_no<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bool(bool),
        Text(String),
    }
    match Option::<Raw>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Raw::Bool(b)) => Ok(Some(b)),
        Some(Raw::Text(t)) => match t.to_lowercase().as_str() {
            "oui" | "true" => Ok(Some(true)),
            "non" | "false" => Ok(Some(false)),
            _ => Err(serde::de::Error::custom(format!("« {t} » : écrivez true ou false (ou oui / non)"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // only decoded, to collect diagnostics
    struct Rec {
        nom: String,
        code: Option<String>,
        items: Option<Vec<Item>>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        role: String,
    }

    fn check(text: &str, expected: &[&str]) {
        let doc = parse(text, 0, 0).expect("yaml");
        let mut diags = Diagnostics::default();
        let _ = decode::<Rec>(&doc, "", 0, &mut diags);
        let mut sources = crate::diag::Sources::default();
        sources.add("f.yaml".into(), text.into());
        let got = crate::diag::short_report(&diags, &sources);
        assert_eq!(got, expected, "for {text:?}");
    }

    #[test]
    fn reports_every_bad_key_with_its_position() {
        check(
            "nom: X\nnmo: Y\nitems:\n  - role: a\n    rol: b\ncode: 1\n",
            &[
                "f.yaml:2:1: erreur: clé inconnue « nmo » (aide : vouliez-vous dire « nom » ? Clés possibles : nom, code, items)",
                "f.yaml:5:5: erreur: clé inconnue « rol » (aide : vouliez-vous dire « role » ? Clés possibles : role)",
            ],
        );
    }

    #[test]
    fn wrong_type_is_located_on_the_value() {
        check("nom: X\nitems: oui\n", &["f.yaml:2:8: erreur: « items » : attendu : une liste ; trouvé : un texte"]);
    }

    #[test]
    fn missing_required_key() {
        check(
            "code: '18'\n",
            &["f.yaml:1:1: erreur: clé obligatoire « nom » absente (aide : ajoutez une ligne `nom: …`)"],
        );
    }

    #[test]
    fn numbers_keep_their_leading_zeros() {
        let doc = parse("nom: X\ncode: 01000\n", 0, 0).unwrap();
        let mut diags = Diagnostics::default();
        let rec: Rec = decode(&doc, "", 0, &mut diags).unwrap();
        assert_eq!(rec.code.as_deref(), Some("01000"));
    }

    #[test]
    fn spans_are_bytes_even_after_accents() {
        let text = "nom: Électricité\ncode: x\n";
        let doc = parse(text, 0, 0).unwrap();
        let span = doc.span("code").unwrap();
        assert_eq!(&text[span], "x");
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("nom: [a\n", 0, 0).err().expect("error");
        assert!(err.span.is_some());
        assert!(err.message.starts_with("YAML illisible"));
    }
}
