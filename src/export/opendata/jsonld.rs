//! schema.org JSON-LD of a partner page, for search engines and assistants: only the fields the
//! guide has.

use serde_json::{Map, Value, json};

use crate::content::load::Record;
use crate::content::model::Partner;
use crate::content::phone;

/// The JSON-LD object of a partner. `url` is its website when it has one. The type is
/// `GovernmentOffice`: every partner is a member of a public service (the SPRO), and the type
/// carries an address, a phone and opening hours.
pub fn partner(partner: &Record<Partner>) -> Value {
    let d = &partner.data;
    let mut object = Map::new();
    object.insert("@context".into(), json!("https://schema.org"));
    object.insert("@type".into(), json!("GovernmentOffice"));
    object.insert("name".into(), json!(d.nom.trim()));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            object.insert(key.into(), v);
        }
    };
    put(
        "telephone",
        d.telephone
            .as_deref()
            .and_then(|t| phone::parse(t).ok())
            .map(|p| json!(p.e164().unwrap_or_else(|| p.display()))),
    );
    put("email", d.courriel.as_deref().and_then(|m| crate::content::fields::email(m).ok()).map(Value::from));
    put("url", d.site_web.as_deref().and_then(|u| crate::content::fields::web_url(u).ok()).map(|u| json!(u.as_str())));
    put("address", address(d));
    put(
        "geo",
        d.latitude
            .zip(d.longitude)
            .map(|(lat, lon)| json!({"@type": "GeoCoordinates", "latitude": lat.0, "longitude": lon.0})),
    );
    put("openingHours", d.horaires_accueil.as_deref().and_then(opening_hours).map(Value::from));
    Value::Object(object)
}

fn address(d: &Partner) -> Option<Value> {
    let mut object = Map::new();
    let street = match (d.adresse.as_deref(), d.complement_adresse.as_deref()) {
        (Some(a), Some(c)) => Some(format!("{}, {}", a.trim(), c.trim())),
        (Some(a), None) => Some(a.trim().to_string()),
        (None, c) => c.map(|c| c.trim().to_string()),
    };
    for (key, value) in [
        ("streetAddress", street.as_deref()),
        ("postalCode", d.code_postal.as_deref()),
        ("addressLocality", d.commune.as_deref()),
    ] {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            object.insert(key.into(), json!(v));
        }
    }
    if object.is_empty() {
        return None;
    }
    object.insert("@type".into(), json!("PostalAddress"));
    Some(Value::Object(object))
}

/// schema.org `openingHours` ("Mo-Fr 09:00-12:00") from OpenStreetMap `opening_hours`, only when
/// every rule is plain days and times (the two syntaxes agree there). `PH off` is dropped:
/// schema.org's regular hours cannot say it. Any other rule (dates, weeks, comments) gives
/// `None` rather than hours that would say something else.
pub fn opening_hours(osm: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for rule in osm.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        if rule == "PH off" {
            continue;
        }
        let (days, times) = rule.split_once(' ')?;
        let days_ok =
            days.split(',').all(|d| d.split('-').all(is_day)) && days.split(',').all(|d| d.split('-').count() <= 2);
        if !days_ok {
            return None;
        }
        for range in times.split(',') {
            let (from, to) = range.trim().split_once('-')?;
            if !is_time(from) || !is_time(to) {
                return None;
            }
            out.push(format!("{days} {from}-{to}"));
        }
    }
    (!out.is_empty()).then_some(out)
}

fn is_day(d: &str) -> bool {
    ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].contains(&d)
}

fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5 && b[2] == b':' && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit)
}

/// The JSON text for a `<script type="application/ld+json">` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e`, `\u0026` (the same JSON value), so that no content can close
/// the element or open a comment in it.
pub fn script_text(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_hours_only_when_both_syntaxes_agree() {
        let some = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        for (osm, expected) in [
            ("Mo-Fr 09:00-12:00,13:30-17:00; PH off", some(&["Mo-Fr 09:00-12:00", "Mo-Fr 13:30-17:00"])),
            ("Mo,We 08:30-12:00; Sa 09:00-12:00", some(&["Mo,We 08:30-12:00", "Sa 09:00-12:00"])),
            ("Mo-Fr 09:00-17:00; Aug off", None),
            ("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", None),
            ("week 1-53/2 Mo 09:00-12:00", None),
            ("24/7", None),
            ("PH off", None),
        ] {
            assert_eq!(opening_hours(osm), expected, "{osm}");
        }
    }

    #[test]
    fn script_text_cannot_close_the_element() {
        let hostile = json!({"name": "</script><script>alert(1)</script> & <!--"});
        let text = script_text(&hostile);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, hostile);
    }
}
