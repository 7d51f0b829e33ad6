//! A partner as a vCard 4.0 (RFC 6350), to add it to a phone's contacts: only the fields the
//! guide has, never a guessed one.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::content::load::Record;
use crate::content::model::Partner;
use crate::content::phone;

/// What a `data:` URL keeps as is: letters, digits and the punctuation that a URL allows
/// anywhere and that vCard lines are made of; the rest (spaces, line ends, `%`, `\\`, quotes,
/// non-ASCII letters) is percent-encoded.
const DATA_URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b';')
    .remove(b',')
    .remove(b'=')
    .remove(b'+')
    .remove(b'@')
    .remove(b'/')
    .remove(b'(')
    .remove(b')');

/// A partner's vCard as a `data:` URL, for the « Ajouter aux contacts » link of its page (with
/// `download`): the card travels inside the page, so that a national guide does not write
/// 20,000 small `.vcf` files beside its pages, and it works from disk as from a server.
pub fn data_url(partner: &Record<Partner>) -> String {
    format!("data:text/vcard;charset=utf-8,{}", utf8_percent_encode(&card(partner), DATA_URL))
}

/// The vCard text of a partner: CRLF line ends, lines folded at 75 octets.
pub fn card(partner: &Record<Partner>) -> String {
    let d = &partner.data;
    let name = d.nom.trim();
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:4.0".to_string(),
        "KIND:org".to_string(),
        format!("FN:{}", escape(name)),
        format!("ORG:{}", escape(name)),
    ];
    if let Some(tel) = d.telephone.as_deref().and_then(|t| phone::parse(t).ok()) {
        lines.push(format!("TEL;VALUE=uri;TYPE=work,voice:{}", tel.tel_uri()));
    }
    if let Some(mail) = d.courriel.as_deref().and_then(|m| crate::content::fields::email(m).ok()) {
        lines.push(format!("EMAIL;TYPE=work:{}", escape(&mail)));
    }
    if let Some(url) = d.site_web.as_deref().and_then(|u| crate::content::fields::web_url(u).ok()) {
        lines.push(format!("URL:{url}"));
    }
    if let Some(adr) = address(d) {
        lines.push(format!("ADR;TYPE=work:{adr}"));
    }
    if let (Some(lat), Some(lon)) = (d.latitude, d.longitude) {
        lines.push(format!("GEO:geo:{},{}", lat.0, lon.0));
    }
    lines.push("END:VCARD".to_string());
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

/// ADR's seven components (post office box; extended address; street; locality; region; postal
/// code; country), or `None` without any of them. The country is left empty: the guide does not
/// write it.
fn address(d: &Partner) -> Option<String> {
    let parts = [
        None,
        d.complement_adresse.as_deref(),
        d.adresse.as_deref(),
        d.commune.as_deref(),
        None,
        d.code_postal.as_deref(),
        None,
    ];
    if parts.iter().flatten().all(|p| p.trim().is_empty()) {
        return None;
    }
    Some(parts.iter().map(|p| escape(p.unwrap_or_default().trim())).collect::<Vec<_>>().join(";"))
}

/// Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line (RFC 6350 §3.2): at most 75 octets per line, continuation lines start
/// with a space, never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / MAX * 3);
    // The first line holds 75 octets; a continuation line holds 74 after its leading space.
    let mut room = MAX;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            room = MAX - 1;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        for (text, expected) in [
            ("Mission locale", "Mission locale"),
            ("CIO, antenne; nord", "CIO\\, antenne\\; nord"),
            ("a\\b", "a\\\\b"),
            ("ligne 1\r\nligne 2", "ligne 1\\nligne 2"),
        ] {
            assert_eq!(escape(text), expected, "{text}");
        }
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let ascii = format!("FN:{}", "a".repeat(200));
        let accents = format!("FN:{}", "é".repeat(100));
        for line in [ascii.as_str(), accents.as_str(), "FN:court"] {
            let folded = fold(line);
            let parts: Vec<&str> = folded.split("\r\n").collect();
            assert!(parts.iter().all(|p| p.len() <= 75), "{folded:?}");
            assert!(parts[1..].iter().all(|p| p.starts_with(' ')), "{folded:?}");
            let unfolded: String = folded.replace("\r\n ", "");
            assert_eq!(unfolded, line);
        }
        assert_eq!(fold(&"a".repeat(75)), "a".repeat(75));
        assert_eq!(fold(&"a".repeat(76)), format!("{}\r\n a", "a".repeat(75)));
    }
}
