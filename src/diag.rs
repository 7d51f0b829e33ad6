//! Diagnostics as data: every problem of a guide is collected, never thrown.
//!
//! A loader or a check pushes [`Diagnostic`]s into a [`Diagnostics`] list and goes on; the
//! command decides at the end whether errors stop the build. Locations are byte ranges into a
//! [`SourceFile`] kept in [`Sources`], so that line, column and snippet are computed once, at
//! report time, rustc-like (in French: codespan-reporting and miette print English level
//! names) or as JSON.

use std::ops::Range;
use std::path::{Path, PathBuf};

use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Index of a file in [`Sources`].
pub type FileId = usize;

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: FileId,
    /// Byte range in the file; `None` when the problem concerns the whole file.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
    /// What kind of problem this is, singular and plural (« fiche sans date de vérification »):
    /// the summary of warnings counts them by kind ([`Diagnostics::warning_summary`]).
    pub kind: Option<(&'static str, &'static str)>,
}

impl Diagnostic {
    pub fn error(file: FileId, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file, span, message: message.into(), hint: None, kind: None }
    }

    pub fn warning(file: FileId, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, span, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the kind of problem, singular then plural, for the summary of warnings.
    pub fn counted_as(mut self, one: &'static str, many: &'static str) -> Self {
        self.kind = Some((one, many));
        self
    }
}

/// A file of the guide as it was read (its text may be a lossy decoding of non-UTF-8 bytes).
pub struct SourceFile {
    /// Path relative to the guide folder, with `/` separators: what editors see in git.
    pub path: String,
    pub text: String,
}

/// The files that diagnostics point into, in a stable order.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        self.files.len() - 1
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The id of the file at `path` (relative to the guide), if it was read.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path)
    }

    /// Replaces the text of a file read again (live preview).
    pub fn set_text(&mut self, id: FileId, text: String) {
        self.files[id].text = text;
    }

    /// The same files with their paths only: enough for `check`, which names files and adds
    /// the missing required ones, to run beside readers of the texts (live preview).
    pub fn paths(&self) -> Sources {
        Sources { files: self.files.iter().map(|f| SourceFile { path: f.path.clone(), text: String::new() }).collect() }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[id].text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, text[line_start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The diagnostics of one run, in the order they were found.
#[derive(Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by file, then position, errors before warnings: a stable report whatever the
    /// order in which parallel loaders finished.
    pub fn sort(&mut self, sources: &Sources) {
        self.items.sort_by(|a, b| {
            let start = |d: &Diagnostic| d.span.as_ref().map_or(0, |s| s.start);
            (sources.get(a.file).path.as_str(), start(a), a.severity, &a.message).cmp(&(
                sources.get(b.file).path.as_str(),
                start(b),
                b.severity,
                &b.message,
            ))
        });
    }

    /// The warnings counted by kind, the most frequent first (then in the order of their label):
    /// « 27 fiches sans date de vérification ». Warnings without a kind are counted last, as
    /// « autres avertissements ».
    pub fn warning_summary(&self) -> Vec<String> {
        let mut counts: Vec<((&str, &str), usize)> = Vec::new();
        let mut others = 0;
        for d in self.items.iter().filter(|d| d.severity == Severity::Warning) {
            match d.kind {
                Some(kind) => match counts.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((kind, 1)),
                },
                None => others += 1,
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut lines: Vec<String> = counts.into_iter().map(|((one, many), n)| counted(n, one, many)).collect();
        if others > 0 {
            let (one, many) = if lines.is_empty() {
                ("avertissement", "avertissements")
            } else {
                ("autre avertissement", "autres avertissements")
            };
            lines.push(counted(others, one, many));
        }
        lines
    }

    /// The text report of a command: every error, then the warnings as `warnings` says (each
    /// one, their summary, or nothing). Errors first, so that the first screen shows them.
    pub fn render_report(
        &self,
        sources: &Sources,
        guide_dir: &Path,
        color: bool,
        warnings: Warnings,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for d in self.items.iter().filter(|d| d.severity == Severity::Error) {
            render_one(d, sources, guide_dir, color, out)?;
        }
        let count = self.warning_count();
        match warnings {
            Warnings::Aucun => {}
            Warnings::Tout => {
                for d in self.items.iter().filter(|d| d.severity == Severity::Warning) {
                    render_one(d, sources, guide_dir, color, out)?;
                }
            }
            Warnings::Resume if count > 0 => {
                let title = counted(count, "avertissement", "avertissements");
                writeln!(out, "{title} :")?;
                for line in self.warning_summary() {
                    writeln!(out, "  - {line}")?;
                }
                writeln!(out, "Pour les lire un à un : --avertissements tout")?;
                writeln!(out)?;
            }
            Warnings::Resume => {}
        }
        Ok(())
    }

    /// Writes every diagnostic the way rustc does, in French: the message, `file:line:column`,
    /// the offending line with the span underlined, then the hint. `color` adds ANSI colours.
    pub fn render(&self, sources: &Sources, guide_dir: &Path, color: bool, out: &mut dyn Write) -> io::Result<()> {
        for d in &self.items {
            render_one(d, sources, guide_dir, color, out)?;
        }
        Ok(())
    }

    /// One JSON object per diagnostic (for CI annotations).
    pub fn to_json(&self, sources: &Sources, guide_dir: &Path) -> serde_json::Value {
        let items = self.items.iter().map(|d| {
            let (line, column) = d.span.as_ref().map_or((1, 1), |s| sources.line_col(d.file, s.start));
            serde_json::json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": display_path(guide_dir, &sources.get(d.file).path),
                "line": line,
                "column": column,
                "message": d.message,
                "hint": d.hint,
            })
        });
        serde_json::Value::Array(items.collect())
    }
}

/// How a text report shows the warnings (`--avertissements`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Warnings {
    /// Counted by kind, after the errors.
    #[default]
    Resume,
    /// Each one, after the errors.
    Tout,
    /// Not shown (the closing line still counts them).
    Aucun,
}

/// `n` and the noun, singular or plural, with thousands grouped: « 1 erreur », « 1 234 fiches ».
pub fn counted(n: usize, one: &str, many: &str) -> String {
    let number = grouped_thousands(n, ' ');
    format!("{number} {}", if n <= 1 { one } else { many })
}

/// `n` with its digits grouped by three, `sep` between groups: « 12 345 ».
pub fn grouped_thousands(n: usize, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `x` with `places` decimals, written the French way: « 3,3 », « 0,20 ».
pub fn decimal(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

/// A guide file as diagnostics show it: under the guide folder, with `/` separators.
pub fn display_path(guide_dir: &Path, relative: &str) -> String {
    let joined: PathBuf = guide_dir.join(relative);
    joined.to_string_lossy().replace('\\', "/")
}

fn render_one(d: &Diagnostic, sources: &Sources, guide_dir: &Path, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &str, text: &str| if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() };
    let (level, level_color) = match d.severity {
        Severity::Error => ("erreur", "1;31"),
        Severity::Warning => ("avertissement", "1;33"),
    };
    writeln!(out, "{} {}", paint(level_color, &format!("{level} :")), paint("1", &d.message))?;
    let file = sources.get(d.file);
    let path = display_path(guide_dir, &file.path);
    let Some(span) = &d.span else {
        writeln!(out, "  {} {path}", paint("34", "-->"))?;
        return write_hint(d, &paint, out);
    };
    let (line, column) = sources.line_col(d.file, span.start);
    writeln!(out, "  {} {path}:{line}:{column}", paint("34", "-->"))?;
    let (text, column) = excerpt(file.text.lines().nth(line - 1).unwrap_or(""), column);
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    // Underline the span on its first line, at least one character wide.
    let span_text = file.text.get(span.clone()).unwrap_or("");
    let width = span_text.lines().next().map_or(0, |l| l.chars().count()).max(1);
    let width = width.min(text.chars().count().saturating_sub(column - 1).max(1));
    writeln!(out, "{pad} {}", paint("34", "|"))?;
    writeln!(out, "{} {} {text}", paint("34", &gutter), paint("34", "|"))?;
    let marker = format!("{}{}", " ".repeat(column - 1), "^".repeat(width));
    writeln!(out, "{pad} {} {}", paint("34", "|"), paint(level_color, &marker))?;
    write_hint(d, &paint, out)
}

/// Characters of a line that a snippet shows at most: a line of a megabyte (a text pasted on
/// one line) would otherwise be printed whole, for each error on it.
const SNIPPET_CHARS: usize = 100;

/// What a snippet shows of `line` around `column` (counted in characters from 1): the whole
/// line if short, else [`SNIPPET_CHARS`] characters with `…` where it is cut; and where
/// `column` falls in what is shown.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= SNIPPET_CHARS {
        return (line.to_string(), column);
    }
    let from = column.saturating_sub(1 + SNIPPET_CHARS / 4).min(length - SNIPPET_CHARS);
    let to = from + SNIPPET_CHARS;
    let shown: String = line.chars().skip(from).take(SNIPPET_CHARS).collect();
    let (before, after) = (if from > 0 { "…" } else { "" }, if to < length { "…" } else { "" });
    (format!("{before}{shown}{after}"), column - from + before.chars().count())
}

fn write_hint(d: &Diagnostic, paint: &dyn Fn(&str, &str) -> String, out: &mut dyn Write) -> io::Result<()> {
    if let Some(hint) = &d.hint {
        writeln!(out, "  {} aide : {hint}", paint("34", "="))?;
    }
    writeln!(out)
}

/// `file:line:column: message` lines, for tests and plain logs.
pub fn short_report(diags: &Diagnostics, sources: &Sources) -> Vec<String> {
    diags
        .items
        .iter()
        .map(|d| {
            let (line, col) = d.span.as_ref().map_or((1, 1), |s| sources.line_col(d.file, s.start));
            let level = match d.severity {
                Severity::Error => "erreur",
                Severity::Warning => "avertissement",
            };
            let hint = d.hint.as_ref().map(|h| format!(" (aide : {h})")).unwrap_or_default();
            format!("{}:{line}:{col}: {level}: {}{hint}", sources.get(d.file).path, d.message)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_its_column_only() {
        let line = format!("{}X{}", "a".repeat(5_000), "é".repeat(5_000));
        // (column, shown starts cut, shown ends cut, character at the shown column)
        let cases =
            [(5_001, true, true, 'X'), (1, false, true, 'a'), (10_001, true, false, 'é'), (5_002, true, true, 'é')];
        for (column, cut_before, cut_after, at) in cases {
            let (shown, shown_column) = excerpt(&line, column);
            let width = SNIPPET_CHARS + usize::from(cut_before) + usize::from(cut_after);
            assert_eq!(shown.chars().count(), width, "{column}");
            assert_eq!((shown.starts_with('…'), shown.ends_with('…')), (cut_before, cut_after), "{column}");
            assert_eq!(shown.chars().nth(shown_column - 1), Some(at), "{column}");
        }
        assert_eq!(excerpt("court", 3), ("court".to_string(), 3));
    }
}
