// Convertit l'extrait 2019 de l'Annuaire de l'administration (Centre-Val de Loire, fichier
// parsed.csv de ../shared/data/annuaire-2019-centre-val-de-loire/) en un CSV aux clés de
// bonneporte, que `bonneporte import` lit :
//
//   node tools/annuaire/convert.mjs CHEMIN/parsed.csv > tools/annuaire/annuaire-2019.csv
//   bonneporte import --date-maj 2019-08-11 tools/annuaire/annuaire-2019.csv
//
// Le script ne fait que trois choses, toutes dites dans la colonne `source` de chaque ligne :
// - il rattache chaque type de l'Annuaire à un réseau du guide (RESEAUX) et chaque lieu que le
//   guide connaît déjà à sa fiche (FICHES : une fiche par lieu, sans doublon) ;
// - il corrige les défauts visibles de l'extrait (apostrophes perdues, adresses web collées,
//   communes « Cedex », boîtes postales, numéros suivis d'un commentaire, doublons) ;
// - il écarte les courriels nominatifs (on ne garde que les adresses d'organisation).
// Il n'ajoute aucun fait que l'Annuaire ne donne pas.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ICI = dirname(fileURLToPath(import.meta.url));
const COMMUNES = join(ICI, '..', '..', 'src', 'content', 'communes', 'communes.tsv');

const SOURCE =
  "Annuaire de l'administration (DILA, lannuaire.service-public.fr), état du 11 août 2019, " +
  'Licence Ouverte, via okfnfr/dada-france-authorities';

// Type de l'Annuaire → réseau du guide. Absent : le type n'a pas de réseau dans ce guide.
const RESEAUX = {
  mission_locale: 'mission-locale',
  cio: 'cio',
  cij: 'information-jeunesse',
  apec: 'apec',
  cci: 'points-a-cci',
  chambre_metier: 'cad-cma',
  suio: 'suio',
};

// Lieu de l'Annuaire → fiche que le guide a déjà : l'import la complète au lieu d'en créer une
// seconde pour le même lieu.
const FICHES = {
  'mission_locale-18033-01': 'ml-bourges',
  'mission_locale-18279-01': 'ml-vierzon',
  'mission_locale-28088-01': 'ml-ouest-sud-eure-et-loir',
  'mission_locale-37003-01': 'ml-loire-touraine',
  'mission_locale-37072-01': 'ml-chinonais',
  'mission_locale-37132-01': 'ml-touraine-cote-sud',
  'mission_locale-37261-01': 'ml-tours',
  'mission_locale-41018-01': 'ml-blaisois',
  'mission_locale-45208-01': 'ml-montargis-gien',
  'mission_locale-45252-01': 'ml-pithiverais',
  'cio-28280-01': 'cio-nogent-le-rotrou',
  'cio-36044-01': 'cio-chateauroux',
  'cio-36088-01': 'cio-issoudun',
  'cio-37003-01': 'cio-tours-amboise',
  'cij-45234-01': 'crij-centre',
  'suio-37261-01': 'suio-universite-tours',
  'suio-45234-01': 'suio-universite-orleans',
};

// Lignes qui décrivent un lieu déjà donné par une autre ligne (même adresse, même courriel).
const DOUBLONS = {
  'cij-28088-01': 'cij-28088-02',
  'cij-41018-02': 'cij-41018-01',
};

// Adresses web collées à leur chemin par l'extrait (« http://www.univ-tours.frmoip »).
const DOMAINES_COLLES = /^(https?:\/\/[^/]+\.fr)(?=[a-z])/;

// Fautes de frappe de l'extrait, corrigées une à une.
const COURRIELS_CORRIGES = { 'accueilsocialveron@assoclaac.frf': 'accueilsocialveron@assoclaac.fr' };

// Courriels qui nomment une personne : la fiche d'un lieu ne garde que ceux d'une organisation.
const COURRIELS_NOMINATIFS = new Set(['farah.loiseau@ville-chalette.fr', 'ravet.c@ingre.fr']);

const COLONNES = [
  'id', 'nom', 'reseau', 'adresse', 'complement_adresse', 'code_postal', 'commune',
  'code_insee', 'telephone', 'courriel', 'site_web', 'source',
];

function lireCsv(texte) {
  const lignes = [];
  let champ = '';
  let ligne = [];
  let guillemets = false;
  for (let i = 0; i < texte.length; i++) {
    const c = texte[i];
    if (guillemets) {
      if (c === '"' && texte[i + 1] === '"') { champ += '"'; i++; }
      else if (c === '"') guillemets = false;
      else champ += c;
    } else if (c === '"') guillemets = true;
    else if (c === ',') { ligne.push(champ); champ = ''; }
    else if (c === '\n') { ligne.push(champ); lignes.push(ligne); ligne = []; champ = ''; }
    else if (c !== '\r') champ += c;
  }
  if (champ || ligne.length) { ligne.push(champ); lignes.push(ligne); }
  const [entete, ...corps] = lignes;
  return corps.map((l) => Object.fromEntries(entete.map((k, i) => [k, l[i] ?? ''])));
}

function ecrireCsv(lignes) {
  const cellule = (v) => (/[",\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [COLONNES, ...lignes.map((l) => COLONNES.map((k) => l[k] ?? ''))]
    .map((l) => l.map(cellule).join(','))
    .join('\n') + '\n';
}

const communes = new Map(
  readFileSync(COMMUNES, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [code, nom, postaux] = l.split('\t');
    return [code, { nom, postaux: postaux.split(',') }];
  }),
);

const sansAccents = (t) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

// La commune du lieu : celle dont le nom et un code postal sont ceux de l'adresse ; à défaut
// (commune « Cedex », code postal d'entreprise), celle du code de l'Annuaire.
function communeDuLieu(r, corrections) {
  const nom = sansAccents(r.commune.replace(/\s+cedex(\s+\d+)?$/i, ''));
  const trouvee = [...communes].find(([, c]) => sansAccents(c.nom) === nom && c.postaux.includes(r.code_postal));
  if (trouvee) return { code: trouvee[0], ...trouvee[1] };
  const parCode = communes.get(r.code_insee);
  if (parCode && sansAccents(parCode.nom) === nom) {
    if (r.commune !== parCode.nom) corrections.push(`commune « ${r.commune} » (adresse postale) remplacée par ${parCode.nom}`);
    return { code: r.code_insee, ...parCode };
  }
  throw new Error(`${r.id} : commune « ${r.commune} » ${r.code_postal} introuvable`);
}

// Le code postal de la visite : celui de l'adresse s'il est celui de la commune ; un code Cedex
// ne sert qu'au courrier, on le remplace par le code unique de la commune, ou on le retire.
function codePostal(r, commune, corrections) {
  if (commune.postaux.includes(r.code_postal)) return r.code_postal;
  if (commune.postaux.length === 1) {
    corrections.push(`code postal Cedex ${r.code_postal} remplacé par ${commune.postaux[0]}`);
    return commune.postaux[0];
  }
  corrections.push(`code postal Cedex ${r.code_postal} retiré (la commune en a plusieurs)`);
  return '';
}

const VOIE = /^(\d|rue|avenue|boulevard|place|allée|allee|route|chemin|impasse|quai|cours|esplanade|faubourg|mail|za |rond-point|square)/i;
const BOITE = /^(BP|CS)\s*\d+$/i;

// « Délégation du Cher - 15 rue Henri-Dunant - CS 80345 » : la voie dans `adresse`, le reste
// (bâtiment, service) dans `complement_adresse`, sans la boîte postale.
function adresse(texte, corrections) {
  const parties = texte.split(' - ').map((p) => p.trim()).filter(Boolean);
  const sansBoite = parties.filter((p) => !BOITE.test(p));
  if (sansBoite.length < parties.length) corrections.push('boîte postale retirée');
  const numerotee = sansBoite.findIndex((p) => /^\d/.test(p));
  const i = numerotee >= 0 ? numerotee : sansBoite.findIndex((p) => VOIE.test(p));
  if (i < 0) return { adresse: sansBoite.join(', '), complement_adresse: '' };
  const complement = sansBoite.filter((_, j) => j !== i).join(', ');
  return { adresse: sansBoite[i], complement_adresse: complement };
}

function nom(r, corrections) {
  let n = r.nom;
  const suffixe = ` ${r.id.split('-').slice(1).join('-')}`;
  if (n.endsWith(suffixe)) {
    n = n.slice(0, -suffixe.length);
    corrections.push("code de l'Annuaire retiré du nom");
  }
  const long = "Mission locale pour l'insertion professionnelle et sociale des jeunes (16-25 ans)";
  if (n.startsWith(long)) {
    n = 'Mission locale' + n.slice(long.length);
    corrections.push('nom abrégé (« Mission locale pour l\'insertion professionnelle et sociale des jeunes (16-25 ans) »)');
  }
  return n;
}

function siteWeb(texte, corrections) {
  if (!texte) return '';
  let url = texte.trim();
  if (!/^https?:\/\//.test(url)) {
    url = `http://${url}`;
    corrections.push('« http:// » ajouté à l\'adresse web');
  }
  const collee = url.match(DOMAINES_COLLES);
  if (collee) {
    url = `${collee[1]}/${url.slice(collee[1].length)}`;
    corrections.push('adresse web recollée à son chemin');
  }
  return url;
}

function courriel(texte, corrections) {
  if (COURRIELS_NOMINATIFS.has(texte)) {
    corrections.push('courriel nominatif écarté');
    return '';
  }
  if (COURRIELS_CORRIGES[texte]) {
    corrections.push('faute de frappe du courriel corrigée');
    return COURRIELS_CORRIGES[texte];
  }
  return texte;
}

// « 08 09 36 12 12 / Numéro gris : … » : le numéro, sans le commentaire.
function telephone(texte, corrections) {
  const [numero, ...reste] = texte.split(' / ');
  if (reste.length) corrections.push('commentaire du numéro retiré');
  return numero.trim();
}

// L'extrait a gardé des apostrophes de Windows-1252 lues comme un caractère de contrôle
// (U+0092, invisible : « Centre dinformation ») : on les rétablit dans tous les champs.
function apostrophes(r, corrections) {
  const propre = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replaceAll('\u0092', "'")]));
  if (Object.keys(r).some((k) => r[k] !== propre[k])) corrections.push('apostrophes rétablies');
  return propre;
}

const PREFIXES = { mission_locale: 'ml', cio: 'cio', cci: 'cci', chambre_metier: 'cma', apec: 'apec', suio: 'suio' };
const slug = (t) => sansAccents(t).replace(/ /g, '-');

// Un identifiant court, qui fait l'adresse de la page : le sigle du réseau et ce qui distingue
// le lieu dans son nom (« Point information jeunesse - Tours - Nord » → pij-tours-nord).
function identifiant(r, nom, commune) {
  const prefixe = PREFIXES[r.type_annuaire] ?? (nom.startsWith('Bureau') ? 'bij' : nom.startsWith('Centre régional') ? 'crij' : 'pij');
  const lieu = nom.includes(' - ') ? nom.slice(nom.indexOf(' - ') + 3) : commune;
  return `${prefixe}-${slug(lieu.replace(/^Université /, ''))}`;
}

function convertir(brute) {
  const corrections = [];
  const r = apostrophes(brute, corrections);
  const reseau = RESEAUX[r.type_annuaire];
  if (!reseau) return { ecartee: `${r.id} : type « ${r.type_annuaire} » sans réseau dans le guide` };
  if (DOUBLONS[r.id]) return { ecartee: `${r.id} : même lieu que ${DOUBLONS[r.id]}` };
  const commune = communeDuLieu(r, corrections);
  const nomCourt = nom(r, corrections);
  const ligne = {
    id: FICHES[r.id] ?? identifiant(r, nomCourt, commune.nom),
    nom: nomCourt,
    reseau,
    ...adresse(r.adresse, corrections),
    code_postal: codePostal(r, commune, corrections),
    commune: commune.nom,
    code_insee: commune.code,
    telephone: telephone(r.telephone, corrections),
    courriel: courriel(r.courriel, corrections),
    site_web: siteWeb(r.site_web, corrections),
  };
  if (ligne.code_insee !== r.code_insee) corrections.push(`lieu à ${commune.nom} (code ${commune.code}), pas dans la commune du code de l'Annuaire ${r.code_insee}`);
  const doublon = Object.keys(DOUBLONS).find((k) => DOUBLONS[k] === r.id);
  if (doublon) corrections.push(`l'Annuaire donne aussi ce lieu sous ${doublon}`);
  let dites = corrections.length ? ` ; corrigé : ${[...new Set(corrections)].join(', ')}` : '';
  if (r.type_annuaire === 'cio') dites += " ; le numéro est celui que l'Annuaire donne pour chaque CIO, à l'académie (02 38 83 49 xx)";
  return { ligne: { ...ligne, source: `${SOURCE}, fiche ${r.id}${dites}` } };
}

const chemin = process.argv[2];
if (!chemin) {
  console.error('usage : node tools/annuaire/convert.mjs CHEMIN/parsed.csv > annuaire-2019.csv');
  process.exit(2);
}
const resultats = lireCsv(readFileSync(chemin, 'utf8')).map(convertir);
const lignes = resultats.filter((r) => r.ligne).map((r) => r.ligne);
const ids = lignes.map((l) => l.id);
const doubles = ids.filter((id, i) => ids.indexOf(id) !== i);
if (doubles.length) throw new Error(`identifiants en double : ${doubles.join(', ')}`);
for (const r of resultats.filter((r) => r.ecartee)) console.error(`écartée : ${r.ecartee}`);
console.error(`${lignes.length} lignes écrites, ${resultats.length - lignes.length} écartées`);
process.stdout.write(ecrireCsv(lignes));
