//! Synthetic, national-scale guide generator (issue 2, item 10).
//!
//! Writes a complete, valid guide folder following `content-format.md`, built over the real commune
//! reference (`src/content/communes/communes.tsv`) but with made-up partners, clearly labelled as synthetic:
//!
//! - the site is titled "Guide synthétique (données de test)";
//! - every partner is named "<réseau> synthétique de <commune>" and has
//!   `source: "synthétique : données générées pour les tests"`;
//! - phone numbers are in the ARCEP range reserved for fiction (`0X 99 xx xx xx`), e-mails and
//!   websites use the reserved domain `example.org`, SIRETs start with `99` (SIREN and SIRET
//!   Luhn-valid).
//!
//! Output is deterministic: a fixed-seed splitmix64 PRNG, a fixed reference date for `date_maj`,
//! sorted inputs. The same generator version, scale and commune reference give the same bytes.
//!
//! Territory tree: one root of type `region` ("France (synthétique)", or the real region for a
//! regional scale), whose children are the real départements (type `departement`, with their INSEE
//! code), whose children are synthetic bassins (type `bassin`). Every commune of the included
//! départements is in exactly one bassin: the communes of each département, sorted by INSEE code,
//! are cut into consecutive chunks. Collectivités d'outre-mer (975, 977, 978, 984, 986-989) are
//! neither regions nor départements and are left out.
//!
//! Used as a module by `benches/build.rs` and, on its own, as the `synthetic` bench target which
//! times the generation (`cargo bench --bench synthetic`). Other tests may include it with
//! `#[path = "../benches/synthetic.rs"] mod synthetic;`.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bumped whenever the generated guide changes, so that cached copies are regenerated.
pub const GENERATOR_VERSION: u32 = 2;

/// Title of every synthetic guide; also used to recognise a folder this generator may overwrite.
pub const SITE_TITLE: &str = "Guide synthétique (données de test)";

/// The `source` of every partner.
pub const SOURCE: &str = "synthétique : données générées pour les tests";

/// `date_maj` values are spread over the two years before this fixed date (year, month, day), so
/// that the output does not depend on the day it is generated: 95 % within 300 days, 5 % older
/// (up to 730 days), 1 % without `date_maj`. With the default `verification_max_jours` (365), about
/// 4 % of the partners are stale on that date (more as time goes by).
pub const REFERENCE_DATE: (i64, u32, u32) = (2026, 11, 1);

/// Size of a synthetic guide.
#[derive(Clone, Debug)]
pub struct Scale {
    /// Short name, used in stamps and reports ("national", "small").
    pub name: &'static str,
    /// Number of partners (`structures/**/*.yaml`).
    pub partners: usize,
    /// Number of bassins (at least one per included département).
    pub bassins: usize,
    /// Number of rules in `portes.yaml` (at most the number of meaningful pairs).
    pub rules: usize,
    /// Number of walkthroughs (`parcours/*.md`).
    pub parcours: usize,
    /// Number of free pages (`pages/*.md`, including `index.md`).
    pub pages: usize,
    /// INSEE code of the region to restrict to, or `None` for all of France (métropole and DROM).
    pub region: Option<&'static str>,
    /// PRNG seed.
    pub seed: u64,
}

impl Scale {
    /// All of France: ~35,000 communes, 101 départements, 900 bassins, 20,000 partners.
    pub fn national() -> Scale {
        Scale {
            name: "national",
            partners: 20_000,
            bassins: 900,
            rules: 40,
            parcours: 200,
            pages: 50,
            region: None,
            seed: 0x5350_524f_2026_0001,
        }
    }

    /// One region (Centre-Val de Loire, 6 départements, ~1,750 communes), 20 bassins, 300 partners.
    pub fn small() -> Scale {
        Scale {
            name: "small",
            partners: 300,
            bassins: 20,
            rules: 40,
            parcours: 20,
            pages: 10,
            region: Some("24"),
            seed: 0x5350_524f_2026_0002,
        }
    }

    /// `national` or `small` by name.
    pub fn by_name(name: &str) -> Option<Scale> {
        match name {
            "national" => Some(Scale::national()),
            "small" => Some(Scale::small()),
            _ => None,
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub communes: usize,
    pub departements: usize,
    pub bassins: usize,
    pub territoires: usize,
    pub structures: usize,
    pub reseaux: usize,
    pub publics: usize,
    pub besoins: usize,
    pub regles: usize,
    pub parcours: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} communes, {} territoires (1 région, {} départements, {} bassins), {} structures, \
             {} réseaux, {} publics, {} besoins, {} règles, {} parcours, {} pages; {} files, {:.1} MB",
            self.communes,
            self.territoires,
            self.departements,
            self.bassins,
            self.structures,
            self.reseaux,
            self.publics,
            self.besoins,
            self.regles,
            self.parcours,
            self.pages,
            self.files,
            self.bytes as f64 / 1e6
        )
    }
}

/// Path of the bundled commune reference (`BONNEPORTE_COMMUNES_TSV` overrides it).
pub fn communes_path() -> PathBuf {
    match std::env::var_os("BONNEPORTE_COMMUNES_TSV") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("src/content/communes/communes.tsv"),
    }
}

/// A short fingerprint (FNV-1a 64) of the commune reference, for cache stamps.
pub fn communes_fingerprint() -> io::Result<u64> {
    let bytes = fs::read(communes_path())?;
    Ok(fnv1a(&bytes))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Writes a synthetic guide into `out`. `out` must not exist, be empty, or hold a guide previously
/// written by this generator (recognised by its `site.yaml` title); it is replaced.
pub fn generate(out: &Path, scale: Scale) -> io::Result<Stats> {
    let communes_text = fs::read_to_string(communes_path())
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", communes_path().display())))?;
    let communes = parse_communes(&communes_text)?;
    prepare_out(out)?;
    let mut g = Generator::new(out, scale, &communes);
    g.run()?;
    Ok(g.stats)
}

fn prepare_out(out: &Path) -> io::Result<()> {
    if out.exists() {
        let empty = fs::read_dir(out)?.next().is_none();
        let ours = fs::read_to_string(out.join("site.yaml")).map(|s| s.contains(SITE_TITLE)).unwrap_or(false);
        if !empty && !ours {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a synthetic guide; refusing to overwrite it", out.display()),
            ));
        }
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)
}

// ---------------------------------------------------------------------------------------------
// Commune reference

struct Commune<'a> {
    code: &'a str,
    nom: &'a str,
    code_postal: Option<&'a str>,
    departement: &'a str,
    region: &'a str,
}

fn parse_communes(text: &str) -> io::Result<Vec<Commune<'_>>> {
    let bad = |msg: String| io::Error::new(io::ErrorKind::InvalidData, msg);
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if header != "code_insee\tnom\tcodes_postaux\tdepartement\tregion\tepci\tpopulation" {
        return Err(bad(format!("communes.tsv: unexpected header {header:?}")));
    }
    let mut out = Vec::with_capacity(36_000);
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 7 {
            return Err(bad(format!("communes.tsv:{}: expected 7 fields", i + 2)));
        }
        out.push(Commune {
            code: f[0],
            nom: f[1],
            code_postal: f[2].split(',').next().filter(|s| !s.is_empty()),
            departement: f[3],
            region: f[4],
        });
    }
    out.sort_by(|a, b| a.code.cmp(b.code));
    Ok(out)
}

/// Régions (INSEE code, name) of métropole and DROM.
const REGIONS: &[(&str, &str)] = &[
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
];

/// Départements (INSEE code, name, chef-lieu) of métropole and DROM.
const DEPARTEMENTS: &[(&str, &str, &str)] = &[
    ("01", "Ain", "01053"),
    ("02", "Aisne", "02408"),
    ("03", "Allier", "03190"),
    ("04", "Alpes-de-Haute-Provence", "04070"),
    ("05", "Hautes-Alpes", "05061"),
    ("06", "Alpes-Maritimes", "06088"),
    ("07", "Ardèche", "07186"),
    ("08", "Ardennes", "08105"),
    ("09", "Ariège", "09122"),
    ("10", "Aube", "10387"),
    ("11", "Aude", "11069"),
    ("12", "Aveyron", "12202"),
    ("13", "Bouches-du-Rhône", "13055"),
    ("14", "Calvados", "14118"),
    ("15", "Cantal", "15014"),
    ("16", "Charente", "16015"),
    ("17", "Charente-Maritime", "17300"),
    ("18", "Cher", "18033"),
    ("19", "Corrèze", "19272"),
    ("21", "Côte-d'Or", "21231"),
    ("22", "Côtes-d'Armor", "22278"),
    ("23", "Creuse", "23096"),
    ("24", "Dordogne", "24322"),
    ("25", "Doubs", "25056"),
    ("26", "Drôme", "26362"),
    ("27", "Eure", "27229"),
    ("28", "Eure-et-Loir", "28085"),
    ("29", "Finistère", "29232"),
    ("2A", "Corse-du-Sud", "2A004"),
    ("2B", "Haute-Corse", "2B033"),
    ("30", "Gard", "30189"),
    ("31", "Haute-Garonne", "31555"),
    ("32", "Gers", "32013"),
    ("33", "Gironde", "33063"),
    ("34", "Hérault", "34172"),
    ("35", "Ille-et-Vilaine", "35238"),
    ("36", "Indre", "36044"),
    ("37", "Indre-et-Loire", "37261"),
    ("38", "Isère", "38185"),
    ("39", "Jura", "39300"),
    ("40", "Landes", "40192"),
    ("41", "Loir-et-Cher", "41018"),
    ("42", "Loire", "42218"),
    ("43", "Haute-Loire", "43157"),
    ("44", "Loire-Atlantique", "44109"),
    ("45", "Loiret", "45234"),
    ("46", "Lot", "46042"),
    ("47", "Lot-et-Garonne", "47001"),
    ("48", "Lozère", "48095"),
    ("49", "Maine-et-Loire", "49007"),
    ("50", "Manche", "50502"),
    ("51", "Marne", "51108"),
    ("52", "Haute-Marne", "52121"),
    ("53", "Mayenne", "53130"),
    ("54", "Meurthe-et-Moselle", "54395"),
    ("55", "Meuse", "55029"),
    ("56", "Morbihan", "56260"),
    ("57", "Moselle", "57463"),
    ("58", "Nièvre", "58194"),
    ("59", "Nord", "59350"),
    ("60", "Oise", "60057"),
    ("61", "Orne", "61001"),
    ("62", "Pas-de-Calais", "62041"),
    ("63", "Puy-de-Dôme", "63113"),
    ("64", "Pyrénées-Atlantiques", "64445"),
    ("65", "Hautes-Pyrénées", "65440"),
    ("66", "Pyrénées-Orientales", "66136"),
    ("67", "Bas-Rhin", "67482"),
    ("68", "Haut-Rhin", "68066"),
    ("69", "Rhône", "69123"),
    ("70", "Haute-Saône", "70550"),
    ("71", "Saône-et-Loire", "71270"),
    ("72", "Sarthe", "72181"),
    ("73", "Savoie", "73065"),
    ("74", "Haute-Savoie", "74010"),
    ("75", "Paris", "75056"),
    ("76", "Seine-Maritime", "76540"),
    ("77", "Seine-et-Marne", "77288"),
    ("78", "Yvelines", "78646"),
    ("79", "Deux-Sèvres", "79191"),
    ("80", "Somme", "80021"),
    ("81", "Tarn", "81004"),
    ("82", "Tarn-et-Garonne", "82121"),
    ("83", "Var", "83137"),
    ("84", "Vaucluse", "84007"),
    ("85", "Vendée", "85191"),
    ("86", "Vienne", "86194"),
    ("87", "Haute-Vienne", "87085"),
    ("88", "Vosges", "88160"),
    ("89", "Yonne", "89024"),
    ("90", "Territoire de Belfort", "90010"),
    ("91", "Essonne", "91228"),
    ("92", "Hauts-de-Seine", "92050"),
    ("93", "Seine-Saint-Denis", "93008"),
    ("94", "Val-de-Marne", "94028"),
    ("95", "Val-d'Oise", "95500"),
    ("971", "Guadeloupe", "97105"),
    ("972", "Martinique", "97209"),
    ("973", "Guyane", "97302"),
    ("974", "La Réunion", "97411"),
    ("976", "Mayotte", "97611"),
];

// ---------------------------------------------------------------------------------------------
// Code lists and networks

const PUBLICS: &[(&str, &str, &str)] = &[
    ("collegien-lyceen", "Collégien ou lycéen", "Élève du collège ou du lycée qui prépare son orientation."),
    ("etudiant", "Étudiant", "Inscrit dans l'enseignement supérieur, ou qui veut s'y inscrire."),
    ("jeune-16-25", "Jeune de 16 à 25 ans", "Jeune sorti du système scolaire, avec ou sans diplôme."),
    ("jeune-decrocheur", "Jeune sans solution", "Jeune qui a quitté l'école sans diplôme ni qualification."),
    ("demandeur-emploi", "Demandeur d'emploi", "Personne qui cherche un emploi, inscrite ou non."),
    ("salarie", "Salarié", "Salarié du privé ou agent public, en **CDI**, en **CDD** ou en intérim."),
    ("cadre", "Cadre", "Cadre ou jeune diplômé de niveau bac + 3 et plus."),
    (
        "personne-handicap",
        "Personne en situation de handicap",
        "Personne dont le handicap est reconnu ou en cours de reconnaissance.",
    ),
    ("independant", "Indépendant ou créateur", "Travailleur indépendant, artisan, commerçant ou porteur de projet."),
];

const BESOINS: &[(&str, &str, &str)] = &[
    (
        "decouvrir-metiers",
        "Découvrir des métiers",
        "Savoir en quoi consistent des métiers, où ils s'exercent, ce qu'ils demandent.",
    ),
    (
        "choisir-formation",
        "Choisir une formation",
        "Trouver la formation, le diplôme ou l'**apprentissage** qui mène au métier visé.",
    ),
    (
        "reprendre-etudes",
        "Reprendre des études",
        "Revenir en formation initiale ou à l'université après une interruption.",
    ),
    ("trouver-emploi", "Trouver un emploi", "Chercher un emploi, un contrat en alternance ou un stage."),
    ("changer-metier", "Changer de métier", "Préparer une reconversion ou une évolution professionnelle."),
    ("financer-formation", "Financer une formation", "Mobiliser le **CPF** ou un autre financement."),
    (
        "faire-vae",
        "Faire valider son expérience",
        "Obtenir une certification par la validation des acquis de l'expérience (VAE).",
    ),
    ("competences-de-base", "Renforcer ses compétences de base", "Lire, écrire, compter, utiliser le numérique."),
    ("mobilite-internationale", "Partir à l'étranger", "Étudier, travailler ou faire un stage à l'étranger."),
];

struct Network {
    id: &'static str,
    nom: &'static str,
    sigle: Option<&'static str>,
    anciens_noms: &'static [&'static str],
    resume: &'static str,
    publics: &'static [&'static str],
    besoins: &'static [&'static str],
    niveaux_cep: &'static [u8],
    reseau_porteur: Option<&'static str>,
    /// How a partner of this network is named: "<prefix> synthétique de <commune>".
    prefix: &'static str,
    /// Short id prefix of its partners.
    id_prefix: &'static str,
    /// Relative weight when drawing extra partners of a bassin.
    weight: u32,
}

const NETWORKS: &[Network] = &[
    Network {
        id: "mission-locale",
        nom: "Mission locale",
        sigle: Some("ML"),
        anciens_noms: &[],
        resume: "Accueille les jeunes de 16 à 25 ans sortis de l'école pour l'emploi, la formation, \
                 le logement et la santé.",
        publics: &["jeune-16-25", "jeune-decrocheur"],
        besoins: &[
            "decouvrir-metiers",
            "choisir-formation",
            "reprendre-etudes",
            "trouver-emploi",
            "financer-formation",
            "mobilite-internationale",
        ],
        niveaux_cep: &[1, 2, 3],
        reseau_porteur: Some("mission-locale"),
        prefix: "Mission locale",
        id_prefix: "ml",
        weight: 12,
    },
    Network {
        id: "cio",
        nom: "Centre d'information et d'orientation",
        sigle: Some("CIO"),
        anciens_noms: &[],
        resume: "Informe et conseille élèves, étudiants et familles sur les études et les métiers.",
        publics: &["collegien-lyceen", "etudiant", "jeune-decrocheur"],
        besoins: &["decouvrir-metiers", "choisir-formation", "reprendre-etudes"],
        niveaux_cep: &[1, 2],
        reseau_porteur: None,
        prefix: "CIO",
        id_prefix: "cio",
        weight: 6,
    },
    Network {
        id: "bij",
        nom: "Information Jeunesse",
        sigle: Some("BIJ"),
        anciens_noms: &[],
        resume: "Lieux d'accueil anonymes et gratuits qui informent les jeunes sur tous les sujets \
                 de la vie quotidienne.",
        publics: &["collegien-lyceen", "etudiant", "jeune-16-25", "jeune-decrocheur"],
        besoins: &["decouvrir-metiers", "choisir-formation", "trouver-emploi", "mobilite-internationale"],
        niveaux_cep: &[1],
        reseau_porteur: Some("reseau-information-jeunesse"),
        prefix: "Point information jeunesse",
        id_prefix: "bij",
        weight: 14,
    },
    Network {
        id: "apec",
        nom: "Association pour l'emploi des cadres",
        sigle: Some("APEC"),
        anciens_noms: &[],
        resume: "Accompagne les cadres et les jeunes diplômés dans leur évolution professionnelle.",
        publics: &["cadre", "etudiant"],
        besoins: &["trouver-emploi", "changer-metier", "financer-formation"],
        niveaux_cep: &[1, 2, 3],
        reseau_porteur: None,
        prefix: "Centre APEC",
        id_prefix: "apec",
        weight: 1,
    },
    Network {
        id: "cap-emploi",
        nom: "Cap emploi",
        sigle: None,
        anciens_noms: &["Sameth"],
        resume: "Accompagne vers l'emploi et le maintien dans l'emploi les personnes en situation \
                 de handicap.",
        publics: &["personne-handicap"],
        besoins: &["trouver-emploi", "changer-metier", "choisir-formation", "financer-formation"],
        niveaux_cep: &[1, 2, 3],
        reseau_porteur: Some("cap-emploi-reseau-cheops"),
        prefix: "Cap emploi",
        id_prefix: "cap-emploi",
        weight: 2,
    },
    Network {
        id: "france-travail",
        nom: "France Travail",
        sigle: Some("FT"),
        anciens_noms: &["Pôle emploi", "ANPE", "Assédic"],
        resume: "Inscrit et accompagne les demandeurs d'emploi et aide les employeurs à recruter.",
        publics: &["demandeur-emploi", "jeune-16-25", "cadre", "personne-handicap", "independant"],
        besoins: &[
            "trouver-emploi",
            "changer-metier",
            "choisir-formation",
            "financer-formation",
            "competences-de-base",
        ],
        niveaux_cep: &[1, 2, 3],
        reseau_porteur: Some("france-travail"),
        prefix: "Agence France Travail",
        id_prefix: "ft",
        weight: 10,
    },
    Network {
        id: "transitions-pro",
        nom: "Transitions Pro",
        sigle: None,
        anciens_noms: &["Fongecif", "Opacif"],
        resume: "Finance les projets de transition professionnelle des salariés.",
        publics: &["salarie"],
        besoins: &["changer-metier", "financer-formation", "faire-vae"],
        niveaux_cep: &[1, 2, 3],
        reseau_porteur: None,
        prefix: "Transitions Pro",
        id_prefix: "tp",
        weight: 1,
    },
    Network {
        id: "cibc",
        nom: "Centre interinstitutionnel de bilan de compétences",
        sigle: Some("CIBC"),
        anciens_noms: &[],
        resume: "Réalise des bilans de compétences et accompagne les projets d'évolution.",
        publics: &["salarie", "demandeur-emploi", "cadre"],
        besoins: &["changer-metier", "faire-vae", "choisir-formation"],
        niveaux_cep: &[1, 2],
        reseau_porteur: None,
        prefix: "CIBC",
        id_prefix: "cibc",
        weight: 3,
    },
    Network {
        id: "points-a",
        nom: "Point A des chambres de commerce et d'industrie",
        sigle: Some("Point A"),
        anciens_noms: &[],
        resume: "Informe sur l'apprentissage et met en relation apprentis et entreprises.",
        publics: &["collegien-lyceen", "jeune-16-25", "independant"],
        besoins: &["decouvrir-metiers", "choisir-formation", "trouver-emploi"],
        niveaux_cep: &[1],
        reseau_porteur: Some("chambres-consulaires"),
        prefix: "Point A",
        id_prefix: "point-a",
        weight: 3,
    },
    Network {
        id: "pic-vae",
        nom: "Point information conseil VAE",
        sigle: Some("PIC VAE"),
        anciens_noms: &[],
        resume: "Informe sur la validation des acquis de l'expérience et aide à choisir la \
                 certification.",
        publics: &["salarie", "demandeur-emploi", "independant", "cadre"],
        besoins: &["faire-vae"],
        niveaux_cep: &[1, 2],
        reseau_porteur: None,
        prefix: "PIC VAE",
        id_prefix: "pic-vae",
        weight: 2,
    },
    Network {
        id: "cria",
        nom: "Centre ressources illettrisme et analphabétisme",
        sigle: Some("CRIA"),
        anciens_noms: &[],
        resume: "Oriente vers les formations aux compétences de base et outille les professionnels.",
        publics: &["demandeur-emploi", "salarie", "jeune-16-25"],
        besoins: &["competences-de-base"],
        niveaux_cep: &[1, 2],
        reseau_porteur: None,
        prefix: "CRIA",
        id_prefix: "cria",
        weight: 1,
    },
    Network {
        id: "suio",
        nom: "Service universitaire d'information et d'orientation",
        sigle: Some("SUIO"),
        anciens_noms: &["SCUIO"],
        resume: "Accueille lycéens et étudiants pour construire un parcours à l'université.",
        publics: &["etudiant", "collegien-lyceen"],
        besoins: &["choisir-formation", "reprendre-etudes", "decouvrir-metiers", "mobilite-internationale"],
        niveaux_cep: &[1, 2],
        reseau_porteur: None,
        prefix: "SUIO",
        id_prefix: "suio",
        weight: 2,
    },
];

/// Networks with one partner per département (at the préfecture), besides the bassin ones.
const DEPARTEMENT_NETWORKS: &[&str] = &["cap-emploi", "apec", "transitions-pro", "cria", "pic-vae"];

/// Networks every bassin has at least one partner of.
const BASSIN_NETWORKS: &[&str] = &["mission-locale", "france-travail", "cio", "bij"];

const HORAIRES: &[&str] = &[
    "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    "Mo-Th 08:30-12:30,13:30-17:00; Fr 08:30-12:30; PH off",
    "Mo,Tu,Th 09:00-12:00,14:00-17:30; We 09:00-12:00; PH off",
    "Tu-Sa 10:00-18:00; PH off",
    "Mo-Fr 09:00-17:00; Sa 09:00-12:00; PH off",
    "Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-16:30; PH off",
    "Mo-We 09:00-12:30; Th,Fr 13:30-18:00; PH off",
];

const VOIES: &[&str] = &[
    "rue de la République",
    "avenue Jean Jaurès",
    "place de la Mairie",
    "rue Victor Hugo",
    "boulevard de la Liberté",
    "rue des Écoles",
    "rue du Général de Gaulle",
    "allée des Tilleuls",
    "rue Pasteur",
    "avenue de la Gare",
    "rue Jules Ferry",
    "quai des Mariniers",
];

const COMPLEMENTS: &[&str] =
    &["Bâtiment B", "2e étage", "Maison de l'emploi", "Espace France services", "Entrée par la cour"];

// ---------------------------------------------------------------------------------------------
// Generator

/// splitmix64: tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

struct Dep<'a> {
    code: &'a str,
    nom: &'a str,
    id: String,
    folder: String,
    communes: Vec<usize>,
    chef_lieu: usize,
    bassins: Vec<usize>,
    coordinator: Option<usize>,
}

struct Bassin {
    id: String,
    nom: String,
    dep: usize,
    communes: Vec<usize>,
    coordinator: Option<usize>,
}

#[derive(Clone, Copy)]
enum Terr {
    Root,
    Dep(usize),
    Bassin(usize),
}

struct Partner {
    id: String,
    nom: String,
    network: usize,
    terr: Terr,
    dep: Option<usize>,
    commune: usize,
}

struct Generator<'a> {
    out: &'a Path,
    scale: Scale,
    communes: &'a [Commune<'a>],
    rng: Rng,
    root_id: String,
    root_nom: String,
    root_code: Option<&'static str>,
    deps: Vec<Dep<'a>>,
    bassins: Vec<Bassin>,
    partners: Vec<Partner>,
    /// (territory index in `bassins`, network index) -> partners
    by_bassin_network: HashMap<(usize, usize), Vec<usize>>,
    pages: Vec<(String, String)>,
    parcours_ids: Vec<String>,
    root_coordinator: Option<usize>,
    stats: Stats,
    buf: String,
}

fn network_index(id: &str) -> usize {
    NETWORKS.iter().position(|n| n.id == id).expect("known network")
}

impl<'a> Generator<'a> {
    fn new(out: &'a Path, scale: Scale, communes: &'a [Commune<'a>]) -> Generator<'a> {
        let (root_id, root_nom, root_code) = match scale.region {
            None => ("france-synthetique".to_string(), "France (synthétique)".to_string(), None),
            Some(code) => {
                let nom = REGIONS.iter().find(|r| r.0 == code).map_or("Région", |r| r.1);
                (format!("{}-synthetique", slug(nom)), format!("{nom} (synthétique)"), Some(code))
            }
        };
        Generator {
            out,
            rng: Rng(scale.seed),
            scale,
            communes,
            root_id,
            root_nom,
            root_code,
            deps: Vec::new(),
            bassins: Vec::new(),
            partners: Vec::new(),
            by_bassin_network: HashMap::new(),
            pages: Vec::new(),
            parcours_ids: Vec::new(),
            root_coordinator: None,
            stats: Stats::default(),
            buf: String::with_capacity(1 << 16),
        }
    }

    fn run(&mut self) -> io::Result<()> {
        self.build_territories()?;
        self.build_partners();
        self.plan_pages();
        for dir in ["reseaux", "territoires", "structures", "parcours", "pages"] {
            fs::create_dir_all(self.out.join(dir))?;
        }
        self.write_site()?;
        self.write_code_lists()?;
        self.write_networks()?;
        self.write_territories()?;
        self.write_partners()?;
        self.write_rules_and_parcours()?;
        self.write_pages()?;
        Ok(())
    }

    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.out.join(rel);
        fs::write(&path, text)?;
        self.stats.files += 1;
        self.stats.bytes += text.len() as u64;
        Ok(())
    }

    /// Writes `self.buf` to `rel` and clears it.
    fn flush(&mut self, rel: &str) -> io::Result<()> {
        let text = std::mem::take(&mut self.buf);
        self.write(rel, &text)?;
        self.buf = text;
        self.buf.clear();
        Ok(())
    }

    // -- territories ---------------------------------------------------------------------------

    fn build_territories(&mut self) -> io::Result<()> {
        let by_code: HashMap<&str, usize> = self.communes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
        for &(code, nom, chef_lieu) in DEPARTEMENTS {
            let communes: Vec<usize> =
                self.communes.iter().enumerate().filter(|(_, c)| c.departement == code).map(|(i, _)| i).collect();
            let Some(&first) = communes.first() else {
                continue;
            };
            if let Some(region) = self.scale.region
                && self.communes[first].region != region
            {
                continue;
            }
            let chef_lieu = by_code.get(chef_lieu).copied().unwrap_or(first);
            self.deps.push(Dep {
                code,
                nom,
                id: format!("departement-{}", code.to_ascii_lowercase()),
                folder: format!("{}-{}", code.to_ascii_lowercase(), slug(nom)),
                communes,
                chef_lieu,
                bassins: Vec::new(),
                coordinator: None,
            });
        }
        if self.deps.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "no département found in the commune reference"));
        }
        let total: usize = self.deps.iter().map(|d| d.communes.len()).sum();
        self.stats.communes = total;
        self.stats.departements = self.deps.len();

        // Bassins per département: proportional to its communes (largest remainder), at least one.
        let wanted = self.scale.bassins.max(self.deps.len());
        let mut counts: Vec<usize> = Vec::with_capacity(self.deps.len());
        let mut remainders: Vec<(usize, usize)> = Vec::new();
        for (i, d) in self.deps.iter().enumerate() {
            let exact = d.communes.len() * wanted;
            counts.push((exact / total).max(1));
            remainders.push((exact % total, i));
        }
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut assigned: usize = counts.iter().sum();
        for &(_, i) in remainders.iter().cycle().take(2 * remainders.len()) {
            if assigned >= wanted {
                break;
            }
            if counts[i] < self.deps[i].communes.len() {
                counts[i] += 1;
                assigned += 1;
            }
        }
        for (di, &k) in counts.iter().enumerate() {
            let k = k.min(self.deps[di].communes.len());
            let n = self.deps[di].communes.len();
            for b in 0..k {
                let chunk = self.deps[di].communes[b * n / k..(b + 1) * n / k].to_vec();
                let first = &self.communes[chunk[0]];
                let bi = self.bassins.len();
                self.bassins.push(Bassin {
                    id: format!("bassin-{}-{:02}", self.deps[di].code.to_ascii_lowercase(), b + 1),
                    nom: format!("Bassin synthétique {} ({})", de(first.nom), self.deps[di].nom),
                    dep: di,
                    communes: chunk,
                    coordinator: None,
                });
                self.deps[di].bassins.push(bi);
            }
        }
        self.stats.bassins = self.bassins.len();
        self.stats.territoires = 1 + self.deps.len() + self.bassins.len();
        Ok(())
    }

    // -- partners ------------------------------------------------------------------------------

    fn build_partners(&mut self) {
        let mut used: HashSet<String> = HashSet::new();
        let mut names: HashMap<String, u32> = HashMap::new();
        let mut add = |g: &mut Generator<'a>, network: usize, terr: Terr, dep, commune: usize| {
            let n = &NETWORKS[network];
            let c = &g.communes[commune];
            let base = format!("{}-{}", n.id_prefix, slug(c.nom));
            let mut id = base.clone();
            let mut k = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{k}");
                k += 1;
            }
            let mut nom = format!("{} synthétique {}", n.prefix, de(c.nom));
            let seen = names.entry(nom.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                let _ = write!(nom, " (antenne {seen})");
            }
            let pi = g.partners.len();
            g.partners.push(Partner { id, nom, network, terr, dep, commune });
            if let Terr::Bassin(b) = terr {
                g.by_bassin_network.entry((b, network)).or_default().push(pi);
            }
            pi
        };

        // Two regional partners at the root, at the préfecture of the first département.
        let root_commune = self.deps[0].chef_lieu;
        let coord = add(self, network_index("transitions-pro"), Terr::Root, None, root_commune);
        add(self, network_index("cria"), Terr::Root, None, root_commune);
        // One partner of each département-level network per département.
        for di in 0..self.deps.len() {
            let chef_lieu = self.deps[di].chef_lieu;
            for id in DEPARTEMENT_NETWORKS {
                add(self, network_index(id), Terr::Dep(di), Some(di), chef_lieu);
            }
        }
        // Bassins: the core networks, then weighted draws, evenly spread.
        let fixed = self.partners.len() + self.bassins.len() * BASSIN_NETWORKS.len();
        let extra = self.scale.partners.saturating_sub(fixed);
        let nb = self.bassins.len();
        let total_weight: u32 = NETWORKS.iter().map(|n| n.weight).sum();
        for bi in 0..nb {
            let communes = self.bassins[bi].communes.clone();
            let dep = self.bassins[bi].dep;
            for id in BASSIN_NETWORKS {
                let commune = communes[self.rng.below(communes.len().min(3))];
                add(self, network_index(id), Terr::Bassin(bi), Some(dep), commune);
            }
            let mine = extra / nb + usize::from(bi < extra % nb);
            for _ in 0..mine {
                let mut w = self.rng.below(total_weight as usize) as u32;
                let mut network = 0;
                for (i, n) in NETWORKS.iter().enumerate() {
                    if w < n.weight {
                        network = i;
                        break;
                    }
                    w -= n.weight;
                }
                let commune = *self.rng.pick(&communes);
                add(self, network, Terr::Bassin(bi), Some(dep), commune);
            }
        }
        // Coordinators: the root's transitions-pro, each département's first France Travail
        // agency, each bassin's mission locale.
        let ml = network_index("mission-locale");
        let ft = network_index("france-travail");
        for bi in 0..nb {
            self.bassins[bi].coordinator = self.by_bassin_network[&(bi, ml)].first().copied();
        }
        for di in 0..self.deps.len() {
            let b0 = self.deps[di].bassins[0];
            self.deps[di].coordinator = self.by_bassin_network[&(b0, ft)].first().copied();
        }
        self.root_coordinator = Some(coord);
        self.stats.structures = self.partners.len();
    }

    // -- site, code lists, networks ------------------------------------------------------------

    fn write_site(&mut self) -> io::Result<()> {
        let b = &mut self.buf;
        let _ = writeln!(b, "# Guide synthétique généré par benches/synthetic.rs (échelle « {} »).", self.scale.name);
        let _ = writeln!(b, "# Données fictives : ne pas publier.");
        let _ = writeln!(b, "titre: {}", q(SITE_TITLE));
        let _ = writeln!(b, "url: \"https://example.org/guide-synthetique/\"");
        let _ = writeln!(b, "region: {}", self.root_id);
        let _ = writeln!(b, "telephone: \"09 99 00 00 00\"");
        let _ = writeln!(
            b,
            "description: {}",
            q("Guide synthétique du service public régional de l'orientation, généré pour les tests : \
               les structures, adresses et numéros sont fictifs.")
        );
        let _ = writeln!(b, "verification_max_jours: 365");
        let _ = writeln!(b, "synonymes:");
        let _ = writeln!(b, "  - [cv, curriculum]");
        let _ = writeln!(b, "  - [alternance, apprentissage]");
        let _ = writeln!(b, "  - [emploi, travail, job]");
        self.flush("site.yaml")
    }

    fn write_code_lists(&mut self) -> io::Result<()> {
        for (file, list) in [("publics.yaml", PUBLICS), ("besoins.yaml", BESOINS)] {
            for &(id, libelle, description) in list {
                let _ = writeln!(self.buf, "- id: {id}");
                let _ = writeln!(self.buf, "  libelle: {}", q(libelle));
                let _ = writeln!(self.buf, "  description: {}", q(description));
            }
            self.flush(file)?;
        }
        self.stats.publics = PUBLICS.len();
        self.stats.besoins = BESOINS.len();
        Ok(())
    }

    fn write_networks(&mut self) -> io::Result<()> {
        for (i, n) in NETWORKS.iter().enumerate() {
            let b = &mut self.buf;
            let _ = writeln!(b, "nom: {}", q(n.nom));
            if let Some(sigle) = n.sigle {
                let _ = writeln!(b, "sigle: {}", q(sigle));
            }
            if !n.anciens_noms.is_empty() {
                let _ = writeln!(b, "anciens_noms:");
                for a in n.anciens_noms {
                    let _ = writeln!(b, "  - {}", q(a));
                }
            }
            let _ = writeln!(b, "resume: {}", q(n.resume));
            let description = format!(
                "Présentation **synthétique** du réseau {nom}, générée pour les tests.\n\
                 \n\
                 - niveaux du conseil en évolution professionnelle : {niveaux} ;\n\
                 - voir les [niveaux du CEP](@/pages/niveaux-du-cep) et un \
                 [exemple de parcours](@/parcours/{parcours}).\n",
                nom = n.nom,
                niveaux = n.niveaux_cep.iter().map(u8::to_string).collect::<Vec<_>>().join(", "),
                parcours = self.parcours_ids[i % self.parcours_ids.len()],
            );
            block(b, "description", &description);
            let _ = writeln!(b, "publics: [{}]", n.publics.join(", "));
            let _ = writeln!(b, "besoins: [{}]", n.besoins.join(", "));
            let niveaux: Vec<String> = n.niveaux_cep.iter().map(u8::to_string).collect();
            let _ = writeln!(b, "niveaux_cep: [{}]", niveaux.join(", "));
            let _ = writeln!(b, "site_web: \"https://example.org/reseaux/{}/\"", n.id);
            let _ = writeln!(b, "telephone: \"09 99 10 00 {:02}\"", i + 1);
            if let Some(code) = n.reseau_porteur {
                let _ = writeln!(b, "reseau_porteur: {code}");
            }
            self.flush(&format!("reseaux/{}.yaml", n.id))?;
        }
        self.stats.reseaux = NETWORKS.len();
        Ok(())
    }

    // -- territories ---------------------------------------------------------------------------

    fn write_territories(&mut self) -> io::Result<()> {
        let b = &mut self.buf;
        let _ = writeln!(b, "nom: {}", q(&self.root_nom));
        let _ = writeln!(b, "type: region");
        if let Some(code) = self.root_code {
            let _ = writeln!(b, "code: {}", q(code));
        }
        if let Some(c) = self.root_coordinator {
            coordination(b, "Coordination régionale du SPRO", &self.partners[c].id);
        }
        let root = format!("territoires/{}.yaml", self.root_id);
        self.flush(&root)?;

        for di in 0..self.deps.len() {
            let d = &self.deps[di];
            let b = &mut self.buf;
            let _ = writeln!(b, "nom: {}", q(d.nom));
            let _ = writeln!(b, "type: departement");
            let _ = writeln!(b, "parent: {}", self.root_id);
            let _ = writeln!(b, "code: {}", q(d.code));
            if let Some(c) = d.coordinator {
                coordination(b, "Animation départementale du SPRO", &self.partners[c].id);
            }
            let rel = format!("territoires/{}.yaml", d.id);
            self.flush(&rel)?;
        }

        for bi in 0..self.bassins.len() {
            let bassin = &self.bassins[bi];
            let b = &mut self.buf;
            let _ = writeln!(b, "nom: {}", q(&bassin.nom));
            let _ = writeln!(b, "type: bassin");
            let _ = writeln!(b, "parent: {}", self.deps[bassin.dep].id);
            let _ = writeln!(b, "communes:");
            for &c in &bassin.communes {
                let _ = writeln!(b, "  - \"{}\"", self.communes[c].code);
            }
            if let Some(c) = bassin.coordinator {
                coordination(b, "Animation du bassin", &self.partners[c].id);
            }
            let rel = format!("territoires/{}.yaml", bassin.id);
            self.flush(&rel)?;
        }
        Ok(())
    }

    // -- partners ------------------------------------------------------------------------------

    fn write_partners(&mut self) -> io::Result<()> {
        let mut folders: HashSet<String> = HashSet::new();
        let (ry, rm, rd) = REFERENCE_DATE;
        let reference = days_from_civil(ry, rm, rd);
        for pi in 0..self.partners.len() {
            let p = &self.partners[pi];
            let n = &NETWORKS[p.network];
            let c = &self.communes[p.commune];
            let folder = match p.dep {
                Some(d) => self.deps[d].folder.clone(),
                None => "region".to_string(),
            };
            if folders.insert(folder.clone()) {
                fs::create_dir_all(self.out.join("structures").join(&folder))?;
            }
            let territoire = match p.terr {
                Terr::Root => self.root_id.as_str(),
                Terr::Dep(d) => self.deps[d].id.as_str(),
                Terr::Bassin(bi) => self.bassins[bi].id.as_str(),
            };
            let rng = &mut self.rng;
            let b = &mut self.buf;
            let _ = writeln!(b, "nom: {}", q(&p.nom));
            let _ = writeln!(b, "reseau: {}", n.id);
            let _ = writeln!(b, "territoire: {territoire}");
            if let Terr::Bassin(bi) = p.terr {
                let dep = &self.deps[self.bassins[bi].dep];
                if dep.bassins.len() > 1 && rng.chance(8) {
                    let pos = dep.bassins.iter().position(|&x| x == bi).unwrap_or(0);
                    let other = dep.bassins[(pos + 1) % dep.bassins.len()];
                    let _ = writeln!(b, "zone: [{}, {}]", self.bassins[bi].id, self.bassins[other].id);
                }
            }
            let _ = writeln!(b, "adresse: {}", q(&format!("{} {}", 1 + rng.below(120), rng.pick(VOIES))));
            if rng.chance(20) {
                let _ = writeln!(b, "complement_adresse: {}", q(rng.pick::<&str>(COMPLEMENTS)));
            }
            if let Some(cp) = c.code_postal {
                let _ = writeln!(b, "code_postal: \"{cp}\"");
            }
            let _ = writeln!(b, "commune: {}", q(c.nom));
            let _ = writeln!(b, "code_insee: \"{}\"", c.code);
            let has_phone = rng.chance(97);
            if has_phone {
                let _ = writeln!(
                    b,
                    "telephone: \"0{} 99 {:02} {:02} {:02}\"",
                    phone_zone(c.region),
                    rng.below(100),
                    rng.below(100),
                    rng.below(100)
                );
            }
            if !has_phone || rng.chance(80) {
                let _ = writeln!(b, "courriel: \"{}@example.org\"", p.id);
            }
            if rng.chance(70) {
                let _ = writeln!(b, "site_web: \"https://example.org/structures/{}/\"", p.id);
            }
            if rng.chance(90) {
                let _ = writeln!(b, "horaires_accueil: {}", q(rng.pick::<&str>(HORAIRES)));
            }
            if rng.chance(10) {
                let publics = subset(rng, n.publics);
                let besoins = subset(rng, n.besoins);
                let _ = writeln!(b, "publics: [{}]", publics.join(", "));
                let _ = writeln!(b, "besoins: [{}]", besoins.join(", "));
            }
            if rng.chance(30) {
                let _ = writeln!(b, "accessibilite_lieu: \"https://example.org/acceslibre/{}/\"", p.id);
            }
            if rng.chance(60) {
                let _ = writeln!(b, "fauteuil: {}", rng.pick(&["oui", "oui", "partiel", "non"]));
            }
            if rng.chance(50) {
                let _ = writeln!(b, "sur_rendez_vous: {}", rng.chance(40));
            }
            if rng.chance(50) {
                let _ = writeln!(b, "siret: \"{}\"", siret(rng));
            }
            if rng.chance(40) {
                let mut d = format!(
                    "Structure **fictive** du réseau [{}](@/reseaux/{}), générée pour tester le guide.\n",
                    n.nom, n.id
                );
                if rng.chance(50) {
                    let _ = write!(
                        d,
                        "\nElle accueille le public {} et oriente vers les partenaires du \
                         [territoire](@/territoires/{territoire}).\n",
                        de(c.nom)
                    );
                }
                block(b, "description", &d);
            }
            if rng.chance(99) {
                let age = if rng.chance(95) { rng.below(300) } else { 300 + rng.below(430) };
                let (y, m, d) = civil_from_days(reference - age as i64);
                let _ = writeln!(b, "date_maj: {y:04}-{m:02}-{d:02}");
            }
            let _ = writeln!(b, "source: {}", q(SOURCE));
            let rel = format!("structures/{folder}/{}.yaml", p.id);
            self.flush(&rel)?;
        }
        Ok(())
    }

    // -- rules and walkthroughs ----------------------------------------------------------------

    /// Networks serving (public, besoin) by default, most specialised first.
    fn doors(public: &str, besoin: &str) -> Vec<usize> {
        let mut v: Vec<usize> = (0..NETWORKS.len())
            .filter(|&i| NETWORKS[i].publics.contains(&public) && NETWORKS[i].besoins.contains(&besoin))
            .collect();
        v.sort_by_key(|&i| (NETWORKS[i].publics.len(), i));
        v
    }

    fn write_rules_and_parcours(&mut self) -> io::Result<()> {
        let mut pairs: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for (pi, p) in PUBLICS.iter().enumerate() {
            for (bi, b) in BESOINS.iter().enumerate() {
                let d = Self::doors(p.0, b.0);
                if !d.is_empty() {
                    pairs.push((pi, bi, d));
                }
            }
        }
        let mut chosen: Vec<usize> = (0..pairs.len()).collect();
        self.rng.shuffle(&mut chosen);
        chosen.truncate(self.scale.rules);
        chosen.sort_unstable();
        for &k in &chosen {
            let (pi, bi, ref doors) = pairs[k];
            let b = &mut self.buf;
            let _ = writeln!(b, "- public: {}", PUBLICS[pi].0);
            let _ = writeln!(b, "  besoin: {}", BESOINS[bi].0);
            let _ = writeln!(b, "  portes:");
            for (rank, &d) in doors.iter().take(3).enumerate() {
                let _ = writeln!(b, "    - reseau: {}", NETWORKS[d].id);
                if rank == 0 {
                    let _ = writeln!(
                        b,
                        "      pourquoi: {}",
                        q(&format!(
                            "Règle synthétique : le réseau {} accueille ce public pour ce besoin.",
                            NETWORKS[d].nom
                        ))
                    );
                }
            }
        }
        self.stats.regles = chosen.len();
        self.flush("portes.yaml")?;

        let mut by_network: Vec<Vec<usize>> = vec![Vec::new(); NETWORKS.len()];
        for (i, p) in self.partners.iter().enumerate() {
            by_network[p.network].push(i);
        }
        for k in 0..self.parcours_ids.len() {
            let (pi, bi, ref doors) = pairs[self.rng.below(pairs.len())];
            let bonne = doors[self.rng.below(doors.len().min(2))];
            let mut premiere = self.rng.below(NETWORKS.len());
            if premiere == bonne {
                premiere = (premiere + 1) % NETWORKS.len();
            }
            let third = doors.iter().copied().find(|&d| d != bonne && d != premiere).filter(|_| self.rng.chance(20));
            let first_partner = *self.rng.pick(&by_network[premiere]);
            let right_partner = *self.rng.pick(&by_network[bonne]);
            let page = self.pages[1 + k % (self.pages.len() - 1)].0.clone();
            let (public, besoin) = (PUBLICS[pi], BESOINS[bi]);
            let (n1, n2) = (&NETWORKS[premiere], &NETWORKS[bonne]);
            let (s1, s2) = (&self.partners[first_partner], &self.partners[right_partner]);
            let b = &mut self.buf;
            let _ = writeln!(b, "---");
            let _ = writeln!(
                b,
                "titre: {}",
                q(&format!("Parcours synthétique n° {:03} : {} pousse la porte {}", k + 1, public.1, de_net(n1)))
            );
            let _ = writeln!(b, "public: {}", public.0);
            let _ = writeln!(b, "besoin: {}", besoin.0);
            let _ = writeln!(b, "etapes:");
            let _ = writeln!(b, "  - reseau: {}", n1.id);
            let _ = writeln!(b, "    porte: premiere");
            let _ = writeln!(
                b,
                "    texte: {}",
                q(&format!(
                    "La personne est accueillie, écoutée et sa demande « {} » est analysée.",
                    besoin.1.to_lowercase()
                ))
            );
            let _ = writeln!(b, "  - reseau: {}", n2.id);
            let _ = writeln!(b, "    porte: bonne");
            let _ = writeln!(
                b,
                "    texte: {}",
                q(&format!("Elle est orientée vers le réseau {}, qui l'accompagne dans son projet.", n2.nom))
            );
            if let Some(t) = third {
                let _ = writeln!(b, "  - reseau: {}", NETWORKS[t].id);
                let _ = writeln!(b, "    porte: bonne");
                let _ = writeln!(
                    b,
                    "    texte: {}",
                    q(&format!("En complément, le réseau {} l'aide sur un point précis.", NETWORKS[t].nom))
                );
            }
            let _ = writeln!(b, "---");
            let _ = writeln!(
                b,
                "*Histoire fictive, générée pour tester le guide.*\n\n\
                 ## La première porte\n\n\
                 Une personne ({public}) pousse une première porte : [{s1}](@/structures/{id1}). \
                 Le conseiller l'écoute, analyse sa demande et cherche avec elle la bonne porte.\n\n\
                 ## La bonne porte\n\n\
                 Il l'oriente vers une structure du réseau [{r2}](@/reseaux/{rid2}) : \
                 [{s2}](@/structures/{id2}), dont il lui imprime les coordonnées.\n\n\
                 ## À retenir\n\n\
                 - toute porte du SPRO est une bonne première porte ;\n\
                 - la seconde porte dépend du public et du besoin ;\n\
                 - pour en savoir plus, lire [cette page](@/pages/{page}).",
                public = public.1.to_lowercase(),
                s1 = s1.nom,
                id1 = s1.id,
                s2 = s2.nom,
                id2 = s2.id,
                r2 = n2.nom,
                rid2 = n2.id,
            );
            let rel = format!("parcours/{}.md", self.parcours_ids[k]);
            self.flush(&rel)?;
        }
        self.stats.parcours = self.parcours_ids.len();
        Ok(())
    }

    // -- pages ---------------------------------------------------------------------------------

    fn plan_pages(&mut self) {
        let fixed = [
            ("index", "Accueil du guide synthétique"),
            ("a-propos-du-spro", "Le SPRO en bref (synthétique)"),
            ("niveaux-du-cep", "Les trois niveaux du conseil (synthétique)"),
            ("textes-de-reference", "Textes de référence (synthétique)"),
            ("accessibilite", "Accessibilité (synthétique)"),
            ("mentions-legales", "Mentions légales (synthétique)"),
        ];
        let n = self.scale.pages.max(fixed.len());
        for i in 0..n {
            let (id, titre) = match fixed.get(i) {
                Some(&(id, titre)) => (id.to_string(), titre.to_string()),
                None => (
                    format!("fiche-synthetique-{:02}", i - fixed.len() + 1),
                    format!("Fiche synthétique n° {}", i - fixed.len() + 1),
                ),
            };
            self.pages.push((id, titre));
        }
        self.parcours_ids = (1..=self.scale.parcours.max(1)).map(|k| format!("parcours-synthetique-{k:03}")).collect();
    }

    fn write_pages(&mut self) -> io::Result<()> {
        for i in 0..self.pages.len() {
            let (id, titre) = self.pages[i].clone();
            let b = &mut self.buf;
            let _ = writeln!(b, "---");
            let _ = writeln!(b, "titre: {}", q(&titre));
            let _ = writeln!(b, "description: {}", q("Page de démonstration, générée pour tester le guide."));
            if (1..=5).contains(&i) {
                let _ = writeln!(b, "ordre: {i}");
            }
            let _ = writeln!(b, "---");
            let _ =
                writeln!(b, "*Contenu fictif, généré pour tester le guide : il ne décrit aucune structure réelle.*\n");
            for section in 1..=3 {
                let _ = writeln!(b, "## Partie {section}\n");
                let _ = writeln!(
                    b,
                    "Le service public régional de l'orientation réunit des réseaux qui gardent \
                     leur statut. Chacun accueille toute personne, analyse sa demande et y répond \
                     ou l'oriente vers le bon partenaire. Voir par exemple le réseau \
                     [{}](@/reseaux/{}) ou le [parcours n° {}](@/parcours/{}).\n",
                    NETWORKS[(i + section) % NETWORKS.len()].nom,
                    NETWORKS[(i + section) % NETWORKS.len()].id,
                    (i * 3 + section) % self.parcours_ids.len() + 1,
                    self.parcours_ids[(i * 3 + section) % self.parcours_ids.len()],
                );
                let _ = writeln!(b, "Quelques structures fictives :\n");
                for _ in 0..4 {
                    let p = &self.partners[self.rng.below(self.partners.len())];
                    let _ = writeln!(b, "- [{}](@/structures/{})", p.nom, p.id);
                }
                let bassin = &self.bassins[self.rng.below(self.bassins.len())];
                let _ = writeln!(
                    b,
                    "\nVoir aussi les partenaires d'un territoire : [{}](@/territoires/{}).\n",
                    bassin.nom, bassin.id
                );
            }
            let next = &self.pages[(i + 1) % self.pages.len()];
            let _ = writeln!(b, "Page suivante : [{}](@/pages/{}).", next.1, next.0);
            self.flush(&format!("pages/{id}.md"))?;
        }
        self.stats.pages = self.pages.len();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// A double-quoted YAML scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// `key: |` followed by `text` indented by two spaces.
fn block(b: &mut String, key: &str, text: &str) {
    let _ = writeln!(b, "{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            b.push('\n');
        } else {
            let _ = writeln!(b, "  {line}");
        }
    }
}

fn coordination(b: &mut String, role: &str, structure: &str) {
    let _ = writeln!(b, "coordination:");
    let _ = writeln!(b, "  - role: {}", q(role));
    let _ = writeln!(b, "    structure: {structure}");
}

/// "de Vierzon", "d'Orléans", "du Mans", "des Ulis", "de La Rochelle".
fn de(nom: &str) -> String {
    if let Some(rest) = nom.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = nom.strip_prefix("Les ") {
        format!("des {rest}")
    } else if nom.starts_with(|c: char| "AEIOUYÂÉÈÊÎÔaeiouyâéèêîô".contains(c)) {
        format!("d'{nom}")
    } else {
        format!("de {nom}")
    }
}

/// "du BIJ", "de la Mission locale", "de l'APEC"…, for a walkthrough title.
fn de_net(n: &Network) -> String {
    let label = n.sigle.unwrap_or(n.nom);
    match n.id {
        "mission-locale" => "de la Mission locale".to_string(),
        "france-travail" => "de France Travail".to_string(),
        "transitions-pro" => "de Transitions Pro".to_string(),
        "cap-emploi" => "de Cap emploi".to_string(),
        "points-a" => "d'un Point A".to_string(),
        "apec" => "de l'APEC".to_string(),
        "cria" => "du CRIA".to_string(),
        "pic-vae" => "d'un PIC VAE".to_string(),
        _ => format!("du {label}"),
    }
}

/// Lowercase ASCII id fragment: "L'Île-d'Yeu" → "l-ile-d-yeu".
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for ch in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match ch {
            'a'..='z' | '0'..='9' => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(ch);
                continue;
            }
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ñ' => "n",
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(mapped);
    }
    out
}

/// First digit of a fictional phone number (ARCEP "0X 99 xx xx xx" range) by region.
fn phone_zone(region: &str) -> u8 {
    match region {
        "11" => 1,
        "24" | "28" | "52" | "53" => 2,
        "27" | "32" | "44" => 3,
        "84" | "93" | "94" => 4,
        "75" | "76" => 5,
        _ => 9,
    }
}

/// A non-empty subset of `items`, in order.
fn subset(rng: &mut Rng, items: &[&'static str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = items.iter().copied().filter(|_| rng.chance(60)).collect();
    if v.is_empty() {
        v.push(*rng.pick(items));
    }
    v
}

/// A 14-digit SIRET starting with 99 (no real establishment has one) whose SIREN (first 9 digits)
/// and SIRET are both Luhn-valid, as real ones are.
fn siret(rng: &mut Rng) -> String {
    let mut digits: Vec<u8> = vec![9, 9];
    digits.extend((0..6).map(|_| rng.below(10) as u8));
    push_luhn_key(&mut digits);
    digits.extend((0..4).map(|_| rng.below(10) as u8));
    push_luhn_key(&mut digits);
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Appends the Luhn check digit of `digits`.
fn push_luhn_key(digits: &mut Vec<u8>) {
    let mut sum = 0u32;
    // Once the key is appended, every second digit from the right, starting with the last payload
    // digit, is doubled.
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    digits.push(((10 - sum % 10) % 10) as u8);
}

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Bench target `synthetic`: times the generation of a guide (scale from
/// `BONNEPORTE_BENCH_SCALE`, default national) into `target/bench-synthetic-gen/`.
#[allow(dead_code)]
fn main() {
    let name = std::env::var("BONNEPORTE_BENCH_SCALE").unwrap_or_else(|_| "national".into());
    let Some(scale) = Scale::by_name(&name) else {
        eprintln!("BONNEPORTE_BENCH_SCALE must be national or small, not {name:?}");
        std::process::exit(2);
    };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-synthetic-gen");
    let start = std::time::Instant::now();
    match generate(&out, scale.clone()) {
        Ok(stats) => println!("generate {}: {:.2} s, {stats}", scale.name, start.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("generate {}: {e}", scale.name);
            std::process::exit(1);
        }
    }
}
