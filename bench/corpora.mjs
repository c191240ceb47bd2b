// The real postmortems of ../shared/corpora/ (see each folder's SOURCE.txt and LICENSE), replicated to a
// benchmark's size. The documents are the organisations' own, read from disk at bench time and never copied
// into this repository; each copy differs only where a knowledge base needs it to: a copy's ids are its own
// (a knowledge base of duplicates would be linted for duplicates), and its dates are shifted so that the
// copies spread over the years instead of piling onto one day (which would make every tag a recurring pattern).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 86_400_000;

/** Every `YYYY-MM-DD` of `text` moved `days` later; what is no real date is left as it is. */
export function shiftDates(text, days) {
  if (days === 0) return text;
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (whole, year, month, day) => {
    const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
    const date = new Date(time);
    if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return whole;
    return new Date(time + days * DAY).toISOString().slice(0, 10);
  });
}

/** The configuration a team would write for PostHog's postmortems (no frontmatter, their own section names); test/corpora uses it too. */
export const POSTHOG_CONFIG = [
  'extends: recommended',
  'files: ["*.md", "investigations/*.md"]',
  'ignores: [README.md, investigations/template.md]',
  'frontmatter: optional',
  'defaults: {severity: SEV3}',
  'sections: {action-items: [Remediation, How are we preventing it], root-cause-analysis: [Why did it happen], lessons-learned: [Insights]}',
  'rules: {action-item-id: "off", action-item-type: "off", action-item-priority: "off", five-whys: "off"}',
  'fileNamePattern: "^(?<id>\\\\d{4}-\\\\d{2}-\\\\d{2}-.+)\\\\.md$"',
];

const CORPORA = {
  /** DFDS: 39 postmortems named `PM2021-005 - Title.md`, the id in the name; `extends: dfds`. Copy c lives in its own folder, ids PM2000-000 on, dates 14 days later per copy. */
  dfds: {
    config: 'extends: dfds\n',
    documents(folder) {
      return readdirSync(folder)
        .filter((name) => /^PM\d{4}-\d{3} - .+\.md$/.test(name) && !name.includes('Postmortem template'))
        .sort()
        .map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
    },
    copy(documents, copy) {
      return documents.map((document, index) => {
        const number = copy * documents.length + index;
        const id = `PM${2000 + Math.floor(number / 1000)}-${String(number % 1000).padStart(3, '0')}`;
        return { path: `copy-${String(copy).padStart(4, '0')}/${document.name.replace(/^PM\d{4}-\d{3}/, id)}`, text: shiftDates(document.text, copy * 14) };
      });
    },
  },
  /** PostHog: 7 postmortems named by date (the id: date and slug), one under investigations/; copy c shifted c days, its names with it. */
  posthog: {
    config: `${POSTHOG_CONFIG.join('\n')}\n`,
    documents(folder) {
      const top = readdirSync(folder).filter((name) => /^\d{4}-\d{2}-\d{2}-.+\.md$/.test(name));
      const investigations = readdirSync(join(folder, 'investigations')).filter((name) => /^\d{4}-\d{2}-\d{2}-.+\.md$/.test(name));
      return [...top.map((name) => ({ name })), ...investigations.map((name) => ({ name: `investigations/${name}` }))]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ name }) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
    },
    copy(documents, copy) {
      return documents.map((document) => ({ path: shiftDates(document.name, copy), text: shiftDates(document.text, copy) }));
    },
  },
};

export const CORPUS_NAMES = Object.keys(CORPORA);

/**
 * `size` documents (rounded up to whole copies) of the named corpus under `shared` (the folder beside the
 * repository), with the configuration to lint them by: `{ documents: [{ path, text }], config, originals }`;
 * undefined when the corpus is not there (a clone of this repository alone).
 */
export function realCorpus(name, size, shared) {
  const corpus = CORPORA[name];
  const folder = join(shared, 'corpora', `${name}-postmortems`);
  if (!corpus || !existsSync(folder)) return undefined;
  const originals = corpus.documents(folder);
  const copies = Math.ceil(size / originals.length);
  const documents = [];
  for (let copy = 0; copy < copies; copy++) documents.push(...corpus.copy(originals, copy));
  return { documents, config: corpus.config, originals: originals.length };
}
