// Finnish and Swedish labels, and numbers, dates and times in each language's own format.

export const LANGUAGES = ["fi", "sv"];
const LOCALES = { fi: "fi-FI", sv: "sv-FI" };
const ZONE = "Europe/Helsinki";

const TEXT = {
  fi: {
    title: "Tukiverkko – alueen tilannekuva",
    signin: "Kirjaudu tilannekuva-asiakkaana",
    signinHelp: "Anna tilannekuvan API-asiakkaan tunnus ja salaisuus.",
    clientId: "Asiakastunnus",
    clientSecret: "Salaisuus",
    signinButton: "Kirjaudu",
    signout: "Kirjaudu ulos",
    month: "Kuukausi",
    chartTitle: "Suunnitellut ja toteutuneet tunnit asuntoverkostoittain ja vaiheittain",
    planned: "Suunniteltu",
    delivered: "Toteutunut",
    eventsTitle: "Viimeisimmät tapahtumat",
    live: "Suora yhteys",
    connecting: "Yhdistetään…",
    stopped: "Yhteys katkaistu",
    noData: "Kuukaudelta ei ole suunniteltua eikä toteutunutta työtä.",
    network: "Asuntoverkosto",
    noNetwork: "Ei asuntoverkostoa",
    noPhase: "Ei vaihetta",
    totals: "Asiakkaita {clients}: suunniteltu {planned} h, toteutunut {delivered} h",
    totalsHidden: "Asiakkaita {clients}: luvut piilotettu, jotta kenenkään tunnit eivät paljastu",
    small: "Alle 5 asiakasta: tunnit piilotettu",
    complementary: "Piilotettu, jotta pienen ryhmän tunteja ei voi päätellä",
    short: "Toteutunut alle suunnitellun",
    badCredentials: "Tunnus tai salaisuus ei kelpaa.",
    missingScopes: "Tällä asiakkaalla ei ole tilannekuvan oikeuksia (stream:* ja aggregates:read).",
    failed: "Pyyntö epäonnistui: {detail}",
    expired: "Istunto päättyi, kirjaudu uudelleen.",
  },
  sv: {
    title: "Tukiverkko – regionens lägesbild",
    signin: "Logga in som lägesbildsklient",
    signinHelp: "Ange lägesbildens API-klients id och hemlighet.",
    clientId: "Klient-id",
    clientSecret: "Hemlighet",
    signinButton: "Logga in",
    signout: "Logga ut",
    month: "Månad",
    chartTitle: "Planerade och genomförda timmar per bostadsnätverk och fas",
    planned: "Planerat",
    delivered: "Genomfört",
    eventsTitle: "Senaste händelser",
    live: "Direktanslutning",
    connecting: "Ansluter…",
    stopped: "Anslutningen bruten",
    noData: "Månaden har inget planerat eller genomfört arbete.",
    network: "Bostadsnätverk",
    noNetwork: "Inget bostadsnätverk",
    noPhase: "Ingen fas",
    totals: "Klienter {clients}: planerat {planned} h, genomfört {delivered} h",
    totalsHidden: "Klienter {clients}: siffrorna dolda så att ingens timmar kan röjas",
    small: "Färre än 5 klienter: timmarna dolda",
    complementary: "Dolt så att en liten grupps timmar inte kan härledas",
    short: "Genomfört under planen",
    badCredentials: "Id eller hemlighet godkändes inte.",
    missingScopes: "Klienten saknar lägesbildens rättigheter (stream:* och aggregates:read).",
    failed: "Begäran misslyckades: {detail}",
    expired: "Sessionen har gått ut, logga in igen.",
  },
};

const EVENTS = {
  "plans.client_registered": ["Asiakas rekisteröitiin", "Klient registrerades"],
  "plans.client_updated": ["Asiakkaan tiedot muuttuivat", "Klientens uppgifter ändrades"],
  "plans.plan_created": ["Suunnitelma avattiin", "Plan öppnades"],
  "plans.plan_changed": ["Suunnitelma muuttui", "Planen ändrades"],
  "plans.plan_approved": ["Suunnitelma hyväksyttiin", "Planen godkändes"],
  "plans.plan_status_changed": ["Suunnitelman tila muuttui", "Planens status ändrades"],
  "plans.goal_recorded": ["Tavoite kirjattiin", "Mål registrerades"],
  "plans.goal_changed": ["Tavoite muuttui", "Mål ändrades"],
  "plans.progress_noted": ["Edistyminen kirjattiin", "Framsteg antecknades"],
  "plans.service_agreed": ["Palvelusta sovittiin", "Tjänst avtalades"],
  "plans.phase_changed": ["Tukivaihe vaihtui", "Stödfasen byttes"],
  "plans.visit_recorded": ["Käynti kirjattiin", "Besök registrerades"],
  "plans.visit_corrected": ["Käyntiä korjattiin", "Besök korrigerades"],
  "plans.observation_recorded": ["Havainto kirjattiin", "Observation registrerades"],
  "plans.task_opened": ["Tehtävä avattiin", "Uppgift öppnades"],
  "plans.task_closed": ["Tehtävä suljettiin", "Uppgift stängdes"],
  "plans.task_escalated": ["Tehtävä siirtyi koordinaattorille", "Uppgift eskalerades"],
  "plans.meeting_scheduled": ["Tapaamiset sovittiin", "Möten planerades"],
  "plans.referral_sent": ["Lähete lähetettiin", "Remiss skickades"],
  "plans.referral_answered": ["Lähetteeseen vastattiin", "Remiss besvarades"],
  "plans.realisation_shortfall_detected": ["Tuki jäi alle suunnitellun", "Stödet underskred planen"],
  "housing.network_created": ["Asuntoverkosto perustettiin", "Bostadsnätverk grundades"],
  "housing.resident_moved_in": ["Asukas muutti verkostoon", "Boende flyttade in"],
  "housing.resident_moved_out": ["Asukas muutti pois", "Boende flyttade ut"],
  "housing.coordinator_assigned": ["Aluekoordinaattori nimettiin", "Områdeskoordinator utsågs"],
  "housing.session_held": ["Toimintakerta pidettiin", "Aktivitetstillfälle hölls"],
  "consent.granted": ["Suostumus annettiin", "Samtycke gavs"],
  "consent.withdrawn": ["Suostumus peruttiin", "Samtycke återkallades"],
};

export function text(lang, key, values = {}) {
  const template = TEXT[lang][key] ?? TEXT.fi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function eventLabel(lang, type) {
  // fi.tukiverkko.plans.visit_recorded.v1 -> plans.visit_recorded
  const key = type.replace(/^fi\.tukiverkko\./, "").replace(/\.v\d+$/, "");
  const labels = EVENTS[key];
  return labels ? labels[lang === "sv" ? 1 : 0] : key;
}

export function hours(lang, value) {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(value);
}

export function count(lang, value) {
  // A suppressed count arrives as "<5" or "x" and is shown as it came.
  return typeof value === "number" ? new Intl.NumberFormat(LOCALES[lang]).format(value) : value;
}

export function clock(lang, instant) {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).format(new Date(instant));
}

export function currentMonth() {
  // The month in Helsinki, whatever the analyst's own clock says (YYYY-MM).
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit" })
    .formatToParts(new Date());
  const pick = (type) => parts.find((p) => p.type === type).value;
  return `${pick("year")}-${pick("month")}`;
}

export function translate(root, lang) {
  root.documentElement.lang = lang;
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = text(lang, element.dataset.i18n);
  }
}
