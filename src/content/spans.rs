//! Where a place inside a text value stands in its file. A YAML value does not always read as it
//! is written: a block (`|`, `>`) drops its indentation, a quoted text its quotes and escapes
//! (`\"`, `\n`, `''`), a text on several lines folds its line breaks into spaces. [`align`]
//! walks the decoded text and its source together and keeps, for each run of characters written
//! as they read, where it starts in the source; [`Aligned::locate`] then maps a byte range of
//! the value (a Markdown link, a token of opening hours) to the bytes that hold it in the file.
//!
//! The walk is generic rather than a second YAML scanner: equal characters advance both sides;
//! whitespace and line breaks of the source that the value does not have (indentation, folded
//! breaks) are skipped; a folded break in the value may stand for a line break of the source;
//! an escape or a doubled `''` of the source is one character of the value. Where the two stop
//! agreeing, the rest of the value is not aligned and a caller falls back to the value's span.

use std::ops::Range;

use saphyr_parser::ScalarStyle;

/// The alignment of a decoded value with its source text: runs of characters written as they
/// read, each by where it starts in the value and in the source (bytes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Aligned {
    /// `(value offset, source offset)` at each start of a run; empty when the whole value is
    /// one run starting at `lead` (a plain or quoted value without escapes: no allocation).
    runs: Vec<(usize, usize)>,
    lead: usize,
    /// Characters written longer than they read (`\"`, `''`): where each ends in the value and
    /// in the source, so that a part ending with one ends after its source.
    wide: Vec<(usize, usize)>,
    /// How many bytes of the value are aligned (all of it when the walk succeeded).
    len: usize,
}

impl Aligned {
    /// The source range (relative to the value's source) of the bytes `part` of the value, or
    /// `None` when that part is not aligned.
    pub fn locate(&self, part: Range<usize>) -> Option<Range<usize>> {
        if part.start > part.end || part.end > self.len {
            return None;
        }
        let start = self.source_of(part.start, part.start);
        // The end follows the run of the last character, not the run that starts after it
        // (the next line, after a skipped line break).
        let end = match self.wide.iter().find(|(value, _)| *value == part.end) {
            Some(&(_, source)) if !part.is_empty() => source,
            _ if part.is_empty() => start,
            _ => self.source_of(part.end - 1, part.end),
        };
        Some(start..end.max(start))
    }

    /// The source offset of value offset `at`, in the run that holds value offset `within`.
    fn source_of(&self, within: usize, at: usize) -> usize {
        let (value, source) = match self.runs.iter().rev().find(|(value, _)| *value <= within) {
            Some(&run) => run,
            None => (0, self.lead),
        };
        source + (at - value)
    }

    /// How many bytes of the value are aligned.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Aligns `value`, the decoded text of a scalar of `style`, with `source`, the bytes of the file
/// that the parser gives for it.
pub fn align(source: &str, style: ScalarStyle, value: &str) -> Aligned {
    if source == value {
        return Aligned { runs: Vec::new(), lead: 0, wide: Vec::new(), len: value.len() };
    }
    let quote = match style {
        ScalarStyle::SingleQuoted => Some('\''),
        ScalarStyle::DoubleQuoted => Some('"'),
        _ => None,
    };
    if let Some(q) = quote
        && source.len() == value.len() + 2
        && source.starts_with(q)
        && source.ends_with(q)
        && source.get(1..source.len() - 1) == Some(value)
    {
        return Aligned { runs: Vec::new(), lead: 1, wide: Vec::new(), len: value.len() };
    }
    let mut walk = Walk { runs: Vec::new(), wide: Vec::new(), delta: None };
    // Where the walk starts in the source: after the opening quote, after a block's header line
    // (the parser's span starts at the block's first character, but a header costs nothing).
    let mut i = match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if source.starts_with(['\'', '"']) => 1,
        ScalarStyle::Literal | ScalarStyle::Folded if source.starts_with(['|', '>']) => {
            source.find('\n').map_or(source.len(), |n| n + 1)
        }
        _ => 0,
    };
    let mut j = 0;
    // The last line break of the source skipped since the last character that matched.
    let mut broke: Option<usize> = None;
    // Whether a character of the value other than a blank was found in the source yet.
    let mut started = false;
    while let Some(d) = value[j..].chars().next() {
        let Some(c) = source.get(i..).and_then(|rest| rest.chars().next()) else { break };
        if style == ScalarStyle::DoubleQuoted && c == '\\' {
            let rest = &source[i + 1..];
            match rest.chars().next() {
                // An escaped line break joins the lines: nothing in the value.
                Some('\n' | '\r') => {
                    i += 1;
                    i += rest.len() - rest.trim_start_matches(['\r', '\n']).len();
                    let rest = &source[i..];
                    i += rest.len() - rest.trim_start_matches([' ', '\t']).len();
                    continue;
                }
                Some(e) => match escape(e, &rest[e.len_utf8()..]) {
                    Some((decoded, extra)) if decoded == d => {
                        walk.map(j, i);
                        j += d.len_utf8();
                        i += 1 + e.len_utf8() + extra;
                        walk.wide.push((j, i));
                        broke = None;
                        started |= !d.is_whitespace();
                        continue;
                    }
                    _ => break,
                },
                None => break,
            }
        }
        if style == ScalarStyle::SingleQuoted && c == '\'' && d == '\'' && source[i + 1..].starts_with('\'') {
            walk.map(j, i);
            j += 1;
            i += 2;
            walk.wide.push((j, i));
            broke = None;
            started |= !d.is_whitespace();
            continue;
        }
        if c == d {
            walk.map(j, i);
            j += d.len_utf8();
            i += c.len_utf8();
            broke = None;
            started |= !d.is_whitespace();
            continue;
        }
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if c == '\n' {
                broke = Some(i);
            }
            i += 1;
            continue;
        }
        // A block's first lines left empty, or its first blanks beyond its indentation: the
        // parser's span starts at its first text, after them. They stand before it, no byte wide.
        if !started && matches!(d, ' ' | '\t' | '\n') && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            walk.map(j, i);
            j += 1;
            walk.wide.push((j, i));
            continue;
        }
        // A line break folded into a space (or kept as one) where the source goes on with the
        // next line's text: the value's character stands for the source's line break.
        if let (Some(at), ' ' | '\n') = (broke, d) {
            walk.map(j, at);
            j += 1;
            broke = None;
            continue;
        }
        break;
    }
    match walk.runs.first() {
        Some(&(0, lead)) if walk.runs.len() == 1 && walk.wide.is_empty() => {
            Aligned { runs: Vec::new(), lead, wide: Vec::new(), len: j }
        }
        _ => Aligned { runs: walk.runs, lead: 0, wide: walk.wide, len: j },
    }
}

struct Walk {
    runs: Vec<(usize, usize)>,
    wide: Vec<(usize, usize)>,
    /// Source minus value offset of the current run.
    delta: Option<isize>,
}

impl Walk {
    /// Value offset `j` stands at source offset `i`: a new run when the distance changes.
    fn map(&mut self, j: usize, i: usize) {
        let delta = i as isize - j as isize;
        if self.delta != Some(delta) {
            self.runs.push((j, i));
            self.delta = Some(delta);
        }
    }
}

/// The character of the escape `\e…` of a double-quoted text (`rest`: what follows `e`), and how
/// many bytes of `rest` it takes.
fn escape(e: char, rest: &str) -> Option<(char, usize)> {
    let simple = match e {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' | 'u' | 'U' => {
            let digits = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = rest.get(..digits)?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(code).map(|c| (c, digits));
        }
        _ => return None,
    };
    Some((simple, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `yaml` (its first key's value is the one looked at), aligns its value, and returns what the source holds at the
    /// place of `part` (a text of the value).
    fn found(yaml: &str, part: &str) -> Option<String> {
        let mut scalars = Vec::new();
        for item in saphyr_parser::Parser::new_from_str(yaml) {
            let (event, span) = item.expect("yaml");
            if let saphyr_parser::Event::Scalar(text, style, ..) = event {
                scalars.push((text.into_owned(), style, span.start.index()..span.end.index()));
            }
        }
        assert!(yaml.is_ascii(), "char offsets are byte offsets in these tests");
        let (value, style, span) = scalars.swap_remove(1);
        let aligned = align(&yaml[span.clone()], style, &value);
        let at = value.find(part).expect("part in value");
        let range = aligned.locate(at..at + part.len())?;
        Some(yaml[span.start + range.start..span.start + range.end].to_string())
    }

    /// Line and column (1-based) in `yaml` of `part` of the value.
    fn place(yaml: &str, part: &str) -> (usize, usize) {
        let mut scalars = Vec::new();
        for item in saphyr_parser::Parser::new_from_str(yaml) {
            let (event, span) = item.expect("yaml");
            if let saphyr_parser::Event::Scalar(text, style, ..) = event {
                scalars.push((text.into_owned(), style, span.start.index()..span.end.index()));
            }
        }
        let (value, style, span) = scalars.swap_remove(1);
        let aligned = align(&yaml[span.clone()], style, &value);
        let at = value.find(part).expect("part in value");
        let start = span.start + aligned.locate(at..at + part.len()).expect("aligned").start;
        let before = &yaml[..start];
        (before.matches('\n').count() + 1, start - before.rfind('\n').map_or(0, |i| i + 1) + 1)
    }

    #[test]
    fn literal_block() {
        let yaml = "a: |\n  Une ligne.\n  Voir [la ML](@/structures/ml).\n\n    Indente [x](@/y).\nb: 1\n";
        assert_eq!(found(yaml, "@/structures/ml"), Some("@/structures/ml".into()));
        assert_eq!(place(yaml, "@/structures/ml"), (3, 16));
        assert_eq!(place(yaml, "@/y"), (5, 17));
        assert_eq!(found(yaml, "[la ML](@/structures/ml)"), Some("[la ML](@/structures/ml)".into()));
    }

    #[test]
    fn block_with_indicators_and_a_comment() {
        let yaml = "a: |2- # commentaire\n    deux de plus\n  et @/ici\n";
        assert_eq!(place(yaml, "@/ici"), (3, 6));
        let yaml = "a: >+\n  plié\n  ici @/la\n\n\nb: 1\n";
        assert_eq!(place(yaml.replace('é', "e").as_str(), "@/la"), (3, 7));
    }

    #[test]
    fn folded_block_joins_lines() {
        let yaml = "a: >\n  Première\n  ligne, puis\n\n  [lien](@/p/x) ici.\n";
        let yaml = yaml.replace(['è', 'î'], "e");
        assert_eq!(place(&yaml, "[lien]"), (5, 3));
        // The folded space stands for the line break.
        assert_eq!(found(&yaml, "Premiere ligne"), Some("Premiere\n  ligne".into()));
    }

    #[test]
    fn double_quoted_with_escapes_and_folds() {
        let yaml = "a: \"dit \\\"oui\\\"\\n puis\n  [x](@/y) \\u00e9 [z](@/w)\"\n";
        assert_eq!(place(yaml, "@/y"), (2, 7));
        assert_eq!(place(yaml, "@/w"), (2, 23));
        assert_eq!(found(yaml, "\"oui\""), Some("\\\"oui\\\"".into()));
        let yaml = "a: \"joint\\\n    ici @/x\"\n";
        assert_eq!(place(yaml, "@/x"), (2, 9));
    }

    #[test]
    fn single_quoted_with_doubled_quotes() {
        let yaml = "a: 'l''accueil, puis\n  [x](@/y)'\n";
        assert_eq!(place(yaml, "@/y"), (2, 7));
        assert_eq!(found(yaml, "l'accueil"), Some("l''accueil".into()));
    }

    #[test]
    fn plain_on_several_lines() {
        let yaml = "a: un texte\n  sur deux lignes @/x\nb: 1\n";
        assert_eq!(place(yaml, "@/x"), (2, 19));
        assert_eq!(found(yaml, "texte sur"), Some("texte\n  sur".into()));
    }

    #[test]
    fn written_as_it_reads_costs_no_run() {
        assert_eq!(align("abc", ScalarStyle::Plain, "abc"), Aligned { runs: vec![], lead: 0, wide: vec![], len: 3 });
        assert_eq!(
            align("\"abc\"", ScalarStyle::DoubleQuoted, "abc"),
            Aligned { runs: vec![], lead: 1, wide: vec![], len: 3 }
        );
    }

    #[test]
    fn accents_are_bytes() {
        let yaml = "a: |\n  Élan éclair\n  à @/x\n";
        let mut spans = Vec::new();
        for item in saphyr_parser::Parser::new_from_str(yaml) {
            let (event, span) = item.expect("yaml");
            if let saphyr_parser::Event::Scalar(text, style, ..) = event {
                spans.push((text.into_owned(), style, span.start.index()..span.end.index()));
            }
        }
        let (value, style, span) = spans.pop().expect("value");
        // saphyr counts characters: to bytes.
        let bytes = |c: usize| yaml.char_indices().nth(c).map_or(yaml.len(), |(i, _)| i);
        let source = &yaml[bytes(span.start)..bytes(span.end)];
        let aligned = align(source, style, &value);
        let at = value.find("@/x").expect("link");
        let range = aligned.locate(at..at + 3).expect("aligned");
        assert_eq!(&source[range], "@/x");
    }

    /// The value of `a` in `yaml` as the parser reads it, with its style and source.
    fn value_of(yaml: &str) -> Option<(String, ScalarStyle, String)> {
        let mut scalars = Vec::new();
        for item in saphyr_parser::Parser::new_from_str(yaml) {
            let (event, span) = item.ok()?;
            if let saphyr_parser::Event::Scalar(text, style, ..) = event {
                let bytes = |c: usize| yaml.char_indices().nth(c).map_or(yaml.len(), |(i, _)| i);
                scalars.push((
                    text.into_owned(),
                    style,
                    yaml[bytes(span.start.index())..bytes(span.end.index())].to_string(),
                ));
            }
        }
        (scalars.len() == 2).then(|| scalars.swap_remove(1))
    }

    proptest::proptest! {
        /// Whatever the text and however it is written, every character of the value is found
        /// in the source as itself, an escape or a doubled quote, and never off a character.
        #[test]
        fn every_character_is_found_where_it_is_written(text in "[ab é\"'\\:#@/\n\t-]{0,40}", style in 0..5u8) {
            let yaml = match style {
                0 => format!("a: \"{}\"\n", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")),
                1 => format!("a: '{}'\n", text.replace('\n', " ").replace('\'', "''")),
                2 => format!("a: |2+\n{}\n", text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")),
                3 => format!("a: >2-\n{}\n", text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")),
                _ => format!("a: {}\n", text.lines().collect::<Vec<_>>().join("\n  ")),
            };
            let Some((value, style, source)) = value_of(&yaml) else { return Ok(()) };
            let aligned = align(&source, style, &value);
            // A value of blanks only may stand nowhere: nothing in it to point at.
            if !value.trim().is_empty() {
                proptest::prop_assert_eq!(aligned.len(), value.len(), "{:?} in {:?}", value, yaml);
            }
            for (at, c) in value.char_indices().filter(|(at, _)| *at < aligned.len()) {
                let range = aligned.locate(at..at + c.len_utf8()).expect("aligned");
                let written = source.get(range.clone()).expect("char boundaries");
                if c.is_whitespace() {
                    continue;
                }
                let right = written == c.to_string()
                    || (style == ScalarStyle::DoubleQuoted && written.starts_with('\\'))
                    || (style == ScalarStyle::SingleQuoted && written == "''");
                proptest::prop_assert!(right, "{:?} at {} written {:?} in {:?}", c, at, written, yaml);
            }
        }
    }

    #[test]
    fn a_disagreement_leaves_the_rest_unaligned() {
        // Not what the parser would give: the walk stops where the texts differ.
        let aligned = align("abc\n  xyz", ScalarStyle::Plain, "abc def");
        assert_eq!(aligned.len(), 4);
        assert_eq!(aligned.locate(0..3), Some(0..3));
        assert_eq!(aligned.locate(4..7), None);
        let (from, to) = (3, 1);
        assert_eq!(aligned.locate(from..to), None, "a reversed range is no place");
    }
}
