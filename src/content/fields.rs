//! Small validators for the content loader. Each returns `Result<T, String>` where the error is
//! a short French message for an editor, with a hint of the expected shape.

use std::fmt;

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

/// A single e-mail address ("accueil@ml-vierzon.fr"), returned trimmed. Display-name forms
/// ("Jean <a@b.fr>"), `mailto:` prefixes, domain literals and domains without a dot are refused.
pub fn email(text: &str) -> Result<String, String> {
    use email_address::{EmailAddress, Error as E, Options};

    let t = text.trim();
    let fail = |why: &str| Err(format!("courriel « {t} » invalide : {why} ; forme attendue : accueil@exemple.fr"));
    if t.is_empty() {
        return Err("courriel vide ; forme attendue : accueil@exemple.fr".to_string());
    }
    if t.to_lowercase().starts_with("mailto:") {
        return fail("écrivez l'adresse seule, sans « mailto: »");
    }
    if t.contains('<') || t.contains('>') {
        return fail("écrivez l'adresse seule, sans nom ni chevrons");
    }
    if t.contains(char::is_whitespace) {
        return fail("une adresse ne contient pas d'espace (une seule adresse par champ)");
    }
    if t.contains(',') || t.contains(';') {
        return fail("une seule adresse par champ");
    }
    if t.matches('@').count() != 1 {
        return fail(if t.contains('@') { "une seule arobase (@) par adresse" } else { "il manque l'arobase (@)" });
    }
    let options = Options::default().without_display_text().without_domain_literal().with_required_tld();
    match EmailAddress::parse_with_options(t, options) {
        Ok(_) => Ok(t.to_string()),
        Err(e) => fail(match e {
            E::LocalPartEmpty => "rien avant l'arobase (@)",
            E::DomainEmpty => "rien après l'arobase (@)",
            E::DomainTooFew => "le domaine après l'arobase doit contenir un point (exemple.fr)",
            E::SubDomainEmpty | E::DomainInvalidSeparator => {
                "point mal placé dans le domaine (deux points de suite, ou au début ou à la fin)"
            }
            E::LocalPartTooLong | E::DomainTooLong | E::SubDomainTooLong => "adresse trop longue",
            E::UnsupportedDomainLiteral | E::InvalidIPAddress => {
                "le domaine doit être un nom (exemple.fr), pas une adresse IP"
            }
            E::UnsupportedDisplayName | E::MissingDisplayName | E::MissingEndBracket => {
                "écrivez l'adresse seule, sans nom ni chevrons"
            }
            _ => "caractère non permis (accents, espaces, guillemets ou parenthèses)",
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Web address
// ---------------------------------------------------------------------------------------------

/// Whether `ip` is an address of the public internet: not loopback, private, link-local,
/// shared (CGNAT), multicast, broadcast, documentation, benchmarking or otherwise reserved, in
/// IPv4 or IPv6 (an IPv6 address that carries an IPv4 one, mapped, NAT64 or 6to4, is judged by
/// it). `check --external` asks only such addresses; `check` warns on a web address written
/// with one that is not.
pub fn is_public_ip(ip: std::net::IpAddr) -> bool {
    use std::net::{IpAddr, Ipv4Addr};
    let v4 = |ip: Ipv4Addr| {
        let [a, b, c, _] = ip.octets();
        !(ip.is_unspecified()
            || ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_multicast()
            || ip.is_broadcast()
            || ip.is_documentation()
            || a == 0
            || a >= 240
            || (a == 100 && (64..128).contains(&b))
            || (a == 192 && b == 0 && c == 0)
            || (a == 198 && (18..20).contains(&b)))
    };
    match ip {
        IpAddr::V4(ip) => v4(ip),
        IpAddr::V6(ip) => {
            let s = ip.segments();
            let embedded = |high: usize| {
                Ipv4Addr::new((s[high] >> 8) as u8, s[high] as u8, (s[high + 1] >> 8) as u8, s[high + 1] as u8)
            };
            if let Some(mapped) = ip.to_ipv4_mapped() {
                return v4(mapped);
            }
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return v4(embedded(6));
            }
            if s[0] == 0x2002 {
                return v4(embedded(1));
            }
            !(ip.is_unspecified()
                || ip.is_loopback()
                || ip.is_multicast()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
                || (s[0] & 0xffc0) == 0xfec0 // site-local, deprecated
                || (s[0] == 0x2001 && s[1] == 0xdb8) // documentation
                || s[0] == 0x0100 && s[1..4] == [0, 0, 0] // discard
                || (s[0] & 0xe000) != 0x2000) // outside 2000::/3, the global unicast space
        }
    }
}

/// The host of `url` when it is this machine or a private network (`localhost`, an IP address
/// that is not public), as written: `check --external` never asks it.
pub fn local_host(url: &url::Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            (name == "localhost" || name.ends_with(".localhost")).then(|| name.to_string())
        }
        url::Host::Ipv4(ip) => (!is_public_ip(ip.into())).then(|| ip.to_string()),
        url::Host::Ipv6(ip) => (!is_public_ip(ip.into())).then(|| ip.to_string()),
    }
}

/// Where a valid web address names its host by an IP address or as `localhost`, why `check`
/// warns about it: a public partner's website has a domain name, and an address of a private
/// network would have `check --external` ask a machine of the CI's own network.
pub fn url_host_warning(url: &url::Url) -> Option<String> {
    if let Some(host) = local_host(url) {
        return Some(format!(
            "l'adresse web {url} mène à cette machine ou à un réseau privé ({host}), pas à un site public"
        ));
    }
    matches!(url.host()?, url::Host::Ipv4(_) | url::Host::Ipv6(_))
        .then(|| format!("l'adresse web {url} est un numéro IP : un site public a un nom de domaine"))
}

/// An `http` or `https` URL with a real host name ("https://www.mission-locale.fr/vierzon").
pub fn web_url(text: &str) -> Result<url::Url, String> {
    let t = text.trim();
    let fail = |why: String| {
        Err(format!("adresse web « {t} » invalide : {why} ; forme attendue : https://www.exemple.fr/page"))
    };
    if t.is_empty() {
        return Err("adresse web vide ; forme attendue : https://www.exemple.fr/page".to_string());
    }
    if t.contains(char::is_whitespace) {
        return fail("elle contient une espace (remplacez-la par %20, ou une seule adresse par champ)".into());
    }
    let lower = t.to_lowercase();
    if lower.starts_with("mailto:") || (!lower.contains("://") && t.contains('@')) {
        return fail("c'est un courriel : mettez-le dans le champ courriel".into());
    }
    let Some((scheme, _)) = t.split_once("://") else {
        if lower.starts_with("http:") || lower.starts_with("https:") {
            return fail("écrivez « https:// » avec deux barres obliques".into());
        }
        // `javascript:…`, `data:…`, `tel:…`: another kind of address, not a site missing its
        // `https://` (but `localhost:8080` is a name and its port).
        let other_scheme = t.split_once(':').filter(|(scheme, rest)| {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphabetic())
                && !rest.starts_with(|c: char| c.is_ascii_digit())
        });
        if let Some((scheme, _)) = other_scheme {
            let scheme = scheme.to_lowercase();
            return fail(format!("seules les adresses http:// ou https:// sont acceptées (pas « {scheme}: »)"));
        }
        return fail(format!("ajoutez « https:// » au début : https://{t}"));
    };
    let scheme = scheme.to_lowercase();
    if scheme != "http" && scheme != "https" {
        return fail(format!("seules les adresses http:// ou https:// sont acceptées (pas « {scheme}:// »)"));
    }
    let parsed = match url::Url::parse(t) {
        Ok(u) => u,
        Err(url::ParseError::EmptyHost) => {
            return fail("il manque le nom du site après « :// »".into());
        }
        Err(url::ParseError::InvalidPort) => return fail("numéro de port invalide".into()),
        Err(e) => return fail(format!("adresse mal formée ({e})")),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return fail("pas d'identifiant ni de mot de passe dans une adresse publiée".into());
    }
    match parsed.host() {
        None => return fail("il manque le nom du site après « :// »".into()),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            if !d.contains('.') {
                return fail(format!("nom de domaine incomplet « {d} » (exemple.fr)"));
            }
            if d.split('.').any(str::is_empty) {
                return fail(format!("point mal placé dans le nom de domaine « {d} »"));
            }
        }
        Some(_) => {}
    }
    Ok(parsed)
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian). Fields are ordered so that `Ord` is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// French month names, January first (also used by `hours`).
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

pub use crate::diag::grouped_thousands;

impl Date {
    /// A date if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD` (see [`date`]).
    pub fn parse(text: &str) -> Result<Date, String> {
        date(text)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    /// `days` is clamped to about ±8 million years so that the year fits an `i32`.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days.clamp(-3_000_000_000, 3_000_000_000) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year: year as i32, month, day }
    }

    /// "de mars 2025", "d'août 2019": the month, as a sentence says where it comes from.
    pub fn french_month_of(&self) -> String {
        let month = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        let elided = month.starts_with(['a', 'o']);
        format!("{}{month} {}", if elided { "d'" } else { "de " }, self.year)
    }

    /// "1er mars 2025", "14 juillet 2025".
    pub fn french(&self) -> String {
        let month = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        if self.day == 1 { format!("1er {month} {}", self.year) } else { format!("{} {month} {}", self.day, self.year) }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        date(s)
    }
}

/// A strict `YYYY-MM-DD` date that exists in the calendar ("2025-03-01").
pub fn date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let fail = |why: String| {
        Err(format!("date « {t} » invalide : {why} ; forme attendue : AAAA-MM-JJ, par exemple 2025-03-01"))
    };
    if t.is_empty() {
        return Err("date vide ; forme attendue : AAAA-MM-JJ, par exemple 2025-03-01".to_string());
    }
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    let numeric = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let b = t.as_bytes();
    let strict = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !strict {
        if numeric && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            // 01/03/2025, the French habit.
            return fail(format!("écrivez l'année d'abord : {}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0]));
        }
        if numeric && parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
            return fail(format!(
                "mois et jour sur deux chiffres, séparés par des tirets : {}-{:0>2}-{:0>2}",
                parts[0], parts[1], parts[2]
            ));
        }
        return fail("ce n'est pas une date au format année-mois-jour".into());
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(0..4) as i32, num(5..7), num(8..10));
    if !(1..=12).contains(&month) {
        return fail(format!("il n'y a pas de mois {month:02}"));
    }
    match Date::new(year, month, day) {
        Some(d) => Ok(d),
        None => fail(format!(
            "le {day} {} {year} n'existe pas ({} jours ce mois-là)",
            MONTHS[(month - 1) as usize],
            days_in_month(year, month)
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// SIRET, postal code
// ---------------------------------------------------------------------------------------------

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A SIRET: 14 digits (spaces allowed and removed), returned without spaces. The SIREN (first 9
/// digits) and the SIRET pass the Luhn check, except for La Poste (SIREN 356 000 000), whose
/// establishments' SIRETs do not follow Luhn: for them the sum of the 14 digits is a multiple of
/// 5 instead (the same exception as python-stdnum's `fr.siret`).
pub fn siret(text: &str) -> Result<String, String> {
    let t = text.trim();
    let shape = "forme attendue : 14 chiffres, par exemple 130 005 481 00010";
    if t.is_empty() {
        return Err(format!("SIRET vide ; {shape}"));
    }
    let mut digits = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '\u{202f}' | '.' => {}
            c => {
                return Err(format!("SIRET « {t} » invalide : caractère « {c} » ; {shape}"));
            }
        }
    }
    let n = digits.len();
    if n == 9 {
        return Err(format!(
            "SIRET « {t} » invalide : 9 chiffres, c'est un SIREN ; ajoutez les 5 chiffres de l'établissement (NIC) ; {shape}"
        ));
    }
    if n != 14 {
        return Err(format!("SIRET « {t} » invalide : {n} chiffres au lieu de 14 ; {shape}"));
    }
    let b = digits.as_bytes();
    // The head office of La Poste follows Luhn like everyone else.
    let ok = if digits.starts_with("356000000") && digits != "35600000000048" {
        luhn(&b[..9]) && b.iter().map(|d| u32::from(d - b'0')).sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&b[..9]) && luhn(b)
    };
    if !ok {
        return Err(format!(
            "SIRET « {t} » invalide : la clé de contrôle ne correspond pas, vérifiez les chiffres (annuaire-entreprises.data.gouv.fr)"
        ));
    }
    Ok(digits)
}

/// A French postal code: exactly five digits, not starting with 00 ("18100", "01000").
pub fn postal_code(text: &str) -> Result<String, String> {
    let t = text.trim();
    let shape = "forme attendue : 5 chiffres, par exemple 18100";
    if t.is_empty() {
        return Err(format!("code postal vide ; {shape}"));
    }
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) && digits != t {
        return Err(format!("code postal « {t} » invalide : sans espace, {digits} ; {shape}"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("code postal « {t} » invalide : seulement des chiffres ; {shape}"));
    }
    if t.len() == 4 {
        return Err(format!(
            "code postal « {t} » invalide : 4 chiffres ; s'il commence par 0 (0{t}), écrivez-le entre guillemets dans le YAML : \"0{t}\""
        ));
    }
    if t.len() != 5 {
        return Err(format!("code postal « {t} » invalide : {} chiffres au lieu de 5 ; {shape}", t.len()));
    }
    if t.starts_with("00") {
        return Err(format!("code postal « {t} » invalide : aucun code postal ne commence par 00 ; {shape}"));
    }
    Ok(t.to_string())
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

/// A record id: `[a-z0-9]+(-[a-z0-9]+)*` ("ml-vierzon"). The error suggests a corrected id.
pub fn id(text: &str) -> Result<(), String> {
    if text.len() > MAX_ID_LEN {
        return Err(format!(
            "identifiant de {} caractères : {MAX_ID_LEN} au plus, il fait le nom d'un fichier et d'un dossier du site",
            text.chars().count()
        ));
    }
    if WINDOWS_RESERVED.contains(&text) {
        return Err(format!(
            "identifiant « {text} » réservé par Windows : aucun fichier ni dossier ne peut s'y appeler ainsi \
             (le site doit pouvoir être copié sur une clé USB) ; proposition : « {text}-1 »"
        ));
    }
    let valid = !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if valid {
        return Ok(());
    }
    let rule = "lettres minuscules sans accents, chiffres et tirets simples, sans tiret au début ni à la fin";
    if text.trim().is_empty() {
        return Err(format!("identifiant vide : {rule}"));
    }
    let suggestion = suggest_id(text);
    if suggestion.is_empty() {
        Err(format!("identifiant « {text} » invalide : {rule}"))
    } else {
        Err(format!("identifiant « {text} » invalide : {rule} ; proposition : « {suggestion} »"))
    }
}

/// The longest id: it names a file of the guide and a folder of the site, whose paths some file
/// systems and archive tools limit to 255 characters in all.
pub const MAX_ID_LEN: usize = 100;

/// Names that Windows gives to devices: no file or folder may take them, whatever the extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The closest valid id: lowercase, accents removed, anything else turned into single hyphens
/// ("Mission Locale d'Évreux" → "mission-locale-d-evreux"). May be empty.
pub fn suggest_id(text: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in fold(text).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// Lowercase without diacritics (French and common Latin letters).
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Did you mean
// ---------------------------------------------------------------------------------------------

/// The candidate an editor most likely meant by `word` (a mistyped key or id), or `None` when
/// nothing is close. Comparison ignores case, accents and `-` versus `_`; a candidate is close
/// when its Damerau-Levenshtein distance is at most a third of the word's length (at least 1, at
/// most 3), or when one is a prefix of the other and the shorter has at least 4 letters
/// ("horaires" → "horaires_accueil"). Ties go to the first candidate. A candidate equal to
/// `word` is returned as is.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| fold(s.trim()).replace('-', "_");
    let w = norm(word);
    if w.is_empty() {
        return None;
    }
    let limit = (w.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        let n = norm(c);
        let d = strsim::damerau_levenshtein(&w, &n);
        let score = if d <= limit {
            Some(d)
        } else {
            let (short, long) = if w.len() <= n.len() { (&w, &n) } else { (&n, &w) };
            (short.chars().count() >= 4 && long.starts_with(short.as_str())).then_some(limit + 1)
        };
        if let Some(s) = score
            && best.is_none_or(|(b, _)| s < b)
        {
            best = Some((s, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The ids of `candidates` closest to `id`, at most three, best first: [`did_you_mean`]'s, then
/// those that contain every part of `id` between hyphens (`vierzon` → `bassin-de-vierzon`) or
/// whose parts are all in `id` (`cio-cher` → `cio`), nearest by edit distance first.
pub fn closest_ids<'a>(id: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let parts = |s: &str| -> Vec<String> {
        fold(s.trim()).split(['-', '_', '/']).filter(|p| !p.is_empty()).map(str::to_string).collect()
    };
    let wanted = parts(id);
    let mut found: Vec<&'a str> = did_you_mean(id, candidates).into_iter().collect();
    let mut contained: Vec<(usize, &'a str)> = candidates
        .iter()
        .filter(|c| !found.contains(c))
        .filter(|c| {
            let theirs = parts(c);
            !wanted.is_empty()
                && !theirs.is_empty()
                && (wanted.iter().all(|p| theirs.contains(p)) || theirs.iter().all(|p| wanted.contains(p)))
        })
        .map(|&c| (strsim::damerau_levenshtein(id, c), c))
        .collect();
    contained.sort();
    found.extend(contained.into_iter().map(|(_, c)| c));
    found.truncate(3);
    found
}

/// « vouliez-vous dire « a » ? », « … « a » ou « b » ? », « … « a », « b » ou « c » ? ».
pub fn suggestion(ids: &[&str]) -> Option<String> {
    let quoted: Vec<String> = ids.iter().map(|id| format!("« {id} »")).collect();
    let (last, rest) = quoted.split_last()?;
    let list = if rest.is_empty() { last.clone() } else { format!("{} ou {last}", rest.join(", ")) };
    Some(format!("vouliez-vous dire {list} ?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_find_a_part_as_well_as_a_typo() {
        let ids = ["bassin-de-bourges", "bassin-de-vierzon", "cher", "cio", "cio-indre", "mission-locale"];
        let cases: [(&str, &[&str]); 5] = [
            ("vierzon", &["bassin-de-vierzon"]),
            ("cio-cher", &["cher", "cio"]),
            ("mision-locale", &["mission-locale"]),
            ("bassin-de-vierzn", &["bassin-de-vierzon"]),
            ("eure", &[]),
        ];
        for (id, expected) in cases {
            assert_eq!(closest_ids(id, &ids), expected, "{id}");
        }
        assert_eq!(suggestion(&["a", "b", "c"]).as_deref(), Some("vouliez-vous dire « a », « b » ou « c » ?"));
        assert_eq!(suggestion(&[]), None);
    }

    /// Runs `f` on every input: `Ok(expected)` must give that value, `Err(part)` an error
    /// containing `part`.
    fn check<T: PartialEq + fmt::Debug>(f: impl Fn(&str) -> Result<T, String>, cases: &[(&str, Result<T, &str>)]) {
        for (input, expected) in cases {
            match (f(input), expected) {
                (Ok(got), Ok(want)) => assert_eq!(&got, want, "input {input:?}"),
                (Err(err), Err(part)) => {
                    assert!(err.contains(part), "error for {input:?} should contain {part:?}: {err}")
                }
                (got, want) => panic!("input {input:?}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn emails() {
        let ok = |s: &str| Ok(s.to_string());
        check(
            email,
            &[
                ("accueil@ml-vierzon.fr", ok("accueil@ml-vierzon.fr")),
                ("  contact@cio-bourges.fr ", ok("contact@cio-bourges.fr")),
                ("jean.dupont+spro@exemple.gouv.fr", ok("jean.dupont+spro@exemple.gouv.fr")),
                ("Accueil@Exemple.FR", ok("Accueil@Exemple.FR")),
                ("", Err("courriel vide")),
                ("Jean <jean@exemple.fr>", Err("sans nom ni chevrons")),
                ("<jean@exemple.fr>", Err("sans nom ni chevrons")),
                ("mailto:jean@exemple.fr", Err("sans « mailto: »")),
                ("jean@exemple", Err("doit contenir un point")),
                ("jean.exemple.fr", Err("il manque l'arobase")),
                ("jean@@exemple.fr", Err("une seule arobase")),
                ("@exemple.fr", Err("rien avant l'arobase")),
                ("jean@", Err("rien après l'arobase")),
                ("jean@exemple..fr", Err("point mal placé")),
                ("jean@[192.168.0.1]", Err("pas une adresse IP")),
                ("jean dupont@exemple.fr", Err("pas d'espace")),
                ("a@exemple.fr, b@exemple.fr", Err("pas d'espace")),
                ("a@exemple.fr;b@exemple.fr", Err("une seule adresse par champ")),
                ("jean(dupont)@exemple.fr", Err("caractère non permis")),
            ],
        );
    }

    #[test]
    fn public_addresses_only() {
        for (ip, public) in [
            ("93.184.215.14", true),
            ("2a00:1450:4007:80a::200e", true),
            ("127.0.0.1", false),
            ("127.8.9.10", false),
            ("10.1.2.3", false),
            ("172.16.0.1", false),
            ("192.168.1.1", false),
            ("169.254.169.254", false),
            ("100.64.0.1", false),
            ("0.0.0.0", false),
            ("224.0.0.1", false),
            ("255.255.255.255", false),
            ("240.0.0.1", false),
            ("192.0.2.10", false),
            ("198.18.0.1", false),
            ("::1", false),
            ("::", false),
            ("fc00::1", false),
            ("fd12:3456::1", false),
            ("fe80::1", false),
            ("ff02::1", false),
            ("2001:db8::1", false),
            ("::ffff:127.0.0.1", false),
            ("::ffff:93.184.215.14", true),
            ("64:ff9b::a9fe:a9fe", false),
            ("2002:7f00:1::", false),
        ] {
            assert_eq!(is_public_ip(ip.parse().expect("ip")), public, "{ip}");
        }
        let warning = |u: &str| url_host_warning(&web_url(u).expect("valid"));
        assert_eq!(warning("https://www.exemple.fr/"), None);
        assert!(warning("http://127.1:8080/").expect("loopback").contains("(127.0.0.1)"));
        assert!(warning("http://[::1]/").expect("v6 loopback").contains("(::1)"));
        assert!(warning("http://admin.localhost/").expect("localhost").contains("(admin.localhost)"));
        assert!(warning("https://93.184.215.14/").expect("ip").contains("est un numéro IP"));
    }

    #[test]
    fn web_urls() {
        let ok = |s: &str| Ok(s.to_string());
        check(
            |s| web_url(s).map(|u| u.to_string()),
            &[
                ("https://www.mission-locale.fr", ok("https://www.mission-locale.fr/")),
                ("http://cio.ac-orleans-tours.fr/bourges", ok("http://cio.ac-orleans-tours.fr/bourges")),
                ("HTTPS://Exemple.FR/Page?x=1#a", ok("https://exemple.fr/Page?x=1#a")),
                ("  https://exemple.fr/a  ", ok("https://exemple.fr/a")),
                ("https://exemple.fr:8443/", ok("https://exemple.fr:8443/")),
                ("https://192.0.2.10/", ok("https://192.0.2.10/")),
                ("https://exemple.fr./", ok("https://exemple.fr./")),
                ("", Err("adresse web vide")),
                ("www.exemple.fr", Err("ajoutez « https:// » au début : https://www.exemple.fr")),
                ("exemple.fr/page", Err("ajoutez « https:// »")),
                ("https:/exemple.fr", Err("deux barres obliques")),
                ("ftp://exemple.fr/fichier", Err("pas « ftp:// »")),
                ("javascript://alert(1)", Err("pas « javascript:// »")),
                ("mailto:a@exemple.fr", Err("c'est un courriel")),
                ("contact@exemple.fr", Err("c'est un courriel")),
                ("https://", Err("il manque le nom du site")),
                ("https://intranet/page", Err("nom de domaine incomplet « intranet »")),
                ("https://exemple..fr/", Err("point mal placé dans le nom de domaine")),
                ("https://exe mple.fr/", Err("une espace")),
                ("https://exemple.fr:abc/", Err("port invalide")),
                ("https://exemple.fr/a b", Err("une espace")),
                ("https://user:pass@exemple.fr/", Err("pas d'identifiant")),
                ("https://exemple.fr:99999/", Err("port invalide")),
            ],
        );
    }

    #[test]
    fn dates() {
        let d = |y, m, day| Ok(Date { year: y, month: m, day });
        check(
            date,
            &[
                ("2025-03-01", d(2025, 3, 1)),
                (" 2025-12-31 ", d(2025, 12, 31)),
                ("2024-02-29", d(2024, 2, 29)),
                ("2000-02-29", d(2000, 2, 29)),
                ("", Err("date vide")),
                ("2025-02-29", Err("le 29 février 2025 n'existe pas (28 jours ce mois-là)")),
                ("1900-02-29", Err("n'existe pas")),
                ("2025-04-31", Err("le 31 avril 2025 n'existe pas (30 jours ce mois-là)")),
                ("2025-13-01", Err("il n'y a pas de mois 13")),
                ("2025-00-10", Err("il n'y a pas de mois 00")),
                ("2025-01-00", Err("le 0 janvier 2025 n'existe pas")),
                ("01/03/2025", Err("écrivez l'année d'abord : 2025-03-01")),
                ("1/3/2025", Err("écrivez l'année d'abord : 2025-03-01")),
                ("01-03-2025", Err("écrivez l'année d'abord : 2025-03-01")),
                ("2025-3-1", Err("sur deux chiffres, séparés par des tirets : 2025-03-01")),
                ("2025/03/01", Err("séparés par des tirets : 2025-03-01")),
                ("2025-03-01T10:00", Err("année-mois-jour")),
                ("1er mars 2025", Err("année-mois-jour")),
                ("2025-03-0a", Err("année-mois-jour")),
                ("+025-03-01", Err("année-mois-jour")),
            ],
        );
    }

    #[test]
    fn date_arithmetic() {
        let cases: &[(&str, i64)] = &[
            ("1970-01-01", 0),
            ("1970-01-02", 1),
            ("1969-12-31", -1),
            ("2000-03-01", 11_017),
            ("2024-02-29", 19_782),
            ("2025-03-01", 20_148),
        ];
        for (text, days) in cases {
            let d = date(text).expect(text);
            assert_eq!(d.days_since_epoch(), *days, "{text}");
            assert_eq!(Date::from_days_since_epoch(*days), d, "{text}");
            assert_eq!(d.to_string(), *text);
        }
        // Round trip over four centuries, leap years included.
        let mut prev = Date::from_days_since_epoch(-200_000);
        for n in -199_999..=200_000 {
            let d = Date::from_days_since_epoch(n);
            assert_eq!(d.days_since_epoch(), n);
            assert!(d > prev, "{d} after {prev}");
            assert!(Date::new(d.year, d.month, d.day).is_some());
            prev = d;
        }
        let days = |text: &str| date(text).expect("valid").days_since_epoch();
        assert_eq!(days("2025-03-01") - days("2024-03-01"), 365);
        assert_eq!(days("2025-01-01") - days("2024-01-01"), 366);
        // Extreme inputs do not overflow.
        let _ = Date::from_days_since_epoch(i64::MAX);
        let _ = Date::from_days_since_epoch(i64::MIN);
        let far = Date { year: i32::MAX, month: 12, day: 31 };
        assert!(far.days_since_epoch() > 0);
    }

    #[test]
    fn date_in_french() {
        let cases: &[(&str, &str)] =
            &[("2025-03-01", "1er mars 2025"), ("2025-07-14", "14 juillet 2025"), ("2025-08-15", "15 août 2025")];
        for (text, french) in cases {
            assert_eq!(date(text).expect(text).french(), *french);
        }
    }

    #[test]
    fn sirets() {
        let ok = |s: &str| Ok(s.to_string());
        check(
            siret,
            &[
                ("73282932000074", ok("73282932000074")),
                ("732 829 320 00074", ok("73282932000074")),
                ("13000548100010", ok("13000548100010")),
                // La Poste: no Luhn, the digit sum is a multiple of 5.
                ("35600000000048", ok("35600000000048")),
                ("35600000049837", ok("35600000049837")),
                ("", Err("SIRET vide")),
                ("73282932000075", Err("clé de contrôle")),
                ("35600000049838", Err("clé de contrôle")),
                ("732829320", Err("c'est un SIREN")),
                ("7328293200007", Err("13 chiffres au lieu de 14")),
                ("732829320000745", Err("15 chiffres au lieu de 14")),
                ("7328293200007A", Err("caractère « A »")),
                ("732-829-320-00074", Err("caractère « - »")),
            ],
        );
    }

    #[test]
    fn postal_codes() {
        let ok = |s: &str| Ok(s.to_string());
        check(
            postal_code,
            &[
                ("18100", ok("18100")),
                ("01000", ok("01000")),
                (" 97400 ", ok("97400")),
                ("", Err("code postal vide")),
                ("18 100", Err("sans espace, 18100")),
                ("1000", Err("écrivez-le entre guillemets dans le YAML : \"01000\"")),
                ("181000", Err("6 chiffres au lieu de 5")),
                ("18A00", Err("seulement des chiffres")),
                ("00100", Err("aucun code postal ne commence par 00")),
            ],
        );
    }

    #[test]
    fn ids() {
        check(
            id,
            &[
                ("ml-vierzon", Ok(())),
                ("cio", Ok(())),
                ("bassin-18-1", Ok(())),
                ("2025", Ok(())),
                ("", Err("identifiant vide")),
                ("ML-Vierzon", Err("proposition : « ml-vierzon »")),
                ("ml_vierzon", Err("proposition : « ml-vierzon »")),
                ("mission locale", Err("proposition : « mission-locale »")),
                ("Mission Locale d'Évreux", Err("proposition : « mission-locale-d-evreux »")),
                ("cœur-de-france", Err("proposition : « coeur-de-france »")),
                ("-ml", Err("proposition : « ml »")),
                ("ml-", Err("proposition : « ml »")),
                ("ml--vierzon", Err("proposition : « ml-vierzon »")),
                ("../etc", Err("proposition : « etc »")),
                ("con", Err("réservé par Windows")),
                ("lpt1", Err("proposition : « lpt1-1 »")),
                ("console", Ok(())),
                (&"a".repeat(100), Ok(())),
                (&"a".repeat(101), Err("identifiant de 101 caractères : 100 au plus")),
                ("ml/vierzon", Err("proposition : « ml-vierzon »")),
                ("___", Err("tirets simples")),
            ],
        );
        let cases: &[(&str, &str)] = &[
            ("Bassin de Saint-Amand-Montrond", "bassin-de-saint-amand-montrond"),
            ("  CIO  Bourges ", "cio-bourges"),
            ("Pôle emploi (Vierzon)", "pole-emploi-vierzon"),
            ("___", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(suggest_id(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn did_you_mean_hints() {
        let keys = [
            "nom",
            "reseau",
            "territoire",
            "zone",
            "adresse",
            "complement_adresse",
            "code_postal",
            "commune",
            "code_insee",
            "telephone",
            "courriel",
            "site_web",
            "horaires_accueil",
            "publics",
            "besoins",
            "siret",
            "date_maj",
            "source",
            "description",
        ];
        let cases: &[(&str, Option<&str>)] = &[
            ("telephon", Some("telephone")),
            ("téléphone", Some("telephone")),
            ("Telephone", Some("telephone")),
            ("adress", Some("adresse")),
            ("code-postal", Some("code_postal")),
            ("code_postale", Some("code_postal")),
            ("courriell", Some("courriel")),
            ("coruriel", Some("courriel")),
            ("horaires", Some("horaires_accueil")),
            ("site", Some("site_web")),
            ("public", Some("publics")),
            ("reseaux", Some("reseau")),
            ("nom", Some("nom")),
            ("email", None),
            ("latitude", None),
            ("x", None),
            ("", None),
        ];
        for (word, expected) in cases {
            assert_eq!(did_you_mean(word, &keys), *expected, "{word:?}");
        }
        assert_eq!(did_you_mean("ml-vierzn", &["ml-bourges", "ml-vierzon"]), Some("ml-vierzon"));
        assert_eq!(did_you_mean("anything", &[]), None);
    }
}
