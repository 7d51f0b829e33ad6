//! French phone numbers as editors type them ("02 48 12 34 56", "02.48.12.34.56",
//! "+33 (0)2 48 12 34 56", "0 800 222 100", "39 49"), validated and normalised.
//!
//! Covered: the ten-digit French plan (mainland and the overseas departments, whose numbers
//! also have ten digits: 0262 La Réunion, 0269/0639 Mayotte, 0590 Guadeloupe, 0594 Guyane,
//! 0596 Martinique), the overseas collectivities outside it (+508 Saint-Pierre-et-Miquelon,
//! +681 Wallis-et-Futuna, +687 Nouvelle-Calédonie, +689 Polynésie française), and short numbers
//! (3949, 115, 116 000...). Foreign numbers are refused.

use std::fmt;

/// A validated phone number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    kind: Kind,
    /// National: the ten digits with the leading 0; Collectivity: the local digits; Short: the
    /// digits.
    digits: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// Ten digits, "0X XX XX XX XX", mainland or overseas department.
    National,
    /// Overseas collectivity with its own country code and short local numbers.
    Collectivity(&'static str),
    /// Short number, only callable from France ("3949").
    Short,
}

/// Overseas departments: country code and the first three national digits (after the 0).
const DEPARTMENTS: &[(&str, &[&str], &str)] = &[
    ("262", &["262", "263", "692", "693"], "La Réunion"),
    ("262", &["269", "639"], "Mayotte"),
    ("590", &["590", "690", "691"], "la Guadeloupe, Saint-Martin et Saint-Barthélemy"),
    ("594", &["594", "694"], "la Guyane"),
    ("596", &["596", "696", "697"], "la Martinique"),
];

/// Overseas collectivities outside the ten-digit plan: country code and local length.
const COLLECTIVITIES: &[(&str, usize)] = &[("508", 6), ("681", 6), ("687", 6), ("689", 8)];

const SHAPE: &str = "forme attendue : 02 48 12 34 56, +33 2 48 12 34 56, 0 800 222 100 ou un numéro court comme 39 49";

fn invalid(text: &str, why: impl fmt::Display) -> String {
    format!("numéro de téléphone « {text} » invalide : {why} ; {SHAPE}")
}

/// Parses a phone number written by an editor. The error is a French message with a hint.
pub fn parse(text: &str) -> Result<Phone, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("numéro de téléphone vide ; {SHAPE}"));
    }
    let lower = t.to_lowercase();
    if t.contains('/') || t.contains(';') || lower.contains(" ou ") || lower.contains(" et ") {
        return Err(invalid(t, "un seul numéro par champ (mettez les autres dans la description)"));
    }
    let international_prefix = t.starts_with('+') || t.starts_with("00");
    let body = if international_prefix { t.replacen("(0)", "", 1) } else { t.to_string() };
    let mut digits = String::new();
    let mut plus = false;
    for (i, c) in body.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '.' | '-' | '–' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => {}
            _ if lower.contains("poste") || lower.contains("ext") => {
                return Err(invalid(t, "pas de numéro de poste ici (mettez-le dans la description)"));
            }
            c if c.is_alphabetic() => {
                return Err(invalid(t, format!("lettre « {c} » : seulement des chiffres, espaces, points ou tirets")));
            }
            c => return Err(invalid(t, format!("caractère inattendu « {c} »"))),
        }
    }
    if digits.is_empty() {
        return Err(invalid(t, "aucun chiffre"));
    }
    if !plus && digits.starts_with("00") && digits.len() == 10 {
        return Err(invalid(t, "après le 0 initial, le deuxième chiffre va de 1 à 9"));
    }
    if !plus && digits.starts_with("00") {
        digits.drain(..2);
        plus = true;
    }
    if plus { international(t, &digits) } else { national(t, digits) }
}

fn national(t: &str, digits: String) -> Result<Phone, String> {
    let n = digits.len();
    let second = digits.as_bytes().get(1).copied();
    if digits.starts_with('0') {
        if second == Some(b'0') {
            return Err(invalid(t, "après le 0 initial, le deuxième chiffre va de 1 à 9"));
        }
        if n == 10 {
            return Ok(Phone { kind: Kind::National, digits });
        }
        return Err(invalid(t, format!("{n} chiffres alors qu'un numéro français en compte 10")));
    }
    if is_short(&digits) {
        return Ok(Phone { kind: Kind::Short, digits });
    }
    if n == 9 {
        return Err(invalid(t, "9 chiffres : manque-t-il le 0 initial ?"));
    }
    Err(invalid(
        t,
        format!(
            "{n} chiffre{} : un numéro français commence par 0 et compte 10 chiffres",
            if n > 1 { "s" } else { "" }
        ),
    ))
}

/// Short numbers: emergency (15, 17, 18, 112, 114, 115, 119, 191, 196, 197), 116 xxx, and
/// four-digit service numbers 3xxx and 10xx.
fn is_short(d: &str) -> bool {
    match d.len() {
        2 => matches!(d, "15" | "17" | "18"),
        3 => matches!(d, "112" | "114" | "115" | "119" | "191" | "196" | "197"),
        4 => d.starts_with('3') || d.starts_with("10"),
        6 => d.starts_with("116"),
        _ => false,
    }
}

fn international(t: &str, digits: &str) -> Result<Phone, String> {
    if let Some(rest) = digits.strip_prefix("33") {
        let rest = strip_trunk_zero(rest);
        if rest.len() != 9 {
            return Err(invalid(t, format!("{} chiffres après +33 alors qu'il en faut 9", rest.len())));
        }
        if rest.starts_with('0') {
            return Err(invalid(t, "après +33, le premier chiffre va de 1 à 9"));
        }
        if let Some((cc, _, name)) = department_of(rest) {
            return Err(invalid(
                t,
                format!(
                    "les numéros de {name} s'écrivent {} ou {}",
                    international_display(cc, rest),
                    pairs(&format!("0{rest}"))
                ),
            ));
        }
        return Ok(Phone { kind: Kind::National, digits: format!("0{rest}") });
    }
    if let Some(rest) = digits.strip_prefix("269") {
        return Err(invalid(
            t,
            format!(
                "+269 est l'indicatif des Comores ; Mayotte utilise +262 ({})",
                international_display("262", strip_trunk_zero(rest))
            ),
        ));
    }
    if let Some(cc) = ["262", "590", "594", "596"].into_iter().find(|cc| digits.starts_with(cc)) {
        let rest = strip_trunk_zero(&digits[3..]);
        if rest.len() != 9 {
            return Err(invalid(t, format!("{} chiffres après +{cc} alors qu'il en faut 9", rest.len())));
        }
        return match department_of(rest) {
            Some((c, _, _)) if c == cc => Ok(Phone { kind: Kind::National, digits: format!("0{rest}") }),
            _ => {
                let names: Vec<&str> =
                    DEPARTMENTS.iter().filter(|(c, _, _)| *c == cc).map(|(_, _, name)| *name).collect();
                Err(invalid(
                    t,
                    format!(
                        "après +{cc} ({}), le numéro commence par {}",
                        names.join(" ou "),
                        prefixes_for(cc).join(", ")
                    ),
                ))
            }
        };
    }
    for (cc, len) in COLLECTIVITIES {
        if let Some(rest) = digits.strip_prefix(cc) {
            if rest.len() != *len {
                return Err(invalid(t, format!("{} chiffres après +{cc} alors qu'il en faut {len}", rest.len())));
            }
            return Ok(Phone { kind: Kind::Collectivity(cc), digits: rest.to_string() });
        }
    }
    Err(invalid(t, "indicatif non français (acceptés : +33, +262, +590, +594, +596, +508, +681, +687, +689)"))
}

/// "+33 0248..." and "+262 0262...": a 0 written after the country code is dropped.
fn strip_trunk_zero(rest: &str) -> &str {
    if rest.len() == 10 && rest.starts_with('0') { &rest[1..] } else { rest }
}

/// The overseas department of a nine-digit national number (without its 0).
fn department_of(rest: &str) -> Option<(&'static str, &'static [&'static str], &'static str)> {
    DEPARTMENTS.iter().find(|(_, prefixes, _)| prefixes.iter().any(|p| rest.starts_with(p))).copied()
}

fn prefixes_for(cc: &str) -> Vec<&'static str> {
    DEPARTMENTS.iter().filter(|(c, _, _)| *c == cc).flat_map(|(_, p, _)| p.iter().copied()).collect()
}

/// "+262 692 12 34 56": a nine-digit overseas number after its country code.
fn international_display(cc: &str, rest: &str) -> String {
    match (rest.get(..3), rest.get(3..)) {
        (Some(head), Some(tail)) => format!("+{cc} {head} {}", pairs(tail)),
        _ => format!("+{cc} {rest}"),
    }
}

/// Groups of two digits from the left: "0248123456" → "02 48 12 34 56".
fn pairs(d: &str) -> String {
    d.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

impl Phone {
    /// The usual French display: "02 48 12 34 56", "0 800 222 100", "39 49", "116 000",
    /// "+687 28 12 34".
    pub fn display(&self) -> String {
        let d = &self.digits;
        match self.kind {
            Kind::National if d.starts_with("08") && d.len() == 10 => {
                format!("{} {} {} {}", &d[..1], &d[1..4], &d[4..7], &d[7..])
            }
            Kind::National => pairs(d),
            Kind::Collectivity(cc) => format!("+{cc} {}", pairs(d)),
            Kind::Short if d.len() == 4 => pairs(d),
            Kind::Short if d.len() == 6 => format!("{} {}", &d[..3], &d[3..]),
            Kind::Short => d.clone(),
        }
    }

    /// The international E.164 form ("+33248123456", "+262262123456"); `None` for short
    /// numbers, which cannot be called from abroad.
    pub fn e164(&self) -> Option<String> {
        match self.kind {
            Kind::National => {
                let rest = &self.digits[1..];
                let cc = department_of(rest).map_or("33", |(cc, _, _)| cc);
                Some(format!("+{cc}{rest}"))
            }
            Kind::Collectivity(cc) => Some(format!("+{cc}{}", self.digits)),
            Kind::Short => None,
        }
    }

    /// For an `href`: "tel:+33248123456", or "tel:3949" for a short number.
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.e164().unwrap_or_else(|| self.digits.clone()))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::str::FromStr for Phone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` and checks its display, E.164 form and `tel:` URI.
    fn check(input: &str, display: &str, e164: Option<&str>, tel: &str) {
        let p = parse(input).unwrap_or_else(|e| panic!("{input:?} should be valid: {e}"));
        assert_eq!(p.display(), display, "display of {input:?}");
        assert_eq!(p.to_string(), display);
        assert_eq!(p.e164().as_deref(), e164, "e164 of {input:?}");
        assert_eq!(p.tel_uri(), tel, "tel: of {input:?}");
        // The display form parses back to the same number.
        assert_eq!(parse(display).as_ref(), Ok(&p), "round trip of {input:?}");
    }

    #[test]
    fn valid_numbers() {
        let geo = ("02 48 12 34 56", Some("+33248123456"), "tel:+33248123456");
        type Expected<'a> = (&'a str, Option<&'a str>, &'a str);
        let cases: &[(&str, Expected)] = &[
            ("02 48 12 34 56", geo),
            ("0248123456", geo),
            ("02.48.12.34.56", geo),
            ("02-48-12-34-56", geo),
            ("  02 48 12 34 56  ", geo),
            ("02\u{a0}48\u{a0}12\u{a0}34\u{a0}56", geo),
            ("02\u{202f}48\u{202f}12\u{202f}34\u{202f}56", geo),
            ("02–48–12–34–56", geo),
            ("+33 2 48 12 34 56", geo),
            ("+33248123456", geo),
            ("+33 (0)2 48 12 34 56", geo),
            ("+33 (0) 2 48 12 34 56", geo),
            ("+33 02 48 12 34 56", geo),
            ("0033 2 48 12 34 56", geo),
            ("06 12 34 56 78", ("06 12 34 56 78", Some("+33612345678"), "tel:+33612345678")),
            ("09 70 12 34 56", ("09 70 12 34 56", Some("+33970123456"), "tel:+33970123456")),
            ("0 800 222 100", ("0 800 222 100", Some("+33800222100"), "tel:+33800222100")),
            ("0800222100", ("0 800 222 100", Some("+33800222100"), "tel:+33800222100")),
            ("08 00 22 21 00", ("0 800 222 100", Some("+33800222100"), "tel:+33800222100")),
            ("0 820 12 34 56", ("0 820 123 456", Some("+33820123456"), "tel:+33820123456")),
            ("3949", ("39 49", None, "tel:3949")),
            ("39 49", ("39 49", None, "tel:3949")),
            ("3939", ("39 39", None, "tel:3939")),
            ("115", ("115", None, "tel:115")),
            ("15", ("15", None, "tel:15")),
            ("116 000", ("116 000", None, "tel:116000")),
            ("1014", ("10 14", None, "tel:1014")),
            // Overseas departments: ten-digit national numbers, their own country code.
            ("02 62 12 34 56", ("02 62 12 34 56", Some("+262262123456"), "tel:+262262123456")),
            ("+262 262 12 34 56", ("02 62 12 34 56", Some("+262262123456"), "tel:+262262123456")),
            ("+262 (0)262 12 34 56", ("02 62 12 34 56", Some("+262262123456"), "tel:+262262123456")),
            ("06 92 12 34 56", ("06 92 12 34 56", Some("+262692123456"), "tel:+262692123456")),
            ("+262 269 61 23 45", ("02 69 61 23 45", Some("+262269612345"), "tel:+262269612345")),
            ("06 39 12 34 56", ("06 39 12 34 56", Some("+262639123456"), "tel:+262639123456")),
            ("+590 590 12 34 56", ("05 90 12 34 56", Some("+590590123456"), "tel:+590590123456")),
            ("05 94 12 34 56", ("05 94 12 34 56", Some("+594594123456"), "tel:+594594123456")),
            ("+596 696 12 34 56", ("06 96 12 34 56", Some("+596696123456"), "tel:+596696123456")),
            // Overseas collectivities outside the ten-digit plan.
            ("+687 28 12 34", ("+687 28 12 34", Some("+687281234"), "tel:+687281234")),
            ("+689 40 12 34 56", ("+689 40 12 34 56", Some("+68940123456"), "tel:+68940123456")),
            ("+508 41 12 34", ("+508 41 12 34", Some("+508411234"), "tel:+508411234")),
            ("+681 72 12 34", ("+681 72 12 34", Some("+681721234"), "tel:+681721234")),
        ];
        for (input, (display, e164, tel)) in cases {
            check(input, display, *e164, tel);
        }
    }

    /// Checks that `input` is refused with a message containing `part`.
    fn check_err(input: &str, part: &str) {
        let err = parse(input).expect_err(input);
        assert!(err.contains(part), "error for {input:?} should contain {part:?}: {err}");
        assert!(err.contains("forme attendue"), "{err}");
    }

    #[test]
    fn invalid_numbers() {
        let cases: &[(&str, &str)] = &[
            ("", "vide"),
            ("   ", "vide"),
            ("02 48 12 34 5", "9 chiffres alors qu'un numéro français en compte 10"),
            ("02 48 12 34 56 7", "11 chiffres"),
            ("2 48 12 34 56", "manque-t-il le 0 initial"),
            ("00 00 12 34 56", "le deuxième chiffre va de 1 à 9"),
            ("00 12 34 56 78", "le deuxième chiffre va de 1 à 9"),
            ("00 33 2 48 12 34", "7 chiffres après +33"),
            ("00 44 20 7946 0958", "indicatif non français"),
            ("01 02 03 04 0A", "lettre « A »"),
            ("Tél. 02 48 12 34 56", "lettre « T »"),
            ("02 48 12 34 56 poste 12", "pas de numéro de poste"),
            ("02 48 12 34 56 ext. 12", "pas de numéro de poste"),
            ("02 48 12 34 56 / 06 12 34 56 78", "un seul numéro"),
            ("02 48 12 34 56 ou 06 12 34 56 78", "un seul numéro"),
            ("02_48_12_34_56", "caractère inattendu « _ »"),
            ("(02) 48 12 34 56", "caractère inattendu « ( »"),
            ("+33 2 48 12 34", "7 chiffres après +33"),
            ("+33 0 48 12 34 56", "après +33, le premier chiffre va de 1 à 9"),
            ("+33 2 62 12 34 56", "s'écrivent +262 262 12 34 56 ou 02 62 12 34 56"),
            ("+33 6 92 12 34 56", "La Réunion"),
            ("+269 269 61 23 45", "Comores ; Mayotte utilise +262 (+262 269 61 23 45)"),
            ("+262 6 12 34 56 78", "le numéro commence par 262, 263, 692, 693, 269, 639"),
            ("+590 262 12 34 56", "après +590"),
            ("+687 28 12 34 5", "7 chiffres après +687"),
            ("+44 20 7946 0958", "indicatif non français"),
            ("+1 212 555 0100", "indicatif non français"),
            ("12345", "5 chiffres"),
            ("4949", "4 chiffres"),
            ("16", "2 chiffres"),
            ("1", "1 chiffre :"),
            ("2+33", "caractère inattendu « + »"),
            ("--", "aucun chiffre"),
        ];
        for (input, part) in cases {
            check_err(input, part);
        }
    }
}
