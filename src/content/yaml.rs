//! YAML with locations: one pass over `saphyr-parser`'s events builds a `serde_yaml::Value` and
//! records where each value stands; [`decode`] turns a document into a typed record through
//! serde_yaml's deserializer while collecting every problem (unknown key, wrong type, missing
//! key) with its `file:line:column`.
//!
//! serde_yaml's own parser locates syntax errors only; editors also need the place of a bad
//! e-mail, an unknown key or a key written twice, hence the events.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::content::fields::did_you_mean;
use crate::content::spans::{self, Aligned};
use crate::diag::{Diagnostic, Diagnostics, FileId, grouped_thousands};

/// Where a value (and its key, inside a mapping) stands in the file, as byte ranges.
#[derive(Clone, Debug)]
pub struct Loc {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
    /// For a text, where each of its characters stands in `value` (`None`: not a text).
    pub text: Option<Aligned>,
}

/// A parsed YAML document and the location of every value.
pub struct Doc {
    pub value: Value,
    pub spans: Spans,
}

/// The location of every value of a document, by path (`coordination.0.structure`). Kept with
/// the records after decoding (the values themselves are dropped), to point at any of them.
#[derive(Default)]
pub struct Spans(HashMap<String, Loc>);

impl Spans {
    /// The value's range at `path` (dot-separated keys and indices, `""` for the root), or the closest enclosing value's: a diagnostic always points
    /// somewhere useful, even when the value is missing.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(loc) = self.0.get(path) {
                return Some(loc.value.clone());
            }
            path = match path.rfind('.') {
                Some(i) => &path[..i],
                None if !path.is_empty() => "",
                None => return None,
            };
        }
    }

    /// The range in the file of `part`, a byte range of the text at `path` (a link inside a
    /// description, a token of opening hours), wherever the text is written: in a block, quoted
    /// with escapes, on several lines. The value's whole range when `part` is not found there.
    pub fn part_span(&self, path: &str, part: Range<usize>) -> Option<Range<usize>> {
        let Some(loc) = self.0.get(path) else { return self.span(path) };
        let found = loc.text.as_ref().and_then(|text| text.locate(part));
        Some(found.map_or(loc.value.clone(), |r| {
            (loc.value.start + r.start).min(loc.value.end)..(loc.value.start + r.end).min(loc.value.end)
        }))
    }

    /// Makes the values at `from` and under it also found at `to`: a value written under a
    /// misspelt key is checked as the key it means, and reported where it is written.
    fn alias(&mut self, from: &str, to: &str) {
        let under = format!("{from}.");
        let moved: Vec<(String, Loc)> = self
            .0
            .iter()
            .filter_map(|(path, loc)| {
                let rest = if path == from { "" } else { path.strip_prefix(&under)? };
                Some((format!("{to}{}{rest}", if rest.is_empty() { "" } else { "." }), loc.clone()))
            })
            .collect();
        self.0.extend(moved);
    }

    /// The key's range at `path`, falling back to the value's.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        match self.0.get(path) {
            Some(Loc { key: Some(key), .. }) => Some(key.clone()),
            _ => self.span(path),
        }
    }
}

impl Doc {
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.spans.span(path)
    }

    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.spans.key_span(path)
    }
}

/// Parses `text`, a YAML document starting at byte `base` of its file, in one pass over the
/// parser's events: each value goes into a `serde_yaml::Value` and its place into the span index.
///
/// Plain scalars follow the YAML 1.2 core schema for null and booleans, but numbers stay the
/// text the editor wrote (`code_postal: 01000` stays `"01000"`); numeric fields read them back
/// with [`Num`]. A key written twice is an error at its second place.
pub fn parse(text: &str, base: usize, file: FileId) -> Result<Doc, Diagnostic> {
    let to_byte = CharToByte::new(text);
    let range = |span: &Span| base + to_byte.get(span.start.index())..base + to_byte.get(span.end.index());
    let mut builder = Builder { source: text, base, ..Builder::default() };
    let mut depth = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            let at = base + to_byte.get(e.marker().index());
            located_syntax_error(text, base, e.info(), at, file)
        })?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) if depth == MAX_DEPTH => {
                return Err(too_deep(range(&span), file));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = usize::saturating_sub(depth, 1),
            _ => {}
        }
        builder
            .event(event, range(&span))
            .map_err(|(message, span, hint)| Diagnostic::error(file, Some(span), message).with_hint(hint))?;
    }
    Ok(Doc { value: builder.root.unwrap_or(Value::Null), spans: Spans(builder.spans) })
}

fn too_deep(span: Range<usize>, file: FileId) -> Diagnostic {
    Diagnostic::error(file, Some(span), format!("plus de {MAX_DEPTH} niveaux de listes ou de dictionnaires imbriqués"))
        .with_hint(
            "une fiche n'imbrique que quelques niveaux (services, puis leurs listes) : vérifiez les tirets « - » \
             et les crochets en trop",
        )
}

/// The parser's error at byte `at` of the file, or the mistake before it that explains it (a
/// line of a block less indented than the block, a tab in an indentation), at its own line:
/// the parser reports those where it gives up, often at the next key.
fn located_syntax_error(text: &str, base: usize, message: &str, at: usize, file: FileId) -> Diagnostic {
    match indentation_mistake(text, at.saturating_sub(base)) {
        Some(Mistake::Tab(tab)) => syntax_error("found a tab", base + tab..base + tab + 1, file),
        Some(Mistake::Unindented { line, key, header, indent }) => {
            let what = if key.is_empty() { "du bloc de texte".to_string() } else { format!("de « {key} »") };
            Diagnostic::error(
                file,
                Some(base + line.start..base + line.end),
                format!("YAML illisible : ligne moins indentée que le texte {what}, qu'elle coupe"),
            )
            .with_hint(format!(
                "indentez chaque ligne du bloc qui suit « {header} » d'au moins {indent} espaces, comme sa première ligne \
                 (des espaces, pas de tabulation) ; une ligne vide peut rester vide"
            ))
        }
        None => syntax_error(message, at..at, file),
    }
}

/// A mistake of indentation that a syntax error found at byte `stop` of `text` may come from.
#[derive(Debug, PartialEq)]
enum Mistake {
    /// A tab in the indentation of a line, at this byte.
    Tab(usize),
    /// A line of a block (`|`, `>`) written less indented than the block, which ends it there:
    /// the line's text, the block's key and header line (`description: |`), how many spaces its
    /// lines need.
    Unindented { line: Range<usize>, key: String, header: String, indent: usize },
}

/// Reads the lines of `text` up to the one holding byte `stop`, following block scalars (`|`,
/// `>`), and returns the first tab in an indentation or line that breaks a block. A line less
/// indented than its block is a mistake when it is still indented past the block's key, or when
/// it does not read as YAML (a key, a list item, a comment): the text of the block that went on.
fn indentation_mistake(text: &str, stop: usize) -> Option<Mistake> {
    struct Block {
        key: String,
        header: String,
        parent: usize,
        indent: Option<usize>,
    }
    // The parser may stop on the line before the one it could not read: that one is read too.
    let limit = text.get(stop..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| stop + i + 1);
    let mut block: Option<Block> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        if line_start > limit {
            break;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches(' ');
        let spaces = body.len() - rest.len();
        let blank = rest.trim().is_empty();
        if let Some(b) = &mut block {
            if blank {
                continue;
            }
            let needed = b.indent.unwrap_or(b.parent + 1);
            if spaces >= needed {
                b.indent.get_or_insert(spaces);
                continue;
            }
            if rest.starts_with('\t') {
                return Some(Mistake::Tab(line_start + spaces));
            }
            if let Some(indent) = b.indent
                && (spaces > b.parent || !reads_as_yaml(rest))
            {
                let (key, header) = (std::mem::take(&mut b.key), std::mem::take(&mut b.header));
                let line = line_start + spaces..line_start + body.len();
                return Some(Mistake::Unindented { line, key, header, indent });
            }
            block = None;
        }
        let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
        if !blank && let Some(tab) = body[..lead].find('\t') {
            return Some(Mistake::Tab(line_start + tab));
        }
        if let Some((key, parent, explicit)) = block_header(body) {
            let header = body.find(" #").map_or(body, |i| &body[..i]).trim().to_string();
            block = Some(Block { key, header, parent, indent: explicit.map(|n| parent + n) });
        }
    }
    None
}

/// Whether a line that ends a block reads as YAML of its own: a key, a list item, a comment, a
/// document marker.
fn reads_as_yaml(line: &str) -> bool {
    line.starts_with('#')
        || line == "-"
        || line.starts_with("- ")
        || line.starts_with("---")
        || line.starts_with("...")
        || line.contains(": ")
        || line.trim_end().ends_with(':')
}

/// If `line` opens a block scalar (`key: |`, `- >-`, `key: |2 # note`), its key (empty in a
/// list), the column of its key or dash, and its explicit indentation, if any.
fn block_header(line: &str) -> Option<(String, usize, Option<usize>)> {
    let code = line.find(" #").map_or(line, |i| &line[..i]).trim_end();
    let (before, indicator) = code.rsplit_once(' ').unwrap_or(("", code));
    let mut chars = indicator.chars();
    if !matches!(chars.next(), Some('|' | '>')) {
        return None;
    }
    let flags = chars.as_str();
    if flags.len() > 2 || !flags.chars().all(|c| matches!(c, '1'..='9' | '+' | '-')) {
        return None;
    }
    let explicit = flags.chars().find_map(|c| c.to_digit(10)).map(|n| n as usize);
    // The key's column, after the dashes of list items.
    let mut parent = before.len() - before.trim_start_matches(' ').len();
    let mut rest = before.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix('-').filter(|a| a.is_empty() || a.starts_with(' ')) {
        let item = after.trim_start_matches(' ');
        if item.is_empty() {
            // `- |`: the item itself is the block.
            return Some((String::new(), parent, explicit));
        }
        parent += 1 + after.len() - item.len();
        rest = item;
    }
    let key = rest.trim_end().strip_suffix(':')?.trim();
    Some((key.trim_matches(['"', '\'']).to_string(), parent, explicit))
}

fn syntax_error(message: &str, span: Range<usize>, file: FileId) -> Diagnostic {
    let french = french_syntax(message);
    let hint = if french.starts_with("tabulation") {
        "remplacez la tabulation par des espaces, autant qu'il en faut pour aligner la ligne sur ses voisines"
    } else {
        "vérifiez l'indentation (des espaces, pas de tabulation), les deux-points après chaque clé \
         et les guillemets autour des textes contenant « : » ou « # »"
    };
    Diagnostic::error(file, Some(span), format!("YAML illisible : {french}")).with_hint(hint)
}

/// The parser's messages, in the editors' language (the most common ones; an unknown one is
/// kept as it is, after its "while scanning…" context).
fn french_syntax(message: &str) -> String {
    const KNOWN: [(&str, &str); 17] = [
        ("invalid indentation in quoted scalar", "texte entre guillemets mal indenté, ou guillemet non fermé"),
        ("found unexpected end of stream", "fin de fichier inattendue (un guillemet ou un crochet n'est pas fermé ?)"),
        ("unexpected eof", "fin de fichier inattendue (un guillemet ou un crochet n'est pas fermé ?)"),
        ("mapping values are not allowed in this context", "deux-points inattendu (mettez ce texte entre guillemets)"),
        ("did not find expected key", "clé attendue (vérifiez l'indentation)"),
        ("did not find expected '-' indicator", "tiret de liste attendu (vérifiez l'indentation)"),
        ("found a tab", "tabulation interdite : indentez avec des espaces"),
        ("tabs disallowed", "tabulation interdite : indentez avec des espaces"),
        ("did not find expected node content", "valeur attendue"),
        ("expected ',' or ']'", "virgule ou « ] » attendu dans la liste entre crochets"),
        ("did not find expected ',' or '}'", "virgule ou « } » attendu"),
        ("invalid trailing content after double-quoted scalar", "texte après le guillemet fermant"),
        ("simple key expect", "deux-points attendu après la clé"),
        ("found unknown escape character", "caractère d'échappement inconnu après « \\ » (doublez-le : « \\\\ »)"),
        ("found unknown anchor", "ancre YAML inconnue (un « * » en début de valeur ?)"),
        ("unexpected character", "caractère inattendu"),
        ("recursion limit exceeded", "plus de 255 crochets ou accolades imbriqués"),
    ];
    KNOWN
        .iter()
        .find(|(english, _)| message.contains(english))
        .map_or_else(|| message.rsplit(", ").next().unwrap_or(message).to_string(), |(_, french)| french.to_string())
}

/// A mapping or a sequence being read.
enum Frame {
    Map {
        path: String,
        start: usize,
        anchor: usize,
        nodes: usize,
        map: serde_yaml::Mapping,
        key: Option<(String, Range<usize>)>,
    },
    Seq {
        path: String,
        start: usize,
        anchor: usize,
        nodes: usize,
        seq: Vec<Value>,
    },
}

/// More values than any record holds: past it, aliases are multiplying a document
/// ("billion laughs"), which would exhaust the memory instead of reporting an error.
const MAX_NODES: usize = 200_000;

/// Deeper lists and mappings than any record needs (a service's list of codes is at depth 3):
/// past it, the values would be built, cloned, decoded and dropped by recursion deep enough to
/// overflow the stack (`- - - … x`), and their paths would grow with the square of the depth.
pub const MAX_DEPTH: usize = 32;

/// Builds the value and the span index from parser events.
#[derive(Default)]
struct Builder<'a> {
    /// The document's text, which starts at byte `base` of its file.
    source: &'a str,
    base: usize,
    stack: Vec<Frame>,
    root: Option<Value>,
    spans: HashMap<String, Loc>,
    /// Anchored values and how many values each holds.
    anchors: HashMap<usize, (Value, usize)>,
    /// Values built so far, aliases counted as many times as they are used.
    nodes: usize,
}

/// A record that cannot be built: the message, where, and a hint for that mistake.
type BuildError = (String, Range<usize>, &'static str);

const COMPLEX_KEY: &str = "clé complexe (liste ou dictionnaire utilisé comme clé)";
const COMPLEX_KEY_HINT: &str = "une clé est un mot suivi de « : », jamais une liste ou un dictionnaire";

impl Builder<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) -> Result<(), BuildError> {
        match event {
            Event::Scalar(text, style, anchor, _) => {
                if let Some(Frame::Map { map, key: key @ None, .. }) = self.stack.last_mut() {
                    if map.contains_key(text.as_ref()) {
                        return Err((
                            format!("clé « {text} » en double"),
                            range,
                            "chaque clé n'apparaît qu'une fois par fiche",
                        ));
                    }
                    *key = Some((text.into_owned(), range));
                    return Ok(());
                }
                let range = self.without_trailing_comment(range, style);
                let value = scalar(&text, style);
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), 1));
                }
                self.count(1, &range)?;
                let aligned = value.is_string().then(|| self.align(&text, style, &range)).flatten();
                self.attach(value, range, aligned)
            }
            Event::Alias(anchor) => {
                let (value, nodes) = self.anchors.get(&anchor).cloned().unwrap_or((Value::Null, 1));
                self.count(nodes, &range)?;
                self.attach(value, range, None)
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let path = match self.slot() {
                    Some((path, _)) => path,
                    None => return Err((COMPLEX_KEY.into(), range, COMPLEX_KEY_HINT)),
                };
                let (start, nodes) = (range.start, self.nodes);
                self.count(1, &range)?;
                self.stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map { path, start, anchor, nodes, map: Default::default(), key: None }
                } else {
                    Frame::Seq { path, start, anchor, nodes, seq: Vec::new() }
                });
                Ok(())
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(frame) = self.stack.pop() else { return Ok(()) };
                let (start, anchor, nodes_before, value) = match frame {
                    Frame::Map { start, anchor, nodes, map, .. } => (start, anchor, nodes, Value::Mapping(map)),
                    Frame::Seq { start, anchor, nodes, seq, .. } => (start, anchor, nodes, Value::Sequence(seq)),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), self.nodes - nodes_before));
                }
                self.attach(value, start..range.end.max(start), None)
            }
            Event::DocumentStart(_) if self.root.is_some() => Err((
                "un seul document YAML par fichier (un second « --- » ?)".into(),
                range,
                "retirez la ligne « --- » : une fiche est un seul document",
            )),
            _ => Ok(()),
        }
    }

    fn count(&mut self, nodes: usize, range: &Range<usize>) -> Result<(), BuildError> {
        self.nodes += nodes;
        if self.nodes > MAX_NODES {
            return Err((
                format!(
                    "plus de {} valeurs dans ce fichier (un alias * compte chaque fois qu'il sert)",
                    grouped_thousands(MAX_NODES, ' ')
                ),
                range.clone(),
                "une fiche a au plus quelques centaines de valeurs : vérifiez les alias (*) et les listes collées par erreur",
            ));
        }
        Ok(())
    }

    /// The path and key range of the next value.
    fn slot(&self) -> Option<(String, Option<Range<usize>>)> {
        match self.stack.last() {
            None => Some((String::new(), None)),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map { path, key: Some((k, r)), .. }) => Some((join(path, k), Some(r.clone()))),
            Some(Frame::Seq { path, seq, .. }) => Some((join(path, &seq.len().to_string()), None)),
        }
    }

    /// saphyr's span of a quoted text runs past its closing quote over the blanks and comment
    /// that follow (`"02 61"  # note`); the value ends at that quote.
    fn without_trailing_comment(&self, range: Range<usize>, style: ScalarStyle) -> Range<usize> {
        let source = self.source.get(range.start.saturating_sub(self.base)..range.end.saturating_sub(self.base));
        match source.and_then(|source| quoted_len(source, style)) {
            Some(len) => range.start..range.start + len,
            None => range,
        }
    }

    /// Where each character of the text `text`, written at `range` of the file, stands.
    fn align(&self, text: &str, style: ScalarStyle, range: &Range<usize>) -> Option<Aligned> {
        let source = self.source.get(range.start.checked_sub(self.base)?..range.end.checked_sub(self.base)?)?;
        Some(spans::align(source, style, text))
    }

    /// Puts a finished value in its parent and records where it stands (and, for a text, where
    /// each of its characters does).
    fn attach(&mut self, value: Value, range: Range<usize>, text: Option<Aligned>) -> Result<(), BuildError> {
        let Some((path, key)) = self.slot() else {
            return Err((COMPLEX_KEY.into(), range, COMPLEX_KEY_HINT));
        };
        self.spans.insert(path, Loc { key, value: range, text });
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some((k, _)) = key.take() {
                    map.insert(Value::String(k), value);
                }
            }
            Some(Frame::Seq { seq, .. }) => seq.push(value),
        }
        Ok(())
    }
}

/// The length of the quoted text that `source` starts with, both quotes included (`\"` and
/// `''` do not close it); `None` for a text that is not quoted.
fn quoted_len(source: &str, style: ScalarStyle) -> Option<usize> {
    let quote = match style {
        ScalarStyle::SingleQuoted => '\'',
        ScalarStyle::DoubleQuoted => '"',
        _ => return None,
    };
    let mut chars = source.char_indices().skip_while(|&(_, c)| c != quote).skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        let escape = c == '\\' && quote == '"';
        let doubled = c == quote && quote == '\'' && chars.peek().is_some_and(|&(_, next)| next == quote);
        if escape || doubled {
            chars.next();
        } else if c == quote {
            return Some(i + 1);
        }
    }
    None
}

/// A plain scalar is null, a boolean or text; a quoted or block scalar is always text.
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => Value::String(text.to_string()),
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() { segment.to_string() } else { format!("{path}.{segment}") }
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

/// The path of the value that holds the one at `path` (`""` for a key of the root).
fn parent_path(path: &str) -> &str {
    path.rfind('.').map_or("", |i| &path[..i])
}

/// Moves the value of the key at `path` under the key `to` of the same mapping, unless that
/// mapping already has `to` (then the value is the editor's second one and stays apart).
fn rename_at(value: &mut Value, path: &str, to: &str) -> bool {
    let Some(Value::Mapping(map)) = value_at_mut(value, parent_path(path)) else { return false };
    let from = Value::String(last_segment(path).to_string());
    if map.contains_key(to) || !map.contains_key(&from) {
        return false;
    }
    // In place, so that serde meets the keys in the same order as before.
    let to = Value::String(to.to_string());
    *map = std::mem::take(map).into_iter().map(|(k, v)| (if k == from { to.clone() } else { k }, v)).collect();
    true
}

fn remove_at(value: &mut Value, path: &str) -> bool {
    let (parent, last) = (parent_path(path), last_segment(path));
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
pub fn decode<T: DeserializeOwned>(doc: &mut Doc, path: &str, file: FileId, diags: &mut Diagnostics) -> Option<T> {
    let mut value = value_at_mut(&mut doc.value, path)?.clone();
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
                let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
                let suggested = did_you_mean(&key, &candidates);
                let d = Diagnostic::error(file, doc.key_span(&full), format!("clé inconnue « {key} »"));
                diags.push(d.with_hint(unknown_key_hint(suggested, &expected)));
                // `telefone: "02 99"`: the value is checked as the key it surely means, at its own
                // place, so that one round reports both the key and the value.
                let at = relative(path, &full);
                let renamed = suggested.is_some_and(|best| rename_at(&mut value, &at, best));
                if renamed && let Some(best) = suggested {
                    doc.spans.alias(&full, &join(parent_path(&full), best));
                } else if !remove_at(&mut value, &at) {
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
                let at = relative(path, &inner);
                let text = enum_values::<T>(&value, &at, &message).unwrap_or(text);
                let shown = if inner.is_empty() { String::new() } else { format!("« {} » : ", last_key(&inner)) };
                let mut d = Diagnostic::error(file, doc.span(&inner), format!("{shown}{text}"));
                // `zone: cher` where a list is expected: the list it means.
                if text.starts_with("attendu : une liste ; trouvé : un texte")
                    && let Some(Value::String(one)) = value_at_mut(&mut value, &at)
                {
                    d = d.with_hint(format!("une liste s'écrit entre crochets : `{}: [{one}]`", last_key(&inner)));
                }
                diags.push(d);
                if inner == path || !remove_at(&mut value, &relative(path, &inner)) {
                    return None;
                }
                removed.push(inner);
            }
        }
    }
    None
}

/// For a value of another type where a list of names is expected (`fauteuil: true`), the names:
/// serde_yaml's message does not give them, so a text no name matches is decoded in its place.
fn enum_values<T: DeserializeOwned>(value: &Value, at: &str, message: &str) -> Option<String> {
    if !message.ends_with("expected a Value::Tagged enum") {
        return None;
    }
    let found = message.split('`').nth(1).unwrap_or("?");
    let mut probe = value.clone();
    *value_at_mut(&mut probe, at)? = Value::String("\u{1}".into());
    let error = serde_path_to_error::deserialize::<_, T>(&probe).err()?;
    let probed = error.inner().to_string();
    // "unknown variant `\u{1}`, expected one of `oui`, `non`, `partiel`"
    let names: Vec<&str> = probed.split('`').skip(3).step_by(2).collect();
    (probed.starts_with("unknown variant") && !names.is_empty())
        .then(|| format!("valeur « {found} » inconnue ; valeurs possibles : {}", names.join(", ")))
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

fn unknown_key_hint(suggested: Option<&str>, expected: &[String]) -> String {
    match suggested {
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
        // `fauteuil: Oui`: the value, but not as it is written.
        let lower = found.trim().to_lowercase();
        if let Some(right) = expected.iter().find(|e| **e == lower) {
            return Problem::Other(format!(
                "valeur « {found} » inconnue : écrivez « {right} », en minuscules ; valeurs possibles : {}",
                expected.join(", ")
            ));
        }
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
        let mut doc = parse(text, 0, 0).expect("yaml");
        let mut diags = Diagnostics::default();
        let _ = decode::<Rec>(&mut doc, "", 0, &mut diags);
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
    fn a_value_under_a_misspelt_key_is_checked_as_the_key_it_means_where_it_is() {
        check(
            "nmo: [a]\nitems:\n  - rol: [b]\n",
            &[
                "f.yaml:1:1: erreur: clé inconnue « nmo » (aide : vouliez-vous dire « nom » ? Clés possibles : nom, code, items)",
                "f.yaml:1:6: erreur: « nom » : attendu : un texte ; trouvé : une liste",
                "f.yaml:3:5: erreur: clé inconnue « rol » (aide : vouliez-vous dire « role » ? Clés possibles : role)",
                "f.yaml:3:10: erreur: « role » : attendu : un texte ; trouvé : une liste",
            ],
        );
    }

    #[test]
    fn a_quoted_text_ends_at_its_closing_quote_before_a_comment() {
        let text = "a: \"x \\\" # y\"  # note \"z\"\nb: 'it''s'  # note\nc: \"u\"\n";
        let doc = parse(text, 0, 0).expect("yaml");
        let at = |path: &str| doc.span(path).map(|r| &text[r]);
        assert_eq!(at("a"), Some("\"x \\\" # y\""));
        assert_eq!(at("b"), Some("'it''s'"));
        assert_eq!(at("c"), Some("\"u\""));
    }

    #[test]
    fn wrong_type_is_located_on_the_value() {
        check(
            "nom: X\nitems: oui\n",
            &[
                "f.yaml:2:8: erreur: « items » : attendu : une liste ; trouvé : un texte (aide : une liste s'écrit entre crochets : `items: [oui]`)",
            ],
        );
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
        let mut doc = parse("nom: X\ncode: 01000\n", 0, 0).unwrap();
        let mut diags = Diagnostics::default();
        let rec: Rec = decode(&mut doc, "", 0, &mut diags).unwrap();
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
    fn aliases_cannot_multiply_a_document_without_end() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        let err = parse(&text, 0, 0).err().expect("refused");
        assert!(err.message.contains("alias"), "{}", err.message);
        let ok = parse("a: &a [1, 2]\nb: *a\n", 0, 0).expect("small aliases are fine");
        assert_eq!(ok.value["b"], ok.value["a"]);
    }

    #[test]
    fn a_part_of_a_text_is_placed_in_the_file() {
        let text = "nom: Électricité\ndescription: |\n  Voir\n  [là](@/x) é\ncode: \"l\\\"a\\\" @/y\"\n";
        let doc = parse(text, 0, 0).expect("yaml");
        for (path, part) in [("description", "@/x"), ("code", "@/y"), ("nom", "tricité")] {
            let value = doc.value[path].as_str().expect("a text");
            let at = value.find(part).expect("part");
            let span = doc.spans.part_span(path, at..at + part.len()).expect("placed");
            assert_eq!(&text[span], part, "{path}");
        }
        // Past the end of the text: the whole value.
        assert_eq!(doc.spans.part_span("description", 0..999), doc.span("description"));
        assert_eq!(doc.spans.part_span("absente", 0..1), doc.span(""));
    }

    /// The `line:column` and message of the syntax error of `text`.
    fn syntax(text: &str) -> (String, String, String) {
        let err = parse(text, 0, 0).err().expect("a syntax error");
        let mut sources = crate::diag::Sources::default();
        sources.add("f.yaml".into(), text.into());
        let (line, column) = sources.line_col(0, err.span.clone().expect("located").start);
        let underlined = text.get(err.span.clone().unwrap_or_default()).unwrap_or_default().to_string();
        (format!("{line}:{column}"), err.message, underlined)
    }

    /// The hint of the syntax error of `text`.
    fn hint(text: &str) -> String {
        parse(text, 0, 0).err().expect("error").hint.unwrap_or_default()
    }

    #[test]
    fn a_line_of_a_block_written_at_the_margin_is_reported_where_it_is() {
        let text = "nom: X\ndescription: |\n  Première ligne.\nDeuxième ligne.\n  Troisième.\ncode: x\n";
        let (at, message, underlined) = syntax(text);
        assert_eq!(at, "4:1");
        assert_eq!(message, "YAML illisible : ligne moins indentée que le texte de « description », qu'elle coupe");
        assert_eq!(underlined, "Deuxième ligne.");
        assert!(hint(text).contains("« description: | » d'au moins 2 espaces"), "{}", hint(text));
    }

    #[test]
    fn a_line_of_a_block_half_indented_is_reported_where_it_is() {
        let text = "items:\n  - role: >-\n      un\n    deux\n    rol: b\n";
        let (at, message, _) = syntax(text);
        assert_eq!((at.as_str(), message.contains("« role »")), ("4:5", true), "{message}");
        assert!(hint(text).contains("« - role: >- » d'au moins 6 espaces"), "{}", hint(text));
    }

    #[test]
    fn a_tab_in_a_block_or_an_indentation_is_the_tab_message() {
        for (text, at) in [
            ("nom: X\ndescription: |\n  un\n\tdeux\ncode: x\n", "4:1"),
            ("nom: X\ndescription: |\n  un\n \tdeux\ncode: x\n", "4:2"),
            ("nom: X\nitems:\n\t- role: a\n", "3:1"),
            ("nom: X\nitems:\n  - role: a\n  \t rol: b\n", "4:3"),
        ] {
            let (got, message, _) = syntax(text);
            assert_eq!(
                (got.as_str(), message.as_str()),
                (at, "YAML illisible : tabulation interdite : indentez avec des espaces"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_block_that_ends_well_is_not_a_mistake() {
        // The error is the unclosed quote; the blocks before it, an empty one among them, are fine.
        let text = "a: |\n  un\n    deux\n\nb: >\nc: |2\n    x\n  # note\nd: \"ouvert\n";
        let (at, message, _) = syntax(text);
        assert_eq!(at, "9:4");
        assert!(message.contains("guillemet"), "{message}");
        // A tab after the block's indentation is text.
        assert!(parse("a: |\n  un\n  \tdeux\nb: x\n", 0, 0).is_ok());
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("nom: [a\n", 0, 0).err().expect("error");
        assert!(err.span.is_some());
        assert!(err.message.starts_with("YAML illisible"));
    }
}
