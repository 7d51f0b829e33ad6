// Aperçu de bonneporte : recharge la page quand le guide change. Servi seulement par
// `bonneporte serve`, jamais écrit dans un site construit.
const version = new URL(import.meta.url).searchParams.get("v") ?? "0";
const events = new EventSource(`/__bonneporte/evenements?v=${encodeURIComponent(version)}`);
events.addEventListener("reload", () => location.reload());
