//! Open data: the directory of partners as files others can reuse.
//!
//! Here is the graph, give me `donnees/structures.json` in the data·inclusion v1 "structure"
//! format (gip-inclusion/data-inclusion-schema, `Structure` model), `donnees/structures.csv` for a
//! French spreadsheet, `donnees/services.json` (data·inclusion v1 `Service`, [`services`]), and
//! what the `/donnees/` page says about them. Also one vCard per partner
//! ([`vcard`]) and the schema.org JSON-LD of a partner page ([`jsonld`]).
//!
//! Content is true or absent: a field that does not meet the schema's rule is null, never
//! guessed; a record that cannot meet a required rule (`nom` 3 to 150 characters, `date_maj`
//! known, since 2000 and not in the future) is left out of the JSON and counted on the page. The
//! CSV, our own format, lists every partner.

pub(crate) mod jsonld;
pub mod services;
pub(crate) mod vcard;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::fields::{self, Date};
use crate::content::load::Record;
use crate::content::model::Partner;
use crate::content::phone;
use crate::content::vocab;
use crate::graph::Graph;
use crate::graph::address;
use crate::output::Files;

/// One partner in the data·inclusion v1 `Structure` shape. Absent values are `null`.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Structure {
    pub source: String,
    pub id: String,
    pub nom: String,
    pub date_maj: Option<String>,
    pub description: Option<String>,
    pub lien_source: Option<String>,
    pub siret: Option<String>,
    pub commune: Option<String>,
    pub code_postal: Option<String>,
    pub code_insee: Option<String>,
    pub adresse: Option<String>,
    pub complement_adresse: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub telephone: Option<String>,
    pub courriel: Option<String>,
    pub site_web: Option<String>,
    pub horaires_accueil: Option<String>,
    pub accessibilite_lieu: Option<String>,
    pub reseaux_porteurs: Option<Vec<String>>,
}

/// Why a partner is not in the JSON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    NoDate,
    DateBefore2000,
    DateInFuture,
    NameLength,
    /// A service without a description of 5 to 10,000 characters.
    DescriptionLength,
    /// A service whose structure is left out.
    NoStructure,
}

impl LeftOut {
    pub fn french(self) -> &'static str {
        match self {
            LeftOut::NoDate => "date de vérification absente",
            LeftOut::DateBefore2000 => "date de vérification antérieure à l'an 2000",
            LeftOut::DateInFuture => "date de vérification dans le futur",
            LeftOut::NameLength => "nom de moins de 3 ou de plus de 150 caractères",
            LeftOut::DescriptionLength => "description absente, ou de moins de 5 ou de plus de 10 000 caractères",
            LeftOut::NoStructure => "structure absente du fichier des structures",
        }
    }
}

/// What the `/donnees/` page says about the files.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Partners in the CSV (all of them).
    pub partners: usize,
    /// Partners in the JSON.
    pub exported: usize,
    /// Partners left out of the JSON, by reason (reasons in a fixed order, without zero counts).
    pub left_out: Vec<(LeftOut, usize)>,
    /// The newest `date_maj` of the JSON's records: when the data last changed (never the build
    /// date, nor a date in the future).
    pub updated: Option<Date>,
    pub json_bytes: usize,
    pub csv_bytes: usize,
    /// Services of the partners (all of them), in the JSON, and left out of it by reason.
    pub services: usize,
    pub services_exported: usize,
    pub services_left_out: Vec<(LeftOut, usize)>,
    pub services_json_bytes: usize,
    /// The data·inclusion `source`: the producer's identifier.
    pub producer: String,
}

/// The export files and their summary.
pub struct Export {
    pub files: Files,
    pub summary: Summary,
}

/// Builds the JSON and CSV files of the directory. `base_url` gives each record's `lien_source`
/// (its page on the site); `today` (days since 1970-01-01) bounds `date_maj`.
pub fn export(g: &Graph, base_url: Option<&str>, today: i64) -> Result<Export, String> {
    let producer = producer(g);
    let mut order: Vec<usize> = (0..g.partners.len()).collect();
    order.sort_by(|&a, &b| g.partners[a].id.cmp(&g.partners[b].id));
    let structures: Vec<Structure> =
        order.par_iter().map(|&p| structure(g, g.partners[p], &producer, base_url)).collect();
    let verdicts: Vec<Option<LeftOut>> = structures.iter().map(|s| left_out(s, today)).collect();
    let kept: Vec<&Structure> = structures.iter().zip(&verdicts).filter(|(_, v)| v.is_none()).map(|(s, _)| s).collect();
    let json = json_file(address::OPEN_DATA_JSON, &kept)?;
    let csv = csv_file(g, &order, &structures)?;
    let service_records: Vec<(services::ServiceRecord, Option<LeftOut>)> = order
        .iter()
        .zip(structures.iter().zip(&verdicts))
        .flat_map(|(&p, (s, verdict))| {
            services::of_partner(&g.partners[p].data.services, s).into_iter().map(|r| {
                let why = services::left_out(&r, *verdict);
                (r, why)
            })
        })
        .collect();
    let service_verdicts: Vec<Option<LeftOut>> = service_records.iter().map(|(_, v)| *v).collect();
    let kept_services: Vec<&services::ServiceRecord> =
        service_records.iter().filter(|(_, v)| v.is_none()).map(|(r, _)| r).collect();
    let services_json = json_file(address::OPEN_DATA_SERVICES, &kept_services)?;
    let summary = Summary {
        partners: structures.len(),
        exported: verdicts.iter().filter(|v| v.is_none()).count(),
        left_out: count_reasons(&verdicts),
        updated: kept.iter().filter_map(|s| s.date_maj.as_deref()).filter_map(|d| fields::date(d).ok()).max(),
        json_bytes: json.len(),
        csv_bytes: csv.len(),
        services: service_records.len(),
        services_exported: kept_services.len(),
        services_left_out: count_reasons(&service_verdicts),
        services_json_bytes: services_json.len(),
        producer,
    };
    let files = vec![
        (address::OPEN_DATA_JSON.into(), json),
        (address::OPEN_DATA_CSV.into(), csv),
        (address::OPEN_DATA_SERVICES.into(), services_json),
    ];
    Ok(Export { files, summary })
}

/// The producer identifier (`source`) of this guide: `spro-` and the id of its region, stable
/// across builds and distinct between regions.
pub(crate) fn producer(g: &Graph) -> String {
    format!("spro-{}", g.territories[g.root].record.id)
}

/// A partner mapped onto the data·inclusion fields. Each value goes through the same validator
/// as `check`, so that a value the schema would refuse becomes `null` rather than a bad value.
pub fn structure(g: &Graph, partner: &Record<Partner>, producer: &str, base_url: Option<&str>) -> Structure {
    let d = &partner.data;
    let reseau_porteur = g.network(&d.reseau).and_then(|n| g.networks[n].data.reseau_porteur.as_deref());
    Structure {
        source: producer.to_string(),
        id: format!("{producer}--{}", partner.id),
        nom: d.nom.trim().to_string(),
        date_maj: d.date_maj.as_deref().and_then(|t| fields::date(t).ok()).map(|d| d.to_string()),
        description: d
            .description
            .as_deref()
            .map(plain_text)
            .filter(|t| vocab::DESCRIPTION_CHARS.contains(&t.chars().count())),
        // `--base-url` may be any text: keep it only when it makes an http(s) URL, as the schema wants.
        lien_source: base_url.and_then(|base| web_url(&format!("{base}structures/{}/", partner.id))),
        siret: d.siret.as_deref().and_then(|s| fields::siret(s).ok()),
        commune: non_empty(d.commune.as_deref()),
        code_postal: d.code_postal.as_deref().and_then(|c| fields::postal_code(c).ok()),
        code_insee: d
            .code_insee
            .as_deref()
            .map(str::trim)
            .filter(|c| crate::content::communes::is_valid_insee_format(c))
            .map(str::to_string),
        adresse: non_empty(d.adresse.as_deref()),
        complement_adresse: non_empty(d.complement_adresse.as_deref()),
        longitude: d.longitude.map(|n| n.0),
        latitude: d.latitude.map(|n| n.0),
        telephone: d.telephone.as_deref().and_then(e164),
        courriel: d.courriel.as_deref().and_then(|c| fields::email(c).ok()),
        site_web: d.site_web.as_deref().and_then(web_url),
        horaires_accueil: non_empty(d.horaires_accueil.as_deref()),
        accessibilite_lieu: d.accessibilite_lieu.as_deref().and_then(web_url),
        reseaux_porteurs: reseau_porteur
            .filter(|code| vocab::RESEAUX_PORTEURS.contains(code))
            .map(|code| vec![code.to_string()]),
    }
}

/// A French number in E.164 (`+33248123456`); `None` for a short number (3949), which has no
/// international form, or for text that is not a number.
pub fn e164(text: &str) -> Option<String> {
    phone::parse(text).ok()?.e164()
}

fn web_url(text: &str) -> Option<String> {
    fields::web_url(text).ok().map(|u| u.to_string())
}

/// The text of a Markdown description without its markup: data·inclusion and spreadsheets take
/// plain text, and an `@/` link means nothing outside the site (its text stays). Raw HTML is
/// dropped.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_)) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Why `s` cannot be a data·inclusion structure, or `None` when it meets the required rules.
pub fn left_out(s: &Structure, today: i64) -> Option<LeftOut> {
    if !vocab::NAME_CHARS.contains(&s.nom.chars().count()) {
        return Some(LeftOut::NameLength);
    }
    let Some(date) = s.date_maj.as_deref().and_then(|d| fields::date(d).ok()) else {
        return Some(LeftOut::NoDate);
    };
    if date.year < 2000 {
        return Some(LeftOut::DateBefore2000);
    }
    (date.days_since_epoch() > today).then_some(LeftOut::DateInFuture)
}

fn count_reasons(verdicts: &[Option<LeftOut>]) -> Vec<(LeftOut, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for reason in verdicts.iter().flatten() {
        *counts.entry(*reason).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// A JSON array with one record per line: valid JSON that also diffs well in git.
fn json_file<T: Serialize + Sync>(path: &str, records: &[&T]) -> Result<Vec<u8>, String> {
    let lines: Vec<String> = records
        .par_iter()
        .map(|s| serde_json::to_string(s).map_err(|e| format!("{path} : {e}")))
        .collect::<Result<_, String>>()?;
    if lines.is_empty() {
        return Ok(b"[]\n".to_vec());
    }
    Ok(format!("[\n{}\n]\n", lines.join(",\n")).into_bytes())
}

/// The CSV columns: the JSON fields, then what the guide adds.
pub(crate) const CSV_COLUMNS: &[&str] = &[
    "id",
    "nom",
    "reseau",
    "reseaux_porteurs",
    "siret",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "publics",
    "besoins",
    "description",
    "date_maj",
    "lien_source",
    "origine",
];

/// Separator of the values of a list column (`publics`, `besoins`, `reseaux_porteurs`).
pub const LIST_SEPARATOR: &str = " | ";

/// A CSV that opens as columns in a French spreadsheet: UTF-8 with a byte order mark (without
/// it, Excel reads the accents as Windows-1252), `;` between fields (the French list separator),
/// every field quoted, CRLF line ends, decimal comma. Phones are in the French display form
/// (`02 48 12 34 56`): a spreadsheet would turn `+33248123456` into a number.
fn csv_file(g: &Graph, order: &[usize], structures: &[Structure]) -> Result<Vec<u8>, String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let rows: Vec<Vec<String>> = order.par_iter().zip(structures).map(|(&p, s)| csv_row(g, g.partners[p], s)).collect();
    let header = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    let failed = |e: &dyn std::fmt::Display| format!("{} : {e}", address::OPEN_DATA_CSV);
    for row in std::iter::once(header).chain(rows) {
        writer.write_record(row.iter().map(|cell| spreadsheet_text(cell).into_owned())).map_err(|e| failed(&e))?;
    }
    writer.into_inner().map_err(|e| failed(&e))
}

/// A cell that a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or a
/// tab or carriage return first) gets a leading `'`, as OWASP recommends against CSV injection:
/// spreadsheets then show it as text. A number (`-1,55`, a longitude) is not a formula and
/// stays a number.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = |t: &str| {
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        let (whole, fraction) = digits.split_once(',').unwrap_or((digits, "0"));
        [whole, fraction].iter().all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
    };
    if risky && !number(cell) { std::borrow::Cow::Owned(format!("'{cell}")) } else { std::borrow::Cow::Borrowed(cell) }
}

fn csv_row(g: &Graph, partner: &Record<Partner>, s: &Structure) -> Vec<String> {
    let d = &partner.data;
    let network = g.network(&d.reseau).map(|n| &g.networks[n].data);
    let codes = |own: Option<&Vec<String>>,
                 default: Option<&Vec<String>>,
                 list: &[&Record<crate::content::model::Code>]| {
        let ids = own.or(default).map(Vec::as_slice).unwrap_or_default();
        let labels: Vec<&str> =
            ids.iter().filter_map(|id| list.iter().find(|c| &c.id == id)).map(|c| c.data.libelle.as_str()).collect();
        labels.join(LIST_SEPARATOR)
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let decimal = |v: Option<f64>| v.map(|x| x.to_string().replace('.', ",")).unwrap_or_default();
    vec![
        s.id.clone(),
        s.nom.clone(),
        network.map(|n| n.nom.clone()).unwrap_or_default(),
        s.reseaux_porteurs.as_ref().map(|r| r.join(LIST_SEPARATOR)).unwrap_or_default(),
        text(&s.siret),
        text(&s.adresse),
        text(&s.complement_adresse),
        text(&s.code_postal),
        text(&s.commune),
        text(&s.code_insee),
        decimal(s.latitude),
        decimal(s.longitude),
        d.telephone.as_deref().and_then(|t| phone::parse(t).ok()).map(|p| p.display()).unwrap_or_default(),
        text(&s.courriel),
        text(&s.site_web),
        text(&s.horaires_accueil),
        text(&s.accessibilite_lieu),
        codes(d.publics.as_ref(), network.map(|n| &n.publics), &g.publics),
        codes(d.besoins.as_ref(), network.map(|n| &n.besoins), &g.needs),
        d.description.as_deref().map(plain_text).unwrap_or_default(),
        text(&s.date_maj),
        text(&s.lien_source),
        non_empty(d.source.as_deref()).unwrap_or_default(),
    ]
}

/// "12,3 Ko", "4,5 Mo": a file size for French readers.
pub fn french_size(bytes: usize) -> String {
    let (value, unit) = match bytes {
        b if b < 1_000 => return format!("{b} octets"),
        b if b < 1_000_000 => (b as f64 / 1e3, "Ko"),
        b => (b as f64 / 1e6, "Mo"),
    };
    format!("{value:.1} {unit}").replace('.', ",")
}

/// "1 structure", "20\u{a0}000 structures": a count for French readers (no-break space between
/// groups of three digits, plural from 2 on).
pub fn french_count(n: usize, noun: &str) -> String {
    let grouped = fields::grouped_thousands(n, '\u{a0}');
    format!("{grouped} {noun}{}", if n > 1 { "s" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_e164() {
        for (written, expected) in [
            ("02 48 12 34 56", Some("+33248123456")),
            ("+33 (0)2 48 12 34 56", Some("+33248123456")),
            ("0 800 222 100", Some("+33800222100")),
            ("0262 12 34 56", Some("+262262123456")),
            ("+687 28 12 34", Some("+687281234")),
            ("39 49", None),
            ("pas un numéro", None),
        ] {
            assert_eq!(e164(written).as_deref(), expected, "{written}");
        }
    }

    fn sample(nom: &str, date_maj: Option<&str>) -> Structure {
        Structure {
            source: "spro-test".into(),
            id: "spro-test--x".into(),
            nom: nom.into(),
            date_maj: date_maj.map(str::to_string),
            description: None,
            lien_source: None,
            siret: None,
            commune: None,
            code_postal: None,
            code_insee: None,
            adresse: None,
            complement_adresse: None,
            longitude: None,
            latitude: None,
            telephone: None,
            courriel: None,
            site_web: None,
            horaires_accueil: None,
            accessibilite_lieu: None,
            reseaux_porteurs: None,
        }
    }

    #[test]
    fn required_rules_decide_what_is_left_out() {
        let today = Date::new(2026, 11, 23).expect("date").days_since_epoch();
        let long = "é".repeat(151);
        let limit = "é".repeat(150);
        for (nom, date, expected) in [
            ("Mission locale", Some("2026-06-01"), None),
            ("CIO", Some("2026-11-23"), None),
            (limit.as_str(), Some("2026-06-01"), None),
            ("ML", Some("2026-06-01"), Some(LeftOut::NameLength)),
            (long.as_str(), Some("2026-06-01"), Some(LeftOut::NameLength)),
            ("Mission locale", None, Some(LeftOut::NoDate)),
            ("Mission locale", Some("1999-12-31"), Some(LeftOut::DateBefore2000)),
            ("Mission locale", Some("2026-11-24"), Some(LeftOut::DateInFuture)),
        ] {
            assert_eq!(left_out(&sample(nom, date), today), expected, "{nom} {date:?}");
        }
    }

    #[test]
    fn descriptions_become_plain_text() {
        for (markdown, expected) in [
            ("Accueil **sans** rendez-vous.", "Accueil sans rendez-vous."),
            ("Voir [la mission locale](@/structures/ml-vierzon).", "Voir la mission locale."),
            ("# Horaires\n\nLe mardi ;\nle jeudi.", "Horaires\n\nLe mardi ;\nle jeudi."),
            ("- CV\n- lettre", "CV\nlettre"),
            ("<b>gras</b> et `code`", "gras et code"),
            ("  ", ""),
        ] {
            assert_eq!(plain_text(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn formulas_are_text_in_a_spreadsheet() {
        for (cell, expected) in [
            ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
            ("+33 rue", "'+33 rue"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-1,55", "-1,55"),
            ("-12", "-12"),
            ("-1,5,5", "'-1,5,5"),
            ("-,5", "'-,5"),
            ("Mission locale = 1", "Mission locale = 1"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_text(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn counts_in_french() {
        for (n, expected) in [
            (0, "0 structure"),
            (1, "1 structure"),
            (2, "2 structures"),
            (999, "999 structures"),
            (20_000, "20\u{a0}000 structures"),
            (1_234_567, "1\u{a0}234\u{a0}567 structures"),
        ] {
            assert_eq!(french_count(n, "structure"), expected);
        }
    }

    #[test]
    fn sizes_in_french() {
        for (bytes, expected) in [(512, "512 octets"), (12_345, "12,3 Ko"), (4_560_000, "4,6 Mo")] {
            assert_eq!(french_size(bytes), expected);
        }
    }
}
