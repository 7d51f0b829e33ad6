//! Opening hours (`horaires_accueil`): the OpenStreetMap `opening_hours` syntax used by
//! data·inclusion, parsed with `opening-hours-syntax` and rendered in plain French.
//!
//! `parse("Mo-Fr 09:00-12:00,13:30-17:00; PH off")` then `.french()` gives
//! "du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; fermé les jours fériés".
//!
//! Rendering never panics. Constructs that are too rare to phrase well (date offsets inside a
//! date range, "fifth-to-last Monday"...) are shown as the original OSM snippet between French
//! quotes (« Dec 25 +Su-Dec 31 ») rather than guessed.

use opening_hours_syntax::ExtendedTime;
use opening_hours_syntax::rules::day::{
    Date, DateOffset, DaySelector, HolidayKind, Month, MonthdayRange, WeekDayOffset, WeekDayRange, WeekRange, Weekday,
    YearRange,
};
use opening_hours_syntax::rules::time::{Time, TimeEvent, TimeSelector, TimeSpan, VariableTime};
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator, RuleSequence};

use crate::content::fields::MONTHS;

/// A parsed `opening_hours` value, ready to read in French.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    expr: OpeningHoursExpression,
    /// Per rule, facts that the parsed expression forgets but the French needs.
    hints: Vec<RuleHint>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct RuleHint {
    /// The rule is only a comment (`"sur rendez-vous"`), with no selector at all.
    comment_only: bool,
    /// Holidays and weekdays in one selector: `Some(true)` when written with a space
    /// (`SH Mo-Fr`: both must match), `Some(false)` with a comma (`Su,PH`: either),
    /// `None` when the rule does not mix them or the source could not be mapped.
    holiday_and_weekday: Option<bool>,
}

/// Parses an OSM `opening_hours` value. The error is a short French message for an editor.
pub fn parse(text: &str) -> Result<OpeningHours, String> {
    let source = text.trim();
    if source.is_empty() {
        return Err("horaires d'ouverture vides ; exemple : « Mo-Fr 09:00-12:00,13:30-17:00; PH off »".to_string());
    }
    // The grammar accepts a lone ":" as an empty selector, i.e. "24/7": refuse text that has
    // neither a letter, a digit nor a comment.
    if !source.contains('"') && !source.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("horaires d'ouverture illisibles « {source} » : {EXAMPLE}"));
    }
    let expr = opening_hours_syntax::parse(source).map_err(|e| error_message(source, &e))?;
    let hints = rule_hints(source, &expr);
    Ok(OpeningHours { expr, hints })
}

impl std::str::FromStr for OpeningHours {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse(s)
    }
}

/// Open periods of each day of a usual week, Monday first, in minutes from midnight:
/// `[[[540, 720], [810, 1020]], …]` for "Mo-Fr 09:00-12:00,13:30-17:00". What the wizard needs
/// to say « ouvert en ce moment » without an `opening_hours` evaluator in the browser.
pub type Week = [Vec<[u16; 2]>; 7];

impl OpeningHours {
    /// The usual week, when the hours are only that: weekdays and fixed times, with at most
    /// a "closed on public holidays" rule (which the French text says). `None` for anything
    /// that depends on the date (months, weeks, school holidays), the sun, a comment or a
    /// fallback rule: better no « ouvert en ce moment » than a wrong one.
    pub fn week(&self) -> Option<Week> {
        let mut week: Week = Default::default();
        for rule in &self.expr.rules {
            let days = &rule.day_selector;
            if !days.year.is_empty() || !days.monthday.is_empty() || !days.week.is_empty() {
                return None;
            }
            if rule.operator == RuleOperator::Fallback || rule.kind == RuleKind::Unknown || !rule.comment.is_empty() {
                return None;
            }
            let is_holiday = |d: &WeekDayRange| matches!(d, WeekDayRange::Holiday { .. });
            if days.weekday.iter().any(is_holiday) {
                let only_public_holidays_closed = rule.kind == RuleKind::Closed
                    && days
                        .weekday
                        .iter()
                        .all(|d| matches!(d, WeekDayRange::Holiday { kind: HolidayKind::Public, offset: 0 }));
                if only_public_holidays_closed {
                    continue;
                }
                return None;
            }
            let spans = fixed_spans(&rule.time_selector)?;
            for day in weekly_days(&days.weekday)? {
                let periods = &mut week[day];
                if rule.operator == RuleOperator::Normal {
                    periods.clear();
                }
                match rule.kind {
                    RuleKind::Open => periods.extend(spans.iter().copied()),
                    _ => periods.retain(|p| !spans.iter().any(|s| s[0] < p[1] && p[0] < s[1])),
                }
                periods.sort_unstable();
            }
        }
        Some(week)
    }
}

/// The days (0 = Monday) a rule's weekday selector names; every day if it names none. `None`
/// for "the first Monday of the month" and other selectors that are not weekly.
fn weekly_days(selector: &[WeekDayRange]) -> Option<Vec<usize>> {
    if selector.is_empty() {
        return Some((0..7).collect());
    }
    let mut days = Vec::new();
    for range in selector {
        let WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end } = range else { return None };
        if nth_from_start.contains(&false) || nth_from_end.contains(&false) {
            return None;
        }
        let (start, end) = (range.start().num_days_from_monday() as usize, range.end().num_days_from_monday() as usize);
        // "Fr-Mo" wraps around the week's end.
        let count = (end + 7 - start) % 7 + 1;
        days.extend((0..count).map(|i| (start + i) % 7));
    }
    Some(days)
}

/// The spans of a time selector in minutes from midnight, if all are fixed times within the day.
fn fixed_spans(selector: &TimeSelector) -> Option<Vec<[u16; 2]>> {
    selector
        .spans
        .iter()
        .map(|span| match (&span.range.start, &span.range.end, span.repeats, span.open_end) {
            (Time::Fixed(start), Time::Fixed(end), None, false)
                if start.mins_from_midnight() < end.mins_from_midnight() && end.mins_from_midnight() <= 24 * 60 =>
            {
                Some([start.mins_from_midnight(), end.mins_from_midnight()])
            }
            _ => None,
        })
        .collect()
}

impl OpeningHours {
    /// Natural French, rules separated by " ; ", starting with a lowercase letter:
    /// "du lundi au vendredi, de 9 h à 17 h ; samedi, de 9 h à 12 h".
    pub fn french(&self) -> String {
        if self.expr.rules.is_empty() {
            return "fermé".to_string();
        }
        let mut out = String::new();
        for (i, rule) in self.expr.rules.iter().enumerate() {
            let hint = self.hints.get(i).copied().unwrap_or_default();
            let text = match overrides(&self.expr.rules[..i], rule, hint) {
                Some(text) => text,
                None => rule_sentence(rule, hint),
            };
            if i > 0 {
                out.push_str(" ; ");
            }
            if i > 0 && rule.operator == RuleOperator::Fallback {
                out.push_str("sinon, ");
            }
            out.push_str(&text);
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

const EXAMPLE: &str = "forme attendue : « Mo-Fr 09:00-12:00,13:30-17:00; PH off »";

fn error_message(source: &str, err: &opening_hours_syntax::Error) -> String {
    use opening_hours_syntax::Error as E;
    match err {
        E::Syntax(_) => {
            let mut msg = "horaires d'ouverture illisibles".to_string();
            if let Some(col) = pest_column(&err.to_string()) {
                match token_at(source, col) {
                    Some(range) => msg.push_str(&format!(" près de « {} »", &source[range])),
                    None => msg.push_str(" : texte incomplet"),
                }
            }
            let hints = syntax_hints(source);
            msg.push_str(" : ");
            if !hints.is_empty() {
                msg.push_str(&hints.join(" ; "));
                msg.push_str(" ; ");
            }
            msg.push_str(EXAMPLE);
            msg
        }
        E::Unsupported(what) => {
            let what = match *what {
                "point in time" => {
                    "une heure seule, sans fin (écrivez une plage, par exemple 09:00-12:00, ou 09:00+)".to_string()
                }
                "Easter followed by a day number" => "Pâques suivi d'un numéro de jour".to_string(),
                other => other.to_string(),
            };
            format!("horaires d'ouverture : tournure non prise en charge : {what}")
        }
        E::InvalidExtendedTime { hour, minutes } => {
            format!("horaires d'ouverture : heure impossible « {hour:02}:{minutes:02} »")
        }
        E::Overflow { value, expected_bounds } => format!(
            "horaires d'ouverture : nombre trop grand ({value}, attendu entre {} et {})",
            expected_bounds.start(),
            expected_bounds.end()
        ),
        E::InvertedYearRange { .. } => {
            "horaires d'ouverture : plage d'années à l'envers ; écrivez la plus petite année d'abord".to_string()
        }
        E::InvertedWeekRange { .. } => {
            "horaires d'ouverture : plage de semaines à l'envers ; écrivez la plus petite semaine d'abord".to_string()
        }
        other => format!("horaires d'ouverture illisibles : {other} ; {EXAMPLE}"),
    }
}

/// Where, in `text` (a value as written), the opening hours stop being readable: the byte
/// range of the whole token there (up to a space, `,` or `;`), for a diagnostic that underlines
/// it. `None` when `text` reads, or when the error is not at one place.
pub fn error_span(text: &str) -> Option<std::ops::Range<usize>> {
    let source = text.trim();
    let lead = text.len() - text.trim_start().len();
    let err = opening_hours_syntax::parse(source).err()?;
    let col = pest_column(&err.to_string())?;
    let range = token_at(source, col)?;
    Some(range.start + lead..range.end + lead)
}

/// The token of `source` at the 1-based character column `col`: up to a space, `,` or `;`
/// (at least one character). `None` past the end.
fn token_at(source: &str, col: usize) -> Option<std::ops::Range<usize>> {
    let (start, _) = source.char_indices().nth(col.saturating_sub(1))?;
    let rest = &source[start..];
    let len = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && (c.is_whitespace() || c == ',' || c == ';'))
        .map_or(rest.len(), |(i, _)| i);
    Some(start..start + len)
}

/// The column of a pest error, from its text (" --> 1:7").
fn pest_column(text: &str) -> Option<usize> {
    let rest = text.split("-->").nth(1)?;
    let pos = rest.split_whitespace().next()?;
    pos.split(':').nth(1)?.parse().ok()
}

/// Hints for the usual mistakes of French editors.
fn syntax_hints(source: &str) -> Vec<&'static str> {
    let mut hints = Vec::new();
    let lower = source.to_lowercase();
    let words: Vec<String> =
        lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&[
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun", "mer", "jeu", "ven", "sam",
        "dim", "lu", "me", "je", "ve", "di",
    ]) {
        hints.push("les jours s'écrivent en abrégé anglais : Mo Tu We Th Fr Sa Su");
    }
    let chars: Vec<char> = lower.chars().collect();
    let h_after_digit = chars.windows(2).any(|w| w[0].is_ascii_digit() && w[1] == 'h')
        || chars.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == ' ' && w[2] == 'h');
    if h_after_digit {
        hints.push("les heures s'écrivent 09:00 ou 13:30 (et non 9h ou 13h30)");
    }
    if has(&["fermé", "ferme", "fermeture", "férié", "fériés", "ferie", "feries", "jf"]) {
        hints.push("« fermé » s'écrit off et les jours fériés PH (par exemple « PH off »)");
    }
    if words.iter().any(|w| w == "et" || w == "à" || w == "a") || source.contains(" / ") {
        hints.push("séparez deux plages par une virgule (09:00-12:00,14:00-17:00) et deux règles par un point-virgule");
    }
    let raw_words: Vec<&str> = source.split(|c: char| !c.is_alphabetic()).collect();
    if raw_words.iter().any(|w| matches!(*w, "ph" | "Ph" | "pH" | "sh" | "Sh" | "sH")) {
        hints.push("PH (jours fériés) et SH (vacances scolaires) s'écrivent en majuscules");
    }
    if has_lone_time(source) {
        hints.push("chaque plage a un début et une fin (09:00-12:00) ; « à partir de 10 h » s'écrit 10:00+");
    }
    if source.contains(['–', '—', '‐', '‑']) {
        hints.push("remplacez les tirets longs (–) par des tirets simples (-)");
    }
    if source.contains(['\u{a0}', '\u{202f}', '\u{2009}', '\t']) {
        hints.push("le texte contient une espace insécable ou une tabulation : remplacez-la par une espace simple");
    }
    if source.contains(['«', '»', '“', '”', '„']) {
        hints.push("les commentaires s'écrivent entre guillemets droits : \"sur rendez-vous\"");
    }
    if source.matches('"').count() % 2 == 1 {
        hints.push("un guillemet de commentaire n'est pas refermé");
    }
    hints
}

/// A time like `09:00` that is neither the start nor the end of a span.
fn has_lone_time(source: &str) -> bool {
    let b = strip_comments(source).into_bytes();
    (0..b.len()).any(|i| {
        let is_time = i + 5 <= b.len()
            && b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2] == b':'
            && b[i + 3].is_ascii_digit()
            && b[i + 4].is_ascii_digit();
        if !is_time || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b':')) {
            return false;
        }
        let before = b[..i].iter().rev().find(|c| **c != b' ');
        let after = b[i + 5..].iter().find(|c| **c != b' ');
        before != Some(&b'-') && !matches!(after, Some(b'-' | b'+' | b'/'))
    })
}

// ---------------------------------------------------------------------------------------------
// Source hints: what the parsed expression does not keep
// ---------------------------------------------------------------------------------------------

fn rule_hints(source: &str, expr: &OpeningHoursExpression) -> Vec<RuleHint> {
    let chunks = split_rules(source);
    let mixed = |r: &RuleSequence| {
        let hol = r.day_selector.weekday.iter().any(|w| matches!(w, WeekDayRange::Holiday { .. }));
        let wd = r.day_selector.weekday.iter().any(|w| matches!(w, WeekDayRange::Fixed { .. }));
        hol && wd
    };
    if chunks.len() == expr.rules.len() {
        return expr
            .rules
            .iter()
            .zip(&chunks)
            .map(|(rule, chunk)| RuleHint {
                comment_only: chunk.trim_start().starts_with('"'),
                holiday_and_weekday: if mixed(rule) { junctions(chunk).first().copied() } else { None },
            })
            .collect();
    }
    // The source could not be split rule by rule: match the mixed rules with the junctions in
    // order, and only call a constant rule with a comment "comment only" when the text has no
    // explicit 24/7.
    let all_junctions = junctions(source);
    let no_24_7 = !strip_comments(source).contains("24/7");
    let mut next = 0;
    let mixed_count = expr.rules.iter().filter(|r| mixed(r)).count();
    expr.rules
        .iter()
        .map(|rule| {
            let holiday_and_weekday = if mixed(rule) {
                let j = if mixed_count == all_junctions.len() { all_junctions.get(next).copied() } else { None };
                next += 1;
                j
            } else {
                None
            };
            RuleHint {
                comment_only: no_24_7 && is_constant(rule) && !rule.comment.trim().is_empty(),
                holiday_and_weekday,
            }
        })
        .collect()
}

/// The source with quoted comments blanked out (same length in bytes).
fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut quoted = false;
    for c in source.chars() {
        if c == '"' {
            quoted = !quoted;
            out.push('"');
        } else if quoted {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits the source at rule separators (`;`, `||`, and `, ` when it does not continue a list
/// of time spans), outside comments.
fn split_rules(source: &str) -> Vec<String> {
    let blank = strip_comments(source);
    let b = blank.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b';' => cuts.push((i, i + 1)),
            b'|' if b.get(i + 1) == Some(&b'|') => {
                cuts.push((i, i + 2));
                i += 1;
            }
            b',' if b.get(i + 1) == Some(&b' ') => {
                let rest = blank[i + 1..].trim_start();
                if !continues_time_list(rest) {
                    cuts.push((i, i + 2));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut chunks = Vec::new();
    let mut start = 0;
    for (from, to) in cuts {
        chunks.push(source.get(start..from).unwrap_or("").to_string());
        start = to;
    }
    chunks.push(source.get(start..).unwrap_or("").to_string());
    chunks
}

/// After ", ", the parser continues a time list when a time follows (`, 14:00-18:00`,
/// `, sunset-...`, `, (sunrise+01:00)-...`).
fn continues_time_list(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && rest.as_bytes().get(digits) == Some(&b':') {
        return true;
    }
    let lower = rest.to_ascii_lowercase();
    rest.starts_with('(') || ["dawn", "dusk", "sunrise", "sunset"].iter().any(|e| lower.starts_with(e))
}

/// The holiday/weekday junctions of a text, in order: `true` for a space (`SH Mo-Fr`),
/// `false` for a comma (`Su,PH`).
fn junctions(text: &str) -> Vec<bool> {
    let blank = strip_comments(text);
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in blank.char_indices() {
        if c.is_ascii_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            words.push((s, i));
        }
    }
    if let Some(s) = start {
        words.push((s, blank.len()));
    }
    let word = |&(s, e): &(usize, usize)| &blank[s..e];
    let words: Vec<(usize, usize)> = words.into_iter().filter(|w| !matches!(word(w), "day" | "days")).collect();
    let is_holiday = |w: &str| w == "PH" || w == "SH";
    let is_weekday =
        |w: &str| matches!(w.to_ascii_lowercase().as_str(), "mo" | "tu" | "we" | "th" | "fr" | "sa" | "su");
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (word(&pair[0]), word(&pair[1]));
        if !((is_holiday(a) && is_weekday(b)) || (is_weekday(a) && is_holiday(b))) {
            continue;
        }
        let mut between = &blank[pair[0].1..pair[1].0];
        if between.starts_with('[')
            && let Some(end) = between.find(']')
        {
            between = &between[end + 1..];
        }
        between = strip_day_offset(between);
        match between {
            " " => out.push(true),
            "," => out.push(false),
            _ => {}
        }
    }
    out
}

/// Removes a leading " +2 day" / " -1 days" (the word "day" is still in the text).
fn strip_day_offset(s: &str) -> &str {
    let Some(rest) = s.strip_prefix(" +").or_else(|| s.strip_prefix(" -")) else {
        return s;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return s;
    }
    let rest = &rest[digits..];
    rest.strip_prefix(" days").or_else(|| rest.strip_prefix(" day")).unwrap_or(s)
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

fn is_all_day(t: &TimeSelector) -> bool {
    t.spans.len() == 1 && t.spans[0] == TimeSpan::fixed_range(ExtendedTime::MIDNIGHT_00, ExtendedTime::MIDNIGHT_24)
}

fn is_constant(rule: &RuleSequence) -> bool {
    rule.day_selector.is_empty() && is_all_day(&rule.time_selector)
}

/// The days of a rule, bare (for a heading: "lundi") and with articles (after "fermé": "le
/// lundi"). `None` when the rule applies every day.
struct Days {
    bare: String,
    art: String,
}

fn rule_days(rule: &RuleSequence, hint: RuleHint) -> Option<Days> {
    let sel = &rule.day_selector;
    if sel.is_empty() {
        return None;
    }
    let wide = wide_phrase(sel);
    let weekdays = weekday_phrase(&sel.weekday, hint.holiday_and_weekday);
    let bare =
        [wide.clone(), weekdays.as_ref().map(|d| d.bare.clone())].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let art = match (weekdays, wide) {
        (Some(d), Some(w)) if w.starts_with("en ") => format!("{} {w}", d.art),
        (Some(d), Some(w)) => format!("{}, {w}", d.art),
        (Some(d), None) => d.art,
        (None, Some(w)) => w,
        (None, None) => String::new(),
    };
    Some(Days { bare, art })
}

fn rule_times(rule: &RuleSequence) -> Option<String> {
    if is_all_day(&rule.time_selector) {
        None
    } else {
        Some(join_fr(rule.time_selector.spans.iter().map(span_phrase).collect(), "et"))
    }
}

fn comment_of(rule: &RuleSequence) -> Option<String> {
    let c = rule.comment.trim();
    (!c.is_empty()).then(|| c.to_string())
}

/// A rule that replaces, for some days, the hours an earlier rule gave them (`Mo-Fr
/// 09:00-12:00,13:30-17:00; We 09:00-12:00`: Wednesday is open only in the morning): « le
/// mercredi, seulement de 9 h à 12 h », so that it does not read as hours added to the others.
/// `None` for any other rule.
fn overrides(earlier: &[RuleSequence], rule: &RuleSequence, hint: RuleHint) -> Option<String> {
    if rule.operator != RuleOperator::Normal || rule.kind != RuleKind::Open || comment_of(rule).is_some() {
        return None;
    }
    let sel = &rule.day_selector;
    if sel.weekday.is_empty() || !(sel.year.is_empty() && sel.monthday.is_empty() && sel.week.is_empty()) {
        return None;
    }
    let days = weekly_days(&sel.weekday)?;
    let covered = earlier.iter().any(|e| {
        let s = &e.day_selector;
        e.kind == RuleKind::Open
            && s.year.is_empty()
            && s.monthday.is_empty()
            && s.week.is_empty()
            && weekly_days(&s.weekday).is_some_and(|before| before.iter().any(|d| days.contains(d)))
    });
    if !covered {
        return None;
    }
    Some(format!("{}, seulement {}", rule_days(rule, hint)?.art, rule_times(rule)?))
}

fn rule_sentence(rule: &RuleSequence, hint: RuleHint) -> String {
    let comment = comment_of(rule);
    if hint.comment_only
        && is_constant(rule)
        && let Some(c) = &comment
    {
        return match rule.kind {
            RuleKind::Closed => format!("fermé, {c}"),
            _ => c.clone(),
        };
    }
    let days = rule_days(rule, hint);
    let times = rule_times(rule);
    let mut parts: Vec<String> = Vec::new();
    match rule.kind {
        RuleKind::Closed => {
            let mut s = "fermé".to_string();
            if let Some(d) = &days {
                s.push(' ');
                s.push_str(&d.art);
            }
            if let Some(t) = &times {
                s.push(' ');
                s.push_str(t);
            }
            parts.push(s);
            parts.extend(comment);
        }
        RuleKind::Open => {
            parts.push(days.map_or_else(|| "tous les jours".to_string(), |d| d.bare));
            parts.push(times.unwrap_or_else(|| "24 h sur 24".to_string()));
            parts.extend(comment);
        }
        RuleKind::Unknown => {
            if days.is_some() || times.is_some() {
                parts.push(days.map_or_else(|| "tous les jours".to_string(), |d| d.bare));
            }
            parts.extend(times);
            parts.push(comment.unwrap_or_else(|| "horaires à confirmer".to_string()));
        }
    }
    parts.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------------------------

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

fn weekday_name(d: Weekday) -> &'static str {
    WEEKDAYS[d.num_days_from_monday() as usize % 7]
}

fn month_name(m: Month) -> &'static str {
    MONTHS[(m as usize).saturating_sub(1) % 12]
}

/// "de mars", "d'avril".
fn of_month(m: Month) -> String {
    de(month_name(m))
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| "aàâeéèêiîoôuûyAÀÂEÉÈÊIÎOÔUÛY".contains(c))
}

/// "le lundi", "l'avant-dernier jeudi".
fn le(phrase: &str) -> String {
    if starts_with_vowel(phrase) { format!("l'{phrase}") } else { format!("le {phrase}") }
}

/// French "de" before a phrase: "du lundi", "des jours fériés", "de l'aube", "d'avril", "de 9 h".
fn de(phrase: &str) -> String {
    if let Some(rest) = phrase.strip_prefix("le ") {
        format!("du {rest}")
    } else if let Some(rest) = phrase.strip_prefix("les ") {
        format!("des {rest}")
    } else if starts_with_vowel(phrase) {
        format!("d'{phrase}")
    } else {
        format!("de {phrase}")
    }
}

/// French "à" before a phrase: "au coucher du soleil", "aux jours fériés", "à l'aube".
fn a(phrase: &str) -> String {
    if let Some(rest) = phrase.strip_prefix("le ") {
        format!("au {rest}")
    } else if let Some(rest) = phrase.strip_prefix("les ") {
        format!("aux {rest}")
    } else {
        format!("à {phrase}")
    }
}

/// "a", "a et b", "a, b et c".
fn join_fr(items: Vec<String>, conj: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.into_iter().next().unwrap_or_default(),
        n => format!("{} {conj} {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn quoted(raw: impl std::fmt::Display) -> String {
    format!("« {raw} »")
}

fn weekday_phrase(ranges: &[WeekDayRange], space_junction: Option<bool>) -> Option<Days> {
    if ranges.is_empty() {
        return None;
    }
    let mut days: Vec<Days> = Vec::new();
    let mut holidays: Vec<Days> = Vec::new();
    for r in ranges {
        match r {
            WeekDayRange::Fixed { .. } => days.extend(fixed_weekday(r)),
            WeekDayRange::Holiday { kind, offset } => holidays.push(holiday(*kind, *offset)),
        }
    }
    let join = |list: &[Days], conj: &str| Days {
        bare: join_fr(list.iter().map(|d| d.bare.clone()).collect(), conj),
        art: join_fr(list.iter().map(|d| d.art.clone()).collect(), conj),
    };
    if days.is_empty() || holidays.is_empty() {
        let mut all = days;
        all.extend(holidays);
        return Some(join(&all, "et"));
    }
    match space_junction {
        // `SH Mo-Fr`: both must match.
        Some(true) => {
            let d = join(&days, "et");
            let h = join_fr(holidays.iter().map(|d| d.art.clone()).collect(), "ou");
            Some(Days { bare: format!("{}, uniquement {h}", d.bare), art: format!("{}, uniquement {h}", d.art) })
        }
        // `Su,PH`: either.
        Some(false) => {
            let mut all: Vec<Days> = Vec::new();
            // Keep the written order: the parser keeps it in `ranges`.
            for r in ranges {
                match r {
                    WeekDayRange::Fixed { .. } => all.extend(fixed_weekday(r)),
                    WeekDayRange::Holiday { kind, offset } => all.push(holiday(*kind, *offset)),
                }
            }
            Some(join(&all, "et"))
        }
        // Unknown: say exactly what is written rather than guess.
        None => {
            let raw = ranges.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",");
            Some(Days { bare: quoted(&raw), art: quoted(&raw) })
        }
    }
}

fn holiday(kind: HolidayKind, offset: i16) -> Days {
    let base = match kind {
        HolidayKind::Public => "les jours fériés",
        HolidayKind::School => "pendant les vacances scolaires",
    };
    let text = match (kind, offset) {
        (_, 0) => base.to_string(),
        (HolidayKind::Public, 1) => "le lendemain des jours fériés".to_string(),
        (HolidayKind::Public, -1) => "la veille des jours fériés".to_string(),
        (HolidayKind::Public, n) => {
            format!("{} {} les jours fériés", days_count(n.unsigned_abs()), if n > 0 { "après" } else { "avant" })
        }
        (HolidayKind::School, n) => quoted(WeekDayRange::Holiday { kind, offset: n }),
    };
    Days { bare: text.clone(), art: text }
}

fn days_count(n: u16) -> String {
    if n == 1 { "1 jour".to_string() } else { format!("{n} jours") }
}

/// Phrases for a `WeekDayRange::Fixed` (one range may give two items: `Mo-Tu` → lundi, mardi).
fn fixed_weekday(r: &WeekDayRange) -> Vec<Days> {
    let WeekDayRange::Fixed { range, offset, nth_from_start, nth_from_end } = r else {
        return Vec::new();
    };
    let (start, end) = (*range.start(), *range.end());
    let mut list = vec![start];
    let mut d = start;
    while d != end && list.len() < 7 {
        d = d.succ();
        list.push(d);
    }
    let all_nth = nth_from_start.iter().all(|b| *b) && nth_from_end.iter().all(|b| *b);
    let mut items: Vec<Days> = if all_nth {
        if list.len() == 7 {
            vec![Days { bare: "tous les jours".into(), art: "tous les jours".into() }]
        } else if list.len() <= 2 {
            list.iter()
                .map(|d| Days { bare: weekday_name(*d).to_string(), art: format!("le {}", weekday_name(*d)) })
                .collect()
        } else {
            let t = format!("du {} au {}", weekday_name(start), weekday_name(end));
            vec![Days { bare: t.clone(), art: t }]
        }
    } else {
        match nth_phrase(&list, nth_from_start, nth_from_end) {
            Some(t) => vec![Days { bare: t.clone(), art: t }],
            None => return vec![raw_days(r)],
        }
    };
    if *offset != 0 {
        let art = join_fr(items.iter().map(|d| d.art.clone()).collect(), "et");
        let t = match offset {
            1 => format!("le lendemain {}", de(&art)),
            -1 => format!("la veille {}", de(&art)),
            n if *n > 0 => format!("{} après {art}", days_count(n.unsigned_abs())),
            n => format!("{} avant {art}", days_count(n.unsigned_abs())),
        };
        items = vec![Days { bare: t.clone(), art: t }];
    }
    items
}

fn raw_days(r: &WeekDayRange) -> Days {
    Days { bare: quoted(r), art: quoted(r) }
}

/// "le premier lundi du mois", "les premier et troisième samedis du mois", "le dernier vendredi
/// du mois". `None` for what French says badly (fourth-to-last...).
fn nth_phrase(days: &[Weekday], from_start: &[bool; 5], from_end: &[bool; 5]) -> Option<String> {
    const ORD: [&str; 5] = ["premier", "deuxième", "troisième", "quatrième", "cinquième"];
    let mut ords: Vec<&str> = Vec::new();
    for (i, on) in from_start.iter().enumerate() {
        if *on {
            ords.push(ORD[i]);
        }
    }
    for (i, on) in from_end.iter().enumerate() {
        if *on {
            ords.push(match i {
                0 => "dernier",
                1 => "avant-dernier",
                _ => return None,
            });
        }
    }
    if ords.is_empty() {
        return None;
    }
    let names: Vec<String> = days.iter().map(|d| weekday_name(*d).to_string()).collect();
    if ords.len() == 1 && names.len() == 1 {
        return Some(le(&format!("{} {} du mois", ords[0], names[0])));
    }
    let ord_text = if ords.len() == 1 {
        format!("{}s", ords[0])
    } else {
        join_fr(ords.iter().map(|s| s.to_string()).collect(), "et")
    };
    let day_text = if names.len() == 1 { format!("{}s", names[0]) } else { join_fr(names, "et") };
    Some(format!("les {ord_text} {day_text} du mois"))
}

/// Years, months/dates and weeks: "en juillet et août", "du 24 décembre au 2 janvier".
fn wide_phrase(sel: &DaySelector) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    // `2025 Jan`: "en janvier 2025" rather than "en 2025, en janvier".
    let single_year = match sel.year.as_slice() {
        [y] => {
            let (range, _) = y.into_parts();
            (range.start() == range.end()).then_some(range.start().0)
        }
        _ => None,
    };
    let year_inside_dates = single_year.is_some()
        && !sel.monthday.is_empty()
        && sel.monthday.iter().all(|m| match m {
            MonthdayRange::Month { year, .. } => year.is_none(),
            MonthdayRange::Date { start, end } => start.0.year().is_none() && end.0.year().is_none(),
        });
    if !sel.year.is_empty() && !year_inside_dates {
        parts.push(join_fr(sel.year.iter().map(year_phrase).collect(), "et"));
    }
    if !sel.monthday.is_empty() {
        let mut text = join_fr(sel.monthday.iter().map(monthday_phrase).collect(), "et");
        if let (true, Some(y)) = (year_inside_dates, single_year) {
            text.push_str(&format!(" {y}"));
        }
        parts.push(text);
    }
    if !sel.week.is_empty() {
        parts.push(join_fr(sel.week.iter().map(week_phrase).collect(), "et"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn year_phrase(y: &YearRange) -> String {
    let (range, step) = y.into_parts();
    let (start, end) = (range.start().0, range.end().0);
    if start == end {
        format!("en {start}")
    } else if end >= 9999 {
        if step > 1 { format!("tous les {step} ans à partir de {start}") } else { format!("à partir de {start}") }
    } else if step == 2 {
        format!("une année sur deux de {start} à {end}")
    } else if step > 1 {
        format!("tous les {step} ans de {start} à {end}")
    } else {
        format!("de {start} à {end}")
    }
}

fn monthday_phrase(m: &MonthdayRange) -> String {
    match m {
        MonthdayRange::Month { range, year } => {
            let (s, e) = (*range.start(), *range.end());
            let y = year.map(|y| format!(" {}", y.0)).unwrap_or_default();
            if s == e {
                format!("en {}{y}", month_name(s))
            } else if s == Month::January && e == Month::December {
                match year {
                    Some(y) => format!("toute l'année {}", y.0),
                    None => "toute l'année".to_string(),
                }
            } else if s.next() == e {
                format!("en {} et {}{y}", month_name(s), month_name(e))
            } else {
                format!("{} à {}{y}", de(month_name(s)), month_name(e))
            }
        }
        MonthdayRange::Date { start, end } => {
            let has_offset = |o: &DateOffset| *o != DateOffset::default();
            if start == end {
                return match date_noun(&start.0) {
                    Some(noun) => offset_date(&le(&noun), &start.1).unwrap_or_else(|| quoted(m)),
                    None => easter_phrase(&start.0, start.1.day_offset)
                        .filter(|_| start.1.wday_offset == WeekDayOffset::None)
                        .unwrap_or_else(|| quoted(m)),
                };
            }
            if has_offset(&start.1) || has_offset(&end.1) {
                return quoted(m);
            }
            date_range(&start.0, &end.0).unwrap_or_else(|| quoted(m))
        }
    }
}

/// "1er", "2", ... "31".
fn day_number(d: u8) -> String {
    if d == 1 { "1er".to_string() } else { d.to_string() }
}

/// A date without article: "25 décembre", "25 décembre 2025", "premier lundi de septembre".
/// `None` for Easter, which has its own phrases.
fn date_noun(d: &Date) -> Option<String> {
    let year = |y: Option<opening_hours_syntax::rules::day::Year>| y.map(|y| format!(" {}", y.0)).unwrap_or_default();
    match d {
        Date::Fixed { year: y, month, day } => Some(format!("{} {}{}", day_number(*day), month_name(*month), year(*y))),
        Date::Weekday { year: y, month, wday, nth } => {
            let ord = match nth {
                1 => "premier",
                2 => "deuxième",
                3 => "troisième",
                4 => "quatrième",
                5 => "cinquième",
                -1 => "dernier",
                -2 => "avant-dernier",
                _ => return None,
            };
            Some(format!("{ord} {} {}{}", weekday_name(*wday), of_month(*month), year(*y)))
        }
        Date::Easter { .. } => None,
    }
}

fn easter_phrase(d: &Date, offset: i16) -> Option<String> {
    let Date::Easter { year } = d else {
        return None;
    };
    let y = year.map(|y| format!(" {}", y.0)).unwrap_or_default();
    Some(match offset {
        0 => format!("le dimanche de Pâques{y}"),
        1 => format!("le lundi de Pâques{y}"),
        -2 => format!("le Vendredi saint{y}"),
        39 => format!("le jeudi de l'Ascension{y}"),
        49 => format!("le dimanche de Pentecôte{y}"),
        50 => format!("le lundi de Pentecôte{y}"),
        n if n > 0 => format!("{} après Pâques{y}", days_count(n.unsigned_abs())),
        n => format!("{} avant Pâques{y}", days_count(n.unsigned_abs())),
    })
}

/// A single date with its offset: "le 25 décembre", "le dimanche suivant le 1er mai" ...
fn offset_date(base: &str, off: &DateOffset) -> Option<String> {
    let with_wday = match off.wday_offset {
        WeekDayOffset::None => base.to_string(),
        WeekDayOffset::Next(w) => format!("le premier {} à partir {}", weekday_name(w), de(base)),
        WeekDayOffset::Prev(w) => format!("le dernier {} jusqu'{}", weekday_name(w), a(base)),
    };
    Some(match off.day_offset {
        0 => with_wday,
        n if n > 0 => format!("{} après {with_wday}", days_count(n.unsigned_abs())),
        n => format!("{} avant {with_wday}", days_count(n.unsigned_abs())),
    })
}

fn date_range(start: &Date, end: &Date) -> Option<String> {
    if let (Date::Fixed { year: y1, month: m1, day: d1 }, Date::Fixed { year: y2, month: m2, day: d2 }) = (start, end)
        && m1 == m2
        && y1 == y2
        && d1 < d2
    {
        let y = y1.map(|y| format!(" {}", y.0)).unwrap_or_default();
        return Some(format!("du {} au {} {}{y}", day_number(*d1), day_number(*d2), month_name(*m1)));
    }
    let s = date_noun(start)?;
    let e = date_noun(end)?;
    Some(format!("du {s} au {e}"))
}

fn week_phrase(w: &WeekRange) -> String {
    let (range, step) = w.into_parts();
    let (s, e) = (range.start().0, range.end().0);
    if s == e {
        format!("la semaine {s}")
    } else if step == 1 {
        format!("les semaines {s} à {e}")
    } else if step == 2 && s <= 2 && e >= 52 {
        if s == 1 { "les semaines impaires".to_string() } else { "les semaines paires".to_string() }
    } else if step == 2 {
        format!("une semaine sur deux de la semaine {s} à la semaine {e}")
    } else {
        format!("une semaine sur {step} de la semaine {s} à la semaine {e}")
    }
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

/// "9 h", "13 h 30", "minuit"; hours past midnight (26:00) are said as on a clock (2 h).
fn clock(t: ExtendedTime) -> String {
    let h = t.hour() % 24;
    match (h, t.minute()) {
        (0, 0) => "minuit".to_string(),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// "1 h", "1 h 30", "30 min".
fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

fn event_name(e: TimeEvent) -> &'static str {
    match e {
        TimeEvent::Dawn => "l'aube",
        TimeEvent::Sunrise => "le lever du soleil",
        TimeEvent::Sunset => "le coucher du soleil",
        TimeEvent::Dusk => "le crépuscule",
    }
}

fn variable_time(v: &VariableTime) -> String {
    let base = event_name(v.event);
    match v.offset {
        0 => base.to_string(),
        n if n > 0 => format!("{} après {base}", duration_text(n.into())),
        n => format!("{} avant {base}", duration_text(i64::from(n).abs())),
    }
}

fn time_text(t: &Time) -> String {
    match t {
        Time::Fixed(t) => clock(*t),
        Time::Variable(v) => variable_time(v),
    }
}

fn span_phrase(span: &TimeSpan) -> String {
    let start = time_text(&span.range.start);
    let end_is_24 = span.range.end == Time::Fixed(ExtendedTime::MIDNIGHT_24);
    let mut s = if span.open_end && end_is_24 {
        format!("à partir {}", de(&start))
    } else {
        let end = time_text(&span.range.end);
        let mut s = format!("{} {}", de(&start), a(&end));
        if span.open_end {
            s.push_str(" ou plus tard");
        }
        s
    };
    if let Some(every) = span.repeats {
        let minutes = every.num_minutes();
        if minutes == 60 {
            s.push_str(", toutes les heures");
        } else if minutes > 0 {
            s.push_str(&format!(", toutes les {}", duration_text(minutes)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` and checks its French rendering.
    fn check(input: &str, expected: &str) {
        let oh = parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
        assert_eq!(oh.french(), expected, "rendering of {input:?}");
    }

    /// The usual week of `input`, one day per line ("Mo 540-720 810-1020"), or "none".
    fn week_text(input: &str) -> String {
        let oh = parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
        let Some(week) = oh.week() else { return "none".to_string() };
        let names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        let line = |(name, periods): (&&str, &Vec<[u16; 2]>)| {
            let spans: Vec<String> = periods.iter().map(|[a, b]| format!("{a}-{b}")).collect();
            format!("{name} {}", spans.join(" ")).trim_end().to_string()
        };
        names.iter().zip(week.iter()).map(line).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn usual_week() {
        assert_eq!(
            week_text("Mo-Fr 09:00-12:00,13:30-17:00; PH off"),
            "Mo 540-720 810-1020\nTu 540-720 810-1020\nWe 540-720 810-1020\nTh 540-720 810-1020\nFr 540-720 810-1020\nSa\nSu"
        );
        // A later rule replaces the days it names; "off" closes them; "Fr-Mo" wraps.
        assert_eq!(
            week_text("Mo-Fr 09:00-17:00; We off"),
            "Mo 540-1020\nTu 540-1020\nWe\nTh 540-1020\nFr 540-1020\nSa\nSu"
        );
        assert_eq!(week_text("Fr-Mo 10:00-11:00"), "Mo 600-660\nTu\nWe\nTh\nFr 600-660\nSa 600-660\nSu 600-660");
        // Anything that depends on the date, a comment or the sun: no week.
        for input in [
            "Jan-Jun Mo 09:00-12:00",
            "Mo[1] 09:00-12:00",
            "SH off",
            "Mo 09:00-12:00 \"sur rendez-vous\"",
            "Mo sunrise-sunset",
            "Mo 09:00-12:00 || Tu 10:00-11:00",
        ] {
            assert_eq!(week_text(input), "none", "{input}");
        }
    }

    #[test]
    fn french_rendering() {
        let cases: &[(&str, &str)] = &[
            // The brief's examples.
            (
                "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
                "du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; fermé les jours fériés",
            ),
            ("Mo,We 14:00-18:00", "lundi et mercredi, de 14 h à 18 h"),
            // A later rule replaces the hours of its days: it says so.
            (
                "Mo-Fr 09:00-12:00,13:30-17:00; We 09:00-12:00",
                "du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; le mercredi, seulement de 9 h à 12 h",
            ),
            (
                "Mo-Fr 09:00-17:00; We,Fr 09:00-12:00",
                "du lundi au vendredi, de 9 h à 17 h ; le mercredi et le vendredi, seulement de 9 h à 12 h",
            ),
            ("Mo-Fr 09:00-17:00; Sa 09:00-12:00", "du lundi au vendredi, de 9 h à 17 h ; samedi, de 9 h à 12 h"),
            ("24/7", "tous les jours, 24 h sur 24"),
            ("Tu off", "fermé le mardi"),
            ("Tu closed", "fermé le mardi"),
            ("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "du lundi au vendredi, de 9 h à 12 h, sur rendez-vous"),
            ("Su,PH off", "fermé le dimanche et les jours fériés"),
            ("PH,Su off", "fermé les jours fériés et le dimanche"),
            // Days.
            ("Mo-Su 08:00-20:00", "tous les jours, de 8 h à 20 h"),
            ("Sa-Fr 08:00-20:00", "tous les jours, de 8 h à 20 h"),
            ("08:00-20:00", "tous les jours, de 8 h à 20 h"),
            ("Mo-Tu 10:00-12:00", "lundi et mardi, de 10 h à 12 h"),
            ("Mo,We,Fr 10:00-12:00", "lundi, mercredi et vendredi, de 10 h à 12 h"),
            ("Mo-We,Fr 10:00-12:00", "du lundi au mercredi et vendredi, de 10 h à 12 h"),
            ("Fr-Mo 10:00-12:00", "du vendredi au lundi, de 10 h à 12 h"),
            ("Mo-Fr", "du lundi au vendredi, 24 h sur 24"),
            ("Mo,We off", "fermé le lundi et le mercredi"),
            ("Mo-Fr off", "fermé du lundi au vendredi"),
            ("Mo-Fr 12:00-14:00 off", "fermé du lundi au vendredi de 12 h à 14 h"),
            ("off", "fermé"),
            ("closed \"travaux\"", "fermé, travaux"),
            ("Tu off \"réunion d'équipe\"", "fermé le mardi, réunion d'équipe"),
            ("PH 10:00-12:00", "les jours fériés, de 10 h à 12 h"),
            ("Sa,PH 10:00-12:00", "samedi et les jours fériés, de 10 h à 12 h"),
            ("SH off", "fermé pendant les vacances scolaires"),
            ("SH Mo-Fr 10:00-12:00", "du lundi au vendredi, uniquement pendant les vacances scolaires, de 10 h à 12 h"),
            ("PH +1 day off", "fermé le lendemain des jours fériés"),
            ("PH -1 day 09:00-12:00", "la veille des jours fériés, de 9 h à 12 h"),
            ("PH +2 days off", "fermé 2 jours après les jours fériés"),
            // Nth weekday of the month.
            ("Mo[1] 09:00-12:00", "le premier lundi du mois, de 9 h à 12 h"),
            ("Th[-1] off", "fermé le dernier jeudi du mois"),
            ("Sa[1,3] 09:00-12:00", "les premier et troisième samedis du mois, de 9 h à 12 h"),
            ("We[2-3] 09:00-12:00", "les deuxième et troisième mercredis du mois, de 9 h à 12 h"),
            ("Th[-2] off", "fermé l'avant-dernier jeudi du mois"),
            ("Mo[1] +2 days off", "fermé 2 jours après le premier lundi du mois"),
            ("Mo[1] -1 day off", "fermé la veille du premier lundi du mois"),
            // Months, dates, weeks, years.
            ("Jul-Aug off", "fermé en juillet et août"),
            ("Aug off", "fermé en août"),
            ("Aug Sa off", "fermé le samedi en août"),
            ("Jan-Mar Mo-Fr 09:00-12:00", "de janvier à mars, du lundi au vendredi, de 9 h à 12 h"),
            ("Apr-Jun 10:00-18:00", "d'avril à juin, de 10 h à 18 h"),
            ("Jan,Jul off", "fermé en janvier et en juillet"),
            ("Jan-Dec 10:00-12:00", "toute l'année, de 10 h à 12 h"),
            ("Dec 25 off", "fermé le 25 décembre"),
            ("May 1 off", "fermé le 1er mai"),
            ("Dec 24-Jan 2 off", "fermé du 24 décembre au 2 janvier"),
            ("Aug 01-15 off", "fermé du 1er au 15 août"),
            ("Aug 01-Aug 15 off", "fermé du 1er au 15 août"),
            ("2025 Dec 24-2026 Jan 2 off", "fermé du 24 décembre 2025 au 2 janvier 2026"),
            ("Sep Mo[1] off", "fermé le premier lundi de septembre"),
            ("Apr Su[-1] off", "fermé le dernier dimanche d'avril"),
            ("easter off", "fermé le dimanche de Pâques"),
            ("easter +1 day off", "fermé le lundi de Pâques"),
            ("easter +39 days off", "fermé le jeudi de l'Ascension"),
            ("Dec 25+Su off", "fermé le premier dimanche à partir du 25 décembre"),
            ("week 01-10 Mo 09:00-12:00", "les semaines 1 à 10, lundi, de 9 h à 12 h"),
            ("week 05 off", "fermé la semaine 5"),
            ("week 01-53/2 Mo 09:00-12:00", "les semaines impaires, lundi, de 9 h à 12 h"),
            ("week 02-52/2 Mo 09:00-12:00", "les semaines paires, lundi, de 9 h à 12 h"),
            ("week 10-20/3 off", "fermé une semaine sur 3 de la semaine 10 à la semaine 20"),
            ("2025 off", "fermé en 2025"),
            ("2025-2026 Mo 10:00-12:00", "de 2025 à 2026, lundi, de 10 h à 12 h"),
            ("2025+ Mo 10:00-12:00", "à partir de 2025, lundi, de 10 h à 12 h"),
            ("2025 Jan off", "fermé en janvier 2025"),
            ("2025 Jul-Aug off", "fermé en juillet et août 2025"),
            ("2025 Aug 01-15 off", "fermé du 1er au 15 août 2025"),
            ("2025-2026 Aug off", "fermé de 2025 à 2026, en août"),
            // Times.
            (
                "Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00",
                "du lundi au vendredi, de 8 h à 10 h, de 11 h à 12 h et de 14 h à 16 h",
            ),
            ("Fr 20:00-24:00", "vendredi, de 20 h à minuit"),
            ("Fr 00:00-06:00", "vendredi, de minuit à 6 h"),
            ("Fr 22:00-02:00", "vendredi, de 22 h à 2 h"),
            ("Fr 22:00-26:00", "vendredi, de 22 h à 2 h"),
            ("Sa 10:00+", "samedi, à partir de 10 h"),
            ("Sa 10:00-14:00+", "samedi, de 10 h à 14 h ou plus tard"),
            ("Mo-Fr 9:00-12:00", "du lundi au vendredi, de 9 h à 12 h"),
            ("Mo-Fr 00:00-24:00", "du lundi au vendredi, 24 h sur 24"),
            ("sunrise-sunset", "tous les jours, du lever du soleil au coucher du soleil"),
            ("dawn-dusk", "tous les jours, de l'aube au crépuscule"),
            (
                "(sunrise+01:00)-(sunset-00:30)",
                "tous les jours, de 1 h après le lever du soleil à 30 min avant le coucher du soleil",
            ),
            ("10:00-16:00/01:30", "tous les jours, de 10 h à 16 h, toutes les 1 h 30"),
            ("10:00-16:00/30", "tous les jours, de 10 h à 16 h, toutes les 30 min"),
            ("10:00-16:00/01:00", "tous les jours, de 10 h à 16 h, toutes les heures"),
            // Comments and unknown.
            ("\"sur rendez-vous\"", "sur rendez-vous"),
            ("Mo-Fr unknown", "du lundi au vendredi, horaires à confirmer"),
            ("Mo-Fr unknown \"sur rendez-vous\"", "du lundi au vendredi, sur rendez-vous"),
            ("unknown", "horaires à confirmer"),
            ("24/7 \"accueil téléphonique\"", "tous les jours, 24 h sur 24, accueil téléphonique"),
            // Separators.
            (
                "Mo-Fr 09:00-17:00 || \"sur rendez-vous\"",
                "du lundi au vendredi, de 9 h à 17 h ; sinon, sur rendez-vous",
            ),
            ("Mo-Fr 09:00-12:00, We 14:00-16:00", "du lundi au vendredi, de 9 h à 12 h ; mercredi, de 14 h à 16 h"),
            ("Mo-Fr 09:00-12:00, 14:00-17:00", "du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h"),
            ("Mo-Fr 09:00-12:00;Sa 10:00-12:00", "du lundi au vendredi, de 9 h à 12 h ; samedi, de 10 h à 12 h"),
            (
                "Mo-Fr 09:00-12:00,13:30-17:00; We 09:00-12:00; Su,PH off",
                "du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; le mercredi, seulement de 9 h à 12 h ; fermé le dimanche et les jours fériés",
            ),
            ("  Mo 10:00-12:00  ", "lundi, de 10 h à 12 h"),
            // Lowercase input is accepted.
            ("mo-fr 09:00-12:00; PH off", "du lundi au vendredi, de 9 h à 12 h ; fermé les jours fériés"),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn rare_constructs_are_quoted_not_guessed() {
        let cases: &[(&str, &str)] = &[
            ("Mo[-4] off", "fermé « Mo[-4] »"),
            ("Dec 25+Su-Dec 31 off", "fermé « Dec 25+Su-Dec 31 »"),
            ("Dec 25-Dec 31 +2 days off", "fermé « Dec 25-Dec 31 +2 days »"),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn comment_only_rule_in_a_list_that_cannot_be_split() {
        // An additional rule made of a comment: still not presented as 24/7.
        check("Mo-Fr 09:00-12:00; \"sur rendez-vous\"", "du lundi au vendredi, de 9 h à 12 h ; sur rendez-vous");
    }

    /// Checks that `input` is rejected with a message containing every `parts`.
    fn check_err(input: &str, parts: &[&str]) {
        let err = parse(input).expect_err(input);
        for p in parts {
            assert!(err.contains(p), "error for {input:?} should contain {p:?}: {err}");
        }
    }

    #[test]
    fn the_error_underlines_the_whole_token_where_it_is() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Mo-Fr 09:00-12:00,13:30-17:00; Sa 9h-12h", Some("9h-12h")),
            ("  Mo-Fx 09:00-12:00", Some("Fx")),
            ("Du lundi au vendredi", Some("Du")),
            ("Mo-Fr 09:00-12:00", None),
        ];
        for (input, token) in cases {
            assert_eq!(error_span(input).map(|r| &input[r]), *token, "{input:?}");
        }
    }

    #[test]
    fn errors_are_french_with_hints() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["vides", "Mo-Fr 09:00-12:00"]),
            ("   ", &["vides"]),
            (":", &["illisibles « : »"]),
            ("-", &["illisibles"]),
            ("Mo-Fx 09:00-12:00", &["illisibles près de « Fx »", "forme attendue"]),
            ("lundi-vendredi 9h-12h", &["Mo Tu We Th Fr Sa Su", "09:00 ou 13:30"]),
            ("Lu-Ve 09:00-12:00", &["Mo Tu We Th Fr Sa Su"]),
            ("Mo-Fr 9h-12h", &["(et non 9h ou 13h30)"]),
            ("Mo-Fr 9 h-12 h", &["(et non 9h ou 13h30)"]),
            ("Mo-Fr 09:00-12:00; fermé jours fériés", &["PH off"]),
            ("Mo-Fr 09:00-12:00 et 14:00-17:00", &["par une virgule"]),
            ("Mo-Fr 09:00-12:00 \"sur rendez-vous", &["guillemet"]),
            ("Mo-Fr 09:00", &["un début et une fin"]),
            ("Mo-Fr 09:00 12:00", &["un début et une fin"]),
            ("Mo 25:00-26:00", &["illisibles"]),
            ("Mo 10:00-48:30", &["heure impossible « 48:30 »"]),
            ("2026-2025 off", &["années à l'envers"]),
            ("week 10-05 off", &["semaines à l'envers"]),
            ("Mo-Fr 09:00-12:00;", &["illisibles"]),
            ("Mo-Fr 09:00-12:00; ph off", &["PH (jours fériés)", "en majuscules"]),
            ("Mo–Fr 09:00–12:00", &["tirets longs"]),
            ("Mo-Fr\u{a0}09:00-12:00", &["espace insécable"]),
            ("Mo-Fr 09:00-12:00 « sur rendez-vous »", &["guillemets droits"]),
            ("Mo-Fr 09:00-12:00 “sur rendez-vous”", &["guillemets droits"]),
        ];
        for (input, parts) in cases {
            check_err(input, parts);
        }
    }

    #[test]
    fn never_panics() {
        // A small deterministic fuzzer over the syntax's tokens.
        let tokens = [
            "Mo", "Tu", "Su", "-", ",", ";", " ", "||", "PH", "SH", "09:00", "12:00", "24:00", "26:00", "+", "off",
            "open", "unknown", "\"x\"", "Jan", "Dec", "25", "week", "01", "53", "/", "2", "[", "]", "1", "-1", "day",
            "days", "easter", "sunrise", "(", ")", "2025", ":", "24/7", "é", "lundi",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut parsed = 0;
        for _ in 0..6_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 9) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(tokens[(seed % tokens.len() as u64) as usize]);
            }
            if let Ok(oh) = parse(&s) {
                parsed += 1;
                let text = oh.french();
                assert!(!text.is_empty(), "{s:?}");
            }
        }
        assert!(parsed > 100, "the fuzzer should produce some valid inputs ({parsed})");
    }

    #[test]
    fn rule_splitting() {
        let cases: &[(&str, &[&str])] = &[
            ("Mo 10:00-12:00; Tu off", &["Mo 10:00-12:00", " Tu off"]),
            ("Mo 10:00-12:00, 14:00-16:00", &["Mo 10:00-12:00, 14:00-16:00"]),
            ("Mo 10:00-12:00, Tu off", &["Mo 10:00-12:00", "Tu off"]),
            ("Mo off || \"a; b, c\"", &["Mo off ", " \"a; b, c\""]),
        ];
        for (input, expected) in cases {
            assert_eq!(split_rules(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn holiday_weekday_junctions() {
        let cases: &[(&str, &[bool])] = &[
            ("SH Mo-Fr 10:00-12:00", &[true]),
            ("Su,PH off", &[false]),
            ("PH,Su off", &[false]),
            ("PH -1 day Mo off", &[true]),
            ("Mo-Fr 10:00-12:00; PH off", &[]),
            ("Mo-Fr, PH off", &[]),
            ("Mo \"PH Su\"", &[]),
        ];
        for (input, expected) in cases {
            assert_eq!(junctions(input), *expected, "{input:?}");
        }
    }
}
