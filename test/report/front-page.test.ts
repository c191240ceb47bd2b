import { describe, expect, it } from 'vitest';
import { countAxisMax, type IncidentRow } from '../../src/kb/insights.js';
import { incidentsOverTime } from '../../src/kb/periods.js';
import type { Pattern } from '../../src/kb/patterns.js';
import { formatFullList, formatIndexPage, LATEST } from '../../src/report/index-page.js';

/** The front page at any size: bounded, each lesson once, charts with every period and whole-number ticks. */

const TAGS = ['database', 'network', 'deploy', 'cache', 'dns', 'queue', 'auth', 'storage'];
const LESSONS = ['Load test before launch', 'Alert on saturation, not on errors', 'Roll out gradually', 'Write the runbook before the page'];

function rows(count: number, from = Date.parse('2016-01-01T00:00:00Z'), stepDays = 0.36): IncidentRow[] {
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(from + index * stepDays * 86_400_000).toISOString().slice(0, 10);
    const id = `INC-${date.replace(/-/g, '')}-${String(index % 10_000).padStart(4, '0')}`;
    return {
      id,
      title: `Incident ${index}: ${TAGS[index % TAGS.length]} trouble in service ${index % 37}`,
      date,
      severity: `SEV${(index % 4) + 1}`,
      status: 'published',
      tags: [TAGS[index % TAGS.length]!, TAGS[(index * 3) % TAGS.length]!, `team-${index % 50}`],
      services: [`service-${index % 37}`],
      path: `postmortems/${date}-incident-${index}.md`,
      durations: { detect: index % 30, mitigate: index % 90, resolve: index % 200 },
      items: { total: 4, done: 2, wontDo: 0, open: 2, known: true },
      lessons: [LESSONS[index % LESSONS.length]!, `Lesson only incident ${index} learned about ${TAGS[index % TAGS.length]}`, `Another specific lesson of incident ${index}`],
    };
  }).reverse();
}

describe('the front page (postmortem index)', () => {
  it('stays under 200 KB at 10,000 incidents: the latest 100, each lesson once, the rest in the full list', () => {
    const all = rows(10_000);
    const patterns: Pattern[] = Array.from({ length: 60 }, (_, index) => ({ tags: [`team-${index}`], count: 200, windowDays: 180, incidents: all.filter((row) => row.tags.includes(`team-${index}`)).map((row) => row.id) }) as unknown as Pattern);
    const openItems = all.flatMap((row, index) => [{ incident: row.id, owner: `@acme/team-${index % 80}`, due: row.date }]);
    const page = formatIndexPage(all, patterns, (row) => row.path, { openItems, fullList: 'INCIDENTS.md', today: '2026-01-01' });
    expect(Buffer.byteLength(page)).toBeLessThan(200 * 1024);
    expect(page).toContain(`## The latest ${LATEST} incidents`);
    expect(page.match(/^\| \d{4}-\d{2}-\d{2} \| \[INC-/gm)).toHaveLength(LATEST);
    expect(page).toContain('All 10000 incidents, by year: [the full list](INCIDENTS.md).');
    // A lesson shared by many incidents appears once, with its incidents and tags.
    expect(page.split('Roll out gradually').length - 1).toBe(1);
    expect(page).toMatch(/^- Roll out gradually \(INC-\S+, INC-\S+, INC-\S+, INC-\S+, INC-\S+ and \d+ more; /m);
    // Open items by owner, bounded.
    expect(page).toMatch(/^\| @&#8288;acme\/team-\d+ \| \d+ \| \d+ \| \d{4}-\d{2}-\d{2} \|$/m);
    expect(page).toContain('And 30 more owners.');

    const list = formatFullList(all, (row) => row.path, 'README.md');
    expect(list.match(/^\| \d{4}-\d{2}-\d{2} \| \[INC-/gm)).toHaveLength(10_000);
    expect(list).toMatch(/^\[2025\]\(#2025\) \(\d+\) · \[2024\]\(#2024\)/m);
  });

  it('charts every period, quiet ones included, by month up to three years, then by quarter, then by year', () => {
    const monthly = incidentsOverTime(rows(3, Date.parse('2024-01-10T00:00:00Z'), 70).map((row) => row.date));
    expect(monthly).toEqual({ unit: 'month', periods: [{ period: '2024-01', count: 1 }, { period: '2024-02', count: 0 }, { period: '2024-03', count: 1 }, { period: '2024-04', count: 0 }, { period: '2024-05', count: 1 }] });
    expect(incidentsOverTime(rows(10, Date.parse('2020-01-10T00:00:00Z'), 200).map((row) => row.date)).unit).toBe('quarter');
    const yearly = incidentsOverTime(rows(10, Date.parse('2010-01-10T00:00:00Z'), 500).map((row) => row.date));
    expect(yearly.unit).toBe('year');
    expect(yearly.periods.map((period) => period.period)).toEqual(['2010', '2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022']);
    expect(yearly.periods.reduce((sum, period) => sum + period.count, 0)).toBe(10);
    // Whole-number ticks: an axis of at least 10, rounded.
    expect([1, 3, 10, 11, 23, 37, 99, 101].map(countAxisMax)).toEqual([10, 10, 10, 20, 25, 50, 100, 200]);
    const page = formatIndexPage(rows(3, Date.parse('2024-01-10T00:00:00Z'), 70), [], (row) => row.path, { siteUrl: 'https://acme.github.io/postmortems/' });
    expect(page).toContain("Search them all on [the knowledge base's site](https://acme.github.io/postmortems/).");
    expect(page).toContain('    x-axis ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]\n    y-axis "incidents" 0 --> 10\n    bar [1, 0, 1, 0, 1]');
  });
});
